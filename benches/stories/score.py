#!/usr/bin/env python3
"""Scores `wiredrift cluster` JSONL output against ../shared/pile-dev/labels.tsv.

usage: score.py LABELS_ROOT < clusters.jsonl

Prints how many families come out whole (every member in one cluster), whole and pure (that
cluster holds nothing else), and how many clusters hold two or more families. Unlabeled files
(bulk) in a family's cluster count as foreign."""
import json, os, sys
from collections import defaultdict

root = sys.argv[1]
family = {}
for line in open(os.path.join(root, "labels.tsv"), encoding="utf-8").read().splitlines()[1:]:
    f, fam, *_ = line.split("\t")
    family[os.path.normpath(os.path.join(root, "docs", f))] = fam
members = defaultdict(set)
for path, fam in family.items():
    if fam != "-":
        members[fam].add(path)
cluster_of, clusters = {}, []
for line in sys.stdin:
    c = [os.path.normpath(m) for m in json.loads(line)["members"]]
    for m in c:
        cluster_of[m] = len(clusters)
    clusters.append(c)
whole = pure = 0
for fam, ms in members.items():
    ids = {cluster_of.get(m) for m in ms}
    if len(ids) == 1 and None not in ids:
        whole += 1
        c = clusters[ids.pop()]
        pure += all(family.get(m) == fam for m in c)
mixed = sum(len({family.get(m, "bulk") for m in c} - {"-"}) > 1 for c in clusters)
largest = max((len(c) for c in clusters), default=0)
print(f"families whole {whole}/{len(members)}, whole and pure {pure}/{len(members)}; "
      f"{len(clusters)} clusters, largest {largest}, {mixed} holding two or more families")
