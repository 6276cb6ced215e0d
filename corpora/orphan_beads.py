#!/usr/bin/env python3
"""Where the aligner leaves a sentence alone next to a 1-1 bead, does the gold agree?

Usage: orphan_beads.py TMALIGN SET_DIR...   (e.g. target/release/tmalign corpora/dev corpora/dev2)

Aligns every NAME.zh.txt / NAME.en.txt pair of each set that has a NAME.gold
(`tmalign align --format beads`), and for each sentence the aligner leaves
unpaired (a 1-0 or 0-1 bead) right beside a 1-1 bead, asks the gold whether
that sentence belongs to a 1-1 bead beside it. Those that do make that bead
a partial unit, which a CAT tool fills wrongly; the others are omissions or
additions. Also counts the 1-1 beads beside a lone sentence: partial, right,
or wrong otherwise (what flagging all of them as doubtful would hold back).
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
    # Each lone sentence once, and each 1-1 bead once: whether any lone
    # neighbour of it belongs to it in the gold.
    lone = collections.Counter()
    beside = collections.Counter()
    belonging = []
    for folder in sets:
        for gold_path in sorted(glob.glob(os.path.join(folder, "*.gold"))):
            name = gold_path[: -len(".gold")]
            gold = beads(open(gold_path, encoding="utf-8").read())
            run = subprocess.run([binary, "align", "--format", "beads", name + ".zh.txt", name + ".en.txt"],
                                 capture_output=True, text=True)
            if run.returncode not in (0, 1):
                sys.exit(f"{name}: tmalign align failed: {run.stderr.strip()}")
            ours = beads(run.stdout)
            gold_of = ({i: b for b in gold for i in b[0]}, {j: b for b in gold for j in b[1]})
            partial_beads = set()
            one_one = set()
            for k, other in enumerate(ours):
                if other[0] and other[1] or len(other[0]) + len(other[1]) != 1:
                    continue
                side = "Chinese" if other[0] else "English"
                sentence = (other[0] or other[1])[0]
                g = gold_of[0 if other[0] else 1].get(sentence)
                neighbours = [ours[j] for j in (k - 1, k + 1)
                              if 0 <= j < len(ours) and len(ours[j][0]) == 1 and len(ours[j][1]) == 1]
                if not neighbours:
                    continue
                owners = [b for b in neighbours
                          if g is not None and (b[0][0] in g[0] if side == "English" else b[1][0] in g[1])]
                one_one.update(neighbours)
                if owners:
                    lone[(side, "belongs to the 1-1 bead beside it")] += 1
                    partial_beads.update(owners)
                    belonging.append(f"{os.path.basename(name)}: {owners[0]} beside {other}")
                else:
                    lone[(side, "alone in the gold too, or elsewhere")] += 1
            for bead in one_one:
                beside["partial (a lone neighbour belongs to it)" if bead in partial_beads
                       else ("right" if bead in gold else "wrong otherwise")] += 1
    for (side, what), n in sorted(lone.items()):
        print(f"{side} sentences alone beside a 1-1 bead, {what}: {n}")
    for what, n in sorted(beside.items()):
        print(f"1-1 beads beside a lone sentence, {what}: {n}")
    for line in belonging:
        print("  " + line)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
