#!/usr/bin/env python3
"""Fits the passage drift model (src/meaning.rs, `drift_weights`) with families left out.

    cargo run --release --example nmt_eval -- ../shared/nmt-dev --dump /tmp/pairs.tsv
    python3 tools/fit_drift.py /tmp/pairs.tsv ../shared/nmt-dev/segments.tsv

A pair of aligned passages is positive when a line it covers on an MT side has a major accuracy
error (one rater or more), negative when every MT line it covers is error-free (a human side counts
as error-free), and left out otherwise (minor errors only, or lines nobody rated). The model is an
L2-regularized logistic regression, fitted by gradient descent (no numpy needed). For each family,
the weights are fitted on the other 29 and score the held-out family; the line-level ROC AUCs
reported are over those held-out scores: the drift of a line is the highest over the pairs that
cover it ("max"), or the mean over the other versions of the highest against each ("attributed").
The last line prints the weights fitted on every family, for `drift_weights`.
"""
import math
import sys
from collections import defaultdict

FEATURES = ["substitutions", "unmatched", "negation", "inversion", "length", "dissimilarity",
            "rewording"]


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


def lines_of(s):
    return [int(x) for x in s.split(",") if x]


def solve(a, b):
    """Solves a x = b by Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[piv] = m[piv], m[c]
        for r in range(n):
            if r != c and m[c][c] != 0:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] if m[i][i] else 0.0 for i in range(n)]


def fit(rows, l2=1.0, steps=12):
    """Newton's method (iteratively reweighted least squares) with an L2 penalty on the weights."""
    k = len(rows[0][0]) + 1
    w = [0.0] * k
    for _ in range(steps):
        grad = [0.0] * k
        hess = [[0.0] * k for _ in range(k)]
        for x, y in rows:
            xs = [1.0] + x
            z = sum(wi * xi for wi, xi in zip(w, xs))
            p = 1.0 / (1.0 + math.exp(-max(min(z, 30), -30)))
            for i in range(k):
                grad[i] += (p - y) * xs[i]
                for j in range(k):
                    hess[i][j] += p * (1 - p) * xs[i] * xs[j]
        for i in range(1, k):
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        step = solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step)]
    return w


def predict(w, x):
    z = w[0] + sum(wi * xi for wi, xi in zip(w[1:], x))
    return 1.0 / (1.0 + math.exp(-max(min(z, 30), -30)))


def auc(pos, neg):
    if not pos or not neg:
        return float("nan")
    wins = 0.0
    for p in pos:
        for q in neg:
            wins += 1.0 if p > q else 0.5 if p == q else 0.0
    return wins / (len(pos) * len(neg))


def main():
    pairs = read_tsv(sys.argv[1])
    segs = read_tsv(sys.argv[2])
    label = {}
    for s in segs:
        major = int(s["raters_major_accuracy"]) if s["raters_major_accuracy"] != "NA" else 0
        anyerr = int(s["raters_any_error"]) if s["raters_any_error"] != "NA" else 1
        label[(s["family"], s["file"], int(s["line"]))] = 1 if major > 0 else 0 if anyerr == 0 else None
    mt_files = {(s["family"], s["file"]) for s in segs}

    def pair_label(p):
        labels = []
        for doc, ls in ((p["doc_a"], p["lines_a"]), (p["doc_b"], p["lines_b"])):
            if (p["family"], doc) not in mt_files:
                continue
            for line in lines_of(ls):
                labels.append(label.get((p["family"], doc, line), "unrated"))
        if any(l == 1 for l in labels):
            return 1
        if all(l == 0 for l in labels):
            return 0
        return None

    by_family = defaultdict(list)
    for p in pairs:
        x = [float(p[f]) for f in FEATURES]
        p["x"] = x
        by_family[p["family"]].append(p)
    families = sorted(by_family)

    def line_aucs(score_of):
        # per (family, mt doc, line): per other doc the highest score
        per = defaultdict(lambda: defaultdict(float))
        for p in pairs:
            s = score_of(p)
            for me, ls, other in ((p["doc_a"], p["lines_a"], p["doc_b"]),
                                  (p["doc_b"], p["lines_b"], p["doc_a"])):
                for line in lines_of(ls):
                    key = (p["family"], me, line)
                    per[key][other] = max(per[key][other], s)
        out = {}
        for mode in ("max", "attributed"):
            pos, neg = [], []
            for key, against in per.items():
                lab = label.get(key)
                if lab is None:
                    continue
                vals = list(against.values())
                v = max(vals) if mode == "max" else sum(vals) / len(vals)
                (pos if lab == 1 else neg).append(v)
            out[mode] = auc(pos, neg)
        return out

    held_out = {}
    for fam in families:
        train = [(p["x"], pair_label(p)) for f in families if f != fam for p in by_family[f]
                 if pair_label(p) is not None]
        w = fit(train)
        for p in by_family[fam]:
            held_out[id(p)] = predict(w, p["x"])
    lofo = line_aucs(lambda p: held_out[id(p)])
    current = line_aucs(lambda p: float(p["drift"]))
    only_sim = line_aucs(lambda p: p["x"][5])
    print(f"line AUC, 1 - similarity alone: max {only_sim['max']:.3f}, attributed {only_sim['attributed']:.3f}")
    print(f"line AUC, drift as built: max {current['max']:.3f}, attributed {current['attributed']:.3f}")
    print(f"line AUC, leave-one-family-out fit: max {lofo['max']:.3f}, attributed {lofo['attributed']:.3f}")
    # What each signal adds: drop one feature at a time (leave-one-family-out again).
    if "--ablate" in sys.argv:
        for drop in range(len(FEATURES)):
            held = {}
            for fam in families:
                train = [([v for i, v in enumerate(p["x"]) if i != drop], pair_label(p))
                         for f in families if f != fam for p in by_family[f]
                         if pair_label(p) is not None]
                w = fit(train)
                for p in by_family[fam]:
                    x = [v for i, v in enumerate(p["x"]) if i != drop]
                    held[id(p)] = 1.0 / (1.0 + math.exp(-(w[0] + sum(a * b for a, b in zip(w[1:], x)))))
            a = line_aucs(lambda p: held[id(p)])
            print(f"  without {FEATURES[drop]}: max {a['max']:.3f}, attributed {a['attributed']:.3f}")
    full = fit([(p["x"], pair_label(p)) for p in pairs if pair_label(p) is not None])
    print("weights (bias, " + ", ".join(FEATURES) + "): " + ", ".join(f"{v:.2f}" for v in full))


if __name__ == "__main__":
    main()
