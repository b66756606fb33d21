#!/usr/bin/env python3
"""Side-by-side: the same corpus, the same parameters, whole runs from files to pairs.

Parameters for every tool: word 5-shingles over lowercased word tokens, 128 permutations,
threshold 0.8.

- rensa:      Python tokenization, RMinHash(128, seed) per document, RMinHashLSH(0.8, 128, 16
              bands) (rensa needs bands dividing 128), query every document, keep candidates
              whose MinHash estimate reaches 0.8.
- datasketch: Python tokenization, MinHash(num_perm=128) with update_batch, MinHashLSH(0.8),
              the same query and filter.
- wiredrift:  `wiredrift cluster CORPUS --pairs` (reads the files, tokenizes, sketches, LSH,
              verifies every candidate on exact shingle sets, prints pairs).

The Python pipelines do not verify exactly (that is how they are normally used), which only
makes them cheaper. Times are wall-clock for the whole run, reading the files included, plus
CPU seconds (user + system), which matter on a shared machine.
"""
import argparse
import os
import resource
import re
import subprocess
import sys
import time

TOKEN = re.compile(r"\w+(?:['.:]\w+)*")


def files(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for f in sorted(filenames):
            if not f.startswith("."):
                out.append(os.path.join(dirpath, f))
    return out


def shingles(text, k=5):
    words = TOKEN.findall(text.lower())
    if len(words) < k:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + k]) for i in range(len(words) - k + 1)]


def pairs_from_lsh(lsh, sigs, estimate, threshold):
    found = set()
    for i, m in enumerate(sigs):
        for j in lsh.query(m):
            j = int(j)
            if j != i:
                a, b = min(i, j), max(i, j)
                if (a, b) not in found and estimate(sigs[a], sigs[b]) >= threshold:
                    found.add((a, b))
    return found


def run_rensa(paths, perm, threshold, seed):
    import rensa

    # rensa needs num_perm divisible by num_bands; 16 bands of 8 rows is its documented setup.
    lsh = rensa.RMinHashLSH(threshold, perm, 16)
    sigs = []
    for i, p in enumerate(paths):
        with open(p, encoding="utf-8", errors="replace") as f:
            text = f.read()
        m = rensa.RMinHash(perm, seed)
        m.update(shingles(text))
        lsh.insert(i, m)
        sigs.append(m)
    return pairs_from_lsh(lsh, sigs, lambda a, b: a.jaccard(b), threshold)


def run_datasketch(paths, perm, threshold, seed):
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=perm)
    sigs = []
    for i, p in enumerate(paths):
        with open(p, encoding="utf-8", errors="replace") as f:
            text = f.read()
        m = MinHash(num_perm=perm, seed=seed)
        m.update_batch([s.encode("utf-8") for s in shingles(text)])
        lsh.insert(i, m)
        sigs.append(m)
    return pairs_from_lsh(lsh, sigs, lambda a, b: a.jaccard(b), threshold)


def run_wiredrift(binary, root, perm, threshold, seed):
    out = subprocess.run(
        [binary, "cluster", root, "--pairs", "--perm", str(perm), "--threshold", str(threshold),
         "--seed", str(seed), "--shingle", "5"],
        check=True, capture_output=True, text=True,
    )
    return out.stdout.count("\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--wiredrift", required=True)
    ap.add_argument("--perm", type=int, default=128)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip", action="append", default=[], help="rensa or datasketch")
    args = ap.parse_args()

    paths = files(args.corpus)
    total = sum(os.path.getsize(p) for p in paths)
    mb = total / 1e6
    print(f"corpus: {len(paths)} documents, {mb:.1f} MB; word 5-shingles, {args.perm} "
          f"permutations, threshold {args.threshold}; {os.cpu_count()} CPUs", flush=True)

    def cpu(who):
        r = resource.getrusage(who)
        return r.ru_utime + r.ru_stime

    results = {}
    t, c = time.perf_counter(), cpu(resource.RUSAGE_CHILDREN)
    n = run_wiredrift(args.wiredrift, args.corpus, args.perm, args.threshold, args.seed)
    results["wiredrift"] = (time.perf_counter() - t, cpu(resource.RUSAGE_CHILDREN) - c)
    for name, fn in [("rensa", run_rensa), ("datasketch", run_datasketch)]:
        if name in args.skip:
            continue
        t, c = time.perf_counter(), cpu(resource.RUSAGE_SELF)
        found = fn(paths, args.perm, args.threshold, args.seed)
        results[name] = (time.perf_counter() - t, cpu(resource.RUSAGE_SELF) - c)
        print(f"  {name}: {len(found)} pairs (estimated)", flush=True)
    print(f"  wiredrift: {n} verified pairs")
    print(f"  {'tool':<11} {'wall s':>8} {'MB/s':>8} {'CPU s':>8} {'MB/CPU-s':>9}")
    for name, (wall, cpu_s) in results.items():
        print(f"  {name:<11} {wall:8.2f} {mb / wall:8.1f} {cpu_s:8.2f} {mb / max(cpu_s, 1e-9):9.1f}")
    w, wc = results["wiredrift"]
    for name in ("rensa", "datasketch"):
        if name in results:
            print(f"  wiredrift vs {name}: {results[name][0] / w:.1f}x wall, "
                  f"{results[name][1] / wc:.1f}x CPU")


if __name__ == "__main__":
    sys.exit(main())
