#!/usr/bin/env bash
# compare on a crawl: ../shared/pile-dev hidden in generated bulk, 1x and 4x, with wall time and
# peak memory (GNU time). Generates the bulk once with ../shared/tools/news-corpus.py.
#
#   benches/crawl/run.sh [BULK_DOCS]        (default 20000; the 4x run uses 4 * BULK_DOCS)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-20000}
shared=../shared
out=target/crawl
mkdir -p "$out"
cargo build --release --quiet
bin=target/release/wiredrift
for k in 1 4; do
  docs=$((n * k))
  [ -d "$out/bulk$docs" ] || python3 $shared/tools/news-corpus.py --docs "$docs" --out "$out/bulk$docs" --train $shared/seeds/*.txt > /dev/null
done
$bin compare $shared/pile-dev/docs --format jsonl -q -o "$out/alone.jsonl"
for k in 1 4; do
  docs=$((n * k))
  /usr/bin/time -f "%e s wall, %M KB peak" -o "$out/time$docs" \
    $bin compare $shared/pile-dev/docs "$out/bulk$docs" --format jsonl -q -o "$out/pile$docs.jsonl"
  echo "== pile-dev + $docs generated documents: $(cat "$out/time$docs")"
  tail -n 1 "$out/pile$docs.jsonl" | python3 -c 'import json,sys; o=json.load(sys.stdin); print(f"   {o[\"documents\"]} documents, {o[\"stories\"]} stories, {o[\"candidates\"]} candidate pairs, {o[\"singleton_count\"]} singletons")'
  python3 benches/crawl/score.py $shared/pile-dev/labels.tsv $shared/pile-dev/docs "$out/alone.jsonl" "$out/pile$docs.jsonl" | sed 's/^/   /'
done
