//! The partial re-check: does one side translate only a stretch of the other?
//!
//! An English edition that stops partway (or a file cut off) is stretched
//! over the whole Chinese by the aligner, whose length model expects the two
//! documents to end together: its beads are wrong from the first gap on, and
//! the pair check then calls the pair unrelated or truncated. So a pair the
//! check refuses gets a second look ([`align_and_check`]):
//!
//! 1. [`candidates`], [`refine`]: the shorter side is aligned, by lengths
//!    and anchors only, against stretches of each side (its first or its last
//!    sentences), and the stretches whose paths support the largest share of
//!    both sides' sentences are tried, best first;
//! 2. [`lengthen`]: support favours a stretch ending on its last anchored
//!    sentence, so it is lengthened to the other side's length by the ratio
//!    of its supported beads;
//! 3. [`confirm`]: the stretch is aligned in full and checked on its own;
//! 4. [`merge`]: if the check holds (else the next candidate), the pair is [`Verdict::Partial`], its
//!    beads those of the stretch and every sentence outside it a null bead.
//!
//! Pairs the check finds ok are not touched. Measured with `cargo run
//! --release --example partial_eval` (docs/EVALUATION.md).

use std::ops::Range;

use rayon::prelude::*;

use super::{
    align_and_prepare, drop_common, path_figures, sentence_keys, shared_weight, union, Check, Coverage, Key,
    Side, SideFigures, Verdict, ABRIDGED_MAX_EDGE, ABRIDGED_MIN_OUTSIDE, MAX_IMBALANCE, MAX_UNACCOUNTED,
    MIN_SENTENCES, SUPPORT_WEIGHT,
};
use crate::align::{align_keyed, AlignOptions, Alignment, Document, Explanation, ScoredBead, Stage};
use crate::anchor::Anchorer;
use crate::bead::Bead;

/// Pairs whose longer side has more sentences than this do not get the
/// partial re-check: it aligns the pair some thirty times by lengths and
/// anchors (4.8 s of CPU for a 2,000-sentence document against a
/// translation of its first half, whose alignment takes 0.6 s), and partial
/// translations are a matter of articles and chapters.
pub const PARTIAL_MAX_SENTENCES: usize = 2_000;

/// The first stretches tried are a side's first or last 1/STEPS, 2/STEPS, …
/// of its sentences; the best is then refined by halving the step down to
/// one sentence. Not tuned: ten is some 36 alignments by lengths and anchors
/// for the first round, a few more for the refinement (session 12,
/// `partial_eval` on the dev sets).
const STEPS: usize = 10;

/// Stretches confirmed at most, one after the other until one holds: the
/// best of each side from its start and to its end (four in all), best
/// first. Only the best was tried before (session 12): a short notice whose
/// best stretch the check refused was lost though the next held.
const CANDIDATES: usize = 3;

/// Sentences [`confirm`] may add, one at a time, to the stretch when the
/// other side's sentence at the cut is left without a partner. Adding them
/// up front let the aligner stretch the translation over them again (three
/// of the new-user trial's four articles were refused). The trial's
/// stretches were one sentence short at most (a quotation cut in two);
/// two leaves a sentence to spare.
const SLACK: usize = 2;

/// Aligns `source` with `target` and checks the alignment, as
/// [`align_and_prepare`] and [`super::Prepared::finish`] do; a pair found
/// unrelated or truncated then gets the partial re-check (see the module
/// doc). If it finds a stretch, the pair is [`Verdict::Partial`]: the
/// stretch's beads, every sentence outside it as a null bead of score 0,
/// and the check of the stretch with its [`Coverage`]. Else the first
/// verdict stands.
pub fn align_and_check(
    source: Document,
    target: Document,
    anchorer: &Anchorer,
    opts: &AlignOptions,
    on_stage: &mut (dyn FnMut(Stage) + Send),
    explain: bool,
    alongside: bool,
) -> (Alignment, Vec<Explanation>, Check) {
    let (alignment, explanations, prepared) =
        align_and_prepare(source, target, anchorer, opts, on_stage, explain, alongside);
    on_stage(Stage::Checking);
    let check = prepared.finish(&alignment);
    if !check.verdict.is_suspect() {
        return (alignment, explanations, check);
    }
    let (s, t) = (&alignment.source, &alignment.target);
    let (ns, nt) = (s.sentences.len(), t.sentences.len());
    if ns.min(nt) < MIN_SENTENCES || ns.max(nt) > PARTIAL_MAX_SENTENCES {
        return (alignment, explanations, check);
    }
    let keys = Keys::read(s, t, anchorer);
    // A stretch lengthened to its whole side cuts nothing off: the pair
    // would be "partial" while translating every sentence of that side
    // (its check, blind to the cut end, only more lenient than the first).
    let found = candidates(s, t, &keys).into_iter().find_map(|c| {
        let st = lengthen(s, t, &keys, refine(s, t, &keys, c));
        confirm(s, t, anchorer, opts, explain, st).filter(|(st, ..)| usable(s, t, st))
    });
    // Both ends matched and anchored beads beyond the stretch: paragraphs
    // dropped inside the text, not a translation that stops partway.
    let abridged = |st: Stretch| {
        check.edge() <= ABRIDGED_MAX_EDGE && supported_outside(&alignment, &keys, st) >= ABRIDGED_MIN_OUTSIDE
    };
    match found {
        Some((st, ..)) if check.verdict == Verdict::Truncated && abridged(st) => {
            (alignment, explanations, Check { verdict: Verdict::Abridged, ..check })
        }
        Some((st, sub, sub_explanations, sub_check)) => {
            let (beads, explanations, check) = merge(&alignment, st, sub, sub_explanations, sub_check);
            (Alignment { beads, ..alignment }, explanations, check)
        }
        None if check.verdict == Verdict::Truncated && check.edge() <= ABRIDGED_MAX_EDGE => {
            (alignment, explanations, Check { verdict: Verdict::Abridged, ..check })
        }
        None => (alignment, explanations, check),
    }
}

/// Beads of the whole pair's alignment that share at least
/// [`SUPPORT_WEIGHT`] of rare keys and hold no sentence of the stretch `st`:
/// matches the stretch would leave out.
fn supported_outside(alignment: &Alignment, keys: &Keys, st: Stretch) -> usize {
    let n = side_len(&alignment.source, &alignment.target, st.side);
    let inside = st.range(n);
    alignment
        .beads
        .iter()
        .filter(|b| !b.bead.is_null() && !ids_of(&b.bead, st.side).iter().any(|i| inside.contains(i)))
        .filter(|b| {
            let (a, t) =
                (super::union(&keys.src_rare, &b.bead.src), super::union(&keys.tgt_rare, &b.bead.tgt));
            super::shared_weight(&a, &t) >= SUPPORT_WEIGHT
        })
        .count()
}

/// A stretch of one side: its first `len` sentences, or its last.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Stretch {
    side: Side,
    head: bool,
    len: usize,
}

impl Stretch {
    fn range(self, n: usize) -> Range<usize> {
        if self.head {
            0..self.len
        } else {
            n - self.len..n
        }
    }
}

/// Both sides' keys per sentence: all of them (what the aligner reads) and
/// without the common ones (what support is measured on).
struct Keys {
    src: Vec<Vec<Key>>,
    tgt: Vec<Vec<Key>>,
    src_rare: Vec<Vec<Key>>,
    tgt_rare: Vec<Vec<Key>>,
}

impl Keys {
    fn read(s: &Document, t: &Document, anchorer: &Anchorer) -> Keys {
        let (src, tgt) = sentence_keys(s, t, anchorer, true);
        let (src_rare, tgt_rare) = (drop_common(src.clone()), drop_common(tgt.clone()));
        Keys { src, tgt, src_rare, tgt_rare }
    }
}

fn side_len(s: &Document, t: &Document, side: Side) -> usize {
    if side == Side::Source {
        s.sentences.len()
    } else {
        t.sentences.len()
    }
}

/// Whether `st` can be judged and leaves something out.
fn usable(s: &Document, t: &Document, st: &Stretch) -> bool {
    st.len >= MIN_SENTENCES && st.len < side_len(s, t, st.side)
}

/// The sentences of `side` that bead `b` holds.
fn ids_of(b: &Bead, side: Side) -> &[usize] {
    if side == Side::Source {
        &b.src
    } else {
        &b.tgt
    }
}

/// Sentences `range` of `doc`, as a document of their own.
fn excerpt(doc: &Document, range: Range<usize>) -> Document {
    Document::new(doc.name.clone(), doc.lang, doc.sentences[range].to_vec())
}

/// The pair with one side cut to `st`.
fn cut(s: &Document, t: &Document, st: Stretch) -> (Document, Document) {
    let r = st.range(side_len(s, t, st.side));
    match st.side {
        Side::Source => (excerpt(s, r), t.clone()),
        Side::Target => (s.clone(), excerpt(t, r)),
    }
}

/// The pair with one side cut to `st`, aligned by lengths and anchors.
fn keyed(s: &Document, t: &Document, keys: &Keys, st: Stretch) -> Alignment {
    let r = st.range(side_len(s, t, st.side));
    let (src, tgt) = cut(s, t, st);
    match st.side {
        Side::Source => align_keyed(src, tgt, keys.src[r].to_vec(), keys.tgt.clone(), false),
        Side::Target => align_keyed(src, tgt, keys.src.clone(), keys.tgt[r].to_vec(), false),
    }
}

/// The rare keys of the sides of `a`, an alignment of the pair cut to `st`.
fn rare_keys<'k>(
    s: &Document,
    t: &Document,
    keys: &'k Keys,
    st: Stretch,
) -> (&'k [Vec<Key>], &'k [Vec<Key>]) {
    let r = st.range(side_len(s, t, st.side));
    match st.side {
        Side::Source => (&keys.src_rare[r], &keys.tgt_rare),
        Side::Target => (&keys.src_rare, &keys.tgt_rare[r]),
    }
}

/// How much of both sides' sentences the path of the pair cut to `st`
/// supports (each side as a share of its sentences): too short a stretch
/// leaves the other side unsupported, too long a one itself.
fn support(s: &Document, t: &Document, keys: &Keys, st: Stretch) -> f64 {
    let (sk, tk) = rare_keys(s, t, keys, st);
    let (fs, ft) = path_figures(&keyed(s, t, keys, st), sk, tk, false);
    fs.support + ft.support
}

/// The stretches worth confirming, best first: of each side, from its start
/// and to its end, the one of its tenths with the most [`support`], the
/// longer on a tie; at most [`CANDIDATES`] of them.
fn candidates(s: &Document, t: &Document, keys: &Keys) -> Vec<(Stretch, f64)> {
    let coarse: Vec<Stretch> = [Side::Source, Side::Target]
        .into_iter()
        .flat_map(|side| [true, false].map(|head| (side, head)))
        .flat_map(|(side, head)| {
            let n = side_len(s, t, side);
            (1..STEPS).map(move |i| Stretch { side, head, len: (n * i + STEPS / 2) / STEPS })
        })
        .filter(|st| usable(s, t, st))
        .collect();
    let scored: Vec<(Stretch, f64)> =
        coarse.into_par_iter().map(|st| (st, support(s, t, keys, st))).collect();
    let mut best: Vec<(Stretch, f64)> = Vec::new();
    for (st, score) in scored {
        match best.iter_mut().find(|(b, _)| b.side == st.side && b.head == st.head) {
            Some(b) if (score, st.len) > (b.1, b.0.len) => *b = (st, score),
            Some(_) => {}
            None => best.push((st, score)),
        }
    }
    best.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.len.cmp(&a.0.len)));
    best.truncate(CANDIDATES);
    best
}

/// `st` (whose support is `top`) refined by halving the step down to one
/// sentence, keeping the stretch with the most [`support`].
fn refine(s: &Document, t: &Document, keys: &Keys, (mut st, mut top): (Stretch, f64)) -> Stretch {
    // At least one sentence: a side of 10 to 19 sentences has coarse
    // stretches 1.5 sentences apart, and a stretch one sentence too long
    // leaves its cut side unbalanced (4 of 15 tried as 5: imbalance 0.2).
    let mut step = (side_len(s, t, st.side) / STEPS / 2).max(1);
    while step >= 1 {
        let around: Vec<Stretch> = [st.len.saturating_sub(step), st.len + step]
            .into_iter()
            .map(|len| Stretch { len, ..st })
            .filter(|c| usable(s, t, c) && c.len != st.len)
            .collect();
        for (c, score) in around.into_par_iter().map(|c| (c, support(s, t, keys, c))).collect::<Vec<_>>() {
            if (score, c.len) > (top, st.len) {
                (st, top) = (c, score);
            }
        }
        step /= 2;
    }
    st
}

/// `st` lengthened, if need be, until its characters match the other
/// side's by the length ratio of its supported beads: support favours a
/// stretch ending on its last anchored sentence, leaving out what the other
/// side says after its own last anchor.
fn lengthen(s: &Document, t: &Document, keys: &Keys, mut st: Stretch) -> Stretch {
    let a = keyed(s, t, keys, st);
    let (sk, tk) = rare_keys(s, t, keys, st);
    fn chars(doc: &Document, ids: impl IntoIterator<Item = usize>) -> usize {
        ids.into_iter().map(|i| doc.sentences[i].text.chars().count()).sum()
    }
    let (mut cut_chars, mut other_chars) = (0, 0);
    for b in a.beads.iter().filter(|b| !b.bead.is_null()) {
        if shared_weight(&union(sk, &b.bead.src), &union(tk, &b.bead.tgt)) < SUPPORT_WEIGHT {
            continue;
        }
        let (doc, other) =
            if st.side == Side::Source { (&a.source, &a.target) } else { (&a.target, &a.source) };
        cut_chars += chars(doc, ids_of(&b.bead, st.side).iter().copied());
        other_chars += chars(other, ids_of(&b.bead, st.side.other()).iter().copied());
    }
    if cut_chars == 0 || other_chars == 0 {
        return st;
    }
    let (whole, other) = if st.side == Side::Source { (s, t) } else { (t, s) };
    let n = whole.sentences.len();
    let want = chars(other, 0..other.sentences.len()) as f64 * cut_chars as f64 / other_chars as f64;
    let mut have = chars(whole, st.range(n));
    while st.len < n && (have as f64) < want {
        let next = if st.head { st.len } else { n - st.len - 1 };
        have += chars(whole, [next]);
        st.len += 1;
    }
    st
}

/// The pair cut to `st` aligned in full (lexical passes included) and
/// checked, if the check holds; lengthened by up to [`SLACK`] sentences
/// while the bead at the cut is a sentence of the other side left without
/// a partner (each kept only if the added sentence is paired).
///
/// The stretch's end at the cut is where it was cut, so a run of sentences
/// without anchors there (closing remarks, a quotation) says nothing: only
/// the far end and the balance of the two sides are judged, as for any pair.
fn confirm(
    s: &Document,
    t: &Document,
    anchorer: &Anchorer,
    opts: &AlignOptions,
    explain: bool,
    mut st: Stretch,
) -> Option<(Stretch, Alignment, Vec<Explanation>, Check)> {
    let full = |st: Stretch| {
        let (src, tgt) = cut(s, t, st);
        let (sub, explanations, prepared) =
            align_and_prepare(src, tgt, anchorer, opts, &mut |_| {}, explain, false);
        let check = prepared.finish(&sub);
        let far_edge = |f: &SideFigures| if st.head { f.unmatched_head } else { f.unmatched_tail };
        let edge = far_edge(&check.source).max(far_edge(&check.target));
        let related = matches!(check.verdict, Verdict::Ok | Verdict::Truncated);
        let holds =
            related && check.imbalance() <= MAX_IMBALANCE && edge + check.imbalance() <= MAX_UNACCOUNTED;
        holds.then_some((sub, explanations, check))
    };
    let (mut sub, mut explanations, mut check) = full(st)?;
    for _ in 0..SLACK {
        let at_cut = if st.head { sub.beads.last() } else { sub.beads.first() };
        let unpartnered = at_cut.is_some_and(|b| ids_of(&b.bead, st.side).is_empty());
        if !unpartnered || st.len == side_len(s, t, st.side) {
            break;
        }
        let longer = Stretch { len: st.len + 1, ..st };
        // The added sentence's place in the longer stretch.
        let added = if st.head { st.len } else { 0 };
        match full(longer) {
            Some(next)
                if next
                    .0
                    .beads
                    .iter()
                    .any(|b| !b.bead.is_null() && ids_of(&b.bead, st.side).contains(&added)) =>
            {
                (sub, explanations, check) = next;
                st = longer;
            }
            _ => break,
        }
    }
    Some((st, sub, explanations, check))
}

/// The whole pair's beads, explanations and check from those of the
/// stretch: its beads renumbered, every sentence outside it a null bead of
/// score 0, the coverage what its beads pair.
fn merge(
    whole: &Alignment,
    st: Stretch,
    sub: Alignment,
    explanations: Vec<Explanation>,
    mut check: Check,
) -> (Vec<ScoredBead>, Vec<Explanation>, Check) {
    let (ns, nt) = (whole.source.sentences.len(), whole.target.sentences.len());
    let n = side_len(&whole.source, &whole.target, st.side);
    let r = st.range(n);
    let paired: Vec<usize> = sub
        .beads
        .iter()
        .filter(|b| !b.bead.is_null())
        .flat_map(|b| ids_of(&b.bead, st.side))
        .copied()
        .collect();
    let (first, last) = (paired.iter().min().copied().unwrap_or(0), paired.iter().max().map_or(0, |m| m + 1));
    check.verdict = Verdict::Partial;
    check.coverage =
        Some(Coverage { side: st.side, start: r.start + first, end: r.start + last, sentences: n });
    (check.source_sentences, check.target_sentences) = (ns, nt);
    let (ds, dt) = if st.side == Side::Source { (r.start, 0) } else { (0, r.start) };
    let shift = |b: &Bead| {
        Bead::new(
            b.src.iter().map(|i| i + ds).collect::<Vec<_>>(),
            b.tgt.iter().map(|i| i + dt).collect::<Vec<_>>(),
        )
    };
    let left_out = |id: usize| ScoredBead {
        bead: if st.side == Side::Source { Bead::new(vec![id], vec![]) } else { Bead::new(vec![], vec![id]) },
        score: 0.0,
        anchors: Vec::new(),
    };
    let beads = (0..r.start)
        .map(left_out)
        .chain(sub.beads.into_iter().map(|b| ScoredBead { bead: shift(&b.bead), ..b }))
        .chain((r.end..n).map(left_out))
        .collect();
    let explanations = explanations
        .into_iter()
        .map(|mut e| {
            e.bead = shift(&e.bead);
            e.compared.iter_mut().for_each(|b| *b = shift(b));
            for alt in &mut e.runners_up {
                alt.beads.iter_mut().for_each(|p| p.bead = shift(&p.bead));
            }
            e
        })
        .collect();
    (beads, explanations, check)
}
