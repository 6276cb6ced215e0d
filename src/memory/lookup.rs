//! Fuzzy lookup: the units whose side in the query's language is closest.
//!
//! Candidates are found without losing any unit that reaches the threshold:
//!
//! * a unit of `n` tokens can reach `min_score` against a query of `m` only if
//!   `|m − n| ≤ k(L)`, `k(L)` being the largest distance allowed at length `L = max(m, n)`;
//! * `d` edits destroy at most `q·d` of the query's grams (`q` tokens each), so
//!   such a unit shares at least `|G| − q·k(L)` of the query's distinct gram keys
//!   (the q-gram count filter);
//! * any unit that shares `T` of `|G|` keys holds one of any `|G| − T + 1` of
//!   them, so only the rarest keys' postings generate candidates; the commoner
//!   keys then only add to the counts of candidates already found, by scanning
//!   or binary search, whichever is cheaper, dropping candidates as soon as
//!   they can no longer reach their bound.
//!
//! Each candidate's shared-gram count also bounds its score from above
//! (`d ≥ ⌈(|G| − shared) / q⌉`), so candidates are scored best bound first and
//! the scan stops as soon as the bound falls below the current fifth best.
//!
//! When the bound is not positive (very short queries, low thresholds) every
//! unit of a compatible length is scored. Survivors are scored exactly with
//! the bit-parallel distance of [`super::score`].

use super::index::{gram_len, Memory, Postings};
use super::score::{final_score, length_ok, max_distance, percent, Pattern};
use super::tokenize::{gram_keys, tokenize, Token};
use crate::lang::Lang;

/// What to look for.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Lowest score reported (0–100).
    pub min_score: u8,
    /// Number of matches reported.
    pub top: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { min_score: 70, top: 5 }
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

/// Reusable per-thread state: a count per unit, reset after each query.
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

/// Scores unit `u` exactly; `None` below the threshold.
fn score_unit(mem: &Memory, q: &Query<'_>, pat: &Pattern, u: usize, min: u8) -> Option<Hit> {
    let n = mem.token_count(u, q.lang);
    let d = pat.distance_iter(mem.tokens(u, q.lang));
    // The text itself is only needed to tell an identical text from a case variant.
    let score = if d == 0 {
        final_score(0, pat.len(), n, q.text, mem.text(u, q.lang))
    } else {
        percent(d, pat.len(), n)
    };
    (score >= min).then_some(Hit { unit: u as u32, score, distance: d as u32 })
}

/// Scores every unit: the reference the index must agree with.
#[doc(hidden)]
pub fn exhaustive(mem: &Memory, q: &Query<'_>, opts: Options) -> Vec<Hit> {
    if q.hashes.is_empty() {
        return Vec::new();
    }
    let pat = Pattern::new(&q.hashes);
    let hits = (0..mem.len()).filter_map(|u| score_unit(mem, q, &pat, u, opts.min_score)).collect();
    finish(hits, opts.top)
}

/// Looks `q` up through the index.
pub fn lookup(mem: &Memory, q: &Query<'_>, opts: Options, s: &mut Scratch) -> Vec<Hit> {
    let m = q.hashes.len();
    if m == 0 || opts.top == 0 {
        return Vec::new();
    }
    let min = opts.min_score.min(100);
    let qlen = gram_len(q.lang);
    let mut keys = Vec::new();
    gram_keys(&q.hashes, qlen, &mut keys);
    let g = keys.len();
    // The longest unit that can still reach the threshold.
    let n_max = if min == 0 { usize::MAX } else { (m * 100) / usize::from(min) };
    let bound = |n: usize| -> isize {
        let k = max_distance(m.max(n), min);
        g as isize - (qlen.saturating_mul(k)) as isize
    };
    let t_min = bound(n_max.min(u32::MAX as usize));
    let mut pat: Option<Pattern> = None;
    let mut hits = Vec::new();

    if t_min <= 0 {
        // The count filter cannot exclude anything: score every unit of a compatible length.
        for u in 0..mem.len() {
            if length_ok(m, mem.token_count(u, q.lang), min) {
                let p = pat.get_or_insert_with(|| Pattern::new(&q.hashes));
                hits.extend(score_unit(mem, q, p, u, min));
            }
        }
        return finish(hits, opts.top);
    }

    let mut lists: Vec<Postings<'_>> = keys.iter().map(|&k| mem.postings(q.lang, k)).collect();
    lists.sort_by_key(|p| p.len());
    if s.counts.len() != mem.len() {
        s.counts = vec![0; mem.len()];
    }
    let prefix = (g as isize - t_min + 1) as usize;
    let mut cands: Vec<u32> = Vec::new();
    for p in &lists[..prefix.min(g)] {
        for u in p.iter() {
            if let Some(c) = s.counts.get_mut(u as usize) {
                if *c == 0 {
                    cands.push(u);
                }
                *c += 1;
            }
        }
    }
    // Each candidate's own bound, from its length; those of an impossible
    // length go at once.
    let mut cands: Vec<(u32, isize)> = cands
        .into_iter()
        .filter_map(|u| {
            let n = mem.token_count(u as usize, q.lang);
            if length_ok(m, n, min) {
                Some((u, bound(n)))
            } else {
                s.counts[u as usize] = 0;
                None
            }
        })
        .collect();
    // Drops the candidates that cannot reach their bound any more.
    let prune = |cands: &mut Vec<(u32, isize)>, counts: &mut [u32], remaining: usize| {
        cands.retain(|&(u, need)| {
            let keep = (counts[u as usize] as isize + remaining as isize) >= need;
            if !keep {
                counts[u as usize] = 0;
            }
            keep
        });
    };
    let mut remaining = g - prefix.min(g);
    prune(&mut cands, &mut s.counts, remaining);
    for p in &lists[prefix.min(g)..] {
        if cands.is_empty() {
            break;
        }
        let log = usize::BITS as usize - p.len().leading_zeros() as usize;
        if cands.len().saturating_mul(log) < p.len() {
            for &(u, _) in &cands {
                if p.contains(u) {
                    s.counts[u as usize] += 1;
                }
            }
        } else {
            for u in p.iter() {
                if let Some(c) = s.counts.get_mut(u as usize) {
                    if *c > 0 {
                        *c += 1;
                    }
                }
            }
        }
        remaining -= 1;
        prune(&mut cands, &mut s.counts, remaining);
    }
    // The counts are now complete; they bound each candidate's distance from
    // below, hence its score from above. Scoring the most promising first
    // lets the scan stop once no remaining candidate can enter the top list.
    let mut order: Vec<(u8, u32)> = cands
        .iter()
        .map(|&(u, _)| {
            let n = mem.token_count(u as usize, q.lang);
            let c = std::mem::take(&mut s.counts[u as usize]) as usize;
            let lost = g.saturating_sub(c).div_ceil(qlen);
            (percent(lost.max(m.abs_diff(n)), m, n), u)
        })
        .collect();
    order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    if !order.is_empty() {
        let p = Pattern::new(&q.hashes);
        for (upper, u) in order {
            if hits.len() >= opts.top && hits.last().is_some_and(|h: &Hit| upper < h.score) {
                break;
            }
            if let Some(h) = score_unit(mem, q, &p, u as usize, min) {
                hits.push(h);
                if hits.len() >= opts.top {
                    hits = finish(hits, opts.top);
                }
            }
        }
    }
    finish(hits, opts.top)
}
