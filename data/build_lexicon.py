#!/usr/bin/env python3
"""Derives data/cedict-en-zh.tsv from a CC-CEDICT release.

Usage: build_lexicon.py cedict_ts.u8 > data/cedict-en-zh.tsv

Each output line is an English lemma (1-3 lowercase words), a tab, and the
simplified Chinese headwords it translates, separated by spaces. Entries
that do not help alignment are left out: single characters (too ambiguous
inside longer words), surnames, variants, classifiers, abbreviations,
cross-references, and English glosses of more than three words.
"""
import re
import sys
from collections import defaultdict

ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
HAN = re.compile(r"^[\u3400-\u9fff]{2,6}$")
SKIP = ("surname", "variant of", "cl:", "classifier", "abbr.", "see ", "used in",
        "old ", "archaic", "(tw)", "(dialect)", "(slang)", "(literary)", "erhua",
        "pr.", "also written", "also pr", "radical", "(bound form)", "(onom.)", "(math.)")
LEADING = re.compile(r"^(to|a|an|the) ")
WORD = re.compile(r"^[a-z]+(?: [a-z]+){0,2}$")


def glosses(field):
    for gloss in field.split("/"):
        low = gloss.lower()
        if any(s in low for s in SKIP):
            continue
        low = re.sub(r"\([^)]*\)", " ", low)
        for part in low.split(";"):
            part = " ".join(part.replace("-", " ").split())
            part = LEADING.sub("", part)
            if WORD.match(part):
                yield part


def main(path):
    table = defaultdict(set)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            m = ENTRY.match(line)
            if not m or not HAN.match(m.group(2)):
                continue
            for g in glosses(m.group(4)):
                table[g].add(m.group(2))
    out = sys.stdout
    out.write("# Derived from CC-CEDICT (MDBG), CC BY-SA 4.0; see data/README.md.\n")
    for lemma in sorted(table):
        heads = sorted(table[lemma])
        if len(heads) <= 40:
            out.write(f"{lemma}\t{' '.join(heads)}\n")


if __name__ == "__main__":
    main(sys.argv[1])
