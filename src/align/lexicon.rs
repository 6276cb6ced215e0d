//! Word translations learned from the document pair itself (IBM Model 1).
//!
//! A first alignment by length and anchors is mostly right; training IBM
//! Model 1 on its beads finds which Chinese characters and character bigrams
//! keep co-occurring with which English words (names, recurring nouns and
//! verbs of the text). The [`Scorer`] then tells the later passes how well
//! the words of one side of a bead explain those of the other.
//!
//! Training runs between the passes on millions of (target word, source
//! word) cells, so its tables are plain vectors indexed by dense ids rather
//! than hash maps keyed by pairs. The aligner's training of a short
//! document runs in two parts on two threads (see [`train_with_prior`]);
//! the EM sums come out the same whatever the thread count.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rayon::prelude::*;

use crate::anchor::KeyMix;
use crate::lang::{is_han, Lang};

/// Words too frequent in English to say anything about a sentence pair.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "and", "or", "is", "was", "were", "be", "been", "are", "it", "its",
    "that", "this", "for", "on", "with", "as", "at", "by", "from", "but", "not", "had", "has", "have", "he",
    "she", "i", "you", "we", "they", "his", "her", "my", "me", "him", "them", "their", "our", "there", "so",
    "if", "would", "could", "all", "what", "which", "who", "do", "did", "no", "s", "t", "d", "up", "out",
    "then", "than", "into",
];

/// Lexical tokens of a sentence, as hashes: Han characters and bigrams for
/// Chinese, lower-cased words (stop words dropped) for English; Latin words
/// and digit runs inside Chinese text are kept as words.
pub fn tokens(text: &str, lang: Lang) -> Vec<u64> {
    if lang == Lang::En {
        return english_words(text).map(|w| hash(1, w.as_bytes())).collect();
    }
    let mut out = Vec::new();
    let mut prev_han: Option<char> = None;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<u64>| {
        if !word.is_empty() {
            if !STOPWORDS.contains(&word.as_str()) {
                out.push(hash(1, word.as_bytes()));
            }
            word.clear();
        }
    };
    for c in text.chars() {
        if is_han(c) {
            flush(&mut word, &mut out);
            let mut buf = [0u8; 8];
            out.push(hash(2, c.encode_utf8(&mut buf).as_bytes()));
            if let Some(p) = prev_han {
                let mut s = String::with_capacity(8);
                s.push(p);
                s.push(c);
                out.push(hash(3, s.as_bytes()));
            }
            prev_han = Some(c);
            continue;
        }
        prev_han = None;
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The words of an English sentence as [`tokens`] hashes them: runs of
/// letters and digits, lower-cased, stop words dropped.
/// A word already in lower case is borrowed, not copied.
fn english_words(text: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if !w.is_ascii() {
                std::borrow::Cow::Owned(w.chars().flat_map(char::to_lowercase).collect())
            } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
                std::borrow::Cow::Owned(w.to_ascii_lowercase())
            } else {
                std::borrow::Cow::Borrowed(w)
            }
        })
        .filter(|w| !STOPWORDS.contains(&w.as_ref()))
}

/// FNV-1a with a namespace byte, stable across runs and platforms.
fn hash(ns: u8, bytes: &[u8]) -> u64 {
    crate::hash::fnv1a(crate::hash::FNV_OFFSET ^ u64::from(ns), bytes)
}

/// Dense ids of token hashes. The hashes are already well mixed, so the
/// cheap [`KeyMix`] hasher serves.
pub(crate) type TokenIds = HashMap<u64, u32, BuildHasherDefault<KeyMix>>;

/// The learned lexicon: how likely each target token is given each source token.
#[derive(Debug, Default)]
pub struct TranslationTable {
    /// Dense ids of the conditioning (Chinese) tokens; id 0 is NULL.
    pub(crate) source_ids: TokenIds,
    /// Dense ids of the predicted (English) tokens.
    pub(crate) target_ids: TokenIds,
    /// (source id, target id) of the pairs that co-occurred, each once, in
    /// no particular order.
    pub(crate) pairs: Vec<(u32, u32)>,
    /// t(target | source) of each of `pairs`.
    pub(crate) prob: Vec<f64>,
}

/// (Chinese token, English token) pairs that the dictionary lists as
/// translations, as token hashes (see [`dictionary_pairs`]).
pub(crate) type DictionaryPairs = std::collections::HashSet<(u64, u64), BuildHasherDefault<KeyMix>>;

/// The dictionary's word pairs among the English words of `texts`: each
/// word with the Chinese headwords of two characters that CC-CEDICT (and
/// the domain list) give for it, as the bigram tokens of [`tokens`].
///
/// A short news item shows each word once or twice, too little for EM to
/// tell 港口 from the other characters of its sentence; the dictionary
/// already knows, and [`train_with_prior`] gives its pairs a head start.
/// Longer headwords are left out: their bigrams (`人力`, `力资`) are not
/// translations of the word on their own.
pub(crate) fn dictionary_pairs<'a>(texts: impl Iterator<Item = &'a str>) -> DictionaryPairs {
    let lexicon = crate::anchor::lexicon::Lexicon::builtin();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut out = DictionaryPairs::default();
    for text in texts {
        // The dictionary's English side is ASCII.
        for word in english_words(text).filter(|w| w.is_ascii()) {
            if !seen.insert(word.to_string()) {
                continue;
            }
            let en = hash(1, word.as_bytes());
            for head in lexicon.headwords_of_word(&word) {
                let Ok(head) = std::str::from_utf8(head) else { continue };
                if head.chars().count() == 2 && head.chars().all(is_han) {
                    out.insert((hash(3, head.as_bytes()), en));
                }
            }
        }
    }
    out
}

/// Trains IBM Model 1 (target given source, with a NULL source word) on the
/// given pairs of token lists.
pub fn train(pairs: &[(Vec<u64>, Vec<u64>)], iterations: usize) -> TranslationTable {
    train_in_parts(pairs, iterations, &DictionaryPairs::default(), 1)
}

/// [`train`], with [`params::DICTIONARY_PRIOR`] pseudo-counts added in every
/// iteration to each co-occurring (source, target) pair of `prior`: the maximum a posteriori estimate under a
/// Dirichlet prior that favours the dictionary's translations.
///
/// The target ids are split in two parts of about equal work
/// ([`TRAINING_PARTS`]), trained on two threads when the pool has them: each
/// part's entries, rows, counts and probabilities are its own, and only
/// the totals per source id are summed across the parts, the first part's
/// then the second's, in every iteration. The result does not depend on the
/// number of threads.
///
/// [`params::DICTIONARY_PRIOR`]: crate::align::params::DICTIONARY_PRIOR
pub(crate) fn train_with_prior(
    pairs: &[(Vec<u64>, Vec<u64>)],
    iterations: usize,
    prior: &DictionaryPairs,
) -> TranslationTable {
    train_in_parts(pairs, iterations, prior, TRAINING_PARTS)
}

/// The parts the aligner's training splits the target ids into (see
/// [`train_with_prior`]), up to [`UNCOUNTED_ENTRY_CELLS`] training cells
/// (documents of a few hundred sentences; one part above). Training ran on one thread between the searches
/// while the other core was idle or checking the pair: about 13 ms of each
/// lexical pass of a 200-sentence pair (docs/BENCHMARKS.md, session 12).
/// Splitting by target keeps each part's entries, rows and counts apart
/// (an entry belongs to one target), so the two threads share no table
/// but the totals per source id, summed once per iteration. (Splitting
/// EM by pairs or by source ids, tried in sessions 10 and 11, made the
/// threads exchange the whole tables at every step and was slower.)
const TRAINING_PARTS: usize = 2;

/// One part of a training: the entries of a range of target ids and every
/// training pair's rows for those targets.
#[derive(Default)]
struct Part {
    /// (source id, target id) of each entry, target by target and, within
    /// a target, in the order its training pairs first give the source ids.
    keys: Vec<(u32, u32)>,
    /// Per training pair, its rows: for each of its targets in this part
    /// (ascending), the entry of each of its source ids (in their order).
    cells: Vec<Vec<u32>>,
    /// The entries the dictionary vouches for, ascending.
    favoured: Vec<u32>,
    /// t(e | f) of each entry.
    p: Vec<f64>,
    /// The counts of the current iteration, cleared as each normalisation reads them.
    counts: Vec<f64>,
    /// The counts' sums per source id in this part, in this iteration.
    totals: Vec<f64>,
}

impl Part {
    /// Numbers the entries of the targets `targets` (`pairs_of[e]`: the
    /// training pairs holding target `e`) and writes every pair's rows.
    /// `capacity`: room for the entries of this part and of the parts after
    /// it, which are appended to its table at the end ([`part_capacity`]).
    fn build(
        data: &[(Vec<u32>, Vec<u32>)],
        pairs_of: &[Vec<u32>],
        targets: Range<usize>,
        sources: usize,
        capacity: usize,
    ) -> Part {
        // Target id by target id, the source ids it met become its entries,
        // numbered as they come, and every training pair holding it gets its
        // row of entry numbers. A pair's rows come in ascending target id, the
        // order of its target list, since the target ids are taken in that
        // order. A dense table from source id to entry replaces a binary
        // search per cell (which was most of the training time on a short
        // document). The entries of a target are not sorted by source id:
        // no sum depends on how they are numbered (each entry's count adds up
        // the same cells in the same order, each row's normaliser and each
        // total follow the pairs' own source order), and sorting them took
        // 8 % of the training's instructions (docs/BENCHMARKS.md, session 14).
        let within = |ts: &[u32]| {
            let lo = ts.partition_point(|&e| (e as usize) < targets.start);
            let hi = ts.partition_point(|&e| (e as usize) < targets.end);
            hi - lo
        };
        let mut cells: Vec<Vec<u32>> =
            data.iter().map(|(ss, ts)| Vec::with_capacity(ss.len() * within(ts))).collect();
        // Per source id: the last target id that took it, and its entry for that target.
        let mut taken = vec![u32::MAX; sources];
        let part_of = &pairs_of[targets.clone()];
        let mut keys: Vec<(u32, u32)> = Vec::with_capacity(capacity);
        let mut entry = vec![0u32; sources];
        for (e, ps) in targets.zip(part_of) {
            let e = e as u32;
            for &p in ps {
                for &f in &data[p as usize].0 {
                    if taken[f as usize] != e {
                        taken[f as usize] = e;
                        entry[f as usize] = keys.len() as u32;
                        keys.push((f, e));
                    }
                }
            }
            for &p in ps {
                let (ss, _) = &data[p as usize];
                cells[p as usize].extend(ss.iter().map(|&f| entry[f as usize]));
            }
        }
        // What `count`'s unchecked reads rely on: an entry is numbered when
        // it is pushed, and nothing but this function writes `cells`.
        debug_assert!(cells.iter().flatten().all(|&k| (k as usize) < keys.len()));
        Part { keys, cells, ..Part::default() }
    }

    /// One iteration's counts and their totals per source id (`uniform`:
    /// every t(e | f) is 1, the first iteration, which needs no table: a
    /// row's normaliser is its width and each share 1 / width, as summing
    /// and dividing ones gives them).
    ///
    /// A share is t(e | f) times the reciprocal of its row's normaliser,
    /// one division per row instead of one per cell: about a third of this
    /// loop's time samples fell on its divisions (perf, docs/BENCHMARKS.md,
    /// session 14).
    /// The shares may differ from the quotients in the last bit; the
    /// comparison alignments of session 14 came out byte-identical.
    ///
    /// The cells are read without bounds checks, which took 43 % of the
    /// instructions of this loop, the largest share of a training
    /// (docs/BENCHMARKS.md, session 14): [`Part::build`] numbers every
    /// entry it writes to `cells` below the length of `keys`, which `p`
    /// and `counts` have (asserted below), and a pair's source ids are
    /// checked against `totals` once per pair, not once per cell.
    fn count(&mut self, data: &[(Vec<u32>, Vec<u32>)], uniform: bool, pseudo: f64) {
        let Part { keys, cells, favoured, p, counts, totals } = self;
        assert!(p.len() == keys.len() && counts.len() == keys.len(), "a table per entry");
        totals.fill(0.0);
        for ((ss, _), cell) in data.iter().zip(cells.iter()) {
            let width = ss.len();
            if width == 0 {
                continue;
            }
            assert!(ss.iter().all(|&f| (f as usize) < totals.len()), "a total per source id");
            for row in cell.chunks_exact(width) {
                // SAFETY: every entry `k` of a row is below `keys.len()`
                // (see above), the length of `p` and `counts`.
                let prob = |k: u32| unsafe { *p.get_unchecked(k as usize) };
                let z: f64 = if uniform { width as f64 } else { row.iter().map(|&k| prob(k)).sum() };
                if z <= 0.0 {
                    continue;
                }
                let share = 1.0 / z;
                // A row's entries follow the pair's source ids.
                for (&k, &f) in row.iter().zip(ss) {
                    let c = if uniform { share } else { prob(k) * share };
                    // SAFETY: `k` as above; `f` is one of the pair's source
                    // ids, checked against `totals` before its rows.
                    unsafe {
                        *counts.get_unchecked_mut(k as usize) += c;
                        *totals.get_unchecked_mut(f as usize) += c;
                    }
                }
            }
        }
        for &k in favoured.iter() {
            counts[k as usize] += pseudo;
            totals[keys[k as usize].0 as usize] += pseudo;
        }
    }

    /// t(e | f) = count × `inverse[f]`, the reciprocal of the total of its
    /// source id ([`reciprocals`]), the counts cleared for the next iteration.
    fn normalise(&mut self, inverse: &[f64]) {
        for ((v, c), &(f, _)) in self.p.iter_mut().zip(self.counts.iter_mut()).zip(&self.keys) {
            *v = std::mem::take(c) * inverse[f as usize];
        }
    }
}

/// [`train_with_prior`] with the target ids split into `parts` parts
/// (one: every sum in the order of the textbook iteration, see the tests).
fn train_in_parts(
    pairs: &[(Vec<u64>, Vec<u64>)],
    iterations: usize,
    prior: &DictionaryPairs,
    parts: usize,
) -> TranslationTable {
    // Dense ids keep the probability table compact.
    let mut sid = TokenIds::default();
    let mut tid = TokenIds::default();
    // Ids in order of first appearance; source id 0 is NULL.
    let data: Vec<(Vec<u32>, Vec<u32>)> = pairs
        .iter()
        .map(|(s, t)| {
            let mut ss: Vec<u32> = s
                .iter()
                .map(|h| {
                    let next = sid.len() as u32 + 1;
                    *sid.entry(*h).or_insert(next)
                })
                .collect();
            ss.sort_unstable();
            ss.dedup();
            ss.push(0);
            let mut ts: Vec<u32> = t
                .iter()
                .map(|h| {
                    let next = tid.len() as u32;
                    *tid.entry(*h).or_insert(next)
                })
                .collect();
            ts.sort_unstable();
            ts.dedup();
            (ss, ts)
        })
        .collect();
    // t(e | f) lives in flat vectors with one entry per co-occurring pair,
    // numbered target by target (see `Part::build`); every
    // training pair lists the entry of each of its (e, f) cells once, so
    // the EM iterations below only index vectors. (A hash map from pairs
    // to entries took a third of the alignment time, most of it zeroing
    // and rehashing its growing table.) The rows are allocated at their
    // final size: growing them copied and faulted in fresh pages for tens of MB.
    let mut pairs_of: Vec<Vec<u32>> = vec![Vec::new(); tid.len()];
    // Per target, the cells it has: what a part's work grows with.
    let mut work = vec![0usize; tid.len()];
    for (p, (ss, ts)) in data.iter().enumerate() {
        for &e in ts {
            pairs_of[e as usize].push(p as u32);
            work[e as usize] += ss.len();
        }
    }
    // Large trainings stay in one part: joining the parts' tables at the
    // end adds the second part's to the peak (about 35 MB on the
    // 100,000-sentence bench pair, whose training is sampled), and there
    // the training is a small share of the time.
    let bounds = split_targets(&work, training_parts(work.iter().sum(), parts));
    drop(work);
    let sources = sid.len() + 1;
    // The first part's table gets room for every part's entries, which are
    // appended to it at the end instead of copied into a new table (that
    // held both at once: 55 MB more at the peak on the 100,000-sentence pair).
    let capacity = |targets: Range<usize>| part_capacity(&data, &pairs_of, targets, sources);
    let build = |targets: Range<usize>, room| Part::build(&data, &pairs_of, targets, sources, room);
    let mut parts: Vec<Part> = if bounds.len() == 3 {
        let (a, b) = (bounds[0]..bounds[1], bounds[1]..bounds[2]);
        let (room_a, room_b) = rayon::join(|| capacity(a.clone()), || capacity(b.clone()));
        let (a, b) = rayon::join(|| build(a, room_a + room_b), || build(b, room_b));
        vec![a, b]
    } else {
        let rooms: Vec<usize> = bounds.windows(2).map(|w| capacity(w[0]..w[1])).collect();
        let all: usize = rooms.iter().sum();
        bounds
            .windows(2)
            .enumerate()
            .map(|(k, w)| build(w[0]..w[1], if k == 0 { all } else { rooms[k] }))
            .collect()
    };
    drop(pairs_of);
    let entries: usize = parts.iter().map(|part| part.keys.len()).sum();
    // The entries the dictionary vouches for. A part's keys come target by
    // target, so each pair of the (small) prior is a binary search for its
    // target's entries and a scan of them.
    for (k, (part, w)) in parts.iter_mut().zip(bounds.windows(2)).enumerate() {
        let mut favoured: Vec<u32> = prior
            .iter()
            .filter_map(|(zh, en)| {
                let (f, e) = (*sid.get(zh)?, *tid.get(en)?);
                (w[0]..w[1]).contains(&(e as usize)).then_some(())?;
                let first = part.keys.partition_point(|&(_, ke)| ke < e);
                let mut of_target = part.keys[first..].iter().take_while(|&&(_, ke)| ke == e);
                of_target.position(|&(kf, _)| kf == f).map(|k| (first + k) as u32)
            })
            .collect();
        // Hash-set order differs from run to run; the sums must not.
        favoured.sort_unstable();
        part.favoured = favoured;
        // `p` is written by its normalisation; the first part's takes the others' at the end.
        part.p = Vec::with_capacity(if k == 0 { entries } else { part.keys.len() });
        part.p.resize(part.keys.len(), 0.0);
        part.counts = vec![0.0f64; part.keys.len()];
        part.totals = vec![0.0f64; sources];
    }
    let pseudo = crate::align::params::DICTIONARY_PRIOR;
    // The reciprocals of the last iteration's totals per source id.
    let mut inverse = vec![0.0f64; sources];
    for iteration in 0..iterations {
        let uniform = iteration == 0;
        // Each part normalises with the last iteration's totals, then counts.
        let step = |part: &mut Part| {
            if !uniform {
                part.normalise(&inverse);
            }
            part.count(&data, uniform, pseudo);
        };
        match &mut parts[..] {
            [a, b] => {
                rayon::join(|| step(a), || step(b));
            }
            all => all.iter_mut().for_each(step),
        }
        sum_totals(&parts, &mut inverse);
        reciprocals(&mut inverse);
    }
    if iterations == 0 {
        parts.iter_mut().for_each(|part| part.p.fill(1.0));
    } else {
        match &mut parts[..] {
            [a, b] => {
                rayon::join(|| a.normalise(&inverse), || b.normalise(&inverse));
            }
            all => all.iter_mut().for_each(|part| part.normalise(&inverse)),
        }
    }
    // The rows and counts go before the tables are joined.
    let mut parts = parts.into_iter().map(|part| (part.keys, part.p));
    let (mut keys, mut prob) = parts.next().unwrap_or_default();
    for (k, p) in parts {
        keys.extend_from_slice(&k);
        drop(k);
        prob.extend_from_slice(&p);
    }
    TranslationTable { source_ids: sid, target_ids: tid, pairs: keys, prob }
}

/// The parts a training of `cells` cells is split into, `wanted` unless it
/// is large (see [`train_in_parts`]).
fn training_parts(cells: usize, wanted: usize) -> usize {
    if cells > UNCOUNTED_ENTRY_CELLS {
        1
    } else {
        wanted.max(1)
    }
}

/// The totals per source id of every part, added part by part in order
/// (one part: its own totals, unchanged).
fn sum_totals(parts: &[Part], totals: &mut [f64]) {
    let Some((first, rest)) = parts.split_first() else { return };
    totals.copy_from_slice(&first.totals);
    for part in rest {
        for (t, &x) in totals.iter_mut().zip(&part.totals) {
            *t += x;
        }
    }
}

/// Each total replaced by its reciprocal, 0 for a total of 0: a count is
/// multiplied by it, one division per source id instead of one per entry,
/// as [`Part::count`] divides once per row (docs/BENCHMARKS.md, session
/// 14). A source id with no count has no entry.
fn reciprocals(totals: &mut [f64]) {
    for t in totals {
        *t = if *t > 0.0 { 1.0 / *t } else { 0.0 };
    }
}

/// Where `parts` consecutive ranges of target ids of about equal `work`
/// (cells per target) start, and where the last ends: `parts + 1` bounds,
/// the first 0 and the last `work.len()`.
fn split_targets(work: &[usize], parts: usize) -> Vec<usize> {
    let total: usize = work.iter().sum();
    let mut bounds = vec![0];
    let mut acc = 0usize;
    for (e, &w) in work.iter().enumerate() {
        // Bound b goes where the work before it comes nearest to b / parts of the total.
        while bounds.len() < parts && (acc + w) * parts > total * bounds.len() {
            let target = total * bounds.len();
            let before = target.saturating_sub(acc * parts);
            let after = (acc + w) * parts - target;
            bounds.push(if before <= after { e } else { e + 1 });
        }
        acc += w;
    }
    while bounds.len() < parts {
        bounds.push(work.len());
    }
    bounds.push(work.len());
    bounds
}

/// Training cells (one per source and target token of each pair) up to
/// which the table of entries is given room for one entry per cell, an
/// upper bound, instead of counting the entries first: on a 200-sentence
/// pair (about 340,000 cells, 190,000 entries) counting was a twelfth of
/// each training, on the critical path. Room beyond the entries written
/// is never touched, so it costs address space, not memory: 8 MB at most.
const UNCOUNTED_ENTRY_CELLS: usize = 1 << 20;

/// Room for the entries of the training part of the targets `targets`
/// (see [`entry_capacity`]).
fn part_capacity(
    data: &[(Vec<u32>, Vec<u32>)],
    pairs_of: &[Vec<u32>],
    targets: Range<usize>,
    sources: usize,
) -> usize {
    let mut taken = vec![u32::MAX; sources];
    entry_capacity(data, &pairs_of[targets.clone()], targets.start, &mut taken)
}

/// How many entries the training table of the targets `first..` of
/// `pairs_of` (`pairs_of[e - first]`: the pairs of `data` holding target id
/// `e`) needs room for: one per cell when they are few
/// ([`UNCOUNTED_ENTRY_CELLS`]), else the distinct (source id, target id)
/// pairs, counted with `taken` (a slot per source id, all `u32::MAX`, and
/// left so), since growing the table held up to twice its size at the
/// peak on long inputs.
fn entry_capacity(
    data: &[(Vec<u32>, Vec<u32>)],
    pairs_of: &[Vec<u32>],
    first: usize,
    taken: &mut [u32],
) -> usize {
    let cells: usize = pairs_of.iter().flatten().map(|&p| data[p as usize].0.len()).sum();
    if cells <= UNCOUNTED_ENTRY_CELLS {
        cells
    } else {
        count_entries(data, pairs_of, first, taken)
    }
}

/// The distinct (source id, target id) pairs of `data` among the targets
/// `first..` of `pairs_of`, target by target; arguments as in
/// [`entry_capacity`].
fn count_entries(
    data: &[(Vec<u32>, Vec<u32>)],
    pairs_of: &[Vec<u32>],
    first: usize,
    taken: &mut [u32],
) -> usize {
    let mut count = 0usize;
    for (e, ps) in pairs_of.iter().enumerate() {
        let e = (first + e) as u32;
        for &p in ps {
            for &f in &data[p as usize].0 {
                if taken[f as usize] != e {
                    taken[f as usize] = e;
                    count += 1;
                }
            }
        }
    }
    taken.fill(u32::MAX);
    count
}

/// Sorts `ids`, which are distinct, using `marks` (a bit per possible id,
/// all clear, and left clear) when they are many for its size: setting their
/// bits and reading the set bits back in order costs a pass over `marks`
/// instead of a comparison sort, which was a sixth of the training time on
/// a short document. Distinct integers have one sorted order, so the result
/// is the same either way.
fn sorted_distinct(ids: &mut Vec<u32>, marks: &mut [u64]) {
    if ids.len() * 16 < marks.len() {
        ids.sort_unstable();
        return;
    }
    for &f in ids.iter() {
        marks[f as usize / 64] |= 1 << (f % 64);
    }
    ids.clear();
    for (w, word) in marks.iter_mut().enumerate() {
        let mut bits = *word;
        while bits != 0 {
            ids.push(w as u32 * 64 + bits.trailing_zeros());
            bits &= bits - 1;
        }
        *word = 0;
    }
}

/// Translation probabilities below this are dropped from the scorer.
const MIN_PROB: f64 = 0.01;
/// Translations kept per source token.
const MAX_TRANSLATIONS: usize = 16;

/// Scores how well some source tokens explain some target tokens, Moore's
/// way: per target word, the log ratio of its probability under IBM Model 1
/// (mixed half and half with its frequency in the document, so that one
/// unexplained word costs at most ln 2) to its frequency alone. A null bead
/// scores 0, an unrelated pair a little below 0, a translation well above.
pub struct Scorer {
    /// Per source id, the target ids it explains best with their
    /// probabilities (see [`MAX_TRANSLATIONS`]).
    by_f: Vec<Vec<(u32, f64)>>,
    /// Per sentence of the conditioning side, its known source ids, sorted and distinct.
    cond: Vec<Box<[u32]>>,
    /// Per sentence of the predicted side, its known token ids.
    pred: Vec<Vec<u32>>,
    /// t(e | NULL) per predicted token id.
    null: Vec<f64>,
    /// Frequency of each predicted token id in its document.
    freq: Vec<f64>,
    /// What each conditioning sentence explains, built by whichever search
    /// thread needs it first and kept for the pass; empty when the
    /// conditioning side has more than [`SHARED_EXPLAINED`] sentences.
    shared: Vec<OnceLock<Explained>>,
    /// When `shared` is empty: the tables of the sentences explained last,
    /// sentence `c` in slot `c mod RECENT_EXPLAINED`, for the pricers of a
    /// pass to share (see [`Scorer::recent_explained`]).
    recent: Vec<Mutex<(usize, Arc<Explained>)>>,
}

/// Slots of [`Scorer::recent_explained`]. The threads filling a search
/// work on neighbouring rows, so they want the same few sentences at about
/// the same time; a slot overwritten before a thread came for it only
/// costs building its table again. The same number as a pricer's own
/// slots (`overlap::EXPLAINED_SLOTS`); not swept: on the 100,000-sentence
/// bench pair it took the two-thread time from 22.8 s to 19.2 s
/// (docs/BENCHMARKS.md, session 10).
const RECENT_EXPLAINED: usize = 256;

/// Conditioning sentences up to which every sentence's [`Explained`] table
/// is built once and shared ([`Scorer::shared_explained`]) rather than
/// kept by each pricer for the few sentences near its cells. When a search
/// is filled by two threads, each taking every other row, both need the
/// same sentences, and each pricer rebuilt them: on a 206-sentence pair
/// that was 90 M instructions instead of 54 M. A table holds up to a few
/// thousand entries of 12 bytes, so 2,048 sentences keep at most tens of MB.
const SHARED_EXPLAINED: usize = 2_048;

/// The working tables of [`Scorer::explain`]: per predicted token id its
/// sum so far (all 0 between calls), the ids touched, and a bit per id to
/// sort them (see [`sorted_distinct`]).
#[derive(Debug, Default)]
pub struct ExplainScratch {
    sums: Vec<f64>,
    ids: Vec<u32>,
    marks: Vec<u64>,
}

thread_local! {
    /// The scratch of [`Scorer::shared_explained`], kept between sentences.
    static SCRATCH: std::cell::RefCell<ExplainScratch> = std::cell::RefCell::new(ExplainScratch::default());
}

/// The predicted tokens one conditioning sentence explains, as two arrays
/// rather than one of pairs (a (u32, f64) pair pads to 16 bytes).
///
/// Built when a search reaches the sentence ([`Scorer::explain`]) and kept
/// only while nearby cells need it: the tables of every sentence at once
/// took hundreds of MB on long inputs, more than anything else the aligner holds.
#[derive(Debug, Default)]
pub struct Explained {
    /// Predicted token ids, ascending.
    ids: Vec<u32>,
    /// Σ t(e | f) over the sentence's tokens f, for each id.
    probs: Vec<f64>,
}

impl Explained {
    /// The token ids and what the sentence gives each, ascending by id.
    pub fn entries(&self) -> impl Iterator<Item = (u32, f64)> + '_ {
        self.ids.iter().copied().zip(self.probs.iter().copied())
    }
}

impl Scorer {
    pub fn new(lex: TranslationTable, cond: &[Vec<u64>], pred: &[Vec<u64>]) -> Scorer {
        // Every sentence of both sides, looked up on all threads: this is
        // on the critical path between the training and the search (the
        // 100,000-sentence bench pair: training and scorer 0.45 → 0.38 s a
        // pass, whole run 11.2–11.3 → 11.1–11.2 s; docs/BENCHMARKS.md).
        let ids = |toks: &[Vec<u64>], map: &TokenIds| -> Vec<Vec<u32>> {
            toks.par_iter()
                .map(|t| {
                    let mut v: Vec<u32> = t.iter().filter_map(|h| map.get(h).copied()).collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                })
                .collect()
        };
        let (cond_ids, pred_ids) = rayon::join(
            || ids(cond, &lex.source_ids).into_iter().map(Vec::into_boxed_slice).collect(),
            || ids(pred, &lex.target_ids),
        );
        let ne = lex.target_ids.len();
        // Per source id, the target ids it explains (tiny probabilities dropped: they never decide).
        let mut by_f: Vec<Vec<(u32, f64)>> = Vec::new();
        let mut null = vec![0.0; ne];
        for (&(f, e), &p) in lex.pairs.iter().zip(&lex.prob) {
            if f == 0 {
                if let Some(x) = null.get_mut(e as usize) {
                    *x = p;
                }
            } else if p >= MIN_PROB {
                if by_f.len() <= f as usize {
                    by_f.resize_with(f as usize + 1, Vec::new);
                }
                by_f[f as usize].push((e, p));
            }
        }
        // A frequent character co-occurs with half the vocabulary; only its
        // likeliest translations matter, and keeping all would make every
        // sentence's table as large as the vocabulary.
        // Ties are broken by token id, so the translations kept do not
        // depend on the order the lexicon lists its pairs in (it was once
        // hash-map order, which changed from run to run, and so did the alignment).
        // The kept ones are chosen before they are sorted: sorting every
        // translation of a frequent character was most of building a scorer
        // (a source id's targets are distinct, so the order is total and
        // the same ones come out in the same order).
        by_f.par_iter_mut().for_each(|v| {
            let order = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if v.len() > MAX_TRANSLATIONS {
                v.select_nth_unstable_by(MAX_TRANSLATIONS - 1, order);
                v.truncate(MAX_TRANSLATIONS);
            }
            v.sort_unstable_by(order);
            v.shrink_to_fit();
        });
        // Counts, so the sums are exact whichever thread adds which sentence.
        let (mut freq, total) = pred
            .par_iter()
            .fold(
                || (vec![0.0; ne], 0.0),
                |(mut freq, mut total), sentence| {
                    for t in sentence {
                        if let Some(&i) = lex.target_ids.get(t) {
                            freq[i as usize] += 1.0;
                            total += 1.0;
                        }
                    }
                    (freq, total)
                },
            )
            .reduce(
                || (vec![0.0; ne], 0.0),
                |(mut a, x), (b, y)| {
                    a.iter_mut().zip(&b).for_each(|(a, b)| *a += b);
                    (a, x + y)
                },
            );
        if total > 0.0 {
            freq.iter_mut().for_each(|f| *f /= total);
        }
        let shared_len = if cond.len() <= SHARED_EXPLAINED { cond.len() } else { 0 };
        let shared = (0..shared_len).map(|_| OnceLock::new()).collect();
        let recent_len = if cond.len() > SHARED_EXPLAINED { RECENT_EXPLAINED } else { 0 };
        let recent = (0..recent_len).map(|_| Mutex::new((usize::MAX, Arc::default()))).collect();
        Scorer { by_f, cond: cond_ids, pred: pred_ids, null, freq, shared, recent }
    }

    /// What conditioning sentence `c` explains, built on first use and
    /// shared by every caller, if this scorer shares its tables (see
    /// [`SHARED_EXPLAINED`]); `None` if it does not or `c` is out of range.
    pub fn shared_explained(&self, c: usize) -> Option<&Explained> {
        let cell = self.shared.get(c)?;
        Some(cell.get_or_init(|| self.explained(c)))
    }

    /// What conditioning sentence `c` explains, from the slots every
    /// pricer of a pass shares when the conditioning side is too long to
    /// keep every sentence's table ([`SHARED_EXPLAINED`]); built if its
    /// slot holds another sentence. `None` if this scorer keeps every
    /// table instead or `c` is out of range. With two threads filling a
    /// search, each built the table of every sentence it reached: on the
    /// 100,000-sentence bench pair that was a tenth of the alignment time.
    pub fn recent_explained(&self, c: usize) -> Option<Arc<Explained>> {
        if self.recent.is_empty() || c >= self.cond.len() {
            return None;
        }
        let mut slot = self.recent[c % self.recent.len()].lock().unwrap_or_else(PoisonError::into_inner);
        if slot.0 != c {
            *slot = (c, Arc::new(self.explained(c)));
        }
        Some(Arc::clone(&slot.1))
    }

    /// What conditioning sentence `c` explains, built with this thread's
    /// scratch tables.
    fn explained(&self, c: usize) -> Explained {
        let mut e = Explained::default();
        SCRATCH.with(|scratch| self.explain(c, &mut e, &mut scratch.borrow_mut()));
        e
    }

    /// Fills `out` with what conditioning sentence `c` explains (nothing
    /// when out of range), using `scratch` for the merge.
    ///
    /// Each token's probabilities are added in the order of the sentence's
    /// source ids, into a table by token id: sorting the pairs of every
    /// source id by token and merging equal ones, as this once did, was a
    /// sixth of the lexical passes' pricing on a short document.
    pub fn explain(&self, c: usize, out: &mut Explained, scratch: &mut ExplainScratch) {
        let ne = self.null.len();
        if scratch.sums.len() < ne {
            scratch.sums.resize(ne, 0.0);
            scratch.marks.resize(ne.div_ceil(64), 0);
        }
        scratch.ids.clear();
        for &f in self.cond.get(c).map_or(&[][..], |v| &v[..]) {
            for &(e, p) in self.by_f.get(f as usize).map_or(&[][..], Vec::as_slice) {
                let sum = &mut scratch.sums[e as usize];
                // Every kept probability is at least MIN_PROB, so a sum
                // still 0 has not been touched yet.
                if *sum == 0.0 {
                    scratch.ids.push(e);
                }
                *sum += p;
            }
        }
        sorted_distinct(&mut scratch.ids, &mut scratch.marks);
        out.ids.clear();
        out.probs.clear();
        for &e in &scratch.ids {
            out.ids.push(e);
            out.probs.push(std::mem::take(&mut scratch.sums[e as usize]));
        }
    }

    /// Sum of the per-word log ratios of the predicted sentences `pred`
    /// given the conditioning sentences `cond` (0 when `cond` is empty:
    /// nothing explains anything).
    ///
    /// The sum is taken sentence by sentence, each from 0 and in the order
    /// of [`Scorer::sentence_sums`], then over the sentences in ascending
    /// order: the aligner's pricer adds cached sentence sums the same way
    /// and gets bit-identical prices.
    pub fn score(&self, cond: Range<usize>, pred: Range<usize>) -> f64 {
        if cond.is_empty() || self.cond.get(cond.clone()).is_none() || self.pred.get(pred.clone()).is_none() {
            return 0.0;
        }
        let mut scratch = ExplainScratch::default();
        let own: Vec<Explained> = if self.shared.is_empty() {
            cond.clone()
                .map(|c| {
                    let mut e = Explained::default();
                    self.explain(c, &mut e, &mut scratch);
                    e
                })
                .collect()
        } else {
            Vec::new()
        };
        let explained: Vec<&Explained> = if own.is_empty() {
            cond.clone().filter_map(|c| self.shared_explained(c)).collect()
        } else {
            own.iter().collect()
        };
        let mut sums = vec![0.0; cond.len()];
        let mut total = 0.0;
        for k in pred {
            self.sentence_sums(cond.end, &explained, k, &mut sums);
            total += sums[cond.len() - 1];
        }
        total
    }

    /// How many predicted token ids there are.
    pub fn predicted_ids(&self) -> usize {
        self.null.len()
    }

    /// [`Scorer::sentence_sums`] with what the sentences before `cond_end`
    /// explain given per predicted token id: `dense[e][w - 1]` is what the
    /// sentence `w` before the end gives token `e` (0 if nothing; `dense`
    /// as long as [`Scorer::predicted_ids`]). Where a table holds the token,
    /// the same probability is added in the same order; where none does,
    /// adding 0 leaves the sum as it was, so the sums are bit-identical.
    pub fn sentence_sums_dense<const W: usize>(
        &self,
        cond_end: usize,
        dense: &[[f64; W]],
        k: usize,
        out: &mut [f64],
    ) {
        let widths = out.len().min(cond_end).min(W);
        let out = &mut out[..widths];
        out.fill(0.0);
        let (Some(conds), Some(ps)) = (self.cond.get(cond_end - widths..cond_end), self.pred.get(k)) else {
            return;
        };
        for &e in ps {
            let mut p = self.null.get(e as usize).copied().unwrap_or(0.0);
            let q = self.freq.get(e as usize).copied().unwrap_or(0.0).max(1e-9);
            let given = dense.get(e as usize).copied().unwrap_or([0.0; W]);
            let mut known = 0usize;
            for ((add, ids), sum) in given.iter().zip(conds.iter().rev()).zip(out.iter_mut()) {
                p += add;
                known += ids.len();
                let nf = known as f64 + 1.0;
                *sum += ((0.5 * p / nf + 0.5 * q) / q).ln();
            }
        }
    }

    /// The log-ratio sum of predicted sentence `k` given each of the
    /// conditioning ranges ending at `cond_end`: `out[w - 1]` for
    /// `cond_end - w..cond_end`, `w` from 1 to `out.len()` (at most
    /// `cond_end`; a longer `out` keeps its extra entries), all 0 when a
    /// sentence is out of range. `explained` holds what the sentences
    /// before `cond_end` explain ([`Scorer::explain`]), the last one nearest
    /// to it, at least as many as there are widths.
    ///
    /// All widths come out of one pass over the sentence's tokens: the
    /// probability of a token given `w` sentences is that given `w - 1`
    /// plus what the sentence `w` before the end adds, so the conditioning
    /// sentences are summed from the nearest back.
    pub fn sentence_sums(&self, cond_end: usize, explained: &[&Explained], k: usize, out: &mut [f64]) {
        let widths = out.len().min(cond_end);
        let out = &mut out[..widths];
        out.fill(0.0);
        let (Some(cs), Some(conds), Some(ps)) = (
            explained.get(explained.len().wrapping_sub(widths)..),
            self.cond.get(cond_end - widths..cond_end),
            self.pred.get(k),
        ) else {
            return;
        };
        for &e in ps {
            let mut p = self.null.get(e as usize).copied().unwrap_or(0.0);
            let q = self.freq.get(e as usize).copied().unwrap_or(0.0).max(1e-9);
            let mut known = 0usize;
            for ((c, ids), sum) in cs.iter().rev().zip(conds.iter().rev()).zip(out.iter_mut()) {
                if let Ok(x) = c.ids.binary_search(&e) {
                    p += c.probs[x];
                }
                known += ids.len();
                let nf = known as f64 + 1.0;
                *sum += ((0.5 * p / nf + 0.5 * q) / q).ln();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_pairs_english_words_with_two_character_headwords() {
        let pairs = dictionary_pairs(["The ports of the city"].into_iter());
        assert!(pairs.contains(&(hash(3, "港口".as_bytes()), hash(1, b"ports"))));
        // Stop words are not looked up.
        assert!(pairs.iter().all(|&(_, en)| en != hash(1, b"the")));
    }

    #[test]
    fn the_dictionary_prior_breaks_a_tie_between_co_occurring_words() {
        // 港 and 口 co-occur with "ports" and "cargo" equally often: without
        // a prior EM cannot tell which the bigram 港口 translates.
        let zh = tokens("港口", Lang::Zh);
        let en = tokens("ports cargo", Lang::En);
        let pairs = vec![(zh.clone(), en.clone()); 3];
        let prob_of = |lex: &TranslationTable, word: &[u8]| {
            let f = lex.source_ids[&hash(3, "港口".as_bytes())];
            let e = lex.target_ids[&hash(1, word)];
            lex.pairs.iter().zip(&lex.prob).find(|(&k, _)| k == (f, e)).map(|(_, &p)| p).unwrap()
        };
        let plain = train(&pairs, 5);
        assert_eq!(prob_of(&plain, b"ports"), prob_of(&plain, b"cargo"));
        let prior = dictionary_pairs(["ports cargo"].into_iter());
        let seeded = train_with_prior(&pairs, 5, &prior);
        assert!(prob_of(&seeded, b"ports") > 2.0 * prob_of(&seeded, b"cargo"));
    }

    #[test]
    fn tied_translations_are_kept_by_token_id_not_hash_order() {
        // One source token explains 24 target tokens equally well: only
        // MAX_TRANSLATIONS fit, and which ones must not depend on the order
        // the probability table happens to iterate in.
        let targets: Vec<u64> = (100..124).collect();
        let mut lex = TranslationTable::default();
        lex.source_ids.insert(7, 1);
        for (i, &t) in targets.iter().enumerate() {
            lex.target_ids.insert(t, i as u32);
            lex.pairs.push((1, i as u32));
            lex.prob.push(1.0 / 24.0);
        }
        let scorer = Scorer::new(lex, &[vec![7]], std::slice::from_ref(&targets));
        let mut kept = Explained::default();
        scorer.explain(0, &mut kept, &mut ExplainScratch::default());
        let kept = kept.ids;
        assert_eq!(kept, (0..MAX_TRANSLATIONS as u32).collect::<Vec<_>>());
    }

    #[test]
    fn the_entries_are_counted_once_each_and_their_room_is_never_short() {
        // Source lists end with NULL (0); target 1 meets source 1 in both pairs.
        let data = vec![(vec![1, 2, 0], vec![0, 1]), (vec![1, 3, 0], vec![1])];
        let pairs_of = vec![vec![0], vec![0, 1]];
        let mut taken = vec![u32::MAX; 4];
        // Target 0: sources 0, 1, 2; target 1: sources 0, 1, 2, 3.
        assert_eq!(count_entries(&data, &pairs_of, 0, &mut taken), 7);
        assert!(taken.iter().all(|&t| t == u32::MAX), "the slots must be left clear");
        // Few cells: room for one entry per cell (9), at least the 7 entries.
        assert_eq!(entry_capacity(&data, &pairs_of, 0, &mut taken), 9);
        // The second target alone, as a part of a training starting at it.
        assert_eq!(count_entries(&data, &pairs_of[1..], 1, &mut taken), 4);
        // Many cells: counted, two pairs of the same tokens giving each entry twice.
        let wide: Vec<u32> = (0..800).collect();
        let data = vec![(wide.clone(), wide.clone()); 2];
        let pairs_of: Vec<Vec<u32>> = vec![vec![0, 1]; wide.len()];
        let mut taken = vec![u32::MAX; wide.len()];
        assert!(2 * wide.len() * wide.len() > UNCOUNTED_ENTRY_CELLS);
        assert_eq!(entry_capacity(&data, &pairs_of, 0, &mut taken), wide.len() * wide.len());
        // And training fills exactly the entries counted.
        let pairs = random_pairs(200, 11);
        let lex = train(&pairs, 1);
        let distinct: std::collections::HashSet<(u64, u64)> = pairs
            .iter()
            .flat_map(|(s, t)| {
                s.iter()
                    .map(|&f| Some(f))
                    .chain([None])
                    .flat_map(move |f| t.iter().map(move |&e| (f.map_or(u64::MAX, |f| f), e)))
            })
            .collect();
        assert_eq!(lex.pairs.len(), distinct.len());
    }

    #[test]
    fn distinct_ids_come_out_sorted_by_either_way_of_sorting() {
        let mut marks = vec![0u64; 4];
        let mut next = 7u64;
        for len in [0usize, 1, 3, 17, 90, 200] {
            let mut ids: Vec<u32> = (0..256).collect();
            // A shuffle, then the first `len`.
            for i in (1..ids.len()).rev() {
                next = next.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                ids.swap(i, (next >> 33) as usize % (i + 1));
            }
            ids.truncate(len);
            let mut expected = ids.clone();
            expected.sort_unstable();
            sorted_distinct(&mut ids, &mut marks);
            assert_eq!(ids, expected);
            assert!(marks.iter().all(|&m| m == 0), "the marks must be left clear");
        }
    }

    /// Random token lists: conditioning sentences of a small vocabulary,
    /// each predicted sentence a noisy image of its conditioning one.
    fn random_pairs(n: usize, seed: u64) -> Vec<(Vec<u64>, Vec<u64>)> {
        let mut x = seed;
        let mut next = move || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            x >> 33
        };
        (0..n)
            .map(|_| {
                let s: Vec<u64> = (0..1 + next() % 9).map(|_| next() % 40).collect();
                let t = s.iter().map(|w| 1000 + w / 2).chain([1000 + next() % 30]).collect();
                (s, t)
            })
            .collect()
    }

    #[test]
    fn em_gives_the_probabilities_of_the_textbook_iteration_bit_for_bit() {
        // IBM Model 1 as written in the books: t(e | f) = 1 to start; per
        // iteration, every target token of a pair shares a count of 1 over
        // the pair's distinct source tokens and NULL in proportion to t,
        // then t = count / total of its source. Pairs in order, a pair's
        // target tokens and source tokens ascending by id (first seen first),
        // as the trainer takes them, and each quotient as the trainer takes
        // it (times the reciprocal of the divisor), so the sums must agree
        // to the bit.
        let pairs = random_pairs(60, 11);
        for iterations in [1, 2, 5] {
            let trained = train(&pairs, iterations);
            let ids = |toks: &[u64], map: &TokenIds| {
                let mut v: Vec<u32> = toks.iter().map(|h| map[h]).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let mut t: HashMap<(u32, u32), f64> = trained.pairs.iter().map(|&k| (k, 1.0)).collect();
            for _ in 0..iterations {
                let mut count: HashMap<(u32, u32), f64> = HashMap::new();
                let mut total: HashMap<u32, f64> = HashMap::new();
                for (s, e) in &pairs {
                    let mut fs = ids(s, &trained.source_ids);
                    fs.push(0);
                    for e in ids(e, &trained.target_ids) {
                        let z: f64 = fs.iter().map(|&f| t[&(f, e)]).sum();
                        for &f in &fs {
                            let c = t[&(f, e)] * (1.0 / z);
                            *count.entry((f, e)).or_insert(0.0) += c;
                            *total.entry(f).or_insert(0.0) += c;
                        }
                    }
                }
                for (k, v) in t.iter_mut() {
                    *v = count[k] * (1.0 / total[&k.0]);
                }
            }
            for (k, p) in trained.pairs.iter().zip(&trained.prob) {
                assert_eq!(p.to_bits(), t[k].to_bits(), "{iterations} iterations, entry {k:?}");
            }
        }
    }

    #[test]
    fn what_a_sentence_explains_adds_each_tokens_translations_in_source_order() {
        let pairs = random_pairs(80, 5);
        let (cond, pred): (Vec<Vec<u64>>, Vec<Vec<u64>>) = pairs.iter().cloned().unzip();
        let scorer = Scorer::new(train(&pairs, 5), &cond, &pred);
        let mut scratch = ExplainScratch::default();
        let mut merged = 0;
        for c in 0..cond.len() {
            let mut expected: std::collections::BTreeMap<u32, f64> = Default::default();
            for &f in scorer.cond[c].iter() {
                for &(e, p) in &scorer.by_f[f as usize] {
                    let sum = expected.entry(e).or_insert(0.0);
                    merged += usize::from(*sum != 0.0);
                    *sum += p;
                }
            }
            let mut got = Explained::default();
            scorer.explain(c, &mut got, &mut scratch);
            let got: Vec<(u32, u64)> = got.entries().map(|(e, p)| (e, p.to_bits())).collect();
            let expected: Vec<(u32, u64)> = expected.into_iter().map(|(e, p)| (e, p.to_bits())).collect();
            assert_eq!(got, expected, "sentence {c}");
        }
        assert!(merged > 20, "tokens explained by several source tokens must occur");
    }

    #[test]
    fn targets_are_split_into_ranges_of_about_equal_work() {
        assert_eq!(split_targets(&[5, 5, 5, 5], 2), [0, 2, 4]);
        assert_eq!(split_targets(&[1, 1, 1, 9], 2), [0, 3, 4]);
        assert_eq!(split_targets(&[7], 2), [0, 0, 1]);
        assert_eq!(split_targets(&[2, 9, 2], 2), [0, 1, 3]);
        assert_eq!(split_targets(&[], 2), [0, 0, 0]);
        assert_eq!(split_targets(&[3, 4], 1), [0, 2]);
    }

    #[test]
    fn training_in_two_parts_gives_the_one_part_lexicon_to_rounding_on_any_thread_count() {
        let pairs = random_pairs(300, 23);
        let prior: DictionaryPairs = pairs.iter().take(40).map(|(s, t)| (s[0], t[0])).collect();
        let one = train_in_parts(&pairs, 5, &prior, 1);
        let with = |threads| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| train_in_parts(&pairs, 5, &prior, 2))
        };
        let two = with(2);
        // The same entries in the same order, the same ids.
        assert_eq!(one.pairs, two.pairs);
        assert_eq!(one.source_ids, two.source_ids);
        let mut differ = 0;
        for (a, b) in one.prob.iter().zip(&two.prob) {
            assert!((a - b).abs() <= 1e-12 * a.abs().max(1e-300), "{a} against {b}");
            differ += usize::from(a.to_bits() != b.to_bits());
        }
        // Only the order of the totals' sums differs, which must show somewhere
        // for this test to be about anything; and bit for bit on one thread or two.
        assert!(differ > 0);
        let bits = |t: &TranslationTable| t.prob.iter().map(|p| p.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&two), bits(&with(1)));
    }

    #[test]
    fn a_training_of_over_a_million_cells_stays_in_one_part() {
        assert_eq!(training_parts(330_000, TRAINING_PARTS), 2);
        assert_eq!(training_parts(UNCOUNTED_ENTRY_CELLS + 1, TRAINING_PARTS), 1);
        assert_eq!(training_parts(10, 0), 1);
        // Two pairs of 800 × 800 tokens: 1.28 million cells, trained as one part.
        let wide: Vec<u64> = (0..800).collect();
        let pairs = vec![(wide.clone(), wide.iter().map(|w| 5000 + w).collect::<Vec<u64>>()); 2];
        let bits = |t: &TranslationTable| t.prob.iter().map(|p| p.to_bits()).collect::<Vec<_>>();
        let none = DictionaryPairs::default();
        let (one, two) = (train_in_parts(&pairs, 1, &none, 1), train_in_parts(&pairs, 1, &none, 2));
        assert_eq!(one.pairs, two.pairs);
        assert_eq!(bits(&one), bits(&two));
    }

    #[test]
    fn training_and_scoring_do_not_depend_on_the_number_of_threads() {
        let mut x = 3u64;
        let mut next = move || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            x >> 33
        };
        let sentences: Vec<Vec<u64>> =
            (0..300).map(|_| (0..1 + next() % 9).map(|_| next() % 50).collect()).collect();
        let pairs: Vec<(Vec<u64>, Vec<u64>)> = sentences
            .iter()
            .map(|s| (s.clone(), s.iter().map(|w| 1000 + w / 2).chain([1000 + next() % 40]).collect()))
            .collect();
        let (cond, pred): (Vec<Vec<u64>>, Vec<Vec<u64>>) = pairs.iter().cloned().unzip();
        let with = |threads| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                let scorer = Scorer::new(train(&pairs, crate::align::params::EM_ITERATIONS), &cond, &pred);
                (0..cond.len() - 2).map(|i| scorer.score(i..i + 2, i..i + 3).to_bits()).collect::<Vec<u64>>()
            })
        };
        let one = with(1);
        assert!(one.iter().any(|&b| f64::from_bits(b) > 1.0), "translations must score");
        assert_eq!(one, with(3));
    }
}
