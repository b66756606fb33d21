#!/usr/bin/env python3
"""Fits the garbled score (src/verdict.rs, `garble_weights`) and shows it with families left out.

    cargo build --release
    python3 tools/fit_garble.py target/release/wiredrift ../shared/dev fixtures/drift \
        ../shared/nmt-dev seeds=fixtures/seed-labels.tsv

Each argument is a folder of story families with a `labels.tsv` (family, file, label), or
`DIR=LABELS.tsv` when the labels live elsewhere (family `.` is DIR itself). A version is positive
when its label is `garbled`, negative when it is a human text (`human`, `original`, `edited`,
`paraphrase`, `unrelated`) or MT output (`kind` `mt` in nmt-dev's labels). chinanews.com references
in nmt-dev read like spun text (its README): they are left out of the fit and reported apart.

Every family is compared alone with `wiredrift compare --format json`, and the model reads the
signals the binary reports: `passage_fluency_gap`, `fluency`, `fluency_tail`, `name_drifts`
(counted up to 3) and `common_words`. The model is an L2-regularized logistic regression over
standardized signals, fitted by gradient descent (no numpy needed); its bias is then lowered until no negative version
of the training families scores 0.5 or more, because calling a human garbled is the worse error.
For each family in turn, the weights are fitted without it and judge it: those held-out figures
are what to expect on unseen stories. The last lines print the weights fitted on every family.

A set given as `test:DIR` (or `test:DIR=LABELS.tsv`) is never fitted on: it is judged by the
weights fitted on all the others, e.g. round trips through another translator
(`tools/pivot_set.sh`), to see the score on a translator it never saw. With `NO_FOLDS=1` the
per-family folds are skipped (fast; only the `test:` figures are then held-out ones).
`FEATURES=a,b,...` fits on those signals only (an ablation), and `FIT_CACHE=DIR` keeps each
family's comparison for the next run with the same binary.
"""
import csv
import json
import math
import os
import subprocess
import sys

FEATURES = ["passage_fluency_gap", "fluency", "fluency_tail", "name_drifts", "common_words"]
# FEATURES=a,b,... measures the model without the others (an ablation).
if os.environ.get("FEATURES"):
    FEATURES = os.environ["FEATURES"].split(",")
NAMES_COUNTED = 3
HUMAN = {"human", "original", "edited", "paraphrase", "unrelated"}


def compare(binary, folder):
    """`wiredrift compare --format json` of one family; with FIT_CACHE=DIR set, kept there and
    read again while the binary is unchanged (the ablations read the same families many times)."""
    cache = os.environ.get("FIT_CACHE")
    if cache:
        stamp = os.stat(binary).st_mtime_ns
        key = os.path.join(cache, f"{stamp}-{os.path.abspath(folder).replace('/', '_')}.json")
        if os.path.exists(key):
            with open(key, encoding="utf-8") as f:
                return f.read()
    out = subprocess.run([binary, "compare", folder, "--format", "json", "-q"],
                         capture_output=True, text=True, check=False).stdout
    if cache:
        os.makedirs(cache, exist_ok=True)
        with open(key, "w", encoding="utf-8") as f:
            f.write(out)
    return out


def versions(binary, spec):
    root, _, labels = spec.partition("=")
    set_name = os.path.basename(os.path.normpath(root))
    if labels:
        set_name += "@" + os.path.splitext(os.path.basename(labels))[0]
    labels = labels or os.path.join(root, "labels.tsv")
    by_family = {}
    with open(labels, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            by_family.setdefault(row["family"], {})[row["file"]] = row
    for family, rows in sorted(by_family.items()):
        folder = os.path.normpath(os.path.join(root, family))
        out = compare(binary, folder)
        for doc in json.loads(out)["documents"]:
            row = rows.get(os.path.basename(doc["path"]))
            if row is None:
                continue
            label = row.get("label") or row.get("kind")
            if label != "garbled" and label != "mt" and label not in HUMAN:
                sys.exit(f"{labels}: {row['file']}: unknown label {label!r}")
            signals = dict(doc["signals"], fluency=doc["fluency"])
            signals["name_drifts"] = min(signals["name_drifts"], NAMES_COUNTED)
            yield {
                "family": f"{set_name}/{family}",
                "file": row["file"],
                "label": "garbled" if label == "garbled" else "mt" if label == "mt" else "human",
                "spun": "chinanews" in row.get("wmt_doc", "") and label == "human",
                "x": [signals[k] for k in FEATURES],
                "verdict": doc["verdict"],
            }


def fit(rows, l2=0.01, iterations=3000, rate=0.5):
    n = len(FEATURES)
    mean = [sum(r["x"][i] for r in rows) / len(rows) for i in range(n)]
    sd = [math.sqrt(sum((r["x"][i] - mean[i]) ** 2 for r in rows) / len(rows)) or 1.0
          for i in range(n)]
    xs = [[(r["x"][i] - mean[i]) / sd[i] for i in range(n)] for r in rows]
    ys = [1.0 if r["label"] == "garbled" else 0.0 for r in rows]
    b = [0.0] * (n + 1)
    for _ in range(iterations):
        grad = [0.0] * (n + 1)
        for x, y in zip(xs, ys):
            z = b[0] + sum(w * v for w, v in zip(b[1:], x))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            grad[0] += p - y
            for i in range(n):
                grad[i + 1] += (p - y) * x[i]
        b[0] -= rate * grad[0] / len(xs)
        for i in range(n):
            b[i + 1] -= rate * (grad[i + 1] / len(xs) + l2 * b[i + 1])
    weights = [b[i + 1] / sd[i] for i in range(n)]
    bias = b[0] - sum(b[i + 1] * mean[i] / sd[i] for i in range(n))
    # No human version of the training families may be called garbled. MT output is not held to
    # it: a disfluent machine translation is what the class is for.
    worst = max(z_of(bias, weights, r) for r in rows if r["label"] == "human")
    if worst >= 0.0:
        bias -= worst + 0.05
    return bias, weights


def z_of(bias, weights, row):
    return bias + sum(w * v for w, v in zip(weights, row["x"]))


def main():
    binary, specs = sys.argv[1], sys.argv[2:]
    rows = []
    for spec in specs:
        scored_only = spec.startswith("test:")
        for r in versions(binary, spec.removeprefix("test:")):
            r["test"] = scored_only
            rows.append(r)
    train = [r for r in rows if not r["spun"] and not r["test"]]
    held = {}
    # NO_FOLDS=1 fits once on every training family and only judges the `test:` sets (the
    # training rows are then judged by weights fitted with them: not held-out figures).
    folds = [] if os.environ.get("NO_FOLDS") else sorted({r["family"] for r in train})
    for family in folds:
        model = fit([r for r in train if r["family"] != family])
        for r in train:
            if r["family"] == family:
                held[id(r)] = z_of(*model, r) >= 0.0
    bias, weights = fit(train)
    for r in rows:
        if r["spun"] or r["test"] or not folds:
            held[id(r)] = z_of(bias, weights, r) >= 0.0

    def count(name, keep):
        chosen = [r for r in rows if keep(r)]
        if not chosen:
            return
        flagged = sum(held[id(r)] for r in chosen)
        now = sum(r["verdict"] == "garbled" for r in chosen)
        how = ("with the family left out" if folds and not chosen[0]["test"]
               and not chosen[0]["spun"] else "by the weights fitted on the training sets")
        print(f"{name}: {flagged} / {len(chosen)} garbled {how} (the binary now: {now})")

    for root in sorted({r["family"].split("/")[0] for r in rows}):
        mine = lambda r, root=root: r["family"].split("/")[0] == root
        name = root
        if any(r["test"] for r in rows if mine(r)):
            name += " (test: not fitted)"
        count(f"{name} garbled", lambda r: mine(r) and r["label"] == "garbled")
        count(f"{name} human", lambda r: mine(r) and r["label"] == "human" and not r["spun"])
        count(f"{name} MT output", lambda r: mine(r) and r["label"] == "mt")
        count(f"{name} spun references (not fitted)", lambda r: mine(r) and r["spun"])
    print("missed with the family left out:" if folds else "missed:",
          ", ".join(f"{r['family']}/{r['file']}" for r in train
                    if r["label"] == "garbled" and not held[id(r)]) or "none")
    print(f"BIAS = {bias:.2f}")
    for name, w in zip(FEATURES, weights):
        print(f"{name} = {w:.2f}")


if __name__ == "__main__":
    main()
