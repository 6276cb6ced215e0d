#!/usr/bin/env python3
"""Where the aligner leaves a sentence alone next to a 1-1 bead, does the gold agree?

Usage: orphan_beads.py TMALIGN SET_DIR...   (e.g. target/release/tmalign corpora/dev corpora/dev2)

Aligns every NAME.zh.txt / NAME.en.txt pair of each set that has a NAME.gold
(`tmalign align --format beads`), and for each sentence the aligner leaves
unpaired (a 1-0 or 0-1 bead) right beside a 1-1 bead, asks the gold whether
that sentence belongs to the bead's sentence on the other side. Those that
do are what a CAT tool fills wrongly (the 1-1 unit holds only part of the
translation); the others are omissions or additions the gold agrees with.
Prints the counts and each sentence that belongs to its neighbour.
"""
import collections
import glob
import os
import subprocess
import sys


def beads(text):
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        left, right = line.split(":")
        ids = lambda s: tuple(int(x) for x in s.strip("[]").split(",") if x.strip())
        out.append((ids(left), ids(right)))
    return out


def main(binary, sets):
    counts = collections.Counter()
    belonging = []
    for folder in sets:
        for gold_path in sorted(glob.glob(os.path.join(folder, "*.gold"))):
            name = gold_path[: -len(".gold")]
            gold = beads(open(gold_path, encoding="utf-8").read())
            run = subprocess.run([binary, "align", "--format", "beads", name + ".zh.txt", name + ".en.txt"],
                                 capture_output=True, text=True)
            ours = beads(run.stdout)
            gold_of = ({i: b for b in gold for i in b[0]}, {j: b for b in gold for j in b[1]})
            for k, bead in enumerate(ours):
                if len(bead[0]) != 1 or len(bead[1]) != 1:
                    continue
                for other in (ours[k - 1] if k > 0 else None, ours[k + 1] if k + 1 < len(ours) else None):
                    if other is None:
                        continue
                    if not other[0] and len(other[1]) == 1:
                        side, g = "English", gold_of[1].get(other[1][0])
                        belongs = g is not None and bead[0][0] in g[0]
                    elif not other[1] and len(other[0]) == 1:
                        side, g = "Chinese", gold_of[0].get(other[0][0])
                        belongs = g is not None and bead[1][0] in g[1]
                    else:
                        continue
                    if belongs:
                        counts[(side, "belongs to the bead")] += 1
                        belonging.append(f"{os.path.basename(name)}: {bead} beside {other}")
                    else:
                        verdict = "gold agrees" if bead in gold else "bead wrong too"
                        counts[(side, "alone, " + verdict)] += 1
    for (side, what), n in sorted(counts.items()):
        print(f"{side} sentence alone beside a 1-1 bead, {what}: {n}")
    for line in belonging:
        print("  " + line)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
