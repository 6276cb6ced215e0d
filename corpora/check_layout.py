#!/usr/bin/env python3
"""Check a flat gold directory of tmalign (see corpora/README.md).

Usage: python3 corpora/check_layout.py DIR [DIR ...]

For every pair NAME (found by NAME.gold) in DIR it verifies:
  * the five files exist, are UTF-8, use LF line ends, end with a newline,
    and the .txt files have no leading/doubled blank lines or trailing spaces;
  * every .sent line is trimmed, has no doubled inner whitespace, and the lines
    of a .sent file, in order, are consecutive pieces of the .txt that together
    cover all its non-space text; no sentence crosses a paragraph;
  * the beads are well formed, cover each id of both sides exactly once and in
    order, and no bead spans two paragraphs on either side;
  * a lint of the sentence conventions (README "Sentence conventions"): places
    inside a sentence where the rules call for a cut (a stop inside quotation
    marks followed by more text, ASCII stops before Han characters, English
    stops before a capitalised word that is not an abbreviation), and sentences
    that end without a stop in mid-paragraph.  Lint findings are errors too:
    the rules are meant to be mechanical enough that gold follows them.
It prints per-pair sentence and bead counts by bead type, a few corpus
statistics the test set is meant to have, and exits 1 if anything failed.
"""
import glob
import os
import re
import sys
from collections import Counter

ZH_STOP = "。！？"
ZH_CLOSE = "”’」』）"
BEAD_RE = re.compile(r"^\[(\d+(?:,\d+)*)?\]:\[(\d+(?:,\d+)*)?\]$")
# Words that take a full stop and are normally followed by more of the same
# sentence (a name, a number, a date).  At a sentence end they are fine.
EN_ABBR = {
    "Mr", "Mrs", "Ms", "Dr", "Prof", "No", "Nos", "St", "Jan", "Feb", "Mar", "Apr", "Aug",
    "Sep", "Sept", "Oct", "Nov", "Dec", "Co", "Ltd", "Inc", "Corp", "U.S", "U.K", "U.N",
    "a.m", "p.m", "e.g", "i.e", "vs", "Gen", "Lt", "Col", "Rep", "Sen", "Gov", "Jr", "Sr",
}
# Abbreviations that may end a sentence (counted as "English sentence ending
# in an abbreviation"), and the months abbreviated in dates.
EN_END_ABBR = re.compile(r"(?:\bU\.S|\bU\.K|\bCo\., Ltd|\bLtd|\bInc|\bCorp|\bCo|\ba\.m|\bp\.m)\.[\"'”’)]*$")
EN_END_DATE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec)\. \d{1,2}(?:, \d{4})?\.[\"'”’)]*$")
EN_NEVER_END = {"Mr", "Mrs", "Ms", "Dr", "Prof", "No", "Nos", "St"}
# A speech attribution after a closing quote that stays with the quoted sentence.
ZH_ATTRIB = re.compile(r"^[\u4e00-\u9fff]{0,12}(?:说|表示|介绍|强调|指出|坦言|告诉记者|补充道|感慨道|说道)[。！]$")


def is_han(c):
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


def read_text(path, errs):
    try:
        raw = open(path, "rb").read()
    except OSError as e:
        errs.append(f"{path}: cannot read: {e.strerror}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        errs.append(f"{path}: byte {e.start}: not UTF-8")
        return None
    if "\r" in text:
        errs.append(f"{path}: line {text[:text.index(chr(13))].count(chr(10)) + 1}: CR line end"
                    f" ({text.count(chr(13))} CRs in the file)")
        # report once, then check the rest as if the line ends were LF
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        errs.append(f"{path}: starts with a BOM")
    if not text.endswith("\n"):
        errs.append(f"{path}: no final newline")
    if text.endswith("\n\n"):
        errs.append(f"{path}: blank line at the end")
    return text


def paragraphs_of(path, text, errs):
    """Return the list of (start, end) character spans of the paragraphs."""
    lines = text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")
    for i, l in enumerate(lines, 1):
        if l != l.rstrip() or l != l.lstrip() and l.strip():
            errs.append(f"{path}: line {i}: leading or trailing whitespace")
        if i > 1 and not l and not lines[i - 2]:
            errs.append(f"{path}: line {i}: two blank lines in a row")
    if lines and not lines[0]:
        errs.append(f"{path}: line 1: blank")
    spans = []
    for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        spans.append((m.start(), m.end()))
    return spans


def map_sentences(path, text, sents, errs):
    """Locate each sentence in text; return list of (start, end) or None."""
    pos, spans = 0, []
    for k, s in enumerate(sents):
        if s != s.strip() or re.search(r"\s{2,}|[\t\n]", s) or not s:
            errs.append(f"{path}: sentence {k}: empty, untrimmed or with doubled whitespace")
        while pos < len(text) and text[pos].isspace():
            pos += 1
        i, j = pos, 0
        chars = [c for c in s]
        # walk text and sentence together; whitespace runs in text match one space in s
        while j < len(chars):
            if i >= len(text):
                break
            if chars[j] == " ":
                if not text[i].isspace():
                    break
                while i < len(text) and text[i].isspace():
                    i += 1
                j += 1
            elif text[i] == chars[j]:
                i += 1
                j += 1
            else:
                break
        if j < len(chars):
            ctx = text[pos:pos + 40].replace("\n", "\\n")
            errs.append(f"{path}: sentence {k} does not continue the text at char {pos}: text has {ctx!r}, sentence {s[:40]!r}")
            return None
        spans.append((pos, i))
        pos = i
    if text[pos:].strip():
        errs.append(f"{path}: text after the last sentence is not covered: {text[pos:pos + 40]!r}")
        return None
    return spans


def para_index(paras, span):
    for n, (a, b) in enumerate(paras):
        if a <= span[0] and span[1] <= b:
            return n
    return None


def quote_depth_states(text, lang):
    """Return, for each position of text, whether it is inside quotation marks."""
    inside = [False] * (len(text) + 1)
    depth = 0
    dq_open = False
    for i, c in enumerate(text):
        if c == "\n" and i + 1 < len(text) and text[i + 1] == "\n":
            depth, dq_open = 0, False
        if c in "“「『":
            depth += 1
        elif c in "”」』":
            depth = max(0, depth - 1)
        elif c == '"' and lang == "en":
            dq_open = not dq_open
        inside[i + 1] = depth > 0 or dq_open
    return inside


def lint_zh(path, k, s, last_in_para, errs):
    book = 0
    n = len(s)
    i = 0
    while i < n:
        c = s[i]
        if c == "《":
            book += 1
        elif c == "》":
            book = max(0, book - 1)
        if book == 0:
            if c in ZH_STOP or s.startswith("……", i):
                j = i + (2 if s.startswith("……", i) else 1)
                while j < n and s[j] in ZH_STOP:
                    j += 1
                while j < n and s[j] in ZH_CLOSE:
                    j += 1
                rest = s[j:]
                if rest and not (c in ZH_STOP and j > i + 1 and s[j - 1] in ZH_CLOSE and ZH_ATTRIB.match(rest)):
                    if not (c == "…" and not is_han(rest[0])):
                        errs.append(f"{path}: sentence {k}: should be cut after {s[max(0, i - 8):j]!r}")
                i = j
                continue
            if c in ".!?" and i + 1 < n and is_han(s[i + 1]):
                errs.append(f"{path}: sentence {k}: ASCII stop before Han should cut: {s[max(0, i - 8):i + 3]!r}")
        i += 1
    end = re.search(r"(?:[。！？]+|……|[.!?])[”’」』）]*$", s)
    if not end and not last_in_para:
        errs.append(f"{path}: sentence {k}: ends without a stop in mid-paragraph: {s[-20:]!r}")


def lint_en(path, k, s, last_in_para, errs):
    for m in re.finditer(r"([.!?])([\"'”’)\]]*)\s+([\"“(]?)([A-Z])", s):
        before = s[:m.start()]
        w = re.search(r"([A-Za-z.]+?)$", before)
        word = w.group(1) if w else ""
        if m.group(1) == "." and (word in EN_ABBR or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word)
                                  or re.fullmatch(r"[A-Z]", word)):
            continue
        # a stop right after a closing quote mark and a lowercase continuation is fine; here we
        # have a capital after the stop: a cut is due
        errs.append(f"{path}: sentence {k}: should be cut at {s[max(0, m.start() - 12):m.end() + 3]!r}")
    end = re.search(r"[.!?][\"'”’)\]]*$", s)
    if not end and not last_in_para:
        errs.append(f"{path}: sentence {k}: ends without a stop in mid-paragraph: {s[-30:]!r}")
    w = re.search(r"\b([A-Za-z]+)\.$", s)
    if w and w.group(1) in EN_NEVER_END and not last_in_para:
        errs.append(f"{path}: sentence {k}: ends in {w.group(1)!r}, which does not end a sentence")


def check_pair(d, name, stats):
    errs = []
    side = {}
    for lang in ("zh", "en"):
        txt_path = os.path.join(d, f"{name}.{lang}.txt")
        sent_path = os.path.join(d, f"{name}.{lang}.sent")
        text = read_text(txt_path, errs)
        st = read_text(sent_path, errs)
        if text is None or st is None:
            return errs, None
        if lang == "zh" and re.search(r"[^\n]\n[^\n]", text):
            errs.append(f"{txt_path}: a Chinese paragraph is wrapped over several lines")
        paras = paragraphs_of(txt_path, text, errs)
        sents = st.split("\n")[:-1] if st.endswith("\n") else st.split("\n")
        spans = map_sentences(sent_path, text, sents, errs)
        if spans is None:
            return errs, None
        pidx = []
        for k, sp in enumerate(spans):
            p = para_index(paras, sp)
            if p is None:
                errs.append(f"{sent_path}: sentence {k} crosses a paragraph boundary")
            pidx.append(p)
        inside = quote_depth_states(text, lang)
        qcuts = sum(1 for sp in spans[:-1] if inside[sp[1]])
        for k, s in enumerate(sents):
            last = k + 1 == len(sents) or pidx[k] != pidx[k + 1]
            (lint_zh if lang == "zh" else lint_en)(sent_path, k, s, last, errs)
        side[lang] = dict(sents=sents, pidx=pidx, qcuts=qcuts)
    gold_path = os.path.join(d, f"{name}.gold")
    g = read_text(gold_path, errs)
    if g is None:
        return errs, None
    types = Counter()
    nz, ne = [], []
    for ln, line in enumerate(g.split("\n")[:-1], 1):
        m = BEAD_RE.match(line)
        if not m:
            errs.append(f"{gold_path}: line {ln}: not a bead: {line!r}")
            continue
        z = [int(x) for x in m.group(1).split(",")] if m.group(1) else []
        e = [int(x) for x in m.group(2).split(",")] if m.group(2) else []
        if not z and not e:
            errs.append(f"{gold_path}: line {ln}: empty bead")
        for ids, lang in ((z, "zh"), (e, "en")):
            ps = {side[lang]["pidx"][i] for i in ids if i < len(side[lang]["sents"])}
            if any(i >= len(side[lang]["sents"]) for i in ids):
                errs.append(f"{gold_path}: line {ln}: {lang} id out of range")
            if len(ps) > 1:
                errs.append(f"{gold_path}: line {ln}: bead crosses a {lang} paragraph boundary")
        nz += z
        ne += e
        types[f"{len(z)}-{len(e)}"] += 1
    for ids, lang in ((nz, "zh"), (ne, "en")):
        if ids != list(range(len(side[lang]["sents"]))):
            errs.append(f"{gold_path}: {lang} ids are not 0..{len(side[lang]['sents']) - 1} exactly once in order")
    en = side["en"]["sents"]
    abbr_ids = [k for k, s in enumerate(en) if EN_END_ABBR.search(s) or EN_END_DATE.search(s)]
    abbr_end = len(abbr_ids)
    # those followed by another sentence of the same paragraph: the hard cases for a segmenter
    abbr_mid = sum(1 for k in abbr_ids if k + 1 < len(en) and side["en"]["pidx"][k + 1] == side["en"]["pidx"][k])
    row = dict(zh=len(side["zh"]["sents"]), en=len(en), beads=sum(types.values()), types=types,
               qzh=side["zh"]["qcuts"], qen=side["en"]["qcuts"], abbr=abbr_end, abbr_mid=abbr_mid)
    return errs, row


def main(dirs):
    bad = False
    for d in dirs:
        names = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(d, "*.gold")))
        print(f"== {d}: {len(names)} pairs")
        if not names:
            bad = True
            continue
        cols = ["1-1", "1-2", "2-1", "1-3", "3-1", "2-2", "0-1", "1-0"]
        print(f"{'pair':32} {'zh':>4} {'en':>4} {'beads':>5} " + " ".join(f"{c:>4}" for c in cols)
              + f" {'other':>5} {'qcut zh/en':>10} {'abbr.end':>8}  status")
        tot = Counter()
        tt = Counter()
        for n in names:
            errs, row = check_pair(d, n, None)
            if row:
                t = row["types"]
                other = sum(v for k, v in t.items() if k not in cols)
                print(f"{n:32} {row['zh']:4} {row['en']:4} {row['beads']:5} "
                      + " ".join(f"{t.get(c, 0):4}" for c in cols)
                      + f" {other:5} {row['qzh']:>4}/{row['qen']:<5} {row['abbr']:8} {row['abbr_mid']:5}  {'ok' if not errs else 'FAIL'}")
                for k in ("zh", "en", "beads", "qzh", "qen", "abbr", "abbr_mid"):
                    tot[k] += row[k]
                tt.update(t)
            else:
                print(f"{n:32} FAIL")
            for e in errs:
                print("    " + e)
            bad = bad or bool(errs)
        other = sum(v for k, v in tt.items() if k not in cols)
        print(f"{'total':32} {tot['zh']:4} {tot['en']:4} {tot['beads']:5} "
              + " ".join(f"{tt.get(c, 0):4}" for c in cols)
              + f" {other:5} {tot['qzh']:>4}/{tot['qen']:<5} {tot['abbr']:8} {tot['abbr_mid']:5}")
        print(f"   quotation-internal cuts: {tot['qzh'] + tot['qen']}; 1-2/2-1 beads: {tt['1-2'] + tt['2-1']};"
              f" 1-0: {tt['1-0']}; 0-1: {tt['0-1']}; English sentences ending in an abbreviation or"
              f" abbreviated-month date: {tot['abbr']} ({tot['abbr_mid']} followed by a sentence of the same paragraph)")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: check_layout.py DIR [DIR ...]")
    sys.exit(main(sys.argv[1:]))
