#!/usr/bin/env bash
# CI for the Spark job: installs the pinned pyspark into a virtualenv, generates a small corpus
# with planted near-duplicates (and excerpts, for --containment), and asserts that the job in
# local mode finds exactly the pairs and clusters of `wiredrift cluster`:
#   - word shingles, the corpus as files, sketched in one part;
#   - --containment, the same corpus as JSONL, sketched in 3 shards, with verdicts piped
#     through `wiredrift compare --stories`.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${CARGO_TARGET_DIR:-target}
venv="$target/spark-venv"
if ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r jobs/spark/requirements.txt
fi
"$venv/bin/python" -c "import pyspark; print('pyspark', pyspark.__version__)"
cargo build --release --quiet --bin wiredrift --example gen_corpus
bin="$target/release/wiredrift"
work="$target/spark-ci"
rm -rf "$work"
mkdir -p "$work"
corpus="$work/corpus"
"$target/release/examples/gen_corpus" "$corpus" 400 7
# Excerpts: the first 60% of the lines of every 25th document, which only --containment pairs.
mkdir -p "$corpus/excerpts"
find "$corpus" -name '*.txt' | sort | awk 'NR % 25 == 0' | while read -r f; do
    lines=$(wc -l < "$f")
    head -n $(( lines * 6 / 10 + 1 )) "$f" > "$corpus/excerpts/$(basename "$f")"
done
# The same corpus as JSONL, one row per file, its path as id.
"$venv/bin/python" - "$corpus" "$work/corpus.jsonl" <<'PY'
import json, os, sys
root, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            f.write(json.dumps({"path": path, "body": open(path, encoding="utf-8").read()}) + "\n")
PY
export PYTHON="$venv/bin/python"

echo "-- word shingles, files"
"$bin" cluster "$corpus" --pairs > "$work/want-pairs.jsonl"
"$bin" cluster "$corpus" > "$work/want-clusters.jsonl"
scripts/spark-cluster.sh "$corpus" "$work/words"
"$PYTHON" jobs/spark/same_result.py "$work/want-pairs.jsonl" "$work/words/pairs.jsonl" \
    "$work/want-clusters.jsonl" "$work/words/clusters.jsonl"

echo "-- --containment, JSONL in 3 shards, with verdicts"
fields=(--id-field path --text-field body)
"$bin" cluster "$corpus" --containment --pairs > "$work/want-cpairs.jsonl"
"$bin" cluster "$corpus" --containment > "$work/want-cclusters.jsonl"
SHARDS=3 SPARK_JOB_ARGS="--corpus $work/corpus.jsonl --wiredrift $PWD/$bin --id-field path --text-field body" \
    scripts/spark-cluster.sh "$work/corpus.jsonl" "$work/containment" --containment "${fields[@]}"
"$PYTHON" jobs/spark/same_result.py "$work/want-cpairs.jsonl" "$work/containment/pairs.jsonl" \
    "$work/want-cclusters.jsonl" "$work/containment/clusters.jsonl"
if cmp -s "$work/want-pairs.jsonl" "$work/want-cpairs.jsonl"; then
    echo "containment found no more pairs than Jaccard: the excerpts did not take" >&2
    exit 1
fi
"$PYTHON" - "$work/containment/clusters.jsonl" "$work/containment/verdicts.jsonl" <<'PY'
import json, sys
clusters = [json.loads(l) for l in open(sys.argv[1])]
verdicts = [json.loads(l) for l in open(sys.argv[2])]
assert len(verdicts) == len(clusters), (len(verdicts), len(clusters))
for c, v in zip(clusters, verdicts):
    assert v["story"] == c["cluster"], (v["story"], c["cluster"])
    assert [d["path"] for d in v["documents"]] == c["members"], v["story"]
    assert all(d["verdict"] in ("faithful", "edited", "paraphrased", "garbled", "unrelated") for d in v["documents"])
print(f"verdicts: {len(verdicts)} stories, one line each, members in cluster order")
PY
echo "spark: 3 passed, 0 failed"
