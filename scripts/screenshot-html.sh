#!/usr/bin/env bash
# Renders the HTML report of a pile in headless Chromium and saves a full-height screenshot, to
# check by eye what a reader sees, on a desktop and on a phone. Needs chromium (Debian:
# apt-get install -y chromium). Not part of CI.
#
#   scripts/screenshot-html.sh [PILE] [OUT.png] [WIDTH]
#
# Defaults: seeds/, target/report.png, 1400. The report itself is left at target/report.html.
#   scripts/screenshot-html.sh seeds/ target/report-1400.png 1400
#   scripts/screenshot-html.sh seeds/ target/report-420.png 420
#
# Chromium's --screenshot captures only the window, so the page is measured first (a copy of the
# report with one line of script that writes its height into the title, read back with
# --dump-dom), and the window is made that tall.
set -euo pipefail
cd "$(dirname "$0")/.."
pile=${1:-seeds/}
png=${2:-target/report.png}
width=${3:-1400}
width=${width%%x*}
mkdir -p target
html="$PWD/target/report.html"
measure="$PWD/target/report-measure.html"
cargo run --release --quiet -- compare "$pile" --format html -o "$html" || [ $? -eq 1 ]
sed 's#</body>#<script>document.title = "height=" + document.documentElement.scrollHeight;</script></body>#' \
  "$html" > "$measure"
profile=$(mktemp -d)
trap 'rm -rf "$profile" "$measure"' EXIT
chrome() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" "$@" 2>/dev/null
}
height=$(chrome --window-size="$width,1000" --dump-dom "file://$measure" |
  sed -n 's#.*<title>height=\([0-9]*\)</title>.*#\1#p' | head -1)
height=${height:-4000}
chrome --window-size="$width,$height" --screenshot="$png" "file://$html"
echo "$png ($width x $height)"
