//! Fuzzy-match scores: token edit distance, normalised to a percentage.
//!
//! The distance is computed with Myers' bit-parallel algorithm over token
//! ids (hashes, or in an index their vocabulary ranks; one 64-bit word per 64 query tokens, blocks chained by their
//! horizontal carry as in Hyyrö's formulation), so scoring a candidate costs
//! one pass over its tokens whatever the query length up to 64 tokens.
//!
//! `score = floor(100 × (L − d) / L)` with `L` the longer token count and `d`
//! the distance, in integers so that the index and an exhaustive scan agree to
//! the last unit. A distance of 0 only scores 100 when the two texts are the
//! same string (surrounding spaces aside); otherwise (they differ in case or
//! width only) it scores 99.

/// The query prepared for bit-parallel matching: for each distinct token,
/// the bit mask of the positions where it occurs, one `u64` per block.
pub struct Pattern {
    len: usize,
    blocks: usize,
    /// Open-addressing table of the distinct tokens: (token, row in `masks`),
    /// a row of `FREE` marking an unused slot.
    slots: Vec<(u64, usize)>,
    shift: u32,
    /// `blocks` words per distinct token; row 0 is all zeros (tokens not in the query).
    masks: Vec<u64>,
}

const FREE: usize = usize::MAX;

impl Pattern {
    pub fn new(tokens: &[u64]) -> Pattern {
        let blocks = tokens.len().div_ceil(64).max(1);
        let size = (2 * tokens.len()).next_power_of_two().max(8);
        let shift = 64 - size.trailing_zeros();
        let mut p = Pattern {
            len: tokens.len(),
            blocks,
            slots: vec![(0, FREE); size],
            shift,
            masks: vec![0; blocks],
        };
        for (i, &t) in tokens.iter().enumerate() {
            let row = match p.find(t) {
                Ok(row) => row,
                Err(slot) => {
                    let row = p.masks.len() / blocks;
                    p.masks.resize(p.masks.len() + blocks, 0);
                    p.slots[slot] = (t, row);
                    row
                }
            };
            p.masks[row * blocks + i / 64] |= 1u64 << (i % 64);
        }
        p
    }

    /// The row of token `t`, or the free slot where it would go.
    fn find(&self, t: u64) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let mut i = (t.wrapping_mul(crate::hash::GOLDEN) >> self.shift) as usize & mask;
        loop {
            let (k, row) = self.slots[i];
            if row == FREE {
                return Err(i);
            }
            if k == t {
                return Ok(row);
            }
            i = (i + 1) & mask;
        }
    }

    fn row(&self, t: u64) -> &[u64] {
        let row = self.find(t).unwrap_or(0);
        &self.masks[row * self.blocks..(row + 1) * self.blocks]
    }

    /// Number of tokens in the pattern.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The Levenshtein distance between the pattern and `text` (in tokens).
    pub fn distance(&self, text: &[u64]) -> usize {
        self.distance_iter(text.iter().copied())
    }

    /// The Levenshtein distance between the pattern and a token sequence.
    pub fn distance_iter(&self, text: impl IntoIterator<Item = u64>) -> usize {
        let text = text.into_iter();
        if self.len == 0 {
            return text.count();
        }
        let last_bit = 1u64 << ((self.len - 1) % 64);
        let mut dist = self.len;
        if self.blocks == 1 {
            // The common case, without the block vectors.
            let (mut pv, mut mv) = (!0u64, 0u64);
            for t in text {
                let eq = self.row(t)[0];
                dist = dist.wrapping_add_signed(advance(&mut pv, &mut mv, eq, 1, last_bit) as isize);
            }
            return dist;
        }
        let mut pv = vec![!0u64; self.blocks];
        let mut mv = vec![0u64; self.blocks];
        for t in text {
            let peq = self.row(t);
            // Row 0 of the matrix grows by one per text token.
            let mut carry: i32 = 1;
            for b in 0..self.blocks {
                let high = if b + 1 == self.blocks { last_bit } else { 1u64 << 63 };
                carry = advance(&mut pv[b], &mut mv[b], peq[b], carry, high);
            }
            dist = dist.wrapping_add_signed(carry as isize);
        }
        dist
    }
}

/// One column step of a 64-row block; returns the horizontal delta leaving
/// the block at its `high` row.
fn advance(pv: &mut u64, mv: &mut u64, mut eq: u64, hin: i32, high: u64) -> i32 {
    let (p, m) = (*pv, *mv);
    let xv = eq | m;
    if hin < 0 {
        eq |= 1;
    }
    let xh = ((eq & p).wrapping_add(p) ^ p) | eq;
    let mut ph = m | !(xh | p);
    let mut mh = p & xh;
    let hout = if ph & high != 0 {
        1
    } else if mh & high != 0 {
        -1
    } else {
        0
    };
    ph <<= 1;
    mh <<= 1;
    if hin < 0 {
        mh |= 1;
    } else if hin > 0 {
        ph |= 1;
    }
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    hout
}

/// The percentage for distance `d` between sequences of `m` and `n` tokens.
pub fn percent(d: usize, m: usize, n: usize) -> u8 {
    let l = m.max(n);
    if l == 0 {
        return 100;
    }
    let kept = l.saturating_sub(d);
    ((100 * kept as u64) / l as u64) as u8
}

/// The largest distance that still reaches `min_score` for a longer length `l`.
pub fn max_distance(l: usize, min_score: u8) -> usize {
    let s = usize::from(min_score.min(100));
    ((l as u64 * (100 - s) as u64) / 100) as usize
}

/// True when sequences of `m` and `n` tokens can score `min_score` at all:
/// their distance is at least the length difference.
pub fn length_ok(m: usize, n: usize, min_score: u8) -> bool {
    m.abs_diff(n) <= max_distance(m.max(n), min_score)
}

/// The final score of a match, applying the rule that only identical text scores 100.
pub fn final_score(d: usize, m: usize, n: usize, query: &str, text: &str) -> u8 {
    let s = percent(d, m, n);
    if s == 100 && query.trim() != text.trim() {
        99
    } else {
        s
    }
}

/// One step of a token diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Token `j` of the match equals token `i` of the query.
    Same(usize, usize),
    /// Token `i` of the query is missing from the match.
    Deleted(usize),
    /// Token `j` of the match is not in the query.
    Inserted(usize),
    /// Token `i` of the query was replaced by token `j` of the match.
    Replaced(usize, usize),
}

/// A minimal token diff from `a` (the query) to `b` (the match), by the
/// textbook dynamic programme. Used only to display a handful of matches,
/// and refused (`None`) for sequences too large to be worth showing.
pub fn diff(a: &[u64], b: &[u64]) -> Option<Vec<Edit>> {
    let (m, n) = (a.len(), b.len());
    if (m + 1).saturating_mul(n + 1) > 4_000_000 {
        return None;
    }
    let w = n + 1;
    let mut d = vec![0u32; (m + 1) * w];
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j as u32;
    }
    for i in 1..=m {
        d[i * w] = i as u32;
        for j in 1..=n {
            let sub = d[(i - 1) * w + j - 1] + u32::from(a[i - 1] != b[j - 1]);
            let del = d[(i - 1) * w + j] + 1;
            let ins = d[i * w + j - 1] + 1;
            d[i * w + j] = sub.min(del).min(ins);
        }
    }
    let (mut i, mut j) = (m, n);
    let mut edits = Vec::with_capacity(m.max(n));
    while i > 0 || j > 0 {
        let here = d[i * w + j];
        if i > 0 && j > 0 && a[i - 1] == b[j - 1] && here == d[(i - 1) * w + j - 1] {
            edits.push(Edit::Same(i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if i > 0 && j > 0 && here == d[(i - 1) * w + j - 1] + 1 {
            edits.push(Edit::Replaced(i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if i > 0 && here == d[(i - 1) * w + j] + 1 {
            edits.push(Edit::Deleted(i - 1));
            i -= 1;
        } else {
            edits.push(Edit::Inserted(j - 1));
            j = j.saturating_sub(1);
        }
    }
    edits.reverse();
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reference: strsim's textbook dynamic programme over any sequence.
    fn dp(a: &[u64], b: &[u64]) -> usize {
        strsim::generic_levenshtein(&a.to_vec(), &b.to_vec())
    }

    proptest! {
        #[test]
        fn bit_parallel_distance_equals_dynamic_programme(
            a in proptest::collection::vec(0u64..6, 0..150),
            b in proptest::collection::vec(0u64..6, 0..150),
        ) {
            prop_assert_eq!(Pattern::new(&a).distance(&b), dp(&a, &b));
        }

        #[test]
        fn diff_has_as_many_changes_as_the_distance(
            a in proptest::collection::vec(0u64..5, 0..40),
            b in proptest::collection::vec(0u64..5, 0..40),
        ) {
            let edits = diff(&a, &b).unwrap_or_default();
            let changes = edits.iter().filter(|e| !matches!(e, Edit::Same(..))).count();
            prop_assert_eq!(changes, dp(&a, &b));
        }
    }

    #[test]
    fn the_length_bound_matches_the_score() {
        for m in 1usize..60 {
            for n in 1..60 {
                for s in [0u8, 50, 70, 99, 100] {
                    let reachable = percent(m.abs_diff(n), m, n) >= s;
                    assert_eq!(length_ok(m, n, s), reachable, "{m} {n} {s}");
                }
            }
        }
    }
}
