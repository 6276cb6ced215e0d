//! Word alignment inside the memory's units, computed when a memory is
//! indexed, so that a concordance can say which words of the translation
//! render the phrase looked up.
//!
//! # The model
//!
//! The tokens are those of the index ([`super::tokenize`]): one Han character,
//! or one English word (Latin words and digit runs inside Chinese text are
//! words too); punctuation is never linked. Three sources of evidence are
//! combined:
//!
//! * **IBM Model 1 in both directions** (English given Chinese and Chinese
//!   given English), trained by EM with the sentence aligner's trainer
//!   (`align::lexicon::train`) on a bounded, evenly spaced sample of
//!   the units ([`TRAIN_UNITS`]); every unit is then aligned with the tables.
//! * **A diagonal prior**, fast_align's: the score of linking the `j`-th of
//!   `m` tokens to the `i`-th of `n` is multiplied by
//!   `exp(-λ |i/n − j/m|)` ([`DIAGONAL`]), so that among equally likely
//!   characters the one at the same relative place wins.
//! * **Anchor seeds**: numbers, pinyin names and CC-CEDICT terms that both
//!   sides of a unit share ([`crate::anchor`]) link the tokens they cover
//!   with a floor probability and a boost that grows with the anchor's
//!   length in characters ([`SEED_T`], [`SEED_BOOST`]). They
//!   are also added to the training data as one-line pairs. A title seen once
//!   in the memory (`常务副市长` once, `executive vice-mayor` once) thus
//!   aligns through the dictionary even where the statistics are too thin.
//!   At decoding they are looked for only in units where a content token has
//!   no table partner scoring [`SURE`]: finding anchors is most of the cost
//!   of aligning a unit.
//!
//! Each direction gives every token its best partner (or none, when no
//! score reaches [`NULL_SCORE`]); the two are symmetrised with the
//! intersection grown towards the union (grow-diag-final-and: neighbours of
//! links, including diagonal ones, that are in the union and cover a token
//! not yet linked, then union links whose two tokens are both unlinked).
//! Last, a link of a word that repeats in the unit moves to the copy where
//! the links of its neighbouring tokens are, when that copy has more of
//! them ([`SUPPORT_ZH`], [`SUPPORT_EN`], [`SETTLED`], [`COPY_PASSES`]): Model 1
//! cannot tell the copies of a word apart, and in a list of officials the
//! diagonal prior often picks the next title's. Then the copies of a word
//! pair that repeats on both sides are linked one to one, by the links of
//! their neighbours to words said once ([`EVIDENCE_ZH`], [`EVIDENCE_EN`]):
//! the moves above look at one link at a time and leave a copy that the
//! symmetrisation left unlinked without a partner.
//!
//! # Cost
//!
//! Training looks at [`TRAIN_UNITS`] units ([`ITERATIONS`] EM passes)
//! whatever the memory's size, and
//! the table is pruned to [`KEEP_PER_WORD`] translations per Chinese token,
//! so aligning a unit reads a few short lists; a unit longer than
//! [`MAX_CELLS`] token pairs gets no links. Links are stored as two 16-bit
//! token numbers per link (Chinese, English).

use std::collections::HashMap;

use rayon::prelude::*;

use super::index::Entry;
use super::tokenize::{tokenize_into, Kind, Token};
use crate::anchor::{AnchorKey, AnchorKind, Anchorer};

/// Units sampled for training: it bounds the training time whatever the
/// memory's size. 50,000 generated units took 41 s of wall time on the
/// loaded 2-core machine (docs/BENCHMARKS.md), too much against a 20 s
/// index build; the bundled corpora (a few hundred units) are trained on in
/// full, so the dev-set titles checked do not depend on it.
pub const TRAIN_UNITS: usize = 20_000;
/// EM iterations per direction.
/// 3 rather than the sentence aligner's 5: on corpora/titles/dev.tsv 3 gave
/// 31 of 32 best renderings right, 5 gave 30 and 2 gave 29 (2026-12-05), and
/// each iteration is a pass over the sample in both directions.
pub const ITERATIONS: usize = 3;
/// Tension λ of the diagonal prior. fast_align's default is 4; session 13
/// measured it on the hand-linked title occurrences of
/// corpora/titles/spans-dev.tsv (examples/span_eval.rs, memory of corpora/,
/// before the copy assignment): λ 4 gave 46 of 57 spans exact (overlap F1
/// 0.893), 3 gave 46 (0.893), 2 gave 47 (0.911), 1 gave 47 (0.911) and 0
/// (no prior) 45 (0.870); the dev title list 154, 153, 154, 153 and 145 of
/// 164. News English often moves a title behind its holder's name
/// ("said Wu Xiaodong, the company's chairman"), and at 4 the prior pushed
/// such a pair below [`NULL_SCORE`].
pub const DIAGONAL: f64 = 2.0;
/// Translation probability given to a pair of tokens covered by a shared
/// anchor when the tables know it less well.
pub const SEED_T: f64 = 0.5;
/// Factor by which an anchor seed multiplies a link's score, once per
/// Chinese token the anchor covers (up to four).
pub const SEED_BOOST: f64 = 4.0;
/// A token whose best score is below this stays unlinked (aligned to NULL).
/// Set on corpora/dev: 0.02 linked the function words 的 and "the" to
/// everything near them, 0.1 dropped half of the title words.
pub const NULL_SCORE: f64 = 0.05;
/// A content token whose best table score (prior included) reaches this
/// has a sure partner; a unit is looked at for anchor seeds only when one
/// of its content tokens has none.
/// Set on corpora/titles/dev.tsv and the 100k-unit generated memory
/// (2026-12-05): 0.05, 0.1, 0.3 and 0.6 (every unit) gave the same 30 of 32
/// dev titles; at 0.1 aligning 100k units took 3.9 s of CPU against 8.8 s
/// with seeds everywhere and 2.9 s with none (then 28 of 32).
pub const SURE: f64 = 0.1;
/// Translations kept per Chinese token (in either direction's table).
pub const KEEP_PER_WORD: usize = 32;
/// Probabilities below this are dropped from the tables.
pub const MIN_T: f64 = 0.005;
/// Units with more token pairs than this are not aligned.
pub const MAX_CELLS: usize = 200_000;

/// A link: (Chinese token number, English token number) in the unit's
/// tokens as [`super::tokenize::tokenize`] gives them.
pub type Link = (u16, u16);

/// The learned tables: for each Chinese token hash, its likely English
/// tokens with t(en | zh) and t(zh | en).
///
/// The lists are stored flat: each Chinese token's English hashes, sorted,
/// are a range of `en` and their probabilities the same range of `prob`.
/// Aligning a unit scans the hashes of every Chinese token's list against
/// the unit's English tokens and reads the probabilities only of the few
/// that are there, so the scan touches 4 bytes per entry in one block
/// instead of 12 behind a pointer: the scan was a quarter of aligning a
/// unit, mostly waiting for memory (perf, 2026-12-05).
#[derive(Default)]
pub struct Model {
    lists: HashMap<u32, (u32, u32), std::hash::BuildHasherDefault<crate::hash::KeyMix>>,
    en: Vec<u32>,
    prob: Vec<(f32, f32)>,
}

/// Buffers [`Model::align`] reuses from one unit to the next: a unit's
/// sides and table cells were a dozen growing vectors, and their
/// allocations about a tenth of aligning it (perf, 2026-12-05).
#[derive(Default)]
pub struct Scratch {
    toks: Vec<Token>,
    zs: Side,
    es: Side,
    en_sorted: Vec<(u32, u32)>,
    cells: Vec<(u32, u32, f32, f32, u32)>,
}

/// The tokens of one unit that take part in alignment: their positions in
/// the full token list and their hashes.
#[derive(Default)]
struct Side {
    pos: Vec<u16>,
    hash: Vec<u32>,
    span: Vec<std::ops::Range<usize>>,
    /// The token's place for telling clauses apart: its position in the
    /// full token list, not counting the punctuation inside a word
    /// ([`IN_WORD`]), so that two tokens are in one clause when their places
    /// differ as much as their indexes.
    place: Vec<u16>,
    /// Whether the token is a content word: a Han character, or an English
    /// word that is not a function word.
    content: Vec<bool>,
}

/// Bytes of the longest function word ([`super::concord::FUNCTION_WORDS`]).
const FUNCTION_WORD_MAX: usize = {
    let (mut max, mut i) = (0, 0);
    while i < super::concord::FUNCTION_WORDS.len() {
        if super::concord::FUNCTION_WORDS[i].len() > max {
            max = super::concord::FUNCTION_WORDS[i].len();
        }
        i += 1;
    }
    max
};

/// Punctuation inside a word (apostrophes, hyphens, the middle dot of a
/// foreign name), which does not end a clause in [`assign_copies`]: counted
/// as a break, the apostrophe of "People's" put the "Office" of "… General
/// Office of the Municipal People's Government" out of the clause of its
/// "Government", so `办公室`'s link was no evidence for that copy and the
/// two copies of `政府` in `市人民政府秘书长、市人民政府办公室主任` were
/// swapped (corpora/dev4/x04, session 13 round 2: hand-linked spans 50 → 52
/// of 57, dev title list 157 → 158 of 164).
const IN_WORD: [&str; 5] = ["'", "\u{2019}", "-", "\u{2010}", "\u{b7}"];

fn side(text: &str, toks: &mut Vec<Token>) -> Option<Side> {
    let mut s = Side::default();
    side_into(text, toks, &mut s).then_some(s)
}

/// [`side`] into a reused `s`; false when the text has too many tokens.
fn side_into(text: &str, toks: &mut Vec<Token>, s: &mut Side) -> bool {
    tokenize_into(text, toks);
    s.pos.clear();
    s.hash.clear();
    s.span.clear();
    s.content.clear();
    s.place.clear();
    if toks.len() > u16::MAX as usize {
        return false;
    }
    let mut place = 0u16;
    for (i, t) in toks.iter().enumerate() {
        if t.kind == Kind::Punct && IN_WORD.contains(&&text[t.span.clone()]) {
            continue;
        }
        place += 1;
        if t.kind != Kind::Punct {
            s.place.push(place);
            s.pos.push(i as u16);
            s.hash.push(t.hash as u32);
            s.span.push(t.span.clone());
            s.content.push(match t.kind {
                Kind::Han => true,
                Kind::Word => {
                    let w = &text[t.span.clone()];
                    // Most words are longer than any function word.
                    w.len() > FUNCTION_WORD_MAX
                        || !super::concord::FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w))
                }
                Kind::Punct => false,
            });
        }
    }
    true
}

/// The anchor seeds of a unit: (Chinese content index, English content
/// index, number of Chinese tokens the anchor covers). A longer anchor is
/// stronger evidence: `市长` = "mayor" beats `市` = "municipal".
///
/// The English anchors are found first: a key only matches one of its own
/// kind, so the Chinese side is searched only for the kinds the English
/// side has. Most English sentences have no pinyin name, and the Chinese
/// name readings (every run of characters, every reading) were the
/// costliest anchors to find (callgrind, 2026-12-05). The seeds are the
/// same as with every kind searched: they are sorted at the end.
fn seeds(anchorer: &Anchorer, zh: &str, en: &str, zs: &Side, es: &Side) -> Vec<(usize, usize, u32)> {
    let mut ek: Vec<(AnchorKey, usize, usize)> = Vec::new();
    let mut kinds = [false; 4];
    let base = en.as_ptr().addr();
    anchorer.for_each_anchor(en, crate::lang::Lang::En, |kind, key, surface| {
        let start = surface.as_ptr().addr().wrapping_sub(base);
        ek.push((key, start, start + surface.len()));
        kinds[kind as usize] = true;
    });
    if ek.is_empty() {
        return Vec::new();
    }
    ek.sort_unstable();
    let mut out = Vec::new();
    let base = zh.as_ptr().addr();
    let mut visit = |_: AnchorKind, key: AnchorKey, surface: &str| {
        let start = surface.as_ptr().addr().wrapping_sub(base);
        let end = start + surface.len();
        let from = ek.partition_point(|x| x.0 < key);
        // The tokens inside each anchor: spans are in text order.
        let zi = zs.span.partition_point(|s| s.start < start)..zs.span.partition_point(|s| s.end <= end);
        for &(_, ea, eb) in ek[from..].iter().take_while(|x| x.0 == key) {
            let ej = es.span.partition_point(|s| s.start < ea)..es.span.partition_point(|s| s.end <= eb);
            let len = zi.len() as u32;
            for i in zi.clone() {
                for j in ej.clone() {
                    out.push((i, j, len));
                }
            }
        }
    };
    let has = |k: AnchorKind| kinds[k as usize];
    if has(AnchorKind::Glossary) {
        // The glossary's matcher is the anchorer's own.
        anchorer.for_each_anchor(zh, crate::lang::Lang::Zh, visit);
    } else {
        if has(AnchorKind::Number) {
            for n in crate::anchor::number::anchor_numbers(zh, crate::lang::Lang::Zh) {
                visit(
                    AnchorKind::Number,
                    crate::anchor::number_key(&n.value),
                    zh.get(n.start..n.end).unwrap_or(""),
                );
            }
        }
        if has(AnchorKind::Name) {
            crate::anchor::name::visit_anchors(zh, crate::lang::Lang::Zh, &mut visit);
        }
        if has(AnchorKind::Term) {
            crate::anchor::Lexicon::builtin().visit_anchors(zh, crate::lang::Lang::Zh, &mut visit);
            crate::anchor::label::visit_anchors(zh, crate::lang::Lang::Zh, &mut visit);
        }
    }
    // The longest anchor of each cell.
    out.sort_unstable_by(|a, b| (a.0, a.1, b.2).cmp(&(b.0, b.1, a.2)));
    out.dedup_by_key(|x| (x.0, x.1));
    out
}

impl Model {
    /// Trains on an evenly spaced sample of at most [`TRAIN_UNITS`] units.
    pub fn train(entries: &[Entry]) -> Model {
        let sample: Vec<&Entry> = sample_ids(entries.len()).map(|i| &entries[i]).collect();
        let anchorer = Anchorer::new();
        // Per unit: the pair itself, then one pair per anchor seed.
        let per_unit: Vec<Vec<(Vec<u64>, Vec<u64>)>> = sample
            .par_iter()
            .map_init(Vec::new, |toks, e| {
                let (Some(zs), Some(es)) = (side(&e.zh, toks), side(&e.en, toks)) else {
                    return Vec::new();
                };
                if zs.hash.is_empty() || es.hash.is_empty() {
                    return Vec::new();
                }
                let mut out = vec![(
                    zs.hash.iter().map(|&h| u64::from(h)).collect(),
                    es.hash.iter().map(|&h| u64::from(h)).collect(),
                )];
                for (i, j, _) in seeds(&anchorer, &e.zh, &e.en, &zs, &es) {
                    out.push((vec![u64::from(zs.hash[i])], vec![u64::from(es.hash[j])]));
                }
                out
            })
            .collect();
        let fwd: Vec<(Vec<u64>, Vec<u64>)> = per_unit.into_iter().flatten().collect();
        if fwd.is_empty() {
            return Model::default();
        }
        let (t_ef, t_fe) = rayon::join(
            || crate::align::lexicon::train(&fwd, ITERATIONS),
            || {
                let bwd: Vec<(Vec<u64>, Vec<u64>)> =
                    fwd.iter().map(|(z, e)| (e.clone(), z.clone())).collect();
                crate::align::lexicon::train(&bwd, ITERATIONS)
            },
        );
        let inverse = |ids: &crate::align::lexicon::TokenIds| {
            let mut v = vec![0u32; ids.len() + 1];
            for (&h, &id) in ids {
                v[id as usize] = h as u32;
            }
            v
        };
        // (zh, en) → (t(en|zh), t(zh|en)).
        let mut both: HashMap<(u32, u32), (f32, f32)> = HashMap::new();
        let (zh_of, en_of) = (inverse(&t_ef.source_ids), inverse(&t_ef.target_ids));
        for (&(f, e), &p) in t_ef.pairs.iter().zip(&t_ef.prob) {
            if f != 0 && p >= MIN_T {
                both.entry((zh_of[f as usize], en_of[e as usize])).or_default().0 = p as f32;
            }
        }
        let (en_of, zh_of) = (inverse(&t_fe.source_ids), inverse(&t_fe.target_ids));
        for (&(e, f), &p) in t_fe.pairs.iter().zip(&t_fe.prob) {
            if e != 0 && p >= MIN_T {
                both.entry((zh_of[f as usize], en_of[e as usize])).or_default().1 = p as f32;
            }
        }
        let mut table: HashMap<u32, Vec<(u32, f32, f32)>> = HashMap::new();
        for ((z, e), (a, b)) in both {
            table.entry(z).or_default().push((e, a, b));
        }
        let mut model = Model::default();
        for (z, mut list) in table {
            list.sort_unstable_by(|x, y| y.1.max(y.2).total_cmp(&x.1.max(x.2)).then(x.0.cmp(&y.0)));
            list.truncate(KEEP_PER_WORD);
            list.sort_unstable_by_key(|x| x.0);
            let start = model.en.len() as u32;
            model.en.extend(list.iter().map(|x| x.0));
            model.prob.extend(list.iter().map(|x| (x.1, x.2)));
            model.lists.insert(z, (start, model.en.len() as u32));
        }
        model
    }

    /// The links of one unit, sorted; empty when a side has no words or the
    /// unit is too long.
    pub fn align(&self, anchorer: &Anchorer, zh: &str, en: &str, scratch: &mut Scratch) -> Vec<Link> {
        let Scratch { toks, zs, es, en_sorted, cells } = scratch;
        if !side_into(zh, toks, zs) || !side_into(en, toks, es) {
            return Vec::new();
        }
        let (zs, es) = (&*zs, &*es);
        let (n, m) = (zs.hash.len(), es.hash.len());
        if n == 0 || m == 0 || n * m > MAX_CELLS {
            return Vec::new();
        }
        // The cells the tables know, as (Chinese index, English index,
        // t(en|zh), t(zh|en), anchor length), in token order: each entry of
        // a Chinese token's list is looked up among the unit's English
        // tokens (sorted by hash), past a 256-bit filter of their hashes
        // that most entries fail. Every other cell scores 0 and can be no
        // token's best.
        en_sorted.clear();
        en_sorted.extend(es.hash.iter().enumerate().map(|(j, &h)| (h, j as u32)));
        en_sorted.sort_unstable();
        let mut filter = HashFilter::default();
        for &(h, _) in en_sorted.iter() {
            filter.insert(h);
        }
        cells.clear();
        for (i, z) in zs.hash.iter().enumerate() {
            let Some(&(start, end)) = self.lists.get(z) else { continue };
            for k in start as usize..end as usize {
                let h = self.en[k];
                if !filter.may_hold(h) {
                    continue;
                }
                let (f, b) = self.prob[k];
                let from = en_sorted.partition_point(|x| x.0 < h);
                for &(_, j) in en_sorted[from..].iter().take_while(|x| x.0 == h) {
                    cells.push((i as u32, j, f, b, 0));
                }
            }
        }
        // The cells come grouped by Chinese token, not sorted by English
        // one: [`bests`] breaks ties by token number itself, so they need no
        // sort (sorting them was a tenth of aligning a unit, callgrind,
        // 2026-12-05); each cell is there once, as a Chinese token's list
        // holds an English hash once.
        let score = |t: f32, prior: f64, len: u32| match len {
            0 => f64::from(t) * prior,
            len => f64::from(t).max(SEED_T) * prior * SEED_BOOST.powi(len.min(4) as i32),
        };
        // English token j's best Chinese token (t(en|zh)) and Chinese token
        // i's best English token (t(zh|en)); on a tie the later token, in
        // token order, whatever the order of the cells.
        // The prior exp(-λ|x − y|) of x = (i + ½)/n and y = (j + ½)/m is
        // exp(-λx)/exp(-λy) or its inverse: n + m exponentials, not one per cell.
        let ex: Vec<f64> = (0..n).map(|i| (-DIAGONAL * (i as f64 + 0.5) / n as f64).exp()).collect();
        let ey: Vec<f64> = (0..m).map(|j| (-DIAGONAL * (j as f64 + 0.5) / m as f64).exp()).collect();
        let bests = |cells: &[(u32, u32, f32, f32, u32)]| {
            let mut best_zh: Vec<(f64, usize)> = vec![(f64::NEG_INFINITY, 0); m];
            let mut best_en: Vec<(f64, usize)> = vec![(f64::NEG_INFINITY, 0); n];
            for &(i, j, f, b, len) in cells {
                let (i, j) = (i as usize, j as usize);
                // exp(-λx) ≤ exp(-λy) exactly when x ≥ y.
                let prior = if ex[i] <= ey[j] { ex[i] / ey[j] } else { ey[j] / ex[i] };
                let sf = score(f, prior, len);
                if sf > best_zh[j].0 || (sf == best_zh[j].0 && i >= best_zh[j].1) {
                    best_zh[j] = (sf, i);
                }
                let sb = score(b, prior, len);
                if sb > best_en[i].0 || (sb == best_en[i].0 && j >= best_en[i].1) {
                    best_en[i] = (sb, j);
                }
            }
            (best_zh, best_en)
        };
        let (mut best_zh, mut best_en) = bests(cells);
        // The anchor seeds (per cell, the length in tokens of the longest
        // anchor covering it), only where the tables leave a content token
        // without a sure partner: finding anchors is most of the cost of
        // aligning a unit, and where every token has one they rarely change
        // a link.
        let unsure = (0..m).any(|j| es.content[j] && best_zh[j].0 < SURE)
            || (0..n).any(|i| zs.content[i] && best_en[i].0 < SURE);
        if unsure {
            let before = cells.len();
            for (i, j, len) in seeds(anchorer, zh, en, zs, es) {
                cells.push((i as u32, j as u32, 0.0, 0.0, len));
            }
            if cells.len() > before {
                cells.sort_unstable_by_key(|c| (c.0, c.1));
                // A seed and a table entry of the same cell are one cell.
                cells.dedup_by(|later, first| {
                    if (later.0, later.1) == (first.0, first.1) {
                        first.2 = first.2.max(later.2);
                        first.3 = first.3.max(later.3);
                        first.4 = first.4.max(later.4);
                        true
                    } else {
                        false
                    }
                });
                (best_zh, best_en) = bests(cells);
            }
        }
        // The union as a matrix, and its cells in row-major order (at most
        // one per token: no scan of the matrix to find them).
        let mut union = vec![0u8; n * m];
        let mut in_union = Vec::with_capacity(n + m);
        for (j, &(s, i)) in best_zh.iter().enumerate() {
            if s >= NULL_SCORE {
                union[i * m + j] |= 1;
                in_union.push(i * m + j);
            }
        }
        for (i, &(s, j)) in best_en.iter().enumerate() {
            if s >= NULL_SCORE {
                union[i * m + j] |= 2;
                in_union.push(i * m + j);
            }
        }
        in_union.sort_unstable();
        in_union.dedup();
        let mut links = grow_diag_over(&union, &in_union, n, m);
        prefer_contiguous_copies(
            &mut links,
            (&zs.hash, &zs.pos),
            (&es.hash, &es.pos, en_sorted),
            &es.content,
        );
        assign_copies(&mut links, (&zs.hash, &zs.place), (&es.hash, &es.place, en_sorted), &es.content);
        links.into_iter().map(|(i, j)| (zs.pos[i], es.pos[j])).collect()
    }
}

/// Links a neighbouring link must be within to support a link: Chinese
/// tokens either side ([`SUPPORT_ZH`]) and English tokens either side
/// ([`SUPPORT_EN`]). A two-character word's other character is one away;
/// "director of the … Bureau" puts a title's head five words from its body.
pub const SUPPORT_ZH: usize = 2;
/// See [`SUPPORT_ZH`].
pub const SUPPORT_EN: usize = 5;
/// A link with this much support stays without its copies being looked at:
/// a link with neighbours on both sides is where its phrase is, and looking
/// at every copy of every link cost a fifth more instructions aligning a
/// generated memory full of repeated words (callgrind, session 11).
pub const SETTLED: usize = 2;
/// Passes of the copy step (`prefer_contiguous_copies`): the two characters of a word tied
/// to the wrong copy support each other, so the first pass moves one and the
/// second the other.
pub const COPY_PASSES: usize = 2;

/// A 256-bit filter of token hashes: [`HashFilter::may_hold`] is true for
/// every hash inserted, and for a few others (a false "may" only costs a scan).
#[derive(Default)]
struct HashFilter([u64; 4]);

impl HashFilter {
    fn slot(h: u32) -> (usize, u64) {
        let bit = (h.wrapping_mul(0x9E37_79B9) >> 24) as usize;
        (bit >> 6, 1 << (bit & 63))
    }

    /// Adds `h`; returns whether the filter may have held it already.
    fn insert(&mut self, h: u32) -> bool {
        let (word, mask) = Self::slot(h);
        let had = self.0[word] & mask != 0;
        self.0[word] |= mask;
        had
    }

    fn may_hold(&self, h: u32) -> bool {
        let (word, mask) = Self::slot(h);
        self.0[word] & mask != 0
    }
}

/// The hashes of `tokens` that may occur more than once.
fn may_repeat(tokens: &[u32]) -> HashFilter {
    let (mut seen, mut again) = (HashFilter::default(), HashFilter::default());
    for &h in tokens {
        if seen.insert(h) {
            again.insert(h);
        }
    }
    again
}

/// Whether tokens `a` and `b` of one side are at most `within` apart and in
/// one clause: no punctuation between them (the positions `pos` count it,
/// the indexes do not). Titles in a list (`市委副书记、市长`) are separated by it.
fn same_clause(pos: &[u16], a: usize, b: usize, within: usize) -> bool {
    a.abs_diff(b) <= within && usize::from(pos[a]).abs_diff(usize::from(pos[b])) == a.abs_diff(b)
}

/// Where the tokens with hash `h` lie in a side's sorted (hash, index) list.
fn copies(sorted: &[(u32, u32)], h: u32) -> std::ops::Range<usize> {
    let from = sorted.partition_point(|x| x.0 < h);
    from..from + sorted[from..].partition_point(|x| x.0 == h)
}

/// Moves a link to another copy of the same word where its neighbours are.
///
/// Model 1 scores every copy of a word alike, and the diagonal prior only
/// says where the copy should be relative to the whole sentence: in a list
/// of officials (`…主任、…副主任`, "director …, deputy director …") or a
/// sentence that says `政府` twice, a token is often tied to the wrong copy.
/// A link's support is the number of other links of other Chinese tokens
/// within [`SUPPORT_ZH`] Chinese and [`SUPPORT_EN`] English tokens of it,
/// with no punctuation between (the neighbouring words of the phrase it
/// belongs to); a link to the same English word counts only from the
/// Chinese token right next to it (the other character of a word: `任命` =
/// "appointed"). A link moves
/// to the copy of its English word (same hash elsewhere in the sentence), or
/// of its Chinese character, with strictly more support; within a pass the
/// supports are those of the links before any move, so the order of the
/// links does not matter, and a second pass ([`COPY_PASSES`]) lets the other
/// character of a moved word follow. It is the contiguity that HMM alignment models by jumps, applied
/// only where a word repeats, and only to links of English content words.
fn prefer_contiguous_copies(
    links: &mut Vec<(usize, usize)>,
    zh: (&[u32], &[u16]),
    en: (&[u32], &[u16], &[(u32, u32)]),
    en_content: &[bool],
) {
    let ((zh, zh_pos), (en, en_pos, en_sorted)) = (zh, en);
    if links.len() < 2 {
        return;
    }
    let zh_repeats = may_repeat(zh);
    // Only links of English content words whose English word or Chinese
    // character has a copy are looked at.
    let eligible = |&(i, j): &(usize, usize)| {
        en_content[j] && (copies(en_sorted, en[j]).len() > 1 || zh_repeats.may_hold(zh[i]))
    };
    if !links.iter().any(eligible) {
        return;
    }
    links.sort_unstable();
    for _ in 0..COPY_PASSES {
        // Sorted by Chinese token: a link's neighbours are a short range.
        let before = links.clone();
        let support = |i: usize, j: usize| {
            let from = before.partition_point(|x| x.0 + SUPPORT_ZH < i);
            before[from..]
                .iter()
                .take_while(|x| x.0 <= i + SUPPORT_ZH)
                .filter(|&&(a, b)| {
                    a != i
                        && (b != j || same_clause(zh_pos, a, i, 1))
                        && same_clause(zh_pos, a, i, SUPPORT_ZH)
                        && same_clause(en_pos, b, j, SUPPORT_EN)
                })
                .count()
        };
        let mut moved = false;
        for link in links.iter_mut() {
            let (i, j) = *link;
            // Links of English function words ("the", "of", repeated in
            // most sentences) are left: they cut no span, and looking at
            // their copies was most of the cost.
            if !eligible(&(i, j)) {
                continue;
            }
            // (support, distance from the link, Chinese, English): the link
            // stays unless a copy has strictly more support; among copies of
            // equal support the nearer one wins.
            let here = support(i, j);
            if here >= SETTLED {
                continue;
            }
            let mut best = (here, 0, i, j);
            let mut consider = |s: usize, distance: usize, a: usize, b: usize| {
                if s > best.0 || (s == best.0 && best.1 > 0 && distance < best.1) {
                    best = (s, distance, a, b);
                }
            };
            for k in en_sorted[copies(en_sorted, en[j])].iter().map(|x| x.1 as usize).filter(|&k| k != j) {
                consider(support(i, k), k.abs_diff(j), i, k);
            }
            for k in (0..zh.len()).filter(|&k| k != i && zh[k] == zh[i]) {
                consider(support(k, j), k.abs_diff(i), k, j);
            }
            if (best.2, best.3) != (i, j) {
                *link = (best.2, best.3);
                moved = true;
            }
        }
        if !moved {
            break;
        }
        links.sort_unstable();
        links.dedup();
    }
}

/// Chinese tokens either side of a copy whose links are evidence for its
/// partner in `assign_copies` (same clause): the other characters of a
/// two-character title word and of the word next to it, as [`SUPPORT_ZH`].
pub const EVIDENCE_ZH: usize = 2;
/// English tokens either side of a copy within which such a link counts:
/// "member of the Standing Committee of the CPC Nanhu Municipal Committee"
/// puts `市委` six words after `常委`'s "Standing" (corpora/titles-dev/n01);
/// [`SUPPORT_EN`]'s 5 misses it. Not swept (session 13).
pub const EVIDENCE_EN: usize = 7;

/// Gives the copies of a repeated word pair one partner each (competitive
/// linking among copies).
///
/// Where a Chinese character and the English content word it is linked to
/// both repeat in a unit (`市委` three times and "Municipal Committee" three
/// times in a list of officials), each direction's best partner is the copy
/// the diagonal prior favours, so several Chinese copies land on one English
/// copy, or on the copy one title further on, and the symmetrisation drops
/// the rest (session 13, corpora/titles/spans-dev.tsv: `市委常委` linked to
/// the "Municipal Committee" of the previous title, `国家统计局` to the
/// first "Bureau of Statistics" and `市统计局` to none). The links between
/// the copies of such a pair are redrawn one to one. A (Chinese copy,
/// English copy) cell scores the links of its neighbouring Chinese tokens
/// (same clause, within [`EVIDENCE_ZH`]; punctuation inside a word, [`IN_WORD`],
/// does not end a clause) to English content words said once
/// in the sentence that lie within [`EVIDENCE_EN`] tokens of the English
/// copy, in the same clause (a name, "Standing", "deputy": evidence no other
/// copy can claim); cells are taken best first (more such links, then
/// nearer ones, then the link as it was), each copy once. When both sides
/// hold the word equally often, every copy gets a partner, those without
/// evidence in their order (a list is translated in its order); otherwise
/// only the Chinese copies that had a link are relinked, as many as before.
fn assign_copies(
    links: &mut Vec<(usize, usize)>,
    zh: (&[u32], &[u16]),
    en: (&[u32], &[u16], &[(u32, u32)]),
    en_content: &[bool],
) {
    let ((zh, zh_pos), (en, en_pos, en_sorted)) = (zh, en);
    let copies = |h: u32| en_sorted[copies(en_sorted, h)].iter().map(|x| x.1 as usize);
    // Whether each English token's word is said more than once: one walk
    // of the (hash, index) list instead of a search per link.
    let mut en_repeats = vec![false; en.len()];
    for w in en_sorted.windows(2) {
        if w[0].0 == w[1].0 {
            en_repeats[w[0].1 as usize] = true;
            en_repeats[w[1].1 as usize] = true;
        }
    }
    // The groups: (Chinese hash, English hash) of links whose English word
    // is a content word and repeats.
    let mut groups: Vec<(u32, u32)> = links
        .iter()
        .filter(|&&(_, j)| en_content[j] && en_repeats[j])
        .map(|&(i, j)| (zh[i], en[j]))
        .collect();
    if groups.is_empty() {
        return;
    }
    let zh_repeats = may_repeat(zh);
    groups.retain(|&(h, _)| zh_repeats.may_hold(h));
    if groups.is_empty() {
        return;
    }
    groups.sort_unstable();
    groups.dedup();
    // Evidence: links to English words said once, in Chinese token order.
    let mut evidence: Vec<(usize, usize)> =
        links.iter().copied().filter(|&(_, b)| en_content[b] && !en_repeats[b]).collect();
    evidence.sort_unstable();
    for (h, g) in groups {
        let mut zc: Vec<usize> = (0..zh.len()).filter(|&k| zh[k] == h).collect();
        if zc.len() < 2 {
            continue;
        }
        let ec: Vec<usize> = copies(g).collect();
        let current: Vec<(usize, usize)> =
            links.iter().copied().filter(|&(i, j)| zh[i] == h && en[j] == g).collect();
        let balanced = zc.len() == ec.len();
        if !balanced {
            zc.retain(|z| current.iter().any(|c| c.0 == *z));
        }
        let want = if balanced { zc.len() } else { current.len() };
        // (evidence links, their summed English distance).
        let score = |z: usize, e: usize| {
            let mut n = 0;
            let mut d = 0;
            let from = evidence.partition_point(|x| x.0 + EVIDENCE_ZH < z);
            for &(a, b) in evidence[from..].iter().take_while(|x| x.0 <= z + EVIDENCE_ZH) {
                if a != z && same_clause(zh_pos, a, z, EVIDENCE_ZH) && same_clause(en_pos, b, e, EVIDENCE_EN)
                {
                    n += 1;
                    d += b.abs_diff(e);
                }
            }
            (n, d)
        };
        let mut cells: Vec<(usize, usize, bool, usize, usize)> = Vec::new();
        for &z in &zc {
            for &e in &ec {
                let (n, d) = score(z, e);
                cells.push((n, d, current.contains(&(z, e)), z, e));
            }
        }
        cells.sort_unstable_by(|a, b| (b.0, a.1, b.2, a.3, a.4).cmp(&(a.0, b.1, a.2, b.3, b.4)));
        let mut chosen: Vec<(usize, usize)> = Vec::new();
        let (mut zu, mut eu) = (Vec::new(), Vec::new());
        for &(sc, _, cur, z, e) in &cells {
            if chosen.len() >= want {
                break;
            }
            if (sc > 0 || (cur && !balanced)) && !zu.contains(&z) && !eu.contains(&e) {
                chosen.push((z, e));
                zu.push(z);
                eu.push(e);
            }
        }
        if balanced {
            // The rest in order.
            let zr: Vec<usize> = zc.iter().copied().filter(|z| !zu.contains(z)).collect();
            let er: Vec<usize> = ec.iter().copied().filter(|e| !eu.contains(e)).collect();
            chosen.extend(zr.into_iter().zip(er));
        }
        links.retain(|&(i, j)| !(zh[i] == h && en[j] == g));
        links.extend(chosen);
    }
    links.sort_unstable();
    links.dedup();
}

/// [`grow_diag_over`] finding the union's cells by a scan of the matrix.
#[cfg(test)]
fn grow_diag_final_and(union: &[u8], n: usize, m: usize) -> Vec<(usize, usize)> {
    let in_union: Vec<usize> = union.iter().enumerate().filter(|(_, &b)| b != 0).map(|(k, _)| k).collect();
    grow_diag_over(union, &in_union, n, m)
}

/// Symmetrises two directional alignments given as a matrix of bit 1
/// (English → Chinese) and bit 2 (Chinese → English), and the matrix's
/// cells that are set (`i * m + j`, in row-major order).
///
/// The classic formulation sweeps the whole matrix once per growing pass;
/// here each pass visits only the cells already on, kept sorted in the
/// sweep's (row-major) order, and a cell switched on during a pass is
/// visited in the same pass exactly when the sweep would still reach it.
/// The links are the same; the matrix sweeps were a sixth of aligning a
/// unit (perf, 2026-12-05).
fn grow_diag_over(union: &[u8], in_union: &[usize], n: usize, m: usize) -> Vec<(usize, usize)> {
    const NEIGHBOURS: [(isize, isize); 8] =
        [(-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)];
    // The intersection starts on.
    let mut on = vec![false; n * m];
    let mut zh_linked = vec![false; n];
    let mut en_linked = vec![false; m];
    let mut cells: Vec<usize> = Vec::with_capacity(in_union.len());
    for &k in in_union {
        if union[k] == 3 {
            on[k] = true;
            zh_linked[k / m] = true;
            en_linked[k % m] = true;
            cells.push(k);
        }
    }
    let mut grew = true;
    while grew {
        grew = false;
        let mut x = 0;
        while x < cells.len() {
            let (i, j) = (cells[x] / m, cells[x] % m);
            for (di, dj) in NEIGHBOURS {
                let (a, b) = (i as isize + di, j as isize + dj);
                if a < 0 || b < 0 || a >= n as isize || b >= m as isize {
                    continue;
                }
                let (a, b) = (a as usize, b as usize);
                let c = a * m + b;
                if !on[c] && union[c] != 0 && (!zh_linked[a] || !en_linked[b]) {
                    on[c] = true;
                    zh_linked[a] = true;
                    en_linked[b] = true;
                    grew = true;
                    let p = cells.partition_point(|&y| y < c);
                    cells.insert(p, c);
                    // Behind the sweep: its turn is the next pass.
                    if p <= x {
                        x += 1;
                    }
                }
            }
            x += 1;
        }
    }
    for &k in in_union {
        let (i, j) = (k / m, k % m);
        if !on[k] && !zh_linked[i] && !en_linked[j] {
            on[k] = true;
            zh_linked[i] = true;
            en_linked[j] = true;
            let p = cells.partition_point(|&y| y < k);
            cells.insert(p, k);
        }
    }
    cells.into_iter().map(|k| (k / m, k % m)).collect()
}

/// Trains the model on `entries` and aligns every unit: per unit, the start
/// of its links in the second vector (and the total at the end), and the
/// links packed as `zh << 16 | en`.
pub fn unit_links(entries: &[Entry]) -> (Vec<u64>, Vec<u32>) {
    let model = Model::train(entries);
    let mut off = Vec::with_capacity(entries.len() + 1);
    off.push(0u64);
    let links = chunk_links(&model, &Anchorer::new(), entries, &mut off);
    (off, links)
}

/// The indexes of the units [`Model::train`] trains on among `n`: evenly
/// spaced, at most [`TRAIN_UNITS`]. A streaming build reads just these back.
pub fn sample_ids(n: usize) -> impl Iterator<Item = usize> {
    (0..n).step_by(n.div_ceil(TRAIN_UNITS).max(1))
}

/// All the links of `entries`, packed `zh << 16 | en`, in unit order; the
/// start of each unit's links after the first is appended to `off`, which
/// holds where this chunk starts (so a build that aligns its units in
/// batches continues one offset table). The units are aligned on all threads.
pub fn chunk_links(model: &Model, anchorer: &Anchorer, entries: &[Entry], off: &mut Vec<u64>) -> Vec<u32> {
    const CHUNK: usize = 4096;
    let parts: Vec<(Vec<u64>, Vec<u32>)> = entries
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut scratch = Scratch::default();
            let (mut counts, mut links) = (Vec::with_capacity(chunk.len()), Vec::new());
            for e in chunk {
                let l = model.align(anchorer, &e.zh, &e.en, &mut scratch);
                counts.push(l.len() as u64);
                links.extend(l.into_iter().map(|(z, e)| (u32::from(z) << 16) | u32::from(e)));
            }
            (counts, links)
        })
        .collect();
    let mut all = Vec::with_capacity(parts.iter().map(|p| p.1.len()).sum());
    let mut end = off.last().copied().unwrap_or(0);
    for (counts, links) in parts {
        for c in counts {
            end += c;
            off.push(end);
        }
        all.extend_from_slice(&links);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::tokenize::tokenize;

    fn entry(zh: &str, en: &str) -> Entry {
        Entry { file: 0, unit: 1, zh: zh.into(), en: en.into(), joined: false }
    }

    fn linked<'a>(zh: &'a str, en: &'a str, links: &[Link]) -> Vec<(&'a str, &'a str)> {
        let (zt, et) = (tokenize(zh), tokenize(en));
        links
            .iter()
            .map(|&(z, e)| (&zh[zt[z as usize].span.clone()], &en[et[e as usize].span.clone()]))
            .collect()
    }

    #[test]
    fn seeds_searched_by_the_english_kinds_are_those_of_every_kind() {
        // Every anchor of both sides, matched by key: what `seeds` gives.
        let all = |zh: &str, en: &str| {
            let a = Anchorer::new();
            let mut toks = Vec::new();
            let (zs, es) = (side(zh, &mut toks).unwrap(), side(en, &mut toks).unwrap());
            let cover = |sp: &[std::ops::Range<usize>], r: std::ops::Range<usize>| {
                sp.partition_point(|s| s.start < r.start)..sp.partition_point(|s| s.end <= r.end)
            };
            let (zb, eb) = (zh.as_ptr().addr(), en.as_ptr().addr());
            let (mut zk, mut ek) = (Vec::new(), Vec::new());
            a.for_each_anchor(zh, crate::lang::Lang::Zh, |_, k, s| {
                let at = s.as_ptr().addr().wrapping_sub(zb);
                zk.push((k, at..at + s.len()));
            });
            a.for_each_anchor(en, crate::lang::Lang::En, |_, k, s| {
                let at = s.as_ptr().addr().wrapping_sub(eb);
                ek.push((k, at..at + s.len()));
            });
            let mut out = Vec::new();
            for (k, zr) in &zk {
                for (_, er) in ek.iter().filter(|(x, _)| x == k) {
                    let zi = cover(&zs.span, zr.clone());
                    for i in zi.clone() {
                        for j in cover(&es.span, er.clone()) {
                            out.push((i, j, zi.len() as u32));
                        }
                    }
                }
            }
            out.sort_unstable_by(|a, b| (a.0, a.1, b.2).cmp(&(b.0, b.1, a.2)));
            out.dedup_by_key(|x| (x.0, x.1));
            (seeds(&a, zh, en, &zs, &es), out)
        };
        for (zh, en) in [
            (
                "市长林志强出席，投资12.6亿元。",
                "Mayor Lin Zhiqiang attended; the investment is 1.26 billion yuan.",
            ),
            ("港口吞吐量增长5%。", "Port throughput grew 5%."),
            ("常务副市长出席会议。", "The executive vice-mayor attended the meeting."),
            ("会议在北京举行。", "Nothing shared here."),
            ("答：不是。市民可以到门店购买。", "A: No, residents can buy at the shops."),
        ] {
            let (got, want) = all(zh, en);
            assert_eq!(got, want, "{zh} / {en}");
        }
        let (got, _) = all("市长林志强出席。", "Mayor Lin Zhiqiang attended.");
        assert!(got.len() >= 3, "the name and the title are seeds: {got:?}");
    }

    #[test]
    fn a_term_seen_once_aligns_through_the_dictionary() {
        let mut entries =
            vec![entry("常务副市长王强出席会议。", "Executive vice-mayor Wang Qiang attended the meeting.")];
        for k in 0..20 {
            entries.push(entry(&format!("港口吞吐量增长{k}%。"), &format!("Port throughput grew by {k}%.")));
        }
        let model = Model::train(&entries);
        let anchorer = Anchorer::new();
        let mut scratch = Scratch::default();
        let (zh, en) = (&entries[0].zh, &entries[0].en);
        let l = linked(zh, en, &model.align(&anchorer, zh, en, &mut scratch));
        assert!(l.contains(&("市", "mayor")) || l.contains(&("长", "mayor")), "{l:?}");
        assert!(l.contains(&("王", "Wang")), "{l:?}");
        assert!(l.contains(&("会", "meeting")) || l.contains(&("议", "meeting")), "{l:?}");
        assert!(!l.iter().any(|&(z, _)| z == "。"), "punctuation is never linked: {l:?}");
    }

    #[test]
    fn links_are_packed_per_unit_in_order() {
        let entries = vec![entry("港口", "port"), entry("", "only English"), entry("港口", "the port")];
        let (off, links) = unit_links(&entries);
        assert_eq!(off.len(), 4);
        assert!(off[1] > off[0], "港口 = port is linked");
        assert!(off[3] > off[2]);
        assert_eq!(off[2], off[1], "a unit with one side empty has no links");
        assert_eq!(*off.last().unwrap() as usize, links.len());
    }

    /// The textbook grow-diag-final-and: a sweep of the whole matrix per pass.
    fn grow_diag_by_sweeps(union: &[u8], n: usize, m: usize) -> Vec<(usize, usize)> {
        let mut on: Vec<bool> = union.iter().map(|&b| b == 3).collect();
        let (mut zl, mut el) = (vec![false; n], vec![false; m]);
        for k in 0..n * m {
            if on[k] {
                zl[k / m] = true;
                el[k % m] = true;
            }
        }
        let mut grew = true;
        while grew {
            grew = false;
            for i in 0..n {
                for j in 0..m {
                    if !on[i * m + j] {
                        continue;
                    }
                    for (di, dj) in [(-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)] {
                        let (a, b) = (i as isize + di, j as isize + dj);
                        if a < 0 || b < 0 || a >= n as isize || b >= m as isize {
                            continue;
                        }
                        let (a, b) = (a as usize, b as usize);
                        if !on[a * m + b] && union[a * m + b] != 0 && (!zl[a] || !el[b]) {
                            on[a * m + b] = true;
                            zl[a] = true;
                            el[b] = true;
                            grew = true;
                        }
                    }
                }
            }
        }
        for k in 0..n * m {
            if union[k] != 0 && !on[k] && !zl[k / m] && !el[k % m] {
                on[k] = true;
                zl[k / m] = true;
                el[k % m] = true;
            }
        }
        (0..n * m).filter(|&k| on[k]).map(|k| (k / m, k % m)).collect()
    }

    #[test]
    fn grow_diag_over_the_cells_that_are_on_links_as_the_matrix_sweeps_do() {
        // Random sparse unions of random shapes (a fixed linear congruential
        // sequence), dense enough for growth chains and final-and links.
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |k: u64| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) % k
        };
        for _ in 0..2000 {
            let (n, m) = (1 + next(12) as usize, 1 + next(12) as usize);
            let density = 1 + next(4);
            let union: Vec<u8> =
                (0..n * m).map(|_| if next(10) < density { 1 + next(3) as u8 } else { 0 }).collect();
            assert_eq!(
                grow_diag_final_and(&union, n, m),
                grow_diag_by_sweeps(&union, n, m),
                "{n}x{m} {union:?}"
            );
        }
    }

    /// (hash, index) sorted, as [`Model::align`] hands them over.
    fn by_hash(hashes: &[u32]) -> Vec<(u32, u32)> {
        let mut v: Vec<(u32, u32)> = hashes.iter().enumerate().map(|(i, &h)| (h, i as u32)).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn a_link_moves_to_the_copy_of_its_word_where_its_neighbours_are() {
        // 县人民政府 … 政府工作报告 / "… the county people's government … the
        // government work report": 政 and 府 of the first 政府 tied to the
        // second "government"; 人 and 民 to "people" next to the first.
        let zh = "县长代表县人民政府作政府工作报告";
        let en = "the county head delivered the government work report of the county people government";
        let zt: Vec<u32> = tokenize(zh).iter().map(|t| t.hash as u32).collect();
        let et: Vec<u32> = tokenize(en).iter().map(|t| t.hash as u32).collect();
        let (zp, ep): (Vec<u16>, Vec<u16>) = ((0..zt.len() as u16).collect(), (0..et.len() as u16).collect());
        let word = |w: &str| en.split(' ').position(|x| x == w).unwrap();
        let words: Vec<&str> = en.split(' ').collect();
        let last = |w: &str| words.iter().rposition(|x| *x == w).unwrap();
        assert_eq!(et.len(), words.len(), "one token a word");
        let ch = |c: char, nth: usize| zh.chars().enumerate().filter(|x| x.1 == c).nth(nth).unwrap().0;
        let mut links = vec![
            (ch('人', 0), word("people")),
            (ch('民', 0), word("people")),
            (ch('政', 0), word("government")),
            (ch('府', 0), word("government")),
            (ch('工', 0), word("work")),
            (ch('报', 0), word("report")),
        ];
        let es = by_hash(&et);
        prefer_contiguous_copies(&mut links, (&zt, &zp), (&et, &ep, &es), &vec![true; et.len()]);
        assert!(links.contains(&(ch('政', 0), last("government"))), "{links:?}");
        assert!(links.contains(&(ch('府', 0), last("government"))), "{links:?}");
        // The report's words keep their links; nothing else moved.
        assert!(links.contains(&(ch('工', 0), word("work"))) && links.len() == 6, "{links:?}");
    }

    #[test]
    fn no_link_moves_across_punctuation_to_the_next_title_of_a_list() {
        // 主任、副主任 / "director , deputy director": the second title's
        // links do not pull the first one's over the comma.
        let zh = "主任、副主任";
        let en = "director , deputy director";
        let toks = |t: &str| {
            let v = tokenize(t);
            let keep: Vec<usize> = (0..v.len()).filter(|&k| v[k].kind != Kind::Punct).collect();
            (
                keep.iter().map(|&k| v[k].hash as u32).collect::<Vec<_>>(),
                keep.iter().map(|&k| k as u16).collect::<Vec<_>>(),
            )
        };
        let ((zh_h, zh_p), (en_h, en_p)) = (toks(zh), toks(en));
        let before = vec![(0, 0), (1, 0), (2, 1), (3, 2), (4, 2)];
        let mut links = before.clone();
        let es = by_hash(&en_h);
        prefer_contiguous_copies(&mut links, (&zh_h, &zh_p), (&en_h, &en_p, &es), &vec![true; en_h.len()]);
        assert_eq!(links, before);
    }

    /// A text's non-punctuation tokens: hashes, positions, words.
    fn content_side(t: &str) -> (Vec<u32>, Vec<u16>, Vec<&str>) {
        let v = tokenize(t);
        let keep: Vec<usize> = (0..v.len()).filter(|&k| v[k].kind != Kind::Punct).collect();
        (
            keep.iter().map(|&k| v[k].hash as u32).collect(),
            keep.iter().map(|&k| k as u16).collect(),
            keep.iter().map(|&k| &t[v[k].span.clone()]).collect(),
        )
    }

    #[test]
    fn copies_of_a_title_word_in_a_list_get_one_partner_each_in_place() {
        // The shape of corpora/titles-dev/n01: three 市委 and three
        // "Municipal Committee"; the prior tied the second 市委 to the first
        // English copy and the third to the second, the first to none.
        let zh = "市委书记高德明，市委副书记吴建华，市委常委许晓峰出席";
        let en = "Gao Deming, secretary of the CPC Nanhu Municipal Committee, Wu Jianhua, deputy secretary \
                  of the CPC Nanhu Municipal Committee, and Xu Xiaofeng, member of the Standing Committee \
                  of the CPC Nanhu Municipal Committee, attended";
        let (zh_h, zh_p, zw) = content_side(zh);
        let (en_h, en_p, ew) = content_side(en);
        let z = |c: &str, nth: usize| (0..zw.len()).filter(|&k| zw[k] == c).nth(nth).unwrap();
        let e = |w: &str, nth: usize| (0..ew.len()).filter(|&k| ew[k] == w).nth(nth).unwrap();
        let mut links = vec![
            (z("市", 1), e("Municipal", 0)),
            (z("委", 1), e("Committee", 0)),
            (z("市", 2), e("Municipal", 1)),
            (z("委", 2), e("Committee", 1)),
            (z("副", 0), e("deputy", 0)),
            (z("常", 0), e("Standing", 0)),
            (z("高", 0), e("Gao", 0)),
        ];
        let content: Vec<bool> = ew.iter().map(|w| !["of", "the", "and"].contains(w)).collect();
        assign_copies(&mut links, (&zh_h, &zh_p), (&en_h, &en_p, &by_hash(&en_h)), &content);
        for k in 0..3 {
            assert!(links.contains(&(z("市", k), e("Municipal", k))), "市 #{k}: {links:?}");
        }
        // "Committee" and 委 four times each (常委, "Standing Committee"):
        // one each, the first two titles' in place, the third title's two
        // on its two copies (in either order: they render 市委常委 together).
        assert!(links.contains(&(z("委", 0), e("Committee", 0))), "{links:?}");
        assert!(links.contains(&(z("委", 1), e("Committee", 1))), "{links:?}");
        let mut third: Vec<usize> =
            links.iter().filter(|l| [z("委", 2), z("委", 3)].contains(&l.0)).map(|l| l.1).collect();
        third.sort_unstable();
        assert_eq!(third, vec![e("Committee", 2), e("Committee", 3)], "{links:?}");
        assert!(links.contains(&(z("副", 0), e("deputy", 0))) && links.contains(&(z("高", 0), e("Gao", 0))));
    }

    #[test]
    fn an_apostrophe_does_not_cut_the_evidence_for_a_copy_off_its_clause() {
        // corpora/dev4/x04: the links as the symmetrisation left them are
        // right; "Office" (said once) is evidence for the second copy of
        // "Government" only if "People's" does not end the clause.
        let zh = "通知决定，任命周海涛为市人民政府秘书长、市人民政府办公室主任。";
        let en = "The notice appointed Zhou Haitao secretary-general of the municipal government and \
                  director of the General Office of the Municipal People's Government.";
        let mut toks = Vec::new();
        let (zs, es) = (side(zh, &mut toks).unwrap(), side(en, &mut toks).unwrap());
        let zw: Vec<&str> = zs.span.iter().map(|r| &zh[r.clone()]).collect();
        let ew: Vec<String> = es.span.iter().map(|r| en[r.clone()].to_lowercase()).collect();
        let z = |c: &str, nth: usize| (0..zw.len()).filter(|&k| zw[k] == c).nth(nth).unwrap();
        let e = |w: &str, nth: usize| (0..ew.len()).filter(|&k| ew[k] == w).nth(nth).unwrap();
        let mut links = vec![
            (z("政", 0), e("government", 0)),
            (z("府", 0), e("government", 0)),
            (z("政", 1), e("government", 1)),
            (z("府", 1), e("government", 1)),
            (z("书", 0), e("secretary", 0)),
            (z("办", 0), e("office", 0)),
            (z("公", 0), e("office", 0)),
            (z("室", 0), e("office", 0)),
        ];
        links.sort_unstable();
        let want = links.clone();
        assign_copies(
            &mut links,
            (&zs.hash, &zs.place),
            (&es.hash, &es.place, &by_hash(&es.hash)),
            &es.content,
        );
        assert_eq!(links, want);
        // Positions that count the apostrophe as a break swap the copies.
        assign_copies(&mut links, (&zs.hash, &zs.pos), (&es.hash, &es.pos, &by_hash(&es.hash)), &es.content);
        assert_ne!(links, want);
    }

    #[test]
    fn copies_are_not_reassigned_when_one_side_says_the_word_once() {
        // 市长 and 市委: 市 twice, "mayor" once; the link stays.
        let zh = "市委书记和市长出席";
        let en = "the secretary and the mayor attended";
        let (zh_h, zh_p, zw) = content_side(zh);
        let (en_h, en_p, ew) = content_side(en);
        let pos = |w: &[&str], x: &str| w.iter().position(|y| *y == x).unwrap();
        let before = vec![(4, pos(&ew, "mayor")), (5, pos(&ew, "mayor")), (2, pos(&ew, "secretary"))];
        let mut links = before.clone();
        links.sort_unstable();
        let mut want = links.clone();
        assign_copies(&mut links, (&zh_h, &zh_p), (&en_h, &en_p, &by_hash(&en_h)), &vec![true; ew.len()]);
        want.sort_unstable();
        assert_eq!(links, want, "{zw:?}");
    }

    #[test]
    fn grow_diag_adds_neighbours_from_the_union_only_for_unlinked_tokens() {
        // 2×4: intersection at (0,0); the union adds (1,1) diagonally, but
        // not (0,3), which is not adjacent and whose Chinese token is linked.
        let u = [3, 0, 0, 1, 0, 2, 0, 0];
        let l = grow_diag_final_and(&u, 2, 4);
        assert_eq!(l, vec![(0, 0), (1, 1)]);
    }
}
