#!/usr/bin/env bash
# Times wiredrift against rensa and datasketch on the same generated corpus.
#
#   benches/peers/run.sh [STORIES]     # default 11500 stories: ~20,000 documents, ~48 MB
#
# Installs datasketch and rensa into a virtualenv under the target folder (once), builds
# wiredrift and the corpus generator in release mode, writes the corpus under fixtures/large/
# (gitignored) and prints seconds, MB/s and ratios. Extra arguments go to peers.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${CARGO_TARGET_DIR:-target}
stories=${1:-11500}
shift || true
venv="$target/peers-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import rensa, datasketch" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet datasketch rensa
fi
"$venv/bin/pip" list 2>/dev/null | grep -iE "^(rensa|datasketch) " || true
cargo build --release --quiet --bin wiredrift --example gen_corpus --example read_floor
corpus="fixtures/large/peers-$stories"
if [ ! -d "$corpus" ]; then
    "$target/release/examples/gen_corpus" "$corpus" "$stories" 42
fi
# Warm the page cache so every tool reads from memory.
find "$corpus" -type f -exec cat {} + > /dev/null
"$venv/bin/python" benches/peers/peers.py "$corpus" --wiredrift "$target/release/wiredrift" \
    --floor "$target/release/examples/read_floor" "$@"
