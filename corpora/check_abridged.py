#!/usr/bin/env python3
"""Check the abridged gold sets (corpora/abridged-dev, corpora/abridged-test).

Usage (from the project root or anywhere):
    python3 corpora/check_abridged.py [SET_DIR ...]

Without arguments it checks corpora/abridged-dev and corpora/abridged-test
beside this script. For every pair NAME (flat layout, see corpora/README.md)
it verifies that

  * each line of NAME.zh.sent / NAME.en.sent occurs in the matching .txt, in
    order, with whitespace normalised (hard-wrapped English joined), and that
    the sentences together cover all non-space text of the .txt;
  * the .txt files are UTF-8 with LF line ends and a final newline;
  * the beads of NAME.gold cover every sentence id of both sides exactly once
    and in order, and no bead side crosses a paragraph boundary;
  * the share of Chinese sentences in 1-0 beads (omitted from the English
    edition) is between 15% and 30%, the abridgement rate the sets model.

It prints one table row of bead-type counts per pair and a total per set, and
exits with status 1 if any check failed.
"""
import bisect
import collections
import glob
import os
import re
import sys

MIN_DROP, MAX_DROP = 0.15, 0.30
BEAD = re.compile(r"^\[([0-9,]*)\]:\[([0-9,]*)\]$")
TYPES = ["1-1", "1-2", "2-1", "1-3", "2-2", "0-1", "1-0"]


def ws(text):
    return re.sub(r"\s+", " ", text).strip()


def read(path, errors):
    with open(path, "rb") as f:
        raw = f.read()
    if b"\r" in raw:
        errors.append(f"{path}: contains CR characters")
    if raw and not raw.endswith(b"\n"):
        errors.append(f"{path}: no final newline")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        errors.append(f"{path}: not UTF-8 at byte {e.start}")
        return raw.decode("utf-8", "replace")


def locate(txt_path, sent_path, errors):
    """Return the paragraph index of every sentence, checking order and coverage."""
    text = read(txt_path, errors)
    sents = [ws(s) for s in read(sent_path, errors).split("\n")]
    if sents and sents[-1] == "":
        sents.pop()
    paras = [ws(p) for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    # Paragraphs are joined with a newline, which no normalised sentence
    # contains, so a sentence can never be matched across a paragraph break.
    joined = "\n".join(paras)
    starts, off = [], 0
    for p in paras:
        starts.append(off)
        off += len(p) + 1
    where, pos = [], 0
    for i, s in enumerate(sents):
        at = joined.find(s, pos) if s else -1
        if at < 0:
            what = "empty sentence" if not s else f"not found in {txt_path} after the previous sentence"
            errors.append(f"{sent_path}:{i + 1}: {what}: {s[:40]!r}")
            where.append(bisect.bisect_right(starts, pos) - 1)
            continue
        gap = joined[pos:at]
        if gap.strip():
            errors.append(f"{txt_path}: text before sentence {i + 1} of {sent_path} is in no sentence: {gap.strip()[:40]!r}")
        where.append(bisect.bisect_right(starts, at) - 1)
        pos = at + len(s)
    if joined[pos:].strip():
        errors.append(f"{txt_path}: text after the last sentence of {sent_path} is in no sentence: {joined[pos:].strip()[:40]!r}")
    return where, len(sents)


def check_pair(set_dir, name, errors):
    base = os.path.join(set_dir, name)
    zh_para, nz = locate(base + ".zh.txt", base + ".zh.sent", errors)
    en_para, ne = locate(base + ".en.txt", base + ".en.sent", errors)
    counts = collections.Counter()
    next_z = next_e = 0
    gold = base + ".gold"
    for ln, line in enumerate(read(gold, errors).split("\n"), 1):
        if not line:
            continue
        m = BEAD.match(line)
        if not m:
            errors.append(f"{gold}:{ln}: not a bead: {line!r}")
            continue
        zs = [int(x) for x in m.group(1).split(",") if x]
        es = [int(x) for x in m.group(2).split(",") if x]
        if not zs and not es:
            errors.append(f"{gold}:{ln}: empty bead")
        for ids, nxt, side in ((zs, next_z, "zh"), (es, next_e, "en")):
            if ids and ids != list(range(nxt, nxt + len(ids))):
                errors.append(f"{gold}:{ln}: {side} ids {ids} do not continue from {nxt}")
        for ids, para, side in ((zs, zh_para, "zh"), (es, en_para, "en")):
            ps = {para[i] for i in ids if i < len(para)}
            if len(ps) > 1:
                errors.append(f"{gold}:{ln}: {side} side crosses a paragraph boundary")
        next_z = (zs[-1] + 1) if zs else next_z
        next_e = (es[-1] + 1) if es else next_e
        counts[f"{len(zs)}-{len(es)}"] += 1
    if next_z != nz:
        errors.append(f"{gold}: beads cover zh ids up to {next_z}, .zh.sent has {nz}")
    if next_e != ne:
        errors.append(f"{gold}: beads cover en ids up to {next_e}, .en.sent has {ne}")
    share = counts["1-0"] / nz if nz else 0.0
    if not MIN_DROP <= share <= MAX_DROP:
        errors.append(f"{gold}: {share:.1%} of Chinese sentences are in 1-0 beads, outside {MIN_DROP:.0%}-{MAX_DROP:.0%}")
    return nz, ne, counts


def row(cells):
    return "| " + " | ".join(str(c) for c in cells) + " |"


def check_set(set_dir, errors):
    names = sorted(os.path.basename(g)[: -len(".gold")] for g in glob.glob(os.path.join(set_dir, "*.gold")))
    if not names:
        errors.append(f"{set_dir}: no .gold files")
        return
    print(f"\n{set_dir}")
    head = ["pair", "zh sent", "en sent", "beads", *TYPES, "other", "1-0 share"]
    print(row(head))
    print(row(["---"] * len(head)))
    tot_z = tot_e = 0
    tot = collections.Counter()
    for name in names:
        nz, ne, c = check_pair(set_dir, name, errors)
        tot_z, tot_e = tot_z + nz, tot_e + ne
        tot.update(c)
        other = sum(v for k, v in c.items() if k not in TYPES)
        share = c["1-0"] / nz if nz else 0.0
        print(row([name, nz, ne, sum(c.values()), *(c[t] for t in TYPES), other, f"{share:.0%}"]))
    other = sum(v for k, v in tot.items() if k not in TYPES)
    share = tot["1-0"] / tot_z if tot_z else 0.0
    print(row(["**total**", tot_z, tot_e, sum(tot.values()), *(tot[t] for t in TYPES), other, f"{share:.0%}"]))
    odd = sorted(k for k in tot if k not in TYPES)
    if odd:
        print("other bead types: " + ", ".join(f"{k} x{tot[k]}" for k in odd))


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    sets = argv or [os.path.join(here, "abridged-dev"), os.path.join(here, "abridged-test")]
    errors = []
    for s in sets:
        check_set(s, errors)
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
