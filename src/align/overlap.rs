//! The shared evidence of every bead ending at one cell, found in one pass.
//!
//! The evidence term of a bead is the coverage of each of its units: the
//! share of the unit's key weight found among the distinct keys of the other
//! side. Priced move by move, each of the thirteen beads ending at a cell
//! gathered, sorted and intersected its own key sets, although they all look
//! at the same few units through windows of 1 to 4: that was most of the
//! alignment time.
//!
//! Here the work is shared:
//!
//! * the key weight of every unit is computed once per search, for both sides;
//! * at the start of a source row, every key of the 4 source units before it
//!   is tagged with the set of those units that hold it;
//! * at a cell, one pass over the keys of the 4 target units before it finds
//!   the shared keys, each with the units of either side that hold it. A
//!   unit at distance `d` in a bead whose other side spans `b` units shares
//!   exactly its keys held by one of the `b` nearest units of the other side.
//!
//! The learned lexicon's term is shared the same way. Its score is a sum
//! over the predicted sentences of the bead, each sentence's sum depending
//! only on the whole conditioning range: `S(end, w, k)` for the `w`
//! conditioning sentences before `end` and predicted sentence `k`. Priced
//! move by move, the twelve beads a cell then had recomputed twenty such sums,
//! each a binary search per token in up to four translation tables and a
//! logarithm, which made the lexical passes slower than aligning three
//! times as many sentences without them. [`LexicalSums`] keeps, per
//! conditioning end and predicted sentence, the sums for every width (one
//! pass over the sentence's tokens gives all four), for as long as a
//! nearby cell may need them:
//!
//! * Chinese source (the source conditions): at row `i` the end is `i` and
//!   the predicted sentences are the targets just before each cell, so a
//!   target sentence is summed once per row, not once per move;
//! * English source (the target conditions): the end is the cell's `j` and
//!   the predicted sentences are the 4 source sentences above the row, so
//!   the sums of cell `j` serve the same column of the next 3 rows.
//!
//! Every sum is taken over the same keys in the same (ascending id) order as
//! [`Model::coverage`] takes it, and the lexical sums in the order of
//! [`super::lexicon::Scorer::score`], so the prices are bit-identical to those of
//! [`Grid::breakdown`] (the tests compare them), and so are the paths.

use std::ops::Range;
use std::sync::Arc;

use super::cost::{Evidence, Grid, Lexical, Run};
use super::lexicon::{ExplainScratch, Explained};
use super::search::{Pricer, MOVES, THREE_THREE};

/// The widest window of a move, on either side.
const SPAN: usize = {
    let mut w = 0;
    let mut k = 0;
    while k < MOVES.len() {
        let (a, b) = MOVES[k];
        if a > w {
            w = a;
        }
        if b > w {
            w = b;
        }
        k += 1;
    }
    w
};

/// A key both windows hold, with the units of each window that hold it:
/// bit `d - 1` is the unit at distance `d` before the cell.
#[derive(Clone, Copy)]
struct Hit {
    key: u32,
    src: u8,
    tgt: u8,
}

/// The smallest window (1 = the nearest unit) holding a key of `mask`.
fn nearest(mask: u8) -> usize {
    mask.trailing_zeros() as usize + 1
}

/// The sentence sums of the lexical term, each computed once while cells
/// near it are priced.
///
/// Entry `(end mod SUM_ENDS) × SPAN + k mod SPAN` holds `S(end, w, k)`
/// for `w` = 1 to [`SPAN`] and remembers its `end` and `k`. Along a row
/// (source conditions) or down a column (target conditions) the sentences
/// a cell needs are the `SPAN` before it, so a sum is only overwritten once
/// no nearby cell wants it (a sum overwritten too early is computed again,
/// the same).
struct LexicalSums<'m> {
    lexical: Lexical<'m>,
    /// Per entry, the conditioning end and predicted sentence it holds
    /// (`usize::MAX`: none yet).
    sentence: Vec<(usize, usize)>,
    sums: Vec<[f64; SPAN]>,
    /// What the conditioning sentences near the cells explain, built as
    /// they are reached: sentence `c` in slot `c mod EXPLAINED_SLOTS`,
    /// which remembers its sentence (`usize::MAX`: none yet).
    explained: Vec<(usize, Arc<Explained>)>,
    scratch: ExplainScratch,
    /// With source conditions and shared tables: per predicted token id,
    /// what each of the [`SPAN`] sentences before `dense_end` gives it (the
    /// nearest first, 0 for nothing), so that a row's sums look tokens up
    /// instead of searching four tables for each (see [`Scorer::sentence_sums_dense`]).
    dense: Vec<[f64; SPAN]>,
    /// The conditioning end `dense` holds (`usize::MAX`: none).
    dense_end: usize,
    /// The token ids set in `dense`, to clear.
    dense_ids: Vec<u32>,
}

/// Conditioning sentences whose tables a pricer keeps. The cells of a row
/// need the [`SPAN`] sentences before the row (source conditions) or
/// before each cell of it (target conditions), and the next row mostly the
/// same ones; a window wider than this only costs rebuilding tables.
const EXPLAINED_SLOTS: usize = 256;

/// Conditioning ends whose sums a pricer keeps. A row's cells need one end
/// (source conditions) or the ends of its window's columns, which the next
/// [`SPAN`] rows need again (target conditions): a few dozen. A table with
/// an entry for every end of the document took 16 MB per pricer at 100,000
/// sentences.
const SUM_ENDS: usize = 1_024;

impl<'m> LexicalSums<'m> {
    fn new(lexical: Lexical<'m>, conditioning: usize) -> Self {
        let entries = (conditioning + 1).min(SUM_ENDS) * SPAN;
        let slots = EXPLAINED_SLOTS.min(conditioning.max(SPAN));
        LexicalSums {
            lexical,
            sentence: vec![(usize::MAX, usize::MAX); entries],
            sums: vec![[0.0; SPAN]; entries],
            explained: (0..slots).map(|_| (usize::MAX, Arc::default())).collect(),
            scratch: ExplainScratch::default(),
            dense: Vec::new(),
            dense_end: usize::MAX,
            dense_ids: Vec::new(),
        }
    }

    fn sentence_sums(&mut self, end: usize, k: usize) -> &[f64; SPAN] {
        let e = (end % SUM_ENDS) * SPAN + k % SPAN;
        if self.sentence[e] != (end, k) {
            let scorer = self.lexical.scorer;
            let widths = SPAN.min(end);
            if self.lexical.source_conditions && scorer.shared_explained(end - widths).is_some() {
                // Along a row the end is the row's: the tables of its
                // sentences are spread out once per row.
                if self.dense_end != end {
                    for &id in &self.dense_ids {
                        self.dense[id as usize] = [0.0; SPAN];
                    }
                    self.dense_ids.clear();
                    self.dense.resize(scorer.predicted_ids(), [0.0; SPAN]);
                    for (w, c) in (end - widths..end).rev().enumerate() {
                        let Some(table) = scorer.shared_explained(c) else { continue };
                        for (id, prob) in table.entries() {
                            let row = &mut self.dense[id as usize];
                            if *row == [0.0; SPAN] {
                                self.dense_ids.push(id);
                            }
                            row[w] = prob;
                        }
                    }
                    self.dense_end = end;
                }
                scorer.sentence_sums_dense(end, &self.dense, k, &mut self.sums[e][..widths]);
                self.sentence[e] = (end, k);
                return &self.sums[e];
            }
            if scorer.shared_explained(end - widths).is_some() {
                // The sentences' tables are shared by every pricer of the pass.
                let mut tables: [&Explained; SPAN] = [&self.explained[0].1; SPAN];
                for (t, c) in tables.iter_mut().zip(end - widths..end) {
                    if let Some(shared) = scorer.shared_explained(c) {
                        *t = shared;
                    }
                }
                scorer.sentence_sums(end, &tables[..widths], k, &mut self.sums[e]);
                self.sentence[e] = (end, k);
                return &self.sums[e];
            }
            let slots = self.explained.len();
            for c in end - widths..end {
                self.hold(c);
            }
            // Sentences before `end`, the nearest last; `slots` ≥ SPAN keeps them apart.
            let mut tables: [&Explained; SPAN] = [&self.explained[0].1; SPAN];
            for (t, c) in tables.iter_mut().zip(end - widths..end) {
                *t = &*self.explained[c % slots].1;
            }
            scorer.sentence_sums(end, &tables[..widths], k, &mut self.sums[e]);
            self.sentence[e] = (end, k);
        }
        &self.sums[e]
    }

    /// The log ratio of predicted sentence `k` given conditioning sentence
    /// `c` alone (a null bead's neighbour term, `Grid::null_lexical_cost`),
    /// from the same tables as the sums, summed as [`Lexical::score`] sums it.
    fn single(&mut self, c: usize, k: usize) -> f64 {
        // The nearest width of the sums for the end after `c` is this very
        // sum, taken the same way (the first step of the same loop): when
        // those sums are kept, or are the current row's (source conditions,
        // spread out for that end), they serve. A null bead's neighbours
        // are mostly the sentences the row's other moves sum.
        let end = c + 1;
        let e = (end % SUM_ENDS) * SPAN + k % SPAN;
        if self.sentence[e] == (end, k) || (self.lexical.source_conditions && self.dense_end == end) {
            return self.sentence_sums(end, k)[0];
        }
        let scorer = self.lexical.scorer;
        let mut out = [0.0];
        if let Some(shared) = scorer.shared_explained(c) {
            scorer.sentence_sums(c + 1, &[shared], k, &mut out);
            return out[0];
        }
        let table = self.hold(c);
        scorer.sentence_sums(c + 1, &[table], k, &mut out);
        out[0]
    }

    /// The table of conditioning sentence `c`, put in its slot unless it is
    /// there: the search threads' shared recent table, or one built here.
    fn hold(&mut self, c: usize) -> &Explained {
        let scorer = self.lexical.scorer;
        let slots = self.explained.len();
        let (held, table) = &mut self.explained[c % slots];
        if *held != c {
            *table = scorer.recent_explained(c).unwrap_or_else(|| {
                let mut own = Explained::default();
                scorer.explain(c, &mut own, &mut self.scratch);
                Arc::new(own)
            });
            *held = c;
        }
        table
    }

    /// [`Lexical::score`] of the bead `s`, `t`, from the cached sums.
    fn score(&mut self, s: Range<usize>, t: Range<usize>) -> f64 {
        let (cond, pred) = if self.lexical.source_conditions { (s, t) } else { (t, s) };
        // An empty side is a null bead, which has no lexical term.
        let Some(w) = cond.len().checked_sub(1) else { return 0.0 };
        let mut total = 0.0;
        for k in pred {
            total += self.sentence_sums(cond.end, k)[w];
        }
        total
    }
}

/// Prices the cells of one search over a [`Grid`] with the shared work above.
pub(crate) struct CellPricer<'g, 'm> {
    grid: &'g Grid<'m>,
    lexical: Option<LexicalSums<'m>>,
    src_mass: Vec<f64>,
    tgt_mass: Vec<f64>,
    /// Per key id: the source units of the current row holding it, 0 if none.
    row_tag: Vec<u8>,
    tagged: Vec<u32>,
    /// Per target unit `u` in slot `u mod SPAN`: its keys the current row's
    /// source units hold, ascending, with their `row_tag`; the unit each
    /// slot holds (`usize::MAX`: none since the row started). A target
    /// unit serves the [`SPAN`] cells after it, so along a row each is
    /// looked up once instead of once per cell.
    unit_hits: [Vec<(u32, u8)>; SPAN],
    unit_of: [usize; SPAN],
    hits: Vec<Hit>,
    /// `src_shared[d - 1][b - 1]`: weight the source unit at distance `d`
    /// shares with the nearest `b` target units; `tgt_shared` the other way.
    src_shared: [[f64; SPAN]; SPAN],
    tgt_shared: [[f64; SPAN]; SPAN],
}

impl<'g, 'm> CellPricer<'g, 'm> {
    pub(crate) fn new(grid: &'g Grid<'m>) -> Self {
        let mass = |units: &[Run]| units.iter().map(|u| grid.model.set_weight(&u.keys)).collect();
        let lexical = grid.lexical.map(|l| {
            let conditioning = if l.source_conditions { grid.src.len() } else { grid.tgt.len() };
            LexicalSums::new(l, conditioning)
        });
        CellPricer {
            grid,
            lexical,
            src_mass: mass(&grid.src),
            tgt_mass: mass(&grid.tgt),
            row_tag: vec![0; grid.model.key_weight.len()],
            tagged: Vec::new(),
            unit_hits: std::array::from_fn(|_| Vec::new()),
            unit_of: [usize::MAX; SPAN],
            hits: Vec::new(),
            src_shared: [[0.0; SPAN]; SPAN],
            tgt_shared: [[0.0; SPAN]; SPAN],
        }
    }

    /// The keys shared by the source windows of the current row and the
    /// target windows ending at `j`, and what each unit shares.
    fn collect_hits(&mut self, j: usize) {
        let units = SPAN.min(j);
        for d in 1..=units {
            let u = j - d;
            let slot = u % SPAN;
            if self.unit_of[slot] != u {
                let list = &mut self.unit_hits[slot];
                list.clear();
                for &key in &self.grid.tgt[u].keys {
                    let src = self.row_tag.get(key as usize).copied().unwrap_or(0);
                    if src != 0 {
                        list.push((key, src));
                    }
                }
                self.unit_of[slot] = u;
            }
        }
        self.hits.clear();
        for d in 1..=units {
            let tgt = 1 << (d - 1);
            self.hits.extend(self.unit_hits[(j - d) % SPAN].iter().map(|&(key, src)| Hit { key, src, tgt }));
        }
        // Ascending keys, as the direct intersection sums them.
        self.hits.sort_unstable_by_key(|h| h.key);
        self.hits.dedup_by(|later, first| {
            let same = later.key == first.key;
            if same {
                first.tgt |= later.tgt;
            }
            same
        });
        self.src_shared = [[0.0; SPAN]; SPAN];
        self.tgt_shared = [[0.0; SPAN]; SPAN];
        for h in &self.hits {
            let w = self.grid.model.key_weight_of(h.key);
            for d in 0..SPAN {
                if h.src & (1 << d) != 0 {
                    for slot in &mut self.src_shared[d][nearest(h.tgt) - 1..] {
                        *slot += w;
                    }
                }
                if h.tgt & (1 << d) != 0 {
                    for slot in &mut self.tgt_shared[d][nearest(h.src) - 1..] {
                        *slot += w;
                    }
                }
            }
        }
    }
}

impl CellPricer<'_, '_> {
    /// `wanted` without the 3-3 move unless the cell ends a quotation whose
    /// speaker moved: elsewhere its shape costs infinity
    /// (`Grid::shape_price`), so it is not a move to price, bound or sort.
    fn open_moves(&self, i: usize, j: usize, wanted: u16) -> u16 {
        let three = 1 << THREE_THREE;
        if wanted & three != 0 && !(i >= 3 && j >= 3 && self.grid.moved_quotation(i - 3..i, j - 3..j)) {
            wanted & !three
        } else {
            wanted
        }
    }
}

impl Pricer for CellPricer<'_, '_> {
    fn start_row(&mut self, i: usize) {
        for &k in &self.tagged {
            self.row_tag[k as usize] = 0;
        }
        self.tagged.clear();
        self.unit_of = [usize::MAX; SPAN];
        for d in 1..=SPAN.min(i) {
            for &key in &self.grid.src[i - d].keys {
                let k = key as usize;
                if k >= self.row_tag.len() {
                    self.row_tag.resize(k + 1, 0);
                }
                if self.row_tag[k] == 0 {
                    self.tagged.push(key);
                }
                self.row_tag[k] |= 1 << (d - 1);
            }
        }
    }

    fn price(&mut self, i: usize, j: usize, wanted: u16, out: &mut [f64; MOVES.len()]) {
        let mut hits_ready = false;
        let open = self.open_moves(i, j, wanted);
        for (k, slot) in out.iter_mut().enumerate() {
            if open & (1 << k) != 0 {
                *slot = self.price_move(i, j, k, &mut hits_ready, None);
            } else if wanted & (1 << k) != 0 {
                *slot = f64::INFINITY;
            }
        }
    }

    fn price_cheapest(
        &mut self,
        i: usize,
        j: usize,
        wanted: u16,
        from: &[f64; MOVES.len()],
        out: &mut [f64; MOVES.len()],
    ) -> u16 {
        // A move's total is its shape cost less its lexical gain, plus
        // its evidence, length and paragraph terms. The last two are at
        // least 0 (up to the rounding of the length term, hence the
        // margin), and so is the orphan part of the evidence; what remains
        // of the evidence is cheap to know once the cell's shared keys are
        // gathered: half of what each unit does not share, or for a null
        // bead at least half of `1 - null_discount` per sentence (see
        // `Model::null_evidence`). So `from + shape - lexical + missing`
        // bounds a move's total from below; the moves are priced from the
        // lowest bound up, until the next bound is above the cheapest total
        // found. (Without the evidence, the bound spared 3 moves of 11.)
        let model = self.grid.model;
        let null_floor = if (0.0..=1.0).contains(&model.null_discount) {
            model.evidence_weight * 0.5 * (1.0 - model.null_discount)
        } else {
            0.0
        };
        let wanted = self.open_moves(i, j, wanted);
        let mut lexical = [0.0; MOVES.len()];
        let mut bound = [f64::INFINITY; MOVES.len()];
        let mut hits_ready = false;
        for (k, &(a, b)) in MOVES.iter().enumerate() {
            if wanted & (1 << k) == 0 {
                continue;
            }
            let mut gain = 0.0;
            let missing = if a > 0 && b > 0 {
                if let (Some(sums), Some(l)) = (self.lexical.as_mut(), self.grid.lexical) {
                    lexical[k] = sums.score(i - a..i, j - b..j);
                    // As `Grid::breakdown_with` weighs and subtracts it.
                    gain = l.weight * lexical[k];
                }
                if !hits_ready {
                    self.collect_hits(j);
                    hits_ready = true;
                }
                model.evidence_weight * self.unshared(i, j, a, b)
            } else {
                null_floor * (a + b) as f64
            };
            bound[k] = from[k] + (self.grid.shape_price(k, i - a..i, j - b..j) - gain) + missing;
        }
        // The wanted moves by increasing bound, the first in MOVES order on
        // a tie (an insertion sort of at most 12: cheaper than looking for
        // the next lowest bound among the open moves before each price).
        let mut order = [0u8; MOVES.len()];
        let mut open = 0;
        for k in 0..MOVES.len() {
            if wanted & (1 << k) == 0 {
                continue;
            }
            let mut at = open;
            while at > 0 && bound[k] < bound[order[at - 1] as usize] {
                order[at] = order[at - 1];
                at -= 1;
            }
            order[at] = k as u8;
            open += 1;
        }
        let (mut priced, mut best) = (0u16, f64::INFINITY);
        for &k in &order[..open] {
            let k = k as usize;
            if bound[k] > best + PRUNE_MARGIN {
                break;
            }
            let known = self.grid.lexical.is_some().then_some(lexical[k]);
            out[k] = self.price_move(i, j, k, &mut hits_ready, known);
            priced |= 1 << k;
            best = best.min(from[k] + out[k]);
        }
        priced
    }
}

/// How far below `from + shape - lexical` a total may come by rounding:
/// the length term's `-ln P` can be a hair below 0 where the erfc
/// approximation passes 1 (by less than 2e-7), and sums of costs round.
const PRUNE_MARGIN: f64 = 1e-6;

impl CellPricer<'_, '_> {
    /// Half the share of its key weight each unit of the bead of `a`
    /// source and `b` target units ending at (`i`, `j`) does not find on
    /// the other side, summed: the evidence a bead pays before its weight
    /// and orphan surcharge (`Model::bead_evidence`), from the cell's
    /// shared keys ([`CellPricer::collect_hits`] must have run for `j`).
    fn unshared(&self, i: usize, j: usize, a: usize, b: usize) -> f64 {
        let (sm, tm) = (&self.src_mass, &self.tgt_mass);
        let mut missing = 0.0;
        for d in 1..=a {
            missing +=
                0.5 * (1.0 - self.grid.model.coverage_ratio(self.src_shared[d - 1][b - 1], sm[i - d], true));
        }
        for d in 1..=b {
            missing +=
                0.5 * (1.0 - self.grid.model.coverage_ratio(self.tgt_shared[d - 1][a - 1], tm[j - d], false));
        }
        missing
    }

    /// The price of move `k` ending at (`i`, `j`), the cell's shared keys
    /// gathered first if `hits_ready` is false; `lexical`, when known, is
    /// the move's unweighted lexical score.
    fn price_move(
        &mut self,
        i: usize,
        j: usize,
        k: usize,
        hits_ready: &mut bool,
        lexical: Option<f64>,
    ) -> f64 {
        let (a, b) = MOVES[k];
        if a == 0 || b == 0 {
            // A null bead's only lexical term is its neighbours' (see
            // `Grid::null_lexical_cost`); it has no shared evidence.
            let sums = &mut self.lexical;
            let mut single = |_: Lexical, c: usize, p: usize| sums.as_mut().map_or(0.0, |x| x.single(c, p));
            let none = |_: &[Run], _: &[Run]| (Evidence::default(), false);
            return self.grid.breakdown_with(Some(k), i - a..i, j - b..j, |_| 0.0, none, &mut single).total;
        }
        if !*hits_ready {
            self.collect_hits(j);
            *hits_ready = true;
        }
        // Units first to last, as the direct computation takes them.
        let (sm, tm) = (&self.src_mass, &self.tgt_mass);
        let (src, tgt) = (&self.grid.src, &self.grid.tgt);
        let cs = (1..=a).rev().map(|d| {
            (
                self.grid.model.coverage_ratio(self.src_shared[d - 1][b - 1], sm[i - d], true),
                sm[i - d],
                src[i - d].lone,
            )
        });
        let ct = (1..=b).rev().map(|d| {
            (
                self.grid.model.coverage_ratio(self.tgt_shared[d - 1][a - 1], tm[j - d], false),
                tm[j - d],
                tgt[j - d].lone,
            )
        });
        let ev = self.grid.model.bead_evidence(cs, ct, a, b);
        let evidence = |su: &[Run], tu: &[Run]| (ev, su.iter().chain(tu).any(|u| !u.keys.is_empty()));
        // Only called when the grid has a lexicon, and then so has the pricer.
        let sums = &mut self.lexical;
        let lexical = |_: Lexical| {
            lexical.unwrap_or_else(|| sums.as_mut().map_or(0.0, |c| c.score(i - a..i, j - b..j)))
        };
        let mut single = |l: Lexical, c: usize, p: usize| super::cost::direct_single(l, c, p);
        self.grid.breakdown_with(Some(k), i - a..i, j - b..j, lexical, evidence, &mut single).total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::cost::{default_shape_probs, Model};
    use crate::align::lexicon::{train, Scorer};
    use crate::align::search::Problem;

    fn model(keys: usize) -> Model {
        Model {
            ratio: 1.3,
            variance: 8.0,
            shape_cost: Model::shape_costs(&default_shape_probs()),
            length_weight: 1.0,
            split_relief: 0.75,
            evidence_weight: 4.0,
            paragraph_penalty: 3.0,
            heading_penalty: 4.0,
            opening_penalty: 0.0,
            credit_penalty: 4.0,
            quote_penalty: 0.0,
            speech_penalty: 0.0,
            // Weights that do not add up exactly in floating point, so that
            // any change of summation order would show.
            key_weight: (0..keys).map(|k| 0.1 + (k as f64).sqrt() / 7.0).collect(),
            null_discount: 0.3,
            null_mass: 3.0,
            orphan_weight: 1.0,
            chinese_sides: (true, true),
            unrelated_weight: 1.0,
            unrelated_mass: 1.0,
            mass_scale: 3.0,
            // On, so that the comparisons below cover a null bead's neighbour term.
            null_lexical: (1.0, 1.0),
        }
    }

    /// A pseudo-random number generator for test data.
    fn numbers(seed: u64) -> impl FnMut() -> u32 {
        let mut x = seed;
        move || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) as u32
        }
    }

    /// Units with overlapping, repeated keys drawn from a small vocabulary.
    fn units(n: usize, seed: u64, keys: u32) -> Vec<Run> {
        let mut next = numbers(seed);
        (0..n)
            .map(|i| {
                let mut k: Vec<u32> = (0..next() % 7).map(|_| next() % keys).collect();
                k.sort_unstable();
                k.dedup();
                Run {
                    len: f64::from(5 + next() % 60),
                    keys: k,
                    lone: f64::from(next() % 3),
                    para_first: i as u32 / 5,
                    para_last: i as u32 / 5,
                    heading: false,
                    credit: 0,
                    open_quote: false,
                    speech: false,
                    quote_ends: 0,
                }
            })
            .collect()
    }

    /// Prices every move of every cell both ways; returns how many were compared.
    /// Prices every move ending in every cell of the grid through the
    /// pricer and directly; returns how many were compared.
    fn compare_all(grid: &Grid) -> usize {
        compare_band(grid, usize::MAX)
    }

    #[test]
    fn cached_prices_equal_direct_prices_bit_for_bit() {
        let m = model(40);
        let grid = Grid { src: units(30, 1, 40), tgt: units(37, 2, 40), model: &m, lexical: None };
        assert!(compare_all(&grid) > 10_000);
    }

    /// Word tokens of `n` sentences of one side and `m` of the other: the
    /// second side's sentence `j` translates (with noise) the words of the
    /// first side's sentence `j × n / m`.
    fn tokens(n: usize, m: usize, seed: u64) -> (Vec<Vec<u64>>, Vec<Vec<u64>>) {
        let mut next = numbers(seed);
        let first: Vec<Vec<u64>> =
            (0..n).map(|_| (0..1 + next() % 8).map(|_| u64::from(next() % 30)).collect()).collect();
        let second = (0..m)
            .map(|j| {
                let mut t: Vec<u64> = first[j * n / m].iter().map(|w| 100 + w).collect();
                t.extend((0..next() % 3).map(|_| 100 + u64::from(next() % 30)));
                t
            })
            .collect();
        (first, second)
    }

    /// Compares the pricer with the direct price on a grid whose lexicon is
    /// conditioned by the source side or by the target side.
    /// A lexicon trained on random token lists, each predicted sentence
    /// paired with the conditioning sentence at the same relative place.
    fn trained_scorer(cond_len: usize, pred_len: usize, seed: u64) -> Scorer {
        let (cond_toks, pred_toks) = tokens(cond_len, pred_len, seed);
        let pairs: Vec<(Vec<u64>, Vec<u64>)> = (0..pred_toks.len())
            .map(|j| (cond_toks[j * cond_toks.len() / pred_toks.len()].clone(), pred_toks[j].clone()))
            .collect();
        Scorer::new(train(&pairs, crate::align::params::EM_ITERATIONS), &cond_toks, &pred_toks)
    }

    fn compare_with_lexicon(source_conditions: bool) {
        let m = model(40);
        let (src, tgt) = (units(30, 5, 40), units(37, 6, 40));
        let (cond_len, pred_len) = if source_conditions { (30, 37) } else { (37, 30) };
        let scorer = trained_scorer(cond_len, pred_len, 7);
        let lexical = Some(Lexical { scorer: &scorer, source_conditions, weight: 0.7 });
        let grid = Grid { src, tgt, model: &m, lexical };
        let lexical_terms = (1..30).filter(|&i| grid.breakdown(i - 1..i, i - 1..i).lexical != 0.0).count();
        assert!(lexical_terms > 20, "the lexicon must take part in the prices");
        assert!(compare_all(&grid) > 10_000);
    }

    #[test]
    fn cached_lexical_prices_equal_direct_prices_when_the_source_conditions() {
        compare_with_lexicon(true);
    }

    #[test]
    fn cached_lexical_prices_equal_direct_prices_when_the_target_conditions() {
        compare_with_lexicon(false);
    }

    /// Prices the moves of the cells within `band` of the diagonal both
    /// ways, rows in order as a search takes them; returns how many were compared.
    fn compare_band(grid: &Grid, band: usize) -> usize {
        let mut pricer = CellPricer::new(grid);
        let mut compared = 0;
        for i in 0..=grid.src.len() {
            pricer.start_row(i);
            for j in i.saturating_sub(band)..=i.saturating_add(band).min(grid.tgt.len()) {
                let fits = |&(a, b): &(usize, usize)| a <= i && b <= j;
                let wanted = (0..MOVES.len()).filter(|&k| fits(&MOVES[k])).fold(0u16, |w, k| w | 1 << k);
                let mut out = [f64::NAN; MOVES.len()];
                pricer.price(i, j, wanted, &mut out);
                for (k, &(a, b)) in MOVES.iter().enumerate().filter(|(_, m)| fits(m)) {
                    let direct = grid.cost(i - a..i, j - b..j);
                    assert_eq!(out[k].to_bits(), direct.to_bits(), "move {a}-{b} ending at ({i}, {j})");
                    compared += 1;
                }
            }
        }
        compared
    }

    #[test]
    fn cached_lexical_prices_equal_direct_prices_on_long_documents() {
        // Over SHARED_EXPLAINED conditioning sentences the tables come from
        // the scorer's recent slots, and over SUM_ENDS ends the sums' slots
        // are reused: prices must not change either way.
        for source_conditions in [true, false] {
            let m = model(40);
            let n = 2_100;
            let (src, tgt) = (units(n, 31, 40), units(n + 20, 32, 40));
            let (cond_len, pred_len) = if source_conditions { (n, n + 20) } else { (n + 20, n) };
            let scorer = trained_scorer(cond_len, pred_len, 33);
            assert!(scorer.recent_explained(0).is_some(), "the scorer must not keep every table");
            let lexical = Some(Lexical { scorer: &scorer, source_conditions, weight: 0.7 });
            let grid = Grid { src, tgt, model: &m, lexical };
            assert!(n > SUM_ENDS);
            assert!(compare_band(&grid, 3) > 100_000);
        }
    }

    /// Searches the full grid pricing every move and pricing only the
    /// moves that can win each cell: every cell must get the same cost
    /// (bit for bit) and the same move. Returns how many beads of the path
    /// were not 1-1.
    fn same_paths_both_ways(grid: &Grid) -> usize {
        let (path, cost, back) = crate::align::search::full_search_with(grid, false);
        let (cheapest_path, cheapest_cost, cheapest_back) =
            crate::align::search::full_search_with(grid, true);
        let bits = |c: &[f64]| c.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&cost), bits(&cheapest_cost));
        assert_eq!(back, cheapest_back);
        assert_eq!(path, cheapest_path);
        path.iter().filter(|(s, t)| s.len() != 1 || t.len() != 1).count()
    }

    #[test]
    fn pricing_only_the_moves_that_can_win_finds_the_same_path() {
        let m = model(40);
        let grid = Grid { src: units(90, 11, 40), tgt: units(110, 12, 40), model: &m, lexical: None };
        assert!(same_paths_both_ways(&grid) > 10, "the path must use more than 1-1 beads");
        assert!(same_paths_both_ways(&grid.coarsen()) > 0);
    }

    #[test]
    fn pricing_only_the_moves_that_can_win_finds_the_same_path_with_a_lexicon() {
        for source_conditions in [true, false] {
            let m = model(40);
            let (src, tgt) = (units(60, 15, 40), units(75, 16, 40));
            let (cond_len, pred_len) = if source_conditions { (60, 75) } else { (75, 60) };
            let scorer = trained_scorer(cond_len, pred_len, 17);
            let lexical = Some(Lexical { scorer: &scorer, source_conditions, weight: 0.7 });
            let grid = Grid { src, tgt, model: &m, lexical };
            assert!(same_paths_both_ways(&grid) > 10, "the path must use more than 1-1 beads");
        }
    }

    #[test]
    fn rows_filled_by_several_threads_give_the_costs_and_moves_of_one() {
        for source_conditions in [true, false] {
            let m = model(40);
            let (src, tgt) = (units(70, 25, 40), units(84, 26, 40));
            let (cond_len, pred_len) = if source_conditions { (70, 84) } else { (84, 70) };
            let scorer = trained_scorer(cond_len, pred_len, 27);
            let lexical = Some(Lexical { scorer: &scorer, source_conditions, weight: 0.7 });
            let grid = Grid { src, tgt, model: &m, lexical };
            let with = |threads| {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
                let (path, cost, back) = pool.install(|| crate::align::search::full_search_with(&grid, true));
                (path, cost.iter().map(|c| c.to_bits()).collect::<Vec<_>>(), back)
            };
            let one = with(1);
            assert!(one.1.len() >= crate::align::search::PIPELINE_CELLS, "the grid must be filled by rows");
            assert!(one.0.iter().filter(|(s, t)| s.len() != 1 || t.len() != 1).count() > 10);
            for threads in [2, 3] {
                assert!(with(threads) == one, "{threads} threads");
            }
        }
    }

    #[test]
    fn cached_prices_hold_at_coarse_levels() {
        let m = model(60);
        let fine = Grid { src: units(41, 3, 60), tgt: units(50, 4, 60), model: &m, lexical: None };
        assert!(compare_all(&fine.coarsen()) > 1_000);
    }
}
