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
CPU seconds (user + system), which matter on a shared machine. wiredrift is run `--repeat` times
(default 5) and its median run reported; each Python pipeline runs once unless asked for more.

With `--floor BINARY` (the `read_floor` example), the cost of only listing and reading the files
through wiredrift's loader is reported too: no tool can run faster than that on this machine.
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


def run_floor(binary, root):
    subprocess.run([binary, root], check=True, capture_output=True, text=True)


def timed(fn, who, repeat):
    """Median (wall, CPU) of `repeat` runs of `fn`, and its last result."""
    runs, result = [], None
    for _ in range(repeat):
        r0 = resource.getrusage(who)
        t = time.perf_counter()
        result = fn()
        wall = time.perf_counter() - t
        r1 = resource.getrusage(who)
        runs.append((wall, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime))
    runs.sort()
    return runs[len(runs) // 2], result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--wiredrift", required=True)
    ap.add_argument("--perm", type=int, default=128)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip", action="append", default=[], help="rensa or datasketch")
    ap.add_argument("--floor", help="the read_floor example binary")
    ap.add_argument("--repeat", type=int, default=5, help="runs of wiredrift (median kept)")
    ap.add_argument("--peer-repeat", type=int, default=1, help="runs of each Python pipeline")
    args = ap.parse_args()

    paths = files(args.corpus)
    total = sum(os.path.getsize(p) for p in paths)
    mb = total / 1e6
    print(f"corpus: {len(paths)} documents, {mb:.1f} MB; word 5-shingles, {args.perm} "
          f"permutations, threshold {args.threshold}; {os.cpu_count()} CPUs", flush=True)

    results = {}
    children = resource.RUSAGE_CHILDREN
    if args.floor:
        results["read floor"], _ = timed(lambda: run_floor(args.floor, args.corpus), children,
                                         args.repeat)
    results["wiredrift"], n = timed(
        lambda: run_wiredrift(args.wiredrift, args.corpus, args.perm, args.threshold, args.seed),
        children, args.repeat)
    for name, fn in [("rensa", run_rensa), ("datasketch", run_datasketch)]:
        if name in args.skip:
            continue
        results[name], found = timed(
            lambda: fn(paths, args.perm, args.threshold, args.seed), resource.RUSAGE_SELF,
            args.peer_repeat)
        print(f"  {name}: {len(found)} pairs (estimated)", flush=True)
    print(f"  wiredrift: {n} verified pairs (median of {args.repeat} runs)")
    print(f"  {'tool':<11} {'wall s':>8} {'MB/s':>8} {'CPU s':>8} {'MB/CPU-s':>9}")
    for name, (wall, cpu_s) in results.items():
        print(f"  {name:<11} {wall:8.3f} {mb / wall:8.1f} {cpu_s:8.3f} {mb / max(cpu_s, 1e-9):9.1f}")
    for tool in ("wiredrift", "read floor"):
        if tool not in results:
            continue
        w, wc = results[tool]
        for name in ("rensa", "datasketch"):
            if name in results:
                print(f"  {tool} vs {name}: {results[name][0] / w:.1f}x wall, "
                      f"{results[name][1] / wc:.1f}x CPU")


if __name__ == "__main__":
    sys.exit(main())
