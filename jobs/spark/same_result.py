"""Asserts that the Spark job's pairs and clusters equal `wiredrift cluster`'s, as sets.

    python jobs/spark/same_result.py EXPECTED_PAIRS SPARK_PAIRS EXPECTED_CLUSTERS SPARK_CLUSTERS

Pairs compare on (a, b, jaccard, containment), clusters on (cluster id, members in order), so a
difference in the representative rule or in numbering fails too. Prints one line per kind and
exits 1 on any difference, naming a few of the lines that differ.
"""

import json
import sys


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def compare(kind, expected, got, key):
    want = {key(x) for x in expected}
    have = {key(x) for x in got}
    missing, extra = sorted(want - have), sorted(have - want)
    if missing or extra or len(expected) != len(got):
        print(f"{kind}: DIFFER: {len(expected)} expected, {len(got)} from Spark; "
              f"missing {missing[:3]}, extra {extra[:3]}")
        return False
    print(f"{kind}: {len(want)} equal")
    return True


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    ok = compare("pairs", lines(argv[0]), lines(argv[1]),
                 lambda p: (p["a"], p["b"], p["jaccard"], p["containment"]))
    ok &= compare("clusters", lines(argv[2]), lines(argv[3]),
                  lambda c: (c["cluster"], tuple(c["members"])))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
