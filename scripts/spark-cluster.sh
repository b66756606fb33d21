#!/usr/bin/env bash
# Clusters a pile on Spark in local mode, and prints the wall time of each step:
#
#   scripts/spark-cluster.sh CORPUS OUT [SKETCH FLAGS...]
#
# 1. `wiredrift sketch CORPUS --out OUT/sketches` with the flags given (--threshold,
#    --containment, --char-ngrams, --id-field, ...), 2. the PySpark job in jobs/spark/ on
#    local[2], which writes OUT/pairs.jsonl and OUT/clusters.jsonl (the form of
#    `wiredrift cluster --pairs` and `wiredrift cluster`) and the same as Parquet.
#
# Installs nothing. It needs pyspark (jobs/spark/requirements.txt) importable by $PYTHON
# (default python3), Java 17, and the wiredrift binary ($WIREDRIFT, default
# target/release/wiredrift; build it with `cargo build --release`).
# Set SPARK_MASTER to run elsewhere than local[2], SPARK_DRIVER_MEMORY (default 4g),
# SHARDS=N to sketch in N shards, SPARK_JOB_ARGS for more job flags (--corpus, --wiredrift),
# SPARK_SUBMIT_EXTRA for more spark-submit flags (an event log, to measure the shuffle).
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: scripts/spark-cluster.sh CORPUS OUT [SKETCH FLAGS...]" >&2
    exit 2
fi
corpus=$1
out=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${WIREDRIFT:-$root/${CARGO_TARGET_DIR:-target}/release/wiredrift}
python=${PYTHON:-python3}
if [ ! -x "$bin" ]; then
    echo "spark-cluster: error: $bin: no wiredrift binary; run cargo build --release or set WIREDRIFT" >&2
    exit 2
fi
if ! "$python" -c "import pyspark" 2>/dev/null; then
    echo "spark-cluster: error: $python cannot import pyspark; pip install -r jobs/spark/requirements.txt (or set PYTHON)" >&2
    exit 2
fi
if ! command -v java >/dev/null; then
    echo "spark-cluster: error: no java on PATH; Spark needs Java 17" >&2
    exit 2
fi
submit=$("$python" -c "import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), 'bin', 'spark-submit'))")
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

mkdir -p "$out"
rm -rf "$out/sketches"
start=$(now)
t=$(now)
# SHARDS=N sketches the pile as N machines would, one share each (here one after another).
shards=${SHARDS:-1}
for ((i = 0; i < shards; i++)); do
    "$bin" sketch "$corpus" --out "$out/sketches" --shard "$i/$shards" "$@"
done
echo "step sketch: $(elapsed "$t") s"

t=$(now)
PYSPARK_PYTHON="$python" PYSPARK_DRIVER_PYTHON="$python" "$submit" \
    --master "${SPARK_MASTER:-local[2]}" \
    --driver-memory "${SPARK_DRIVER_MEMORY:-4g}" \
    --conf spark.ui.enabled=false \
    ${SPARK_SUBMIT_EXTRA:-} \
    --conf spark.sql.shuffle.partitions="${SPARK_PARTITIONS:-8}" \
    --conf "spark.driver.extraJavaOptions=-Dlog4j.configurationFile=file:$root/jobs/spark/log4j2.properties" \
    "$root/jobs/spark/wiredrift_spark.py" --sketches "$out/sketches" --out "$out" \
    ${SPARK_JOB_ARGS:-}
echo "step spark job (local mode, with JVM start): $(elapsed "$t") s"
echo "total: $(elapsed "$start") s; wrote $out/pairs.jsonl and $out/clusters.jsonl"
