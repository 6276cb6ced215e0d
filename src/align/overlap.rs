//! The shared evidence of every bead ending at one cell, found in one pass.
//!
//! The evidence term of a bead is a weighted Dice coefficient over the
//! distinct keys of its source units and of its target units. Priced move by
//! move, each of the twelve beads ending at a cell gathered, sorted and
//! intersected its own key sets, although they all look at the same few
//! units through windows of 1 to 4: that was most of the alignment time.
//!
//! Here the work is shared:
//!
//! * the weight of the keys of the last `d` units before every boundary
//!   (`d` = 1…4) is computed once per search, for both sides;
//! * at the start of a source row, every key of the 4 source units before it
//!   is tagged with the smallest window that holds it;
//! * at a cell, one pass over the keys of the 4 target units before it finds
//!   the shared keys, each with the smallest source and target windows that
//!   hold it. A bead of `a` source and `b` target units shares exactly the
//!   keys whose windows are at most `a` and `b`.
//!
//! Every sum is taken over the same keys in the same (ascending id) order as
//! [`Model::similarity`] takes it, so the prices are bit-identical to those
//! of [`Grid::breakdown`] (the tests compare them), and so are the paths.

use super::cost::{gather, Grid, Model, Unit};
use super::search::{Pricer, MOVES};

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

/// `out[p][d - 1]` = weight of the distinct keys of `units[p - d..p]`, for every boundary `p` and `d ≤ p`.
fn window_weights(units: &[Unit], model: &Model) -> Vec<[f64; SPAN]> {
    let mut scratch = Vec::new();
    (0..=units.len())
        .map(|p| {
            let mut w = [0.0; SPAN];
            for (d, slot) in w.iter_mut().enumerate().take(p.min(SPAN)) {
                gather(&units[p - d - 1..p], &mut scratch);
                *slot = model.set_weight(&scratch);
            }
            w
        })
        .collect()
}

/// A key both windows hold, with the smallest source and target windows that hold it.
#[derive(Clone, Copy)]
struct Hit {
    key: u32,
    src: u8,
    tgt: u8,
}

/// Prices the cells of one search over a [`Grid`] with the shared work above.
pub(crate) struct CellPricer<'g, 'm> {
    grid: &'g Grid<'m>,
    src_weight: Vec<[f64; SPAN]>,
    tgt_weight: Vec<[f64; SPAN]>,
    /// Per key id: the smallest source window of the current row holding it, 0 if none.
    row_tag: Vec<u8>,
    tagged: Vec<u32>,
    hits: Vec<Hit>,
}

impl<'g, 'm> CellPricer<'g, 'm> {
    pub(crate) fn new(grid: &'g Grid<'m>) -> Self {
        CellPricer {
            grid,
            src_weight: window_weights(&grid.src, grid.model),
            tgt_weight: window_weights(&grid.tgt, grid.model),
            row_tag: vec![0; grid.model.key_weight.len()],
            tagged: Vec::new(),
            hits: Vec::new(),
        }
    }

    /// The keys shared by the source windows of the current row and the target windows ending at `j`.
    fn collect_hits(&mut self, j: usize) {
        self.hits.clear();
        for d in 1..=SPAN.min(j) {
            for &key in &self.grid.tgt[j - d].keys {
                let src = self.row_tag.get(key as usize).copied().unwrap_or(0);
                if src != 0 {
                    self.hits.push(Hit { key, src, tgt: d as u8 });
                }
            }
        }
        // Ascending keys, as the direct intersection sums them; the smallest window first.
        self.hits.sort_unstable_by_key(|h| (h.key, h.tgt));
        self.hits.dedup_by_key(|h| h.key);
    }
}

impl Pricer for CellPricer<'_, '_> {
    fn start_row(&mut self, i: usize) {
        for &k in &self.tagged {
            self.row_tag[k as usize] = 0;
        }
        self.tagged.clear();
        for d in 1..=SPAN.min(i) {
            for &key in &self.grid.src[i - d].keys {
                let k = key as usize;
                if k >= self.row_tag.len() {
                    self.row_tag.resize(k + 1, 0);
                }
                if self.row_tag[k] == 0 {
                    self.row_tag[k] = d as u8;
                    self.tagged.push(key);
                }
            }
        }
    }

    fn price(&mut self, i: usize, j: usize, wanted: u16, out: &mut [f64; MOVES.len()]) {
        let mut hits_ready = false;
        for (k, &(a, b)) in MOVES.iter().enumerate() {
            if wanted & (1 << k) == 0 {
                continue;
            }
            if a == 0 || b == 0 {
                out[k] = self.grid.breakdown(i - a..i, j - b..j).total;
                continue;
            }
            if !hits_ready {
                self.collect_hits(j);
                hits_ready = true;
            }
            let mut shared = 0.0;
            for h in &self.hits {
                if usize::from(h.src) <= a && usize::from(h.tgt) <= b {
                    shared += self.grid.model.key_weight_of(h.key);
                }
            }
            let similarity = Model::dice(shared, self.src_weight[i][a - 1], self.tgt_weight[j][b - 1]);
            let evidence =
                |su: &[Unit], tu: &[Unit]| (similarity, su.iter().chain(tu).any(|u| !u.keys.is_empty()));
            out[k] = self.grid.breakdown_with(i - a..i, j - b..j, evidence).total;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::cost::default_shape_probs;
    use crate::align::search::Problem;

    fn model(keys: usize) -> Model {
        Model {
            ratio: 1.3,
            variance: 8.0,
            shape_cost: Model::shape_costs(&default_shape_probs()),
            length_weight: 1.0,
            evidence_weight: 4.0,
            paragraph_penalty: 3.0,
            // Weights that do not add up exactly in floating point, so that
            // any change of summation order would show.
            key_weight: (0..keys).map(|k| 0.1 + (k as f64).sqrt() / 7.0).collect(),
        }
    }

    /// Units with overlapping, repeated keys drawn from a small vocabulary.
    fn units(n: usize, seed: u64, keys: u32) -> Vec<Unit> {
        let mut x = seed;
        let mut next = move || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) as u32
        };
        (0..n)
            .map(|i| {
                let mut k: Vec<u32> = (0..next() % 7).map(|_| next() % keys).collect();
                k.sort_unstable();
                k.dedup();
                Unit {
                    len: f64::from(5 + next() % 60),
                    keys: k,
                    para_first: i as u32 / 5,
                    para_last: i as u32 / 5,
                }
            })
            .collect()
    }

    /// Prices every move of every cell both ways; returns how many were compared.
    fn compare_all(grid: &Grid) -> usize {
        let mut pricer = CellPricer::new(grid);
        let mut compared = 0;
        for i in 0..=grid.src.len() {
            pricer.start_row(i);
            for j in 0..=grid.tgt.len() {
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
    fn cached_prices_equal_direct_prices_bit_for_bit() {
        let m = model(40);
        let grid = Grid { src: units(30, 1, 40), tgt: units(37, 2, 40), model: &m, lexical: None };
        assert!(compare_all(&grid) > 10_000);
    }

    #[test]
    fn cached_prices_hold_at_coarse_levels() {
        let m = model(60);
        let fine = Grid { src: units(41, 3, 60), tgt: units(50, 4, 60), model: &m, lexical: None };
        assert!(compare_all(&fine.coarsen()) > 1_000);
    }
}
