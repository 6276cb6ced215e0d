//! Sentence alignment by length, anchors and a lexicon learned on the fly.
//!
//! The aligner finds the cheapest ordered partition of both documents into
//! beads (0-1, 1-0, 1-1, 1-2 … 1-4, 4-1, 2-2, 2-3, 3-2) by dynamic
//! programming. How a bead is priced is in `cost`; how the search stays
//! linear in the document length is in `search`.
//!
//! Alignment runs in passes:
//!
//! 1. Anchors (numbers, names, dictionary and glossary terms, all reduced to
//!    language-neutral keys by [`crate::anchor`]) and lengths, with a length
//!    ratio taken from the document totals.
//! 2. The first path sets the null discount (how freely this translator
//!    leaves sentences out, see `cost`). IBM Model 1 is trained on its
//!    beads (`lexicon`), and its scorer adds a lexical term to the cost of
//!    the next pass, which searches near the previous path (on paths of
//!    over 3,000 beads only near its unsettled beads, holding the others:
//!    see `search::search_near_open`); this repeats `lexicon_passes` times
//!    (2 by default, none over [`MAX_LEXICON_SENTENCES`] sentences).
//!    Re-estimating the length model or the shape priors from the first
//!    path was tried and dropped (see docs/DESIGN.md).
//!
//! Every bead then gets a confidence in [0, 1] from how well its lengths fit
//! and how much of its evidence is shared.

mod cost;
mod document;
mod explain;
pub(crate) mod lexicon;
mod overlap;
mod params;
mod quotes;
mod search;

pub use document::{Document, Layout, LoadError};
pub use explain::{write_text as write_explanations, Alternative, Explanation, PricedBead, Terms};
pub(crate) use params::kind_weight;
use params::*;
pub use params::{DOUBTFUL_BELOW, MAX_LEXICON_SENTENCES};
pub use quotes::speaker_on_one_side;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use rayon::prelude::*;

use crate::anchor::{AnchorKind, Anchorer, KeyMix};
use crate::bead::Bead;
use crate::lang::Lang;
use cost::{default_shape_probs, free_shape_probs, Grid, Lexical, Model, Run};
use search::{Step, MOVES};

/// A bead with its confidence and the anchors that supported it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ScoredBead {
    pub bead: Bead,
    /// Confidence in [0, 1].
    pub score: f32,
    /// Descriptions of the anchors shared by both sides, e.g. `number:55000`.
    pub anchors: Vec<String>,
}

/// An aligned document pair: what every exporter writes.
#[derive(Clone, Debug)]
pub struct Alignment {
    pub source: Document,
    pub target: Document,
    pub beads: Vec<ScoredBead>,
}

/// Options of the aligner.
#[derive(Clone, Debug)]
pub struct AlignOptions {
    /// Re-alignments with a lexicon learned from the previous pass (0 disables learning).
    pub lexicon_passes: usize,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions { lexicon_passes: 2 }
    }
}

/// Aligns two documents with the default options.
pub fn align(source: Document, target: Document, anchorer: &Anchorer) -> Alignment {
    align_with(source, target, anchorer, &AlignOptions::default())
}

/// A key as the aligner sees it: the kind of anchor and its hash.
type Key = (AnchorKind, u64);

type KeySet = HashSet<Key, std::hash::BuildHasherDefault<KeyMix>>;
type KeyMap<V> = HashMap<Key, V, std::hash::BuildHasherDefault<KeyMix>>;

/// An anchor kept for the report of the final beads, with where its surface
/// is in its sentence (a string per anchor would be kept for every sentence).
#[derive(Clone, Copy, Debug)]
struct Shown {
    kind: AnchorKind,
    key: u64,
    start: u32,
    end: u32,
}

/// Per-sentence evidence of one side before keys get dense ids.
struct SideEvidence {
    /// Numbers, names and glossary entries, for reports. Dictionary terms
    /// are many and only kept as keys.
    shown: Vec<Vec<Shown>>,
    /// Distinct keys of each sentence.
    keys: Vec<Vec<Key>>,
    /// Distinct figures (and, on a Chinese side, person names) of each
    /// sentence that the other document never has (see [`lone_mass`]).
    lone: Vec<Vec<Key>>,
    /// Lexical tokens of each sentence; empty unless a lexicon is learned.
    tokens: Vec<Vec<u64>>,
    /// The dictionary's pairs among the words of an English side, the word
    /// model's prior; empty unless a lexicon is learned.
    dictionary: lexicon::DictionaryPairs,
    layout: SideLayout,
}

/// What the search reads of each sentence of a side besides its keys.
struct SideLayout {
    lens: Vec<f64>,
    paras: Vec<u32>,
    /// Whether each sentence is a heading ([`headings`]).
    headings: Vec<bool>,
    /// The credit kinds each sentence names (`segment::credit`), 0 for most.
    credits: Vec<u8>,
    /// Whether each sentence ends inside a quotation that the next one
    /// goes on with (`quotes::ends_inside_quotation`).
    open_quotes: Vec<bool>,
    /// Whether each sentence holds a quotation mark (`quotes::holds_speech`).
    speech: Vec<bool>,
    /// How each sentence opens and closes a quotation (`quotes::quote_ends`).
    quote_ends: Vec<u8>,
}

impl SideLayout {
    fn of(doc: &Document) -> SideLayout {
        let each = |f: fn(&str, Lang) -> bool| doc.sentences.iter().map(|s| f(&s.text, doc.lang)).collect();
        let speech: Vec<bool> = each(quotes::holds_speech);
        // Only a sentence with a quotation mark opens or closes a quotation.
        let quote_ends = doc
            .sentences
            .iter()
            .zip(&speech)
            .map(|(s, &speaks)| if speaks { quotes::quote_ends(&s.text, doc.lang) } else { 0 })
            .collect();
        SideLayout {
            lens: doc.sentences.iter().map(|s| cost::text_length(&s.text)).collect(),
            paras: doc.sentences.iter().map(|s| u32::try_from(s.paragraph).unwrap_or(u32::MAX)).collect(),
            headings: headings(doc),
            credits: doc.sentences.iter().map(|s| crate::segment::credit::credit_kinds(&s.text)).collect(),
            open_quotes: each(quotes::ends_inside_quotation),
            speech,
            quote_ends,
        }
    }
}

/// The evidence of one side. With `keep`, keys not in it are dropped as
/// they are found: most anchor keys of a document (every pinyin reading of
/// every run of Han characters) have no counterpart in the other one, and
/// holding them all took gigabytes on book-length documents.
fn evidence(doc: &Document, anchorer: &Anchorer, keep: Option<&KeySet>, with_tokens: bool) -> SideEvidence {
    let anchors = || -> Vec<(Vec<Shown>, Vec<Key>, Vec<Key>)> {
        doc.sentences
            .par_iter()
            .map(|s| {
                let text = s.text.as_str();
                let (mut shown, mut keys, mut lone) = (Vec::new(), Vec::new(), Vec::new());
                anchorer.for_each_anchor(text, doc.lang, |kind, key, surface| {
                    let k = (kind, key);
                    if keep.is_some_and(|set| !set.contains(&k)) {
                        if kind == AnchorKind::Number {
                            lone.push(k);
                        }
                        return;
                    }
                    keys.push(k);
                    if kind != AnchorKind::Term {
                        let (start, end) = span_in(text, surface);
                        shown.push(Shown { kind, key, start, end });
                    }
                });
                if let (Lang::Zh, Some(set)) = (doc.lang, keep) {
                    lone.extend(lone_names(text, set));
                }
                keys.sort_unstable_by_key(|k| (k.1, k.0));
                keys.dedup();
                keys.shrink_to_fit();
                shown.shrink_to_fit();
                lone.sort_unstable();
                lone.dedup();
                (shown, keys, lone)
            })
            .collect()
    };
    // The dictionary's pairs are looked up on one thread (a sixth of this
    // side's evidence on a 200-sentence pair): beside the anchors, which
    // the other threads share meanwhile.
    let (per, dictionary) = if with_tokens && doc.lang == Lang::En {
        rayon::join(anchors, || lexicon::dictionary_pairs(doc.sentences.iter().map(|s| s.text.as_str())))
    } else {
        (anchors(), lexicon::DictionaryPairs::default())
    };
    let (mut shown, mut keys, mut lone) = (Vec::new(), Vec::new(), Vec::new());
    for (s, k, l) in per {
        shown.push(s);
        keys.push(k);
        lone.push(l);
    }
    let tokens = if with_tokens {
        doc.sentences.par_iter().map(|s| lexicon::tokens(&s.text, doc.lang)).collect()
    } else {
        Vec::new()
    };
    SideEvidence { shown, keys, lone, tokens, dictionary, layout: SideLayout::of(doc) }
}

impl SideEvidence {
    /// The evidence of a side whose keys are given: nothing to show, no tokens.
    fn from_keys(doc: &Document, keys: Vec<Vec<Key>>) -> SideEvidence {
        SideEvidence {
            shown: vec![Vec::new(); keys.len()],
            lone: vec![Vec::new(); keys.len()],
            keys,
            tokens: Vec::new(),
            dictionary: lexicon::DictionaryPairs::default(),
            layout: SideLayout::of(doc),
        }
    }

    /// Drops the keys and anchors not in `shared`.
    fn retain(&mut self, shared: &KeySet) {
        for (k, lone) in self.keys.iter_mut().zip(&mut self.lone) {
            let before = lone.len();
            lone.extend(k.iter().filter(|k| k.0 == AnchorKind::Number && !shared.contains(k)));
            if lone.len() > before {
                lone.sort_unstable();
                lone.dedup();
            }
            k.retain(|k| shared.contains(k));
            k.shrink_to_fit();
        }
        for a in &mut self.shown {
            a.retain(|a| shared.contains(&(a.kind, a.key)));
            a.shrink_to_fit();
        }
    }

    fn key_set(&self) -> KeySet {
        self.keys.iter().flatten().copied().collect()
    }
}

/// The person names of a Chinese sentence (see
/// [`crate::anchor::name::person_names`]) whose pinyin the English document
/// (`english`, its keys) has nowhere: content the translation does not
/// carry, like a figure it never gives. Each is one key, its first reading.
fn lone_names<'a>(text: &'a str, english: &'a KeySet) -> impl Iterator<Item = Key> + 'a {
    crate::anchor::name::person_names(text).into_iter().filter_map(move |r| {
        let keys = crate::anchor::name::han_name_keys(text.get(r)?);
        let found = keys.iter().any(|&k| english.contains(&(AnchorKind::Name, k)));
        (!found).then(|| keys.first().map(|&k| (AnchorKind::Name, k))).flatten()
    })
}

/// Where `part`, a slice of `text`, lies in it; an empty span if it is not a slice of it.
fn span_in(text: &str, part: &str) -> (u32, u32) {
    let start = part.as_ptr().addr().wrapping_sub(text.as_ptr().addr());
    match (u32::try_from(start), u32::try_from(start + part.len())) {
        (Ok(s), Ok(e)) if start + part.len() <= text.len() => (s, e),
        _ => (0, 0),
    }
}

/// The evidence of both sides, keys found on one side only left out.
///
/// The English side, which has far fewer anchor keys than the Chinese one,
/// is read first and in full; the other side then keeps only keys the
/// first has, and the first is trimmed to the keys the second kept.
fn both_evidence(
    source: &Document,
    target: &Document,
    anchorer: &Anchorer,
    with_tokens: bool,
) -> (SideEvidence, SideEvidence) {
    let target_first = source.lang != Lang::En && target.lang == Lang::En;
    let (first, second) = if target_first { (target, source) } else { (source, target) };
    let mut a = evidence(first, anchorer, None, with_tokens);
    let seen = a.key_set();
    let b = evidence(second, anchorer, Some(&seen), with_tokens);
    drop(seen);
    a.retain(&b.key_set());
    if target_first {
        (b, a)
    } else {
        (a, b)
    }
}

/// Keys of both sides with dense ids; keys found on one side of the
/// document only carry no information about where a sentence goes and are dropped.
struct Keys {
    src: Vec<Vec<u32>>,
    tgt: Vec<Vec<u32>>,
    weight: Vec<f64>,
}

/// `src` and `tgt` hold each sentence's distinct keys (see [`evidence`]).
fn build_keys(src: &[Vec<Key>], tgt: &[Vec<Key>]) -> Keys {
    let df = |side: &[Vec<Key>]| {
        let mut m: KeyMap<usize> = KeyMap::default();
        for k in side.iter().flatten() {
            *m.entry(*k).or_insert(0) += 1;
        }
        m
    };
    let (dfs, dft) = (df(src), df(tgt));
    let n = (src.len() + tgt.len()).max(1) as f64;
    let mut ids: KeyMap<u32> = KeyMap::default();
    let mut weight = Vec::new();
    // Ids in key order, not hash-map order, so that sums over a unit's keys
    // (and with them the alignment) are the same from run to run.
    let mut shared: Vec<(&Key, &usize)> = dfs.iter().filter(|(k, _)| dft.contains_key(k)).collect();
    shared.sort_unstable_by_key(|(k, _)| (k.1, k.0));
    for (k, ds) in shared {
        let d = (ds + dft.get(k).copied().unwrap_or(0)) as f64;
        ids.insert(*k, weight.len() as u32);
        weight.push(kind_weight(k.0) * (1.0 + n / d).ln());
    }
    let map = |side: &[Vec<Key>]| -> Vec<Vec<u32>> {
        side.iter()
            .map(|s| {
                let mut v: Vec<u32> = s.iter().filter_map(|k| ids.get(k).copied()).collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect()
    };
    Keys { src: map(src), tgt: map(tgt), weight }
}

/// Keys kept per sentence: the rarest ones. Common dictionary terms add
/// little once a dozen rarer keys are known, and every key costs in the inner loop.
const SENTENCE_KEYS: usize = 16;

/// The weight of each sentence's lone keys: figures and person names the
/// other document has nowhere, each weighed as a shared key of its kind
/// held by as many sentences on both sides would be (names by
/// `LONE_NAME_WEIGHT`; see [`build_keys`]). They say nothing about where a
/// sentence goes, but a sentence full of them is likely left out of the
/// translation (or added to it): translators of this genre keep figures.
fn lone_mass(e: &SideEvidence, n: usize) -> Vec<f64> {
    let mut df: HashMap<Key, usize, std::hash::BuildHasherDefault<KeyMix>> = HashMap::default();
    for k in e.lone.iter().flatten() {
        *df.entry(*k).or_insert(0) += 1;
    }
    let n = n.max(1) as f64;
    e.lone
        .iter()
        .map(|l| l.iter().map(|k| lone_weight(k.0) * (1.0 + n / (2 * df[k]) as f64).ln()).sum())
        .collect()
}

/// The median key weight of the sentences of both sides that have keys (1
/// when none has).
fn median_mass(model: &Model, src: &[Run], tgt: &[Run]) -> f64 {
    let mut m: Vec<f64> =
        src.iter().chain(tgt).map(|u| model.set_weight(&u.keys)).filter(|&w| w > 0.0).collect();
    if m.is_empty() {
        return 1.0;
    }
    let mid = m.len() / 2;
    *m.select_nth_unstable_by(mid, f64::total_cmp).1
}

fn units(e: &SideEvidence, keys: Vec<Vec<u32>>, weight: &[f64], lone: &[f64]) -> Vec<Run> {
    keys.into_iter()
        .enumerate()
        .map(|(i, mut keys)| {
            if keys.len() > SENTENCE_KEYS {
                let w = |k: &u32| weight.get(*k as usize).copied().unwrap_or(0.0);
                keys.sort_unstable_by(|a, b| w(b).total_cmp(&w(a)).then(a.cmp(b)));
                keys.truncate(SENTENCE_KEYS);
                keys.sort_unstable();
            }
            let p = e.layout.paras.get(i).copied().unwrap_or(0);
            Run {
                len: e.layout.lens.get(i).copied().unwrap_or(0.0),
                keys,
                lone: lone.get(i).copied().unwrap_or(0.0),
                para_first: p,
                para_last: p,
                heading: e.layout.headings.get(i).copied().unwrap_or(false),
                open_quote: e.layout.open_quotes.get(i).copied().unwrap_or(false),
                speech: e.layout.speech.get(i).copied().unwrap_or(false),
                quote_ends: e.layout.quote_ends.get(i).copied().unwrap_or(0),
                credit: e.layout.credits.get(i).copied().unwrap_or(0),
            }
        })
        .collect()
}

/// Whether each sentence of `doc` is a heading: a paragraph of one sentence
/// without a final stop (see [`cost::Run::heading`]).
fn headings(doc: &Document) -> Vec<bool> {
    let s = &doc.sentences;
    (0..s.len())
        .map(|i| {
            let p = s[i].paragraph;
            crate::segment::ends_without_stop(&s[i].text)
                && (i == 0 || s[i - 1].paragraph != p)
                && s.get(i + 1).is_none_or(|n| n.paragraph != p)
        })
        .collect()
}

/// What [`align_observed`] is doing, reported as each stage starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Finding the anchors of every sentence.
    Anchors,
    /// The first search, by lengths and anchors.
    Search,
    /// Lexical pass `pass` of `of`: learning a lexicon and searching again.
    LexicalPass { pass: usize, of: usize },
    /// Scoring the beads of the final path.
    Scoring,
    /// The pair check (`crate::verify::align_and_check`), and its partial
    /// re-check if the pair is refused.
    Checking,
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stage::Anchors => f.write_str("finding anchors"),
            Stage::Search => f.write_str("aligning by length and anchors"),
            Stage::LexicalPass { pass, of } => write!(f, "lexical pass {pass} of {of}"),
            Stage::Scoring => f.write_str("scoring beads"),
            Stage::Checking => f.write_str("checking the pair"),
        }
    }
}

/// Aligns two documents.
pub fn align_with(source: Document, target: Document, anchorer: &Anchorer, opts: &AlignOptions) -> Alignment {
    align_observed(source, target, anchorer, opts, &mut |_| {})
}

/// [`align_with`], telling `on_stage` as each [`Stage`] starts (the CLI
/// shows it when an alignment takes long).
pub fn align_observed(
    source: Document,
    target: Document,
    anchorer: &Anchorer,
    opts: &AlignOptions,
    on_stage: &mut dyn FnMut(Stage),
) -> Alignment {
    align_inner(source, target, anchorer, opts, on_stage, false).0
}

/// [`align_observed`], with an [`Explanation`] of every bead: its cost
/// terms and those of the cheapest other ways to cut its sentences (what
/// `align --explain` writes).
pub fn align_explained(
    source: Document,
    target: Document,
    anchorer: &Anchorer,
    opts: &AlignOptions,
    on_stage: &mut dyn FnMut(Stage),
) -> (Alignment, Vec<Explanation>) {
    align_inner(source, target, anchorer, opts, on_stage, true)
}

fn align_inner(
    source: Document,
    target: Document,
    anchorer: &Anchorer,
    opts: &AlignOptions,
    on_stage: &mut dyn FnMut(Stage),
    explain: bool,
) -> (Alignment, Vec<Explanation>) {
    let passes = lexicon_passes(&source, &target, opts);
    on_stage(Stage::Anchors);
    let (se, te) = both_evidence(&source, &target, anchorer, passes > 0);
    let (beads, explanations) =
        align_evidence(&source, &target, &se, &te, passes, on_stage, explain, true, true);
    (Alignment { source, target, beads }, explanations)
}

/// The lexical passes a pair gets: learning a lexicon is pointless without
/// a handful of beads, and its tables grow with the document (see
/// MAX_LEXICON_SENTENCES).
fn lexicon_passes(source: &Document, target: &Document, opts: &AlignOptions) -> usize {
    let (n, m) = (source.sentences.len(), target.sentences.len());
    if n.min(m) >= 4 && n.max(m) <= MAX_LEXICON_SENTENCES {
        opts.lexicon_passes
    } else {
        0
    }
}

/// Each sentence's distinct anchor keys on both sides, keys found on one
/// side only left out, sorted as [`evidence`] sorts them: what pair
/// verification reads too (`crate::verify`).
pub(crate) type SentenceKeys<'a> = (&'a [Vec<Key>], &'a [Vec<Key>]);

/// [`align_explained`] (the explanations empty unless `explain`), also
/// handing the documents and the anchor keys the aligner read to `with_keys`
/// (pair verification, which would otherwise read them again). With
/// `alongside` it runs on another thread while the documents are aligned
/// (the two share the cores: see `search::fill_pipelined`), else after:
/// its memory is not added to the aligner's peak on long documents.
///
/// Alongside, `with_keys` starts as the aligner does: a short document's
/// first search runs on one thread (its windows are below
/// `search::PIPELINE_CELLS`), leaving the other core free. Started only
/// once the first search was done (session 10, when the training between
/// the passes ran on one thread), it slowed the first pass's two-thread
/// training instead: the 206-sentence `short` pair took 57.8 ms, against
/// 56.0 (session 13, docs/BENCHMARKS.md).
#[allow(clippy::too_many_arguments)]
pub(crate) fn align_sharing_keys<R: Send>(
    source: Document,
    target: Document,
    anchorer: &Anchorer,
    opts: &AlignOptions,
    on_stage: &mut (dyn FnMut(Stage) + Send),
    explain: bool,
    alongside: bool,
    with_keys: impl FnOnce(&Document, &Document, SentenceKeys) -> R + Send,
) -> (Alignment, Vec<Explanation>, R) {
    let passes = lexicon_passes(&source, &target, opts);
    on_stage(Stage::Anchors);
    let (se, te) = both_evidence(&source, &target, anchorer, passes > 0);
    let (src, tgt, sev, tev) = (&source, &target, &se, &te);
    let mut align = move || align_evidence(src, tgt, sev, tev, passes, on_stage, explain, true, true);
    let keys = || with_keys(src, tgt, (&sev.keys, &tev.keys));
    let ((beads, explanations), r) = if alongside { rayon::join(align, keys) } else { (align(), keys()) };
    (Alignment { source, target, beads }, explanations, r)
}

/// Aligns by lengths and the given keys only, without a lexicon, as the
/// first search of [`align_with`] does: `src_keys` and `tgt_keys` hold each
/// sentence's distinct anchor keys, sorted as [`evidence`] sorts them (keys
/// found on one side only may be left in: they are dropped here as there).
/// Pair verification measures chance with it on sentences whose keys it has
/// already read, instead of running the anchorer over them again. With `scored`, the beads get their confidence as
/// [`align_with`] gives it; without, only the path is wanted (the check's
/// chance level) and every score is 0. The beads list no anchors.
pub(crate) fn align_keyed(
    source: Document,
    target: Document,
    src_keys: Vec<Vec<Key>>,
    tgt_keys: Vec<Vec<Key>>,
    scored: bool,
) -> Alignment {
    let (se, te) = (SideEvidence::from_keys(&source, src_keys), SideEvidence::from_keys(&target, tgt_keys));
    // These searches (the pair check's chance path, its partial stretches)
    // run on a reversed side or a cut one, whose paragraph starts are not
    // the document's: they do not price them.
    let (beads, _) = align_evidence(&source, &target, &se, &te, 0, &mut |_| {}, false, scored, false);
    Alignment { source, target, beads }
}

/// Whether the English side has paragraphs enough for a Chinese paragraph
/// start to look for one there ([`PARAGRAPH_START_RATIO`]): a file whose
/// paragraphs are single line breaks reads as one paragraph, and every bead
/// opening a Chinese paragraph would pay.
/// A Chinese side of one paragraph (presegmented input has one) has no
/// start to price, and the search need not look.
fn comparable_paragraphs((zh, en): (usize, usize)) -> bool {
    zh > 1 && en as f64 >= PARAGRAPH_START_RATIO * zh as f64
}

/// The paragraphs of the Chinese side and of the English one.
fn paragraphs(source: &Document, se: &SideEvidence, te: &SideEvidence) -> (usize, usize) {
    let count = |e: &SideEvidence| e.layout.paras.iter().max().map_or(0, |&p| p as usize + 1);
    if source.lang == Lang::Zh {
        (count(se), count(te))
    } else {
        (count(te), count(se))
    }
}

/// The beads of [`align_observed`] once the evidence of both sides is
/// known, with the beads' explanations if `explain`, and
/// their confidence and shared anchors if `scored` (else 0 and none); with
/// `paragraph_starts`, a bead opening a Chinese paragraph only pays
/// [`PARAGRAPH_START_PENALTY`].
#[allow(clippy::too_many_arguments)]
fn align_evidence(
    source: &Document,
    target: &Document,
    se: &SideEvidence,
    te: &SideEvidence,
    passes: usize,
    on_stage: &mut dyn FnMut(Stage),
    explain: bool,
    scored: bool,
    paragraph_starts: bool,
) -> (Vec<ScoredBead>, Vec<Explanation>) {
    let total = |e: &SideEvidence| e.layout.lens.iter().sum::<f64>();
    let ratio = if total(se) > 0.0 && total(te) > 0.0 { total(te) / total(se) } else { 1.0 };
    let keys = build_keys(&se.keys, &te.keys);
    let mut model = Model {
        ratio,
        variance: length_variance(ratio),
        shape_cost: Model::shape_costs(&default_shape_probs()),
        length_weight: LENGTH_WEIGHT,
        split_relief: SPLIT_RELIEF,
        evidence_weight: EVIDENCE_WEIGHT,
        paragraph_penalty: PARAGRAPH_PENALTY,
        heading_penalty: HEADING_PENALTY,
        opening_penalty: if paragraph_starts && comparable_paragraphs(paragraphs(source, se, te)) {
            PARAGRAPH_START_PENALTY
        } else {
            0.0
        },
        credit_penalty: CREDIT_PENALTY,
        // Long free translations only, from the lexical passes on (below).
        quote_penalty: 0.0,
        speech_penalty: 0.0,
        key_weight: keys.weight,
        null_discount: 0.0,
        null_mass: NULL_MASS,
        orphan_weight: ORPHAN_WEIGHT,
        // Chinese sentences only: see ORPHAN_WEIGHT.
        chinese_sides: (source.lang == Lang::Zh, target.lang == Lang::Zh),
        unrelated_weight: UNRELATED_WEIGHT,
        unrelated_mass: UNRELATED_MASS,
        // The median key weight, once the units are known (below).
        mass_scale: 1.0,
        // English sentences only: see NULL_LEXICAL_WEIGHT.
        null_lexical: (
            if source.lang == Lang::En { NULL_LEXICAL_WEIGHT } else { 0.0 },
            if target.lang == Lang::En { NULL_LEXICAL_WEIGHT } else { 0.0 },
        ),
    };
    let n = se.layout.lens.len() + te.layout.lens.len();
    let (sl, tl) = (lone_mass(se, n), lone_mass(te, n));
    let (mut su, mut tu) =
        (units(se, keys.src, &model.key_weight, &sl), units(te, keys.tgt, &model.key_weight, &tl));
    model.mass_scale = median_mass(&model, &su, &tu);
    let grid = Grid { src: su, tgt: tu, model: &model, lexical: None };
    on_stage(Stage::Search);
    let mut path = search::search(&grid);
    // Only the passes after the first know how this translator treats keys.
    let discount = grid.null_discount(&path, NULL_QUANTILE, NULL_MASS);
    (su, tu) = (grid.src, grid.tgt);
    model.null_discount = (NULL_GAIN * discount).min(MAX_NULL_DISCOUNT);
    let zh_is_source = !(source.lang == Lang::En && target.lang == Lang::Zh);
    let aligned = aligned_ratio(&path, &se.layout.lens, &te.layout.lens);
    model.ratio = pass_ratio(ratio, aligned, zh_is_source);
    model.variance = length_variance(model.ratio);
    // A long translation whose translator keeps no keys (literary
    // chapters) gets the free-translation shape prior and the quotation
    // and speech penalties in its lexical passes; see FREE_MIN_SENTENCES.
    if passes > 0
        && model.null_discount == 0.0
        && se.layout.lens.len().min(te.layout.lens.len()) >= FREE_MIN_SENTENCES
    {
        model.shape_cost = Model::shape_costs(&free_shape_probs());
        model.quote_penalty = QUOTE_PENALTY;
        model.speech_penalty = SPEECH_PENALTY;
    }
    let weight = lexical_weight(path.len());
    let mut scorer = None;
    // Long documents: the beads the next pass searches around (see OPEN_PASS_BEADS).
    let mut open = (passes > 0 && path.len() > OPEN_PASS_BEADS).then(|| {
        let g =
            Grid { src: std::mem::take(&mut su), tgt: std::mem::take(&mut tu), model: &model, lexical: None };
        let flags = doubtful_on_path(&g, &path);
        (su, tu) = (g.src, g.tgt);
        flags
    });
    let (freq, recurring) = if passes > 0 {
        let (cond, pred) = if zh_is_source { (se, te) } else { (te, se) };
        let (cdf, pdf) = rayon::join(|| token_freq(&cond.tokens), || token_freq(&pred.tokens));
        let recurring = (cond.tokens.len() + pred.tokens.len() <= RECURRING_KEPT_SENTENCES).then(|| {
            rayon::join(|| recurring_tokens(&cdf, &cond.tokens), || recurring_tokens(&pdf, &pred.tokens))
        });
        ((cdf, pdf), recurring)
    } else {
        Default::default()
    };
    for pass in 0..passes {
        on_stage(Stage::LexicalPass { pass: pass + 1, of: passes });
        // The previous pass's tables (hundreds of MB on long inputs) go
        // before the next ones are built, not after.
        drop(scorer.take());
        let sc = learn(&path, se, te, zh_is_source, (&freq.0, &freq.1), recurring.as_ref());
        let lexical = Lexical { scorer: &sc, source_conditions: zh_is_source, weight };
        let g = Grid { src: su, tgt: tu, model: &model, lexical: Some(lexical) };
        let next = match &open {
            Some(flags) => search::search_near_open(&g, &path, OPEN_PASS_RADIUS, flags),
            None => search::search_near(&g, &path, REFINE_RADIUS),
        };
        (su, tu) = (g.src, g.tgt);
        if open.is_some() {
            open = Some(changed_beads(&path, &next));
        }
        scorer = Some(sc);
        // A pass that gives back the path it learned from has converged:
        // the next one would learn the same lexicon from the same beads and
        // search the same window with it, so it would find that path again.
        let converged = next == path;
        path = next;
        if converged {
            break;
        }
    }
    attach_stray_figures(&mut path, se, te);
    quotes::split_moved_attributions(&mut path, source, target);
    on_stage(Stage::Scoring);
    // A bead's confidence reads its length and evidence terms, never the
    // lexical one, so only the explanations need the lexicon: pricing it
    // for every bead was 0.7 s of CPU at 100,000 sentences.
    if !explain {
        drop(scorer.take());
    }
    let grid = Grid {
        src: su,
        tgt: tu,
        model: &model,
        lexical: scorer.as_ref().map(|sc| Lexical { scorer: sc, source_conditions: zh_is_source, weight }),
    };
    let explanations = if explain { explain::explain(&grid, &path) } else { Vec::new() };
    let beads = path
        .into_iter()
        .map(|(s, t)| {
            let (score, anchors) = if scored {
                let b = grid.breakdown(s.clone(), t.clone());
                let score = confidence(&b, s.is_empty() || t.is_empty());
                (score, shared_anchors((source, se, s.clone()), (target, te, t.clone())))
            } else {
                (0.0, Vec::new())
            };
            ScoredBead { bead: Bead::new(s.collect::<Vec<_>>(), t.collect::<Vec<_>>()), score, anchors }
        })
        .collect();
    (beads, explanations)
}

/// Variance of the length model per unit of length for a length ratio (see
/// [`VARIANCE_PER_RATIO`]).
fn length_variance(ratio: f64) -> f64 {
    VARIANCE_PER_RATIO * ratio.max(0.1).sqrt()
}

/// Length ratio (target over source) of the sentences a path aligns, its
/// null beads left out; `None` if it aligns nothing.
fn aligned_ratio(path: &[Step], src_lens: &[f64], tgt_lens: &[f64]) -> Option<f64> {
    let (mut s, mut t) = (0.0, 0.0);
    for (a, b) in path.iter().filter(|(a, b)| !a.is_empty() && !b.is_empty()) {
        s += src_lens[a.clone()].iter().sum::<f64>();
        t += tgt_lens[b.clone()].iter().sum::<f64>();
    }
    (s > 0.0 && t > 0.0).then(|| t / s)
}

/// The length ratio of the lexical passes: that of the sentences the first
/// path aligns when it gives the English more length per Chinese unit than
/// the pair's totals do, by more than [`RATIO_RAISE_MIN`], else the
/// totals'. The variance follows the ratio ([`length_variance`]). Set after
/// the first search, it prices every later search and the confidence of the
/// final beads (with `--lexicon-passes 0` too, so the doubtful flags of an
/// abridged edition read the same length model as its beads).
fn pass_ratio(total: f64, aligned: Option<f64>, zh_is_source: bool) -> f64 {
    match aligned {
        Some(r) if (if zh_is_source { r / total } else { total / r }) > RATIO_RAISE_MIN => r,
        _ => total,
    }
}

/// The figures of sentence `i` of a side. Names were tried too and glued
/// English background sentences (`Xiamen, a coastal city in Fujian …`) to
/// the bead before them (dev and dev2 strict F1 −0.004 and −0.006).
fn figure_keys(e: &SideEvidence, i: usize) -> impl Iterator<Item = Key> + '_ {
    e.shown.get(i).into_iter().flatten().filter(|a| a.kind == AnchorKind::Number).map(|a| (a.kind, a.key))
}

/// Joins a sentence the path leaves out to the bead beside it when the
/// sentence carries a figure of that bead's other side which the bead's own
/// sentences on its side lack. A translator who splits a long sentence puts
/// part of it, with its figures, in the next one (`一期已有17家企业入驻` →
/// a sentence of its own, `Seventeen companies have …`); in a short pair
/// the shape prior and the length model can price the 1-1 bead plus a null
/// bead below the 1-2 one, and the unit written without the second sentence
/// is a confident, wrong fill for a CAT tool. A join that would cross a
/// paragraph break, or make a shape the search does not know, is not made.
/// On the dev sets (2026-12-05) it changes one bead, the corpora/dev4 split
/// this was written for (strict F1 0.930 → 0.937), and nothing else.
fn attach_stray_figures(path: &mut Vec<Step>, se: &SideEvidence, te: &SideEvidence) {
    let side_keys = |e: &SideEvidence, r: &Range<usize>| -> KeySet {
        r.clone().flat_map(|i| figure_keys(e, i)).collect()
    };
    // The steps kept so far; a null step joined to a neighbour is not kept.
    // (Removing it in place was quadratic: 100,000-sentence pairs have
    // thousands of null beads.)
    let mut kept: Vec<Step> = Vec::with_capacity(path.len());
    for i in 0..path.len() {
        let (s, t) = path[i].clone();
        let null_on_target = s.is_empty() && t.len() == 1;
        if !(null_on_target || (t.is_empty() && s.len() == 1)) {
            kept.push((s, t));
            continue;
        }
        let (e, other, at) = if null_on_target { (te, se, t.start) } else { (se, te, s.start) };
        let stray: KeySet = figure_keys(e, at).collect();
        // How many of a neighbouring bead's missing figures the step carries.
        let hits = |(ns, nt): &Step, before: bool| {
            if ns.is_empty() || nt.is_empty() {
                return 0;
            }
            let (own, theirs) = if null_on_target { (nt, ns) } else { (ns, nt) };
            let (a, b) = (ns.len() + usize::from(!null_on_target), nt.len() + usize::from(null_on_target));
            let near = if before { own.end - 1 } else { own.start };
            // 3-3 is a move for quotations whose speaker moved only.
            if !MOVES.contains(&(a, b))
                || (a, b) == (3, 3)
                || e.layout.paras.get(near) != e.layout.paras.get(at)
            {
                return 0;
            }
            let mine = side_keys(e, own);
            side_keys(other, theirs).iter().filter(|k| !mine.contains(k) && stray.contains(k)).count()
        };
        let before = kept.last().map_or(0, |b| hits(b, true));
        let after = path.get(i + 1).map_or(0, |b| hits(b, false));
        let join = |(ns, nt): &mut Step| {
            let r = if null_on_target { nt } else { ns };
            *r = r.start.min(at)..r.end.max(at + 1);
        };
        if let Some(b) = kept.last_mut().filter(|_| before > 0 && before >= after) {
            join(b);
        } else if after > 0 {
            join(&mut path[i + 1]);
        } else {
            kept.push((s, t));
        }
    }
    *path = kept;
}

/// The beads of `path` that a long document's first lexical pass opens
/// again: those whose confidence (as the final scoring gives it, without a
/// lexicon) is below [`DOUBTFUL_BELOW`]; null beads always are.
fn doubtful_on_path(grid: &Grid, path: &[Step]) -> Vec<bool> {
    path.par_iter()
        .map(|(s, t)| {
            let b = grid.breakdown(s.clone(), t.clone());
            confidence(&b, s.is_empty() || t.is_empty()) < DOUBTFUL_BELOW
        })
        .collect()
}

/// The beads of `next` that `previous` does not have: what the next
/// lexical pass of a long document opens again.
fn changed_beads(previous: &[Step], next: &[Step]) -> Vec<bool> {
    let mut old = previous.iter().peekable();
    next.iter()
        .map(|step| {
            while old.next_if(|o| (o.0.start, o.1.start) < (step.0.start, step.1.start)).is_some() {}
            old.peek().is_none_or(|o| *o != step)
        })
        .collect()
}

/// Weight of the learned lexicon for a first path of `beads` beads: IBM
/// Model 1 trained on a few dozen beads has seen most words once and its
/// probabilities are noise, so its say grows with the evidence it had.
fn lexical_weight(beads: usize) -> f64 {
    let n = beads as f64;
    let half = LEXICAL_HALF_BEADS;
    LEXICAL_WEIGHT * n / (n + half)
}

/// Confidence of a bead: high when its lengths fit or its evidence is shared.
fn confidence(b: &cost::Breakdown, null: bool) -> f32 {
    if null {
        // An omission is never certain; one whose sentences had evidence to share is less likely.
        return if b.has_evidence { NULL_CONFIDENCE_WITH_EVIDENCE } else { NULL_CONFIDENCE };
    }
    let p_len = (-b.length_cost).exp();
    let c = 1.0 - (1.0 - LENGTH_TRUST * p_len) * (1.0 - b.similarity);
    c.clamp(0.0, 1.0) as f32
}

/// Descriptions of the anchors a bead's two sides share, in source order:
/// each side given as its document, its evidence and the bead's sentences.
fn shared_anchors(
    src: (&Document, &SideEvidence, Range<usize>),
    tgt: (&Document, &SideEvidence, Range<usize>),
) -> Vec<String> {
    let tkeys: HashSet<(AnchorKind, u64)> =
        tgt.1.shown.get(tgt.2).into_iter().flatten().flatten().map(|a| (a.kind, a.key)).collect();
    let mut out: Vec<String> = Vec::new();
    let (doc, ev, range) = src;
    for i in range {
        let (Some(sentence), Some(shown)) = (doc.sentences.get(i), ev.shown.get(i)) else { continue };
        for a in shown {
            if tkeys.contains(&(a.kind, a.key)) {
                let kind = match a.kind {
                    AnchorKind::Number => "number",
                    AnchorKind::Name => "name",
                    AnchorKind::Term => "term",
                    AnchorKind::Glossary => "glossary",
                };
                let surface = sentence.text.get(a.start as usize..a.end as usize).unwrap_or("");
                let d = format!("{kind}:{surface}");
                if !out.contains(&d) {
                    out.push(d);
                }
            }
        }
    }
    out
}

/// In how many sentences of a side each lexical token occurs.
type TokenFreq = HashMap<u64, u32, std::hash::BuildHasherDefault<KeyMix>>;

/// The [`TokenFreq`] of a side's tokens, counted once for every pass.
fn token_freq(toks: &[Vec<u64>]) -> TokenFreq {
    let mut df = TokenFreq::default();
    let mut u = Vec::new();
    for t in toks {
        u.clone_from(t);
        u.sort_unstable();
        u.dedup();
        for &h in &u {
            *df.entry(h).or_insert(0) += 1;
        }
    }
    df
}

/// Documents up to this many sentences (both sides) keep each sentence's
/// recurring tokens (see [`learn`]) for every pass instead of filtering
/// the sampled sentences again in each: on a 200-sentence pair that was
/// most of making the training pairs, done once per pass on the critical
/// path (docs/BENCHMARKS.md, session 11). Above it training samples the
/// path (`MAX_PAIRS` beads), and a filtered copy of every sentence held
/// tens of MB on long inputs.
const RECURRING_KEPT_SENTENCES: usize = 2 * MAX_PAIRS;

/// Each sentence's [`recurring`] tokens: the conditioning side's, the predicted side's.
type Recurring = (Vec<Vec<u64>>, Vec<Vec<u64>>);

/// The tokens of `t` seen in at least two sentences of its side (`df`).
fn recurring(df: &TokenFreq, t: &[u64]) -> Vec<u64> {
    t.iter().copied().filter(|h| df.get(h).copied().unwrap_or(0) >= 2).collect()
}

/// [`recurring`] for every sentence of a side.
fn recurring_tokens(df: &TokenFreq, tokens: &[Vec<u64>]) -> Vec<Vec<u64>> {
    tokens.par_iter().map(|t| recurring(df, t)).collect()
}

/// Trains IBM Model 1, the Chinese side conditioning the English one.
///
/// Training on the beads of the previous path alone would only teach the
/// model that path back (every word of a wrong bead "translates" its
/// neighbours). Each sentence of the conditioning side is therefore paired
/// with the other side's sentences of its bead and of the beads on either
/// side, and only words seen in at least two sentences of their document
/// take part: real translations recur together, accidents of one window do
/// not (`df`: the conditioning and the predicted side's [`token_freq`]).
/// `kept` holds every sentence's recurring tokens (conditioning side,
/// predicted side) for documents of up to [`RECURRING_KEPT_SENTENCES`];
/// longer ones filter only the sentences sampled for training (a filtered
/// copy of every sentence held tens of MB on long inputs). The scorer reads
/// the unfiltered tokens, since a token seen in one sentence only is in no
/// training pair, so it has no id and is dropped there all the same.
fn learn(
    path: &[Step],
    se: &SideEvidence,
    te: &SideEvidence,
    zh_is_source: bool,
    df: (&TokenFreq, &TokenFreq),
    kept: Option<&Recurring>,
) -> lexicon::Scorer {
    let (cond, pred) = if zh_is_source { (se, te) } else { (te, se) };
    let (cdf, pdf) = df;
    // The path as (conditioning range, predicted range) per bead.
    let beads: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = path
        .iter()
        .map(|(s, t)| if zh_is_source { (s.clone(), t.clone()) } else { (t.clone(), s.clone()) })
        .collect();
    let mut pairs: Vec<(Vec<u64>, Vec<u64>)> = Vec::new();
    let step = beads.len().div_ceil(MAX_PAIRS).max(1);
    for k in (0..beads.len()).step_by(step) {
        let lo = beads[k.saturating_sub(1)].1.start;
        let hi = beads[(k + 1).min(beads.len() - 1)].1.end;
        let window: Vec<u64> = match kept {
            Some((_, p)) => p.get(lo..hi).into_iter().flatten().flatten().copied().collect(),
            None => pred.tokens.get(lo..hi).into_iter().flatten().flat_map(|t| recurring(pdf, t)).collect(),
        };
        for i in beads[k].0.clone() {
            if let Some(c) = cond.tokens.get(i) {
                let c = match kept.and_then(|(c, _)| c.get(i)) {
                    Some(c) => c.clone(),
                    None => recurring(cdf, c),
                };
                pairs.push((c, window.clone()));
            }
        }
    }
    let lex = lexicon::train_with_prior(&pairs, EM_ITERATIONS, &pred.dictionary);
    drop(pairs);
    lexicon::Scorer::new(lex, &cond.tokens, &pred.tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(lang: Lang, lines: &[&str]) -> Document {
        Document::from_texts("t", lang, lines)
    }

    #[test]
    fn the_length_ratio_of_the_aligned_sentences_replaces_the_totals_only_when_it_gives_the_english_much_more_length(
    ) {
        // Chinese lengths 30, 30, 30 (the second left out), English 45, 45.
        let path: Vec<Step> = vec![(0..1, 0..1), (1..2, 1..1), (2..3, 1..2)];
        let aligned = aligned_ratio(&path, &[30.0, 30.0, 30.0], &[45.0, 45.0]);
        assert_eq!(aligned, Some(1.5));
        // The totals say 1.0: an abridged English edition; raised.
        assert_eq!(pass_ratio(1.0, aligned, true), 1.5);
        // The totals say 2.0: English additions; the totals' ratio stays.
        assert_eq!(pass_ratio(2.0, aligned, true), 2.0);
        // A few percent above the totals is what faithful pairs show: kept.
        assert_eq!(pass_ratio(1.45, aligned, true), 1.45);
        // English to Chinese, the ratio is Chinese over English: lowered only.
        assert_eq!(pass_ratio(1.0, Some(1.0 / 1.5), false), 1.0 / 1.5);
        assert_eq!(pass_ratio(0.5, Some(1.0 / 1.5), false), 0.5);
        assert_eq!(pass_ratio(1.0, aligned_ratio(&[(0..1, 0..0)], &[30.0], &[]), true), 1.0);
    }

    #[test]
    fn only_a_long_translation_that_keeps_no_keys_is_priced_as_a_free_one() {
        // Keyless sentences: no null discount, whatever the length.
        let pair = |n: usize| {
            let zh: Vec<String> = (0..n).map(|i| format!("{}。", "嗯".repeat(2 + i % 3))).collect();
            let en: Vec<String> =
                (0..n).map(|i| format!("{}.", "Zq ".repeat(2 + i % 3).trim_end())).collect();
            let zh: Vec<&str> = zh.iter().map(String::as_str).collect();
            let en: Vec<&str> = en.iter().map(String::as_str).collect();
            let (_, why) = align_explained(
                doc(Lang::Zh, &zh),
                doc(Lang::En, &en),
                &Anchorer::new(),
                &AlignOptions::default(),
                &mut |_| {},
            );
            let one_one = why.iter().find(|e| e.bead.src.len() == 1 && e.bead.tgt.len() == 1);
            one_one.map(|e| e.terms.shape)
        };
        let one_one = MOVES.iter().position(|&m| m == (1, 1)).unwrap_or(0);
        let free = Model::shape_costs(&free_shape_probs())[one_one];
        let default = Model::shape_costs(&default_shape_probs())[one_one];
        assert!(free < default);
        assert_eq!(pair(FREE_MIN_SENTENCES), Some(free));
        // A news item of 30 sentences keeps the prior it was tuned with.
        assert_eq!(pair(30), Some(default));
    }

    #[test]
    fn numbers_pull_a_merged_translation_together() {
        let zh = doc(Lang::Zh, &["2023年产量为55000吨。", "出口增长12%。", "这是第三句话，比较长一些。"]);
        let en = doc(
            Lang::En,
            &[
                "Output was 55000 tonnes in 2023 and exports grew by 12%.",
                "This is the third sentence, a bit longer.",
            ],
        );
        let a = align(zh, en, &Anchorer::new());
        let beads: Vec<String> = a.beads.iter().map(|b| b.bead.to_string()).collect();
        assert_eq!(beads, ["[0,1]:[0]", "[2]:[1]"]);
        assert!(a.beads[0].anchors.iter().any(|s| s == "number:55000"));
    }

    #[test]
    fn a_short_reply_after_an_answer_label_joins_the_english_answer_that_folds_it_in() {
        let zh = doc(
            Lang::Zh,
            &[
                "问：旧车必须送到指定门店吗？",
                "答：不是。",
                "市民可以到全市126家门店交售旧车，也可以在网上下单，由门店上门回收。",
                "问：补贴什么时候发放？",
                "答：购车后七个工作日内发放到账。",
            ],
        );
        let en = doc(
            Lang::En,
            &[
                "Q: Must old bicycles go to designated shops?",
                "A: No, residents can hand them in at any of the 126 shops or order online and have them collected.",
                "Q: When is the subsidy paid?",
                "A: Within seven working days of the purchase.",
            ],
        );
        let a = align(zh, en, &Anchorer::new());
        let beads: Vec<String> = a.beads.iter().map(|b| b.bead.to_string()).collect();
        // Without the label the reply was left out: [1]:[] [2]:[1].
        assert_eq!(beads, ["[0]:[0]", "[1,2]:[1]", "[3]:[2]", "[4]:[3]"]);
    }

    #[test]
    fn a_quotation_of_three_sentences_whose_speaker_moved_to_its_end_is_aligned_sentence_by_sentence() {
        // No move joins three sentences a side but this quotation: without
        // it the search took [1,2]:[1,2,3] [3]:[] (a new user's trial, session 20).
        let zh = doc(
            Lang::Zh,
            &[
                "新华社南京5月8日电 启东市有关负责人在周四举行的新闻发布会上表示，今年启东将投资120亿元建设海上风电项目。",
                "启东市发展和改革委员会主任周立新说：“去年全市海上风电装机容量达到180万千瓦。",
                "我们还要继续扩大规模。",
                "沿海将不再新建燃煤电厂。”",
                "目前，启东已有风电装备制造企业23家。",
            ],
        );
        let en = doc(
            Lang::En,
            &[
                "NANJING, May 8 (Xinhua) -- Qidong will invest 12 billion yuan in offshore wind power projects this year, officials said at a press conference on Thursday.",
                "\"Installed offshore wind capacity in the city reached 1.8 million kilowatts last year.",
                "We will keep expanding.",
                "No new coal-fired power plants will be built on the coast,\" said Zhou Lixin, director of the Qidong Municipal Development and Reform Commission.",
                "Qidong now has 23 wind power equipment makers.",
            ],
        );
        let a = align(zh, en, &Anchorer::new());
        let beads: Vec<String> = a.beads.iter().map(|b| b.bead.to_string()).collect();
        assert_eq!(beads, ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]", "[4]:[4]"]);
    }

    #[test]
    fn a_left_out_sentence_joins_the_bead_whose_missing_figure_it_carries() {
        let anchorer = Anchorer::new();
        let zh = doc(Lang::Zh, &["园区总投资68亿元，已有17家企业入驻。", "今年还将新开工项目。"]);
        let en = doc(
            Lang::En,
            &[
                "The park has drawn 6.8 billion yuan of investment.",
                "Seventeen companies have moved in.",
                "More projects will start this year.",
            ],
        );
        let (se, te) = (evidence(&zh, &anchorer, None, false), evidence(&en, &anchorer, None, false));
        let mut path: Vec<Step> = vec![(0..1, 0..1), (1..1, 1..2), (1..2, 2..3)];
        attach_stray_figures(&mut path, &se, &te);
        assert_eq!(path, [(0..1, 0..2), (1..2, 2..3)]);
        // Without the figure the left-out sentence stays left out.
        let en = doc(
            Lang::En,
            &[
                "The park has drawn 6.8 billion yuan and 17 firms.",
                "It is large.",
                "More projects will start.",
            ],
        );
        let te = evidence(&en, &anchorer, None, false);
        let mut path: Vec<Step> = vec![(0..1, 0..1), (1..1, 1..2), (1..2, 2..3)];
        attach_stray_figures(&mut path, &se, &te);
        assert_eq!(path.len(), 3);
    }

    #[test]
    fn a_left_out_sentence_does_not_join_a_bead_into_a_three_three_one() {
        // With (3, 3) in MOVES, `MOVES.contains` alone let this join make a
        // 3-3 bead that is no moved quotation, a bead whose shape
        // `Grid::shape_price` prices at infinity (review of session 20).
        let anchorer = Anchorer::new();
        let zh = doc(Lang::Zh, &["园区总投资68亿元。", "园区面积很大。", "已有17家企业入驻。"]);
        let en = doc(
            Lang::En,
            &["The park has drawn 6.8 billion yuan.", "It is large.", "Seventeen companies have moved in."],
        );
        let (se, te) = (evidence(&zh, &anchorer, None, false), evidence(&en, &anchorer, None, false));
        let mut path: Vec<Step> = vec![(0..2, 0..3), (2..3, 3..3)];
        attach_stray_figures(&mut path, &se, &te);
        assert_eq!(path, [(0..2, 0..3), (2..3, 3..3)]);
    }

    #[test]
    fn each_side_keeps_exactly_the_keys_both_sides_have() {
        let zh = doc(Lang::Zh, &["2023年重庆港口产量为55000吨。", "出口增长12%。", "连云港的港口。"]);
        let en = doc(Lang::En, &["Chongqing port output was 55000 tonnes in 2023.", "Exports grew by 9%."]);
        let anchorer = Anchorer::new();
        let all = |d: &Document| evidence(d, &anchorer, None, false).key_set();
        let both: KeySet = all(&zh).intersection(&all(&en)).copied().collect();
        let (se, te) = both_evidence(&zh, &en, &anchorer, false);
        assert_eq!(se.key_set(), both);
        assert_eq!(te.key_set(), both);
        assert!(both.len() >= 3, "{both:?}");
        let shown: Vec<AnchorKind> = se.shown.iter().flatten().map(|a| a.kind).collect();
        assert!(shown.contains(&AnchorKind::Number) && !shown.contains(&AnchorKind::Term));
    }

    #[test]
    fn explanations_follow_the_beads_and_price_the_split_a_merge_beat() {
        let zh = doc(Lang::Zh, &["2023年产量为55000吨。", "出口增长12%。", "这是第三句话，比较长一些。"]);
        let en = doc(
            Lang::En,
            &[
                "Output was 55000 tonnes in 2023 and exports grew by 12%.",
                "This is the third sentence, a bit longer.",
            ],
        );
        let (a, why) = align_explained(zh, en, &Anchorer::new(), &AlignOptions::default(), &mut |_| {});
        let beads: Vec<&Bead> = a.beads.iter().map(|b| &b.bead).collect();
        assert_eq!(why.iter().map(|e| &e.bead).collect::<Vec<_>>(), beads);
        let merge = &why[0];
        assert_eq!(merge.bead.to_string(), "[0,1]:[0]");
        assert_eq!(merge.compared.len(), 2);
        assert!(merge.runners_up.len() == 3 && merge.runners_up.windows(2).all(|w| w[0].total <= w[1].total));
        assert!(merge.runners_up.iter().all(|r| r.margin > 0.0));
        // The last bead has no successor: only the other cuttings of its own sentences.
        let last = why.last().unwrap();
        assert_eq!(last.compared.len(), 1);
        // A 1-1 can only become 1-0 + 0-1 or 0-1 + 1-0.
        assert_eq!(last.runners_up.len(), 2, "{last:?}");
        assert!(last.runners_up.iter().all(|r| r.beads.len() == 2));
    }

    #[test]
    fn stages_are_reported_in_order_with_every_lexical_pass() {
        let zh = doc(Lang::Zh, &["一号港口。", "二号码头。", "三号仓库。", "四号堆场。", "五号泊位。"]);
        let en = doc(Lang::En, &["Port one.", "Wharf two.", "Warehouse three.", "Yard four.", "Berth five."]);
        let mut seen = Vec::new();
        let opts = AlignOptions { lexicon_passes: 2 };
        align_observed(zh, en, &Anchorer::new(), &opts, &mut |s| seen.push(s));
        // The first lexical pass finds the path it learned from again (the
        // pair is all 1-1), so the second would repeat it and is skipped.
        let pass = |pass| Stage::LexicalPass { pass, of: 2 };
        assert_eq!(seen, [Stage::Anchors, Stage::Search, pass(1), Stage::Scoring]);
    }

    #[test]
    fn lexical_passes_stop_once_a_pass_gives_back_its_path_with_the_same_beads() {
        let zh: Vec<String> = (1..=12).map(|i| format!("第{i}号码头今年吞吐量{}万吨。", i * 13)).collect();
        let en: Vec<String> =
            (1..=12).map(|i| format!("Berth No. {i} handled {}0,000 tonnes this year.", i * 13)).collect();
        let zh: Vec<&str> = zh.iter().map(String::as_str).collect();
        let en: Vec<&str> = en.iter().map(String::as_str).collect();
        let run = |passes| {
            let mut seen = Vec::new();
            let opts = AlignOptions { lexicon_passes: passes };
            let a =
                align_observed(doc(Lang::Zh, &zh), doc(Lang::En, &en), &Anchorer::new(), &opts, &mut |s| {
                    seen.push(s)
                });
            let beads: Vec<(String, u32)> =
                a.beads.iter().map(|b| (b.bead.to_string(), b.score.to_bits())).collect();
            let passes = seen.iter().filter(|s| matches!(s, Stage::LexicalPass { .. })).count();
            (beads, passes)
        };
        let (one, ran_one) = run(1);
        let (five, ran_five) = run(5);
        assert_eq!(ran_one, 1);
        assert!(ran_five < 5, "the passes must stop once converged");
        assert_eq!(one, five);
    }

    /// Twelve berths' throughput, each Chinese line translated by one English line.
    fn berth_docs() -> (Document, Document) {
        let zh: Vec<String> =
            (1..=12).map(|i| format!("第{i}号码头今年吞吐量{}万吨，港口扩建。", i * 13)).collect();
        let en: Vec<String> = (1..=12)
            .map(|i| format!("Berth No. {i} handled {}0,000 tonnes this year as the port grew.", i * 13))
            .collect();
        fn lines(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        (doc(Lang::Zh, &lines(&zh)), doc(Lang::En, &lines(&en)))
    }

    #[test]
    fn confidence_is_the_same_whether_or_not_the_beads_are_explained() {
        // Scoring leaves the lexicon out unless explaining: that is only
        // right while a bead's confidence does not read its lexical term.
        let (zh, en) = berth_docs();
        let opts = AlignOptions::default();
        let plain = align_with(zh.clone(), en.clone(), &Anchorer::new(), &opts);
        let (explained, why) = align_explained(zh, en, &Anchorer::new(), &opts, &mut |_| {});
        assert!(why.iter().any(|e| e.terms.lexical != 0.0), "the lexicon must take part");
        let scores = |a: &Alignment| {
            a.beads.iter().map(|b| (b.bead.to_string(), b.score.to_bits())).collect::<Vec<_>>()
        };
        assert_eq!(scores(&plain), scores(&explained));
    }

    #[test]
    fn a_chinese_paragraph_start_is_priced_only_where_the_english_has_paragraphs_enough() {
        assert!(comparable_paragraphs((12, 12)));
        assert!(comparable_paragraphs((12, 6)));
        // An English file whose paragraphs are single line breaks: one.
        assert!(!comparable_paragraphs((12, 1)));
        assert!(!comparable_paragraphs((12, 5)));
        // Presegmented input: one paragraph a side, nothing to price.
        assert!(!comparable_paragraphs((1, 1)));
    }

    #[test]
    fn the_next_open_pass_flags_the_beads_the_last_pass_changed() {
        let before: Vec<Step> = vec![(0..1, 0..1), (1..3, 1..2), (3..4, 2..3), (4..5, 3..3), (5..6, 3..4)];
        let after: Vec<Step> = vec![(0..1, 0..1), (1..2, 1..2), (2..3, 2..2), (3..4, 2..3), (4..6, 3..4)];
        assert_eq!(changed_beads(&before, &after), [false, true, true, false, true]);
        assert_eq!(changed_beads(&before, &before), [false; 5]);
    }

    #[test]
    fn the_keys_are_handed_over_beside_the_aligner_once_the_anchors_are_read() {
        let zh: Vec<String> = (1..=12).map(|i| format!("第{i}号码头年吞吐量{}万吨。", i * 37)).collect();
        let en: Vec<String> =
            (1..=12).map(|i| format!("Berth {i} handled {} 0000 tonnes a year.", i * 37)).collect();
        let zh: Vec<&str> = zh.iter().map(String::as_str).collect();
        let en: Vec<&str> = en.iter().map(String::as_str).collect();
        let anchorer = Anchorer::new();
        for (passes, threads) in [(2, 1), (2, 2), (0, 1), (0, 2)] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let stages = std::sync::Mutex::new(Vec::new());
            let (alignment, _, (seen, keys)) = pool.install(|| {
                align_sharing_keys(
                    doc(Lang::Zh, &zh),
                    doc(Lang::En, &en),
                    &anchorer,
                    &AlignOptions { lexicon_passes: passes },
                    &mut |s| stages.lock().unwrap().push(s.to_string()),
                    false,
                    true,
                    |_, _, (sk, _)| (stages.lock().unwrap().clone(), sk.len()),
                )
            });
            // The aligner's own keys, read once; when they are handed over
            // depends on the threads, but never before the anchors are read.
            assert_eq!(keys, 12);
            assert_eq!(alignment.beads.len(), 12, "{passes} passes, {threads} threads");
            assert_eq!(seen.first().map(String::as_str), Some("finding anchors"), "{seen:?}");
        }
    }

    #[test]
    fn training_learns_the_same_lexicon_from_kept_or_freshly_filtered_tokens() {
        let (zh, en) = berth_docs();
        let (se, te) = both_evidence(&zh, &en, &Anchorer::new(), true);
        let path: Vec<Step> = (0..12).map(|i| (i..i + 1, i..i + 1)).collect();
        let df = (token_freq(&se.tokens), token_freq(&te.tokens));
        let kept = (recurring_tokens(&df.0, &se.tokens), recurring_tokens(&df.1, &te.tokens));
        assert!(
            kept.0.iter().zip(&se.tokens).any(|(k, t)| k.len() < t.len()),
            "some tokens must be filtered"
        );
        let explained = |sc: &lexicon::Scorer| -> Vec<Vec<(u32, u64)>> {
            (0..12)
                .map(|c| {
                    let mut e = lexicon::Explained::default();
                    sc.explain(c, &mut e, &mut lexicon::ExplainScratch::default());
                    e.entries().map(|(id, p)| (id, p.to_bits())).collect()
                })
                .collect()
        };
        let fresh = explained(&learn(&path, &se, &te, true, (&df.0, &df.1), None));
        let from_kept = explained(&learn(&path, &se, &te, true, (&df.0, &df.1), Some(&kept)));
        assert!(fresh.iter().any(|e| !e.is_empty()));
        assert_eq!(fresh, from_kept);
    }

    #[test]
    fn empty_side_gives_null_beads_for_the_other() {
        let a = align(doc(Lang::Zh, &["一。", "二。"]), doc(Lang::En, &[]), &Anchorer::new());
        let beads: Vec<String> = a.beads.iter().map(|b| b.bead.to_string()).collect();
        assert_eq!(beads, ["[0]:[]", "[1]:[]"]);
    }
}
