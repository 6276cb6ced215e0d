//! Fuzzy lookup: the units whose side in the query's language is closest.
//!
//! The search never loses a unit that reaches the threshold `t`, because it
//! only skips units that provably score below it:
//!
//! * Length. The distance is at least the length difference, so only units of
//!   some token counts can reach `t`; each side of the index keeps the units of
//!   one length in one contiguous range of ids (a "slot"), so the search visits
//!   those slots only, closest length first, and reads only the part of each
//!   postings list inside the slot.
//! * Shared keys. A key is a gram (a word, or a Chinese character bigram) with
//!   its occurrence number, so a unit shares `c` keys with the query when their
//!   multisets of grams have `c` grams in common. One edit destroys at most `q`
//!   grams (`q` tokens per gram), hence `d ≥ ⌈(L − q + 1 − c) / q⌉` with `L` the
//!   longer length: in a slot, a unit must share at least
//!   `need = L − q + 1 − q·k` keys, `k` the largest distance `t` allows there.
//! * Prefix filter. A unit sharing `need` of the query's `G` keys holds one of
//!   any `G − need + 1` of them, so only the postings of the rarest ones (in
//!   that slot) generate candidates; the others only complete the counts of
//!   candidates, by galloping through the list or scanning it, whichever reads
//!   less, and candidates that can no longer reach `need` are dropped at once.
//!
//! Candidates are then scored exactly (bit-parallel edit distance, see
//! [`super::score`]) in decreasing order of the bound their count gives, and
//! the scan stops when the bound falls below the current last of the top list,
//! which also raises the threshold for the slots that follow.
//!
//! The threshold starts high (100, then 90) and drops to `--min-score` only
//! when fewer than `top` units reach it: a query with many good matches (a
//! memory full of repeated segments) is answered by a cheap high-threshold
//! pass, where the length window is narrow and `need` close to `G`. The top list at a level is exact
//! (every unit at or above the level was examined), so stopping early returns
//! what an exhaustive scan returns.
//!
//! Chinese is indexed by single characters as well as by bigrams. Bigrams are
//! more selective, but their bound weakens fast as the threshold drops, and
//! vanishes (`need ≤ 0`) once it allows about half the characters to change;
//! the bound on single characters (`q = 1`) stays positive at any threshold
//! above 0. In each slot the search uses whichever gram length has the shorter
//! candidate-generating lists there. Only at threshold 0 is every unit of a
//! slot scored.

use std::ops::Range;

use super::index::{gram_lens, Memory, Postings};
use super::postings::Block;
use super::score::{final_score, max_distance, percent, Pattern};
use super::tokenize::{occurrence_keys, tokenize, Token};
use super::MemoryError;
use crate::lang::Lang;

/// The most tokens a query may have. The bit-parallel pattern holds one
/// 64-bit word per 64 query tokens for each distinct token, so its size grows
/// with the square of the query (a 1 MB query of distinct words needed
/// 3.4 GB), and scoring one candidate costs its length times the query's over
/// 64. A segment is a sentence or a paragraph: the longest units of the test
/// corpora have a few hundred tokens. At this cap the pattern takes at most
/// 157 × 10,000 words (12.5 MB) and a candidate of the same length about
/// 1.6 million steps (a few milliseconds).
pub const MAX_QUERY_TOKENS: usize = 10_000;

/// What to look for.
#[derive(Clone, Copy, Debug)]
pub struct LookupOptions {
    /// Lowest score reported (0–100).
    pub min_score: u8,
    /// Number of matches reported.
    pub top: usize,
}

impl Default for LookupOptions {
    fn default() -> LookupOptions {
        LookupOptions { min_score: 70, top: 5 }
    }
}

/// One match: a unit and its score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub unit: u32,
    pub score: u8,
    /// Token edit distance to the query.
    pub distance: u32,
}

/// A query, tokenized once.
pub struct Query<'q> {
    pub text: &'q str,
    pub lang: Lang,
    pub tokens: Vec<Token>,
    hashes: Vec<u64>,
}

impl<'q> Query<'q> {
    pub fn new(text: &'q str, lang: Lang) -> Query<'q> {
        let tokens = tokenize(text);
        let hashes = tokens.iter().map(|t| t.hash).collect();
        Query { text, lang, tokens, hashes }
    }

    pub fn hashes(&self) -> &[u64] {
        &self.hashes
    }
}

/// Reusable per-thread state: a count per local id of a slot, all zero
/// between slots.
#[derive(Default)]
pub struct Scratch {
    counts: Vec<u32>,
}

/// Orders hits best first, ties by unit id, and keeps the best `top`.
fn finish(mut hits: Vec<Hit>, top: usize) -> Vec<Hit> {
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.unit.cmp(&b.unit)));
    hits.truncate(top);
    hits
}

/// Scores local id `local` of the query's side exactly; `None` below `min`.
fn score_local(mem: &Memory, q: &Query<'_>, pat: &Pattern, local: u32, min: u8) -> Option<Hit> {
    let toks = mem.tokens(q.lang, local);
    let n = toks.len();
    let d = pat.distance_iter(toks);
    let unit = mem.unit_of(q.lang, local);
    // The text itself is only needed to tell an identical text from a case variant.
    let score = if d == 0 {
        final_score(0, pat.len(), n, q.text, mem.text_or_empty(unit as usize, q.lang).unwrap_or(""))
    } else {
        percent(d, pat.len(), n)
    };
    if score < min {
        return None;
    }
    // A unit without the other language (a one-language unit written with
    // `--keep-unaligned`, a German and English unit) has no translation to
    // offer: a 100 % match with a blank target misleads.
    let translated = mem.text_or_empty(unit as usize, q.lang.other()).is_some_and(|t| !t.trim().is_empty());
    translated.then_some(Hit { unit, score, distance: d as u32 })
}

/// Refuses a query too long to compare (see [`MAX_QUERY_TOKENS`]).
fn check_length(q: &Query<'_>) -> Result<(), MemoryError> {
    if q.hashes.len() > MAX_QUERY_TOKENS {
        return Err(MemoryError::QueryTooLong { tokens: q.hashes.len(), max: MAX_QUERY_TOKENS });
    }
    Ok(())
}

/// Scores every unit: the reference the index must agree with.
#[doc(hidden)]
pub fn exhaustive(mem: &Memory, q: &Query<'_>, opts: LookupOptions) -> Result<Vec<Hit>, MemoryError> {
    check_length(q)?;
    if q.hashes.is_empty() {
        return Ok(Vec::new());
    }
    let pat = Pattern::new(&mem.token_ids(q.lang, &q.hashes));
    let hits =
        (0..mem.len() as u32).filter_map(|local| score_local(mem, q, &pat, local, opts.min_score)).collect();
    mem.check()?;
    Ok(finish(hits, opts.top))
}

/// What a query's length and key count allow, for `q`-token grams.
struct Bounds {
    m: usize,
    q: usize,
}

impl Bounds {
    /// The least distance to a unit of `n` tokens sharing `c` keys.
    fn distance(&self, n: usize, c: usize) -> usize {
        let grams = self.m.max(n).saturating_sub(self.q - 1);
        grams.saturating_sub(c).div_ceil(self.q).max(self.m.abs_diff(n))
    }

    /// The best score of a unit of `n` tokens sharing `c` keys.
    fn score(&self, n: usize, c: usize) -> u8 {
        percent(self.distance(n, c), self.m, n)
    }

    /// The fewest keys a unit of `n` tokens must share to score `t`.
    fn need(&self, n: usize, t: u8) -> isize {
        let l = self.m.max(n);
        let k = max_distance(l, t);
        (l + 1) as isize - self.q as isize - (self.q * k) as isize
    }
}

/// The best `top` hits so far, kept sorted.
struct Top {
    hits: Vec<Hit>,
    top: usize,
    /// The level: the lowest score looked for.
    level: u8,
}

impl Top {
    /// The lowest score that can still enter the list. A unit scoring the
    /// same as the last can still enter, by its smaller unit id.
    fn floor(&self) -> u8 {
        match self.hits.get(self.top - 1) {
            Some(last) => last.score.max(self.level),
            None => self.level,
        }
    }

    fn add(&mut self, h: Hit) {
        let at = self.hits.partition_point(|o| o.score > h.score || (o.score == h.score && o.unit < h.unit));
        self.hits.insert(at, h);
        self.hits.truncate(self.top);
    }
}

/// The query's keys of one gram length and their postings.
struct Family<'m> {
    bounds: Bounds,
    lists: Vec<Postings<'m>>,
}

/// The query's share of the index, looked up once for every level.
struct Plan<'m, 'q> {
    mem: &'m Memory,
    q: &'m Query<'q>,
    pat: Pattern,
    m: usize,
    /// One per indexed gram length, the most selective first.
    families: Vec<Family<'m>>,
    slots: Vec<(usize, Range<u32>)>,
}

impl Plan<'_, '_> {
    /// Every unit scoring at least `level`, or the best `top` of them.
    fn search(&self, level: u8, top: usize, s: &mut Scratch) -> Vec<Hit> {
        let m = self.m;
        let mut best = Top { hits: Vec::new(), top, level };
        let mut order: Vec<(u8, usize, &Range<u32>)> = self
            .slots
            .iter()
            .map(|(n, r)| (percent(m.abs_diff(*n), m, *n), *n, r))
            .filter(|&(b, ..)| b >= level)
            .collect();
        order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (b, n, range) in order {
            if b < best.floor() {
                break;
            }
            self.slot(n, range, &mut best, s);
        }
        best.hits
    }

    /// Looks through the units of `n` tokens (local ids `range`).
    fn slot(&self, n: usize, range: &Range<u32>, best: &mut Top, s: &mut Scratch) {
        let (mem, q, pat) = (self.mem, self.q, &self.pat);
        // Of the gram lengths that leave a positive bound, the one whose
        // candidate-generating lists are shortest in this slot; any bound
        // above the key count rules the whole slot out.
        let mut chosen: Option<(&Family<'_>, usize, Vec<Postings<'_>>, usize)> = None;
        for f in &self.families {
            let need = f.bounds.need(n, best.floor());
            if need > f.lists.len() as isize {
                return;
            }
            if need <= 0 {
                continue;
            }
            let need = need as usize;
            let mut subs: Vec<Postings<'_>> = f.lists.iter().map(|p| p.within(range)).collect();
            subs.sort_by_key(Postings::len);
            let cost: usize = subs[..f.lists.len() - need + 1].iter().map(Postings::len).sum();
            if chosen.as_ref().is_none_or(|c| cost < c.3) {
                chosen = Some((f, need, subs, cost));
            }
        }
        let Some((fam, need, subs, _)) = chosen else {
            for local in range.clone() {
                if let Some(h) = score_local(mem, q, pat, local, best.floor()) {
                    best.add(h);
                }
            }
            return;
        };
        let g = fam.lists.len();
        // The slots were checked at open: `start < end <= units`.
        let size = range.len();
        if s.counts.len() < size {
            s.counts.resize(size, 0);
        }
        let counts = &mut s.counts[..size];
        let base = range.start;
        let prefix = g - need + 1;
        let mut cands: Vec<u32> = Vec::new();
        for p in &subs[..prefix] {
            for id in p.iter() {
                if let Some(c) = counts.get_mut(id.wrapping_sub(base) as usize) {
                    if *c == 0 {
                        cands.push(id);
                    }
                    *c += 1;
                }
            }
        }
        cands.sort_unstable();
        // Drops the candidates that cannot reach `need` with `left` lists to go.
        let prune = |cands: &mut Vec<u32>, counts: &mut [u32], left: usize| {
            cands.retain(|&id| {
                let c = &mut counts[(id - base) as usize];
                let keep = *c as usize + left >= need;
                if !keep {
                    *c = 0;
                }
                keep
            });
        };
        let mut left = g - prefix;
        prune(&mut cands, counts, left);
        for p in &subs[prefix..] {
            if cands.is_empty() {
                break;
            }
            if cands.len().saturating_mul(16) < p.len() {
                let (mut at, mut block) = (0, Block::default());
                for &id in &cands {
                    at = p.seek_in(at, id, &mut block);
                    if at < p.len() && p.get_in(at, &mut block) == id {
                        counts[(id - base) as usize] += 1;
                    }
                }
            } else {
                for id in p.iter() {
                    if let Some(c) = counts.get_mut(id.wrapping_sub(base) as usize) {
                        if *c > 0 {
                            *c += 1;
                        }
                    }
                }
            }
            left -= 1;
            prune(&mut cands, counts, left);
        }
        // The counts are complete: each bounds its unit's score from above, so
        // the most promising are scored first and the rest skipped once none
        // can enter the top list.
        let mut order: Vec<(u8, u32)> = cands
            .iter()
            .map(|&id| {
                let c = std::mem::take(&mut counts[(id - base) as usize]) as usize;
                (fam.bounds.score(n, c), id)
            })
            .collect();
        order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (upper, id) in order {
            let floor = best.floor();
            if upper < floor {
                break;
            }
            if let Some(h) = score_local(mem, q, pat, id, floor) {
                best.add(h);
            }
        }
    }
}

/// Looks `q` up through the index. An error when the query is too long
/// ([`MAX_QUERY_TOKENS`]) or the index is found damaged on the way (what was
/// read is checksummed, see [`super::index`]).
pub fn lookup(
    mem: &Memory,
    q: &Query<'_>,
    opts: LookupOptions,
    s: &mut Scratch,
) -> Result<Vec<Hit>, MemoryError> {
    check_length(q)?;
    let hits = search(mem, q, opts, s);
    mem.check()?;
    Ok(hits)
}

fn search(mem: &Memory, q: &Query<'_>, opts: LookupOptions, s: &mut Scratch) -> Vec<Hit> {
    let m = q.hashes.len();
    if m == 0 || opts.top == 0 {
        return Vec::new();
    }
    let min = opts.min_score.min(100);
    let slots: Vec<(usize, Range<u32>)> =
        mem.slots(q.lang).filter(|(n, _)| percent(m.abs_diff(*n), m, *n) >= min).collect();
    if slots.is_empty() {
        return Vec::new();
    }
    let mut keys = Vec::new();
    let families = gram_lens(q.lang)
        .iter()
        .map(|&qlen| {
            occurrence_keys(&q.hashes, qlen, &mut keys);
            Family {
                bounds: Bounds { m, q: qlen },
                lists: keys.iter().map(|&k| mem.postings(q.lang, k)).collect(),
            }
        })
        .collect();
    // The index stores tokens as vocabulary ranks: the pattern is made of those.
    let pat = Pattern::new(&mem.token_ids(q.lang, &q.hashes));
    let plan = Plan { mem, q, pat, m, families, slots };
    // Each level costs little next to the one below it, but repeats its work
    // when it falls short, so there are few: identical texts, near-identical
    // ones, then the threshold asked for.
    for level in [100, 90] {
        if level > min {
            let hits = plan.search(level, opts.top, s);
            if hits.len() >= opts.top {
                return hits;
            }
        }
    }
    plan.search(min, opts.top, s)
}
