"""The candidate join of `wiredrift cluster`, on Apache Spark, from `wiredrift sketch` files.

Reads top to bottom as the method:

    sketches -> band keys -> candidate pairs -> exact verification -> connected components
             -> pairs and clusters (Parquet, and JSONL exactly as `wiredrift cluster` prints them)
             -> verdicts per cluster through `wiredrift compare --stories` (optional, RDD.pipe)

Same parameters, same result: the band keys come from wiredrift itself, verification uses the
same exact Jaccard and containment in IEEE doubles, components are found by large-star /
small-star iteration (Kiveris et al., "Connected Components in MapReduce and Beyond", 2014),
and a cluster is numbered and represented by its earliest document in the listing, as in
`wiredrift cluster`.

    spark-submit jobs/spark/wiredrift_spark.py --sketches DIR --out OUT
        [--corpus FILE_OR_DIR --wiredrift BIN]   # also verdicts.jsonl
"""

import argparse
import json
import os
import shutil
import sys
import time

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

# Parameters every sketch part must agree on (src/sketchfile.rs, META_KEYS).
META_KEYS = [
    "wiredrift.format",
    "wiredrift.shingle",
    "wiredrift.char_ngrams",
    "wiredrift.perm",
    "wiredrift.seed",
    "wiredrift.threshold",
    "wiredrift.containment",
    "wiredrift.bands",
    "wiredrift.rows",
]


class JobError(Exception):
    """A problem with the input, said in one line."""


def step(name):
    """Times a step and prints its wall time, so a run shows where its time goes."""

    class Timer:
        def __enter__(self):
            self.start = time.perf_counter()
            return self

        def __exit__(self, *exc):
            if exc[0] is None:
                print(f"step {name}: {time.perf_counter() - self.start:.2f} s", flush=True)

    return Timer()


def sketch_parameters(spark: SparkSession, sketches: str) -> dict:
    """The wiredrift.* metadata of every part, which must agree, read from the Parquet footers
    through Spark's own Parquet library (no extra Python package)."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    root = jvm.org.apache.hadoop.fs.Path(sketches)
    fs = root.getFileSystem(conf)
    if not fs.exists(root):
        raise JobError(f"{sketches}: no such folder; write it with `wiredrift sketch --out`")
    parts = [
        s.getPath()
        for s in fs.listStatus(root)
        if s.getPath().getName().endswith(".parquet") and not s.getPath().getName().startswith(".")
    ]
    if not parts:
        raise JobError(f"{sketches}: holds no .parquet parts; run `wiredrift sketch --out {sketches}`")
    found = None
    first = None
    shards = set()
    for part in sorted(parts, key=lambda p: p.toString()):
        reader = jvm.org.apache.parquet.hadoop.ParquetFileReader.open(
            jvm.org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(part, conf)
        )
        try:
            meta = dict(reader.getFooter().getFileMetaData().getKeyValueMetaData())
        finally:
            reader.close()
        if "wiredrift.format" not in meta:
            raise JobError(f"{part}: not a wiredrift sketch file; write it with `wiredrift sketch`")
        params = {k: meta.get(k) for k in META_KEYS}
        shards.add(meta.get("wiredrift.shard"))
        if found is None:
            found, first = params, part
        elif params != found:
            key = next(k for k in META_KEYS if params[k] != found[k])
            name = key.split(".", 1)[1]
            raise JobError(
                f"{part}: sketched with {name} {params[key]}, but {first} with {found[key]}; "
                "sketch every shard with the same parameters"
            )
    counts = {s.split("/")[1] for s in shards if s}
    if len(counts) > 1:
        raise JobError(f"{sketches}: holds parts of different shardings ({sorted(shards)}); keep one")
    if counts:
        n = int(counts.pop())
        if len(shards) != n:
            missing = sorted(set(f"{i}/{n}" for i in range(n)) - shards)
            raise JobError(f"{sketches}: shards {', '.join(missing)} are missing; sketch them first")
    return {
        "threshold": float(found["wiredrift.threshold"]),
        "containment": found["wiredrift.containment"] == "true",
        "bands": int(found["wiredrift.bands"]),
        "rows": int(found["wiredrift.rows"]),
    }


def documents(spark: SparkSession, sketches: str) -> DataFrame:
    """One row per document with its listing order `ord` (as `wiredrift cluster` numbers
    documents) and the size of its shingle set. Documents without shingles never pair."""
    df = spark.read.parquet(sketches)
    return df.select(
        # (input, row) packed into one sortable number: inputs below 2^31, rows below 2^32.
        (F.col("input") * F.lit(1 << 32) + F.col("row")).alias("ord"),
        "id",
        "band_keys",
        "shingles",
        F.size("shingles").alias("n"),
    ).where(F.col("n") > 0)


def candidate_pairs(docs: DataFrame) -> DataFrame:
    """Two documents are candidates when they share the key of some band: explode the keys,
    group by (band, key), and pair each bucket's members, the earlier first."""
    keys = docs.select("ord", F.posexplode("band_keys").alias("band", "key"))
    left = keys.alias("l")
    right = keys.alias("r")
    return (
        left.join(right, on=[F.col("l.band") == F.col("r.band"), F.col("l.key") == F.col("r.key")])
        .where(F.col("l.ord") < F.col("r.ord"))
        .select(F.col("l.ord").alias("a"), F.col("r.ord").alias("b"))
        .distinct()
    )


def verified_pairs(docs: DataFrame, candidates: DataFrame, threshold: float, containment: bool) -> DataFrame:
    """Every candidate scored on its exact shingle sets, as `sketch::similarity_reaching` does:
    kept when Jaccard reaches the threshold, or, with containment, when containment does."""
    sizes = docs.select("ord", "n")
    # Sizes alone rule most failing pairs out before any shingle array moves.
    bound = F.least("na", "nb") / (F.col("na") + F.col("nb") - F.least("na", "nb"))
    could = bound >= threshold
    if containment:
        could = F.lit(True)
    sized = (
        candidates.join(sizes.withColumnRenamed("ord", "a").withColumnRenamed("n", "na"), "a")
        .join(sizes.withColumnRenamed("ord", "b").withColumnRenamed("n", "nb"), "b")
        .where(could)
    )
    sets = docs.select("ord", "shingles")
    scored = (
        sized.join(sets.withColumnRenamed("ord", "a").withColumnRenamed("shingles", "sa"), "a")
        .join(sets.withColumnRenamed("ord", "b").withColumnRenamed("shingles", "sb"), "b")
        .withColumn("shared", F.size(F.array_intersect("sa", "sb")))
        .select(
            "a",
            "b",
            (F.col("shared").cast("double") / (F.col("na") + F.col("nb") - F.col("shared")).cast("double")).alias("jaccard"),
            (F.col("shared").cast("double") / F.least("na", "nb").cast("double")).alias("containment"),
        )
    )
    keep = F.col("jaccard") >= threshold
    if containment:
        keep = keep | (F.col("containment") >= threshold)
    return scored.where(keep)


def large_star(edges: DataFrame) -> DataFrame:
    """Each node links its larger neighbours to the smallest node of its neighbourhood."""
    both = edges.select("u", "v").union(edges.select(F.col("v").alias("u"), F.col("u").alias("v")))
    smallest = both.groupBy("u").agg(F.min("v").alias("mv")).select("u", F.least("u", "mv").alias("m"))
    return (
        both.join(smallest, "u")
        .where(F.col("v") > F.col("u"))
        .select(F.col("v").alias("u"), F.col("m").alias("v"))
        .distinct()
    )


def small_star(edges: DataFrame) -> DataFrame:
    """Each node links itself and its smaller neighbours to the smallest of them."""
    down = edges.select(F.greatest("u", "v").alias("u"), F.least("u", "v").alias("v"))
    smallest = down.groupBy("u").agg(F.min("v").alias("m"))
    linked = down.join(smallest, "u").select(F.col("v").alias("u"), F.col("m").alias("v"))
    own = smallest.select("u", F.col("m").alias("v"))
    return linked.union(own).where(F.col("u") != F.col("v")).distinct()


def components(pairs: DataFrame) -> DataFrame:
    """(node, root) for every document in some pair, root the smallest `ord` of its component:
    large-star and small-star alternate until the edge set stops changing."""
    edges = pairs.select(F.col("b").alias("u"), F.col("a").alias("v")).localCheckpoint()
    rounds = 0
    while True:
        rounds += 1
        star = large_star(edges).localCheckpoint()
        edges_next = small_star(star).localCheckpoint()
        changed = edges_next.exceptAll(edges).union(edges.exceptAll(edges_next)).limit(1).count()
        edges = edges_next
        if changed == 0:
            break
    print(f"components: {rounds} rounds of large-star and small-star", flush=True)
    roots = edges.select(F.col("v").alias("node"), F.col("v").alias("root")).distinct()
    return edges.select(F.col("u").alias("node"), F.col("v").alias("root")).union(roots)


def clusters(members: DataFrame, docs: DataFrame) -> DataFrame:
    """One row per cluster: numbered in the order of its first member, members in listing
    order, the first of them its representative."""
    named = members.join(docs.select(F.col("ord").alias("node"), "id"), "node")
    grouped = named.groupBy("root").agg(F.array_sort(F.collect_list(F.struct("node", "id"))).alias("m"))
    numbered = grouped.rdd.sortBy(lambda r: r["root"]).zipWithIndex()
    return numbered.map(
        lambda x: (x[1], x[0]["root"], [m["id"] for m in x[0]["m"]])
    ).toDF(["cluster", "representative_ord", "members"])


def write_jsonl(rdd, path: str):
    """One file of lines, in the RDD's order (coalesce keeps the order of sorted partitions).
    On a cluster file system (a path with a scheme, such as hdfs:// or s3a://) the lines stay
    a folder of ordered parts under that name, since the driver cannot concatenate them."""
    if "://" in path:
        rdd.saveAsTextFile(path)
        return
    tmp = path + ".parts"
    shutil.rmtree(tmp, ignore_errors=True)
    rdd.coalesce(1).saveAsTextFile(tmp)
    with open(path, "w", encoding="utf-8") as out:
        for name in sorted(os.listdir(tmp)):
            if name.startswith("part-"):
                with open(os.path.join(tmp, name), encoding="utf-8") as part:
                    shutil.copyfileobj(part, out)
    shutil.rmtree(tmp)


def pair_line(r) -> str:
    # Same keys, order and number formatting as `wiredrift cluster --pairs` (serde_json).
    return json.dumps(
        {"a": r["a_id"], "b": r["b_id"], "jaccard": r["jaccard"], "containment": r["containment"]},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def cluster_line(r) -> str:
    return json.dumps({"cluster": r["cluster"], "members": list(r["members"])}, ensure_ascii=False, separators=(",", ":"))


def verdicts(spark, clustered: DataFrame, corpus: str, binary: str, args) -> DataFrame:
    """Each cluster's member texts as one JSONL story, piped through `wiredrift compare
    --stories` on the executors; one verdict line per story comes back."""
    if corpus.endswith(".parquet") or os.path.isdir(corpus) and any(n.endswith(".parquet") for n in os.listdir(corpus)):
        texts = spark.read.parquet(corpus)
    else:
        texts = spark.read.json(corpus)
    texts = texts.select(F.col(args.id_field).cast("string").alias("id"), F.col(args.text_field).alias("text"))
    members = clustered.select("cluster", F.posexplode("members").alias("pos", "id"))
    stories = (
        members.join(texts, "id")
        .groupBy("cluster")
        .agg(F.array_sort(F.collect_list(F.struct("pos", "id", "text"))).alias("m"))
    )
    lines = stories.rdd.map(
        lambda r: json.dumps(
            {"story": r["cluster"], "members": [{"id": m["id"], "text": m["text"]} for m in r["m"]]},
            ensure_ascii=False,
        )
    )
    judged = lines.pipe(f"{binary} --quiet compare --stories")
    return judged.map(lambda line: (json.loads(line).get("story"), line)).sortByKey().map(lambda x: x[1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sketches", required=True, help="folder of `wiredrift sketch` parts")
    parser.add_argument("--out", required=True, help="folder for pairs and clusters")
    parser.add_argument("--corpus", help="JSONL or Parquet of id and text, for verdicts")
    parser.add_argument("--wiredrift", help="the wiredrift binary on every executor, for verdicts")
    parser.add_argument("--id-field", default="id")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--partitions", type=int, default=None, help="spark.sql.shuffle.partitions")
    args = parser.parse_args(argv)

    spark = SparkSession.builder.appName("wiredrift-cluster").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    if args.partitions:
        spark.conf.set("spark.sql.shuffle.partitions", str(args.partitions))
    try:
        with step("read sketches"):
            params = sketch_parameters(spark, args.sketches)
            # Hash-partitioned by document once, so that both verification joins find the
            # shingle arrays already in place instead of shuffling them again each.
            partitions = int(spark.conf.get("spark.sql.shuffle.partitions"))
            docs = documents(spark, args.sketches).repartition(partitions, "ord").cache()
            count, shingles = docs.agg(F.count("*"), F.sum("n")).first()
        print(f"documents: {count} with shingles, {shingles or 0} shingles; {params}", flush=True)
        with step("candidate pairs"):
            candidates = candidate_pairs(docs).localCheckpoint()
            print(f"candidates: {candidates.count()}", flush=True)
        with step("verify"):
            pairs = verified_pairs(docs, candidates, params["threshold"], params["containment"]).localCheckpoint()
            print(f"verified pairs: {pairs.count()}", flush=True)
        with step("connected components"):
            members = components(pairs).localCheckpoint()
            clustered = clusters(members, docs).localCheckpoint()
            print(f"clusters: {clustered.count()}", flush=True)
        with step("write"):
            if "://" not in args.out:
                os.makedirs(args.out, exist_ok=True)
            ids = docs.select("ord", "id")
            named = (
                pairs.join(ids.select(F.col("ord").alias("a"), F.col("id").alias("a_id")), "a")
                .join(ids.select(F.col("ord").alias("b"), F.col("id").alias("b_id")), "b")
                .orderBy("a", "b")
            )
            named.select("a_id", "b_id", "jaccard", "containment").write.mode("overwrite").parquet(
                os.path.join(args.out, "pairs.parquet")
            )
            clustered.orderBy("cluster").select("cluster", "members").write.mode("overwrite").parquet(
                os.path.join(args.out, "clusters.parquet")
            )
            write_jsonl(named.rdd.map(pair_line), os.path.join(args.out, "pairs.jsonl"))
            write_jsonl(clustered.orderBy("cluster").rdd.map(cluster_line), os.path.join(args.out, "clusters.jsonl"))
        if args.corpus:
            if not args.wiredrift:
                raise JobError("--corpus needs --wiredrift BIN, the binary the executors run")
            with step("verdicts"):
                judged = verdicts(spark, clustered, args.corpus, args.wiredrift, args)
                write_jsonl(judged, os.path.join(args.out, "verdicts.jsonl"))
    except JobError as e:
        print(f"wiredrift-spark: error: {e}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
