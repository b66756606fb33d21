#!/usr/bin/env python3
"""Scores `compare --format jsonl` on ../shared/pile-dev hidden in bulk.

usage: score.py LABELS_TSV DOCS_ROOT ALONE.jsonl PILE.jsonl

ALONE is pile-dev compared on its own, PILE is pile-dev plus bulk. Prints whether every family
is one story with nothing foreign in it, whether every verdict equals the one the family gets
alone, and the garbled figures against the labels.
"""
import collections, json, sys

labels_tsv, root, alone_path, pile_path = sys.argv[1:5]
label = {}
for line in open(labels_tsv).read().splitlines()[1:]:
    f, fam, l, role = line.split("\t")
    label[root.rstrip("/") + "/" + f] = (fam, l, role)

def read(path):
    stories, verdict, story_of = [], {}, {}
    for line in open(path):
        o = json.loads(line)
        if o["type"] != "story":
            continue
        stories.append(o["members"])
        for d in o["documents"]:
            verdict[d["path"]] = d["verdict"]
            story_of[d["path"]] = len(stories) - 1
    return stories, verdict, story_of

_, alone, _ = read(alone_path)
stories, pile, story_of = read(pile_path)
families = collections.defaultdict(list)
for path, (fam, _, _) in label.items():
    if fam != "-":
        families[fam].append(path)
split = [f for f, ps in families.items() if len({story_of.get(p) for p in ps}) != 1]
foreign = []
for f, ps in families.items():
    s = story_of.get(ps[0])
    if s is not None and set(stories[s]) != set(ps):
        foreign.append((f, len(stories[s]) - len(ps)))
changed = [p for p in alone if label.get(p, ("-",))[0] != "-" and pile.get(p) != alone[p]]
tp = sum(1 for p, (f, l, _) in label.items() if l == "garbled" and pile.get(p) == "garbled")
garbled = sum(1 for (f, l, _) in label.values() if l == "garbled")
human_flagged = sum(1 for p, (f, l, _) in label.items() if l == "human" and pile.get(p) in ("garbled", "mistranslated"))
print(f"families {len(families)}: split {len(split)} {split}; with foreign members {len(foreign)} {foreign}")
print(f"family verdicts different from pile-dev alone: {len(changed)} {changed[:5]}")
print(f"garbled caught {tp}/{garbled}; human files called garbled or mistranslated {human_flagged}")
