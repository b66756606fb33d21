#!/usr/bin/env bash
# Renders the HTML report of a pile in headless Chromium and saves a screenshot, to check by eye
# what a reader sees. Needs chromium (Debian: apt-get install -y chromium).
#
#   scripts/screenshot-html.sh [PILE] [OUT.png] [WIDTHxHEIGHT]
#
# Defaults: seeds/, target/report.png, 1280x2000. The report itself is left at target/report.html.
set -euo pipefail
cd "$(dirname "$0")/.."
pile=${1:-seeds/}
png=${2:-target/report.png}
size=${3:-1280,2000}
size=${size/x/,}
mkdir -p target
html="$PWD/target/report.html"
cargo run --release --quiet -- compare "$pile" --format html -o "$html" || [ $? -eq 1 ]
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --screenshot="$png" --window-size="$size" \
  "file://$html" 2>/dev/null
echo "$png"
