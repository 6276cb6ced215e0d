//! Dynamic programming over beads in time and memory linear in the documents.
//!
//! A full grid of `n × m` cells is only affordable for short documents. For
//! longer ones the search works like FastDTW: both sides are coarsened by
//! merging neighbouring units in pairs, the coarse problem is solved
//! recursively, and the coarse path, projected back and widened by a fixed
//! radius, becomes the only region searched at the finer level. Because the
//! region follows the path found at the coarse level instead of the diagonal,
//! documents of very different lengths or with long omissions stay inside it,
//! and the work at every level is proportional to the number of units.

use std::ops::Range;

use rayon::prelude::*;

/// The bead shapes the search may use, as (source count, target count).
pub const MOVES: [(usize, usize); 13] =
    [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1), (2, 3), (3, 2), (3, 3)];

/// The index in [`MOVES`] of the move `(a, b)`.
const fn move_index(a: usize, b: usize) -> usize {
    let mut k = 0;
    while k < MOVES.len() {
        if MOVES[k].0 == a && MOVES[k].1 == b {
            return k;
        }
        k += 1;
    }
    panic!("no such move")
}

/// Indices in [`MOVES`] of the moves the cost model treats apart.
pub const ONE_ONE: usize = move_index(1, 1);
pub const TWO_TWO: usize = move_index(2, 2);
/// Only ever taken by a quotation of three sentences a side whose speaker
/// moved (see `cost::Grid::shape_price`): searches skip it elsewhere.
pub const THREE_THREE: usize = move_index(3, 3);

/// Grids up to this many cells (about 140 sentences a side) are searched
/// in full; larger ones coarse to fine.
///
/// It was 400,000 (630 sentences a side), where the full grid of a
/// 200-sentence chapter was 43% of the time of aligning it. At 20,000 the
/// beads came out byte-identical on every evaluation set (corpora/dev,
/// corpora/dev2 (then held out as corpora/test), both abridged sets, and MAC-Dev, whose 176–293-sentence
/// literary chapters now go through the windowed search), and so did a
/// 206-sentence chapter built from corpora/dev.
const FULL_GRID_CELLS: usize = 20_000;

/// The full-grid limit for documents of up to [`SHORT_GRID_CELLS`] cells
/// (about 500 sentences a side): their halved grid, up to 20,000 cells of
/// two-sentence runs with up to 24 keys each, was a third of their first
/// search. At 4,000 cells it was coarsened once or twice more (runs of 4 or
/// 8 sentences) and searched near the coarser path: the beads came out
/// byte-identical on every evaluation set (both directions, raw and
/// presegmented) and on 24 chapter-sized pairs built from corpora/dev and
/// corpora/dev2, for 14% fewer instructions on a 235-sentence pair
/// (docs/BENCHMARKS.md). At 1,500 (session 12) a 200-sentence chapter's
/// coarsest level is 26 × 32 runs of 8 sentences instead of 52 × 64 runs of
/// 4: the 375 comparison alignments of session 12 (every dev and held-out
/// set both ways, raw and presegmented, MAC-Dev, the 24 pairs, `short`)
/// came out byte-identical, 1.2 % fewer instructions on `short`. Longer documents keep [`FULL_GRID_CELLS`]: with
/// 4,000 the coarsest level of the 30,000-sentence bench pair has runs of
/// 512 sentences, and its path was lost (strict F1 0.867 → 0.005).
const SHORT_FULL_GRID_CELLS: usize = 1_500;

/// Documents whose grid has up to this many cells use [`SHORT_FULL_GRID_CELLS`].
const SHORT_GRID_CELLS: usize = 250_000;

/// Sentences a coarse run holds at most: a level whose runs are this long
/// is searched in full, however many cells it has.
///
/// Length differences of long runs grow with the local drift of the
/// translation's length ratio, faster than the length model's variance
/// (proportional to length) allows, so beyond some run length two null
/// beads cost less than any 1-1 bead and the coarsest path became all
/// nulls, leaving the finer levels only the null beads along the edges of
/// the grid: the 100,000-sentence bench pair (runs of 1,024 sentences at
/// 20,000 cells) came out as 204,013 null beads of 217,218 (strict F1
/// 0.001), the 30,000-sentence pair likewise with runs of 512. With runs of at most 256 the
/// coarsest level of the 100,000 pair is a full grid of 391 × 527 runs.
const MAX_RUN: usize = 256;
/// Cells on each side of the projected coarse path searched at the finer level.
const RADIUS: usize = 8;

/// What the search needs to know about a problem at one resolution.
pub trait Problem {
    fn src_len(&self) -> usize;
    fn tgt_len(&self) -> usize;
    /// Cost of pairing source units `s` with target units `t` (either may be empty, not both).
    fn cost(&self, s: std::ops::Range<usize>, t: std::ops::Range<usize>) -> f64;
    /// The same problem with neighbouring units merged in pairs (a side of length ≤ 1 is kept).
    fn coarsen(&self) -> Self
    where
        Self: Sized;
    /// What prices the cells of one search over this problem. The default
    /// asks [`Problem::cost`] for every move; a problem whose moves ending at
    /// one cell share work (the same units seen through different windows)
    /// can do that work once per row or per cell instead. Either way the
    /// prices must be exactly those of `cost`.
    fn pricer(&self) -> Box<dyn Pricer + '_>
    where
        Self: Sized + Sync,
    {
        Box::new(EachMove(self))
    }
}

/// Prices the moves ending at the cells of a search, row after row. Rows
/// are priced ahead of the DP in blocks, each thread with its own pricer.
pub trait Pricer: Send {
    /// Called once before the cells of source boundary `i`, in increasing `i`.
    fn start_row(&mut self, i: usize);
    /// Writes to `out[k]` the cost of move `k` ending at (`i`, `j`) for every
    /// `k` whose bit is set in `wanted`; the other entries are left alone.
    fn price(&mut self, i: usize, j: usize, wanted: u16, out: &mut [f64; MOVES.len()]);
    /// Prices, among the moves of `wanted` ending at (`i`, `j`), at least
    /// every one that can be the cheapest way to reach the cell, `from[k]`
    /// being the cost of the cell move `k` starts from; returns the moves
    /// priced (written to `out`, the others left alone). A move not priced
    /// costs more than the cheapest one priced, so the search picks the
    /// same move either way. The default prices them all.
    fn price_cheapest(
        &mut self,
        i: usize,
        j: usize,
        wanted: u16,
        from: &[f64; MOVES.len()],
        out: &mut [f64; MOVES.len()],
    ) -> u16 {
        let _ = from;
        self.price(i, j, wanted, out);
        wanted
    }
}

/// The plain pricer: one call of [`Problem::cost`] per move.
struct EachMove<'p, P>(&'p P);

impl<P: Problem + Sync> Pricer for EachMove<'_, P> {
    fn start_row(&mut self, _i: usize) {}
    fn price(&mut self, i: usize, j: usize, wanted: u16, out: &mut [f64; MOVES.len()]) {
        for (k, &(a, b)) in MOVES.iter().enumerate() {
            if wanted & (1 << k) != 0 {
                out[k] = self.0.cost(i - a..i, j - b..j);
            }
        }
    }
}

/// One step of a path: a bead as half-open ranges of source and target runs.
pub type Step = (std::ops::Range<usize>, std::ops::Range<usize>);

/// The allowed target range `lo[i]..=hi[i]` for every source boundary `i` in `0..=n`.
struct Window {
    lo: Vec<usize>,
    hi: Vec<usize>,
    /// Offset of row `i` in the flat cell arrays.
    start: Vec<usize>,
}

impl Window {
    fn new(lo: Vec<usize>, hi: Vec<usize>) -> Window {
        let mut start = Vec::with_capacity(lo.len() + 1);
        let mut acc = 0;
        for (l, h) in lo.iter().zip(&hi) {
            start.push(acc);
            acc += h - l + 1;
        }
        start.push(acc);
        Window { lo, hi, start }
    }

    fn cells(&self) -> usize {
        self.start.last().copied().unwrap_or(0)
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        let (lo, hi) = (*self.lo.get(i)?, *self.hi.get(i)?);
        (lo..=hi).contains(&j).then(|| self.start[i] + j - lo)
    }
}

/// Finds the cheapest ordered partition of both sides into beads.
pub fn search<P: Problem + Sync>(p: &P) -> Vec<Step> {
    let cells = (p.src_len() + 1).saturating_mul(p.tgt_len() + 1);
    if cells <= SHORT_GRID_CELLS {
        search_below(p, SHORT_FULL_GRID_CELLS, 1, SHORT_FINE_RADIUS)
    } else {
        search_below(p, FULL_GRID_CELLS, 1, RADIUS)
    }
}

/// Cells on each side of the projected path searched at the sentence
/// level of documents of up to [`SHORT_GRID_CELLS`] cells ([`RADIUS`] at
/// every coarser level and for longer documents). The sentence level was
/// about half of a chapter's first search and of the pair check's chance
/// search, and the path of two-sentence runs projected on it is seldom
/// more than a sentence off. Session 12: with 4 (and with 2) the 375
/// comparison alignments (every dev and held-out set both ways, raw and
/// presegmented, MAC-Dev, the 24 chapter pairs, `short`) came out
/// byte-identical to 8; `short` took 6 % fewer instructions (docs/BENCHMARKS.md).
const SHORT_FINE_RADIUS: usize = 4;

/// [`search`], grids of at most `full_cells` cells searched in full, and
/// so is a level whose units are runs of `run_len` ≥ [`MAX_RUN`] sentences;
/// the sentence level within `fine_radius` of the path above it.
fn search_below<P: Problem + Sync>(
    p: &P,
    full_cells: usize,
    run_len: usize,
    fine_radius: usize,
) -> Vec<Step> {
    let (n, m) = (p.src_len(), p.tgt_len());
    let full = (n + 1).saturating_mul(m + 1) <= full_cells || run_len >= MAX_RUN;
    let window = if full || (n <= 1 && m <= 1) {
        Window::new(vec![0; n + 1], vec![m; n + 1])
    } else {
        let coarse = p.coarsen();
        let path = search_below(&coarse, full_cells, run_len * 2, RADIUS);
        project(&path, n, m, 2, if run_len == 1 { fine_radius } else { RADIUS })
    };
    run(p, &window)
}

/// Searches again at the same resolution, only within `radius` cells of a
/// previous path: how an expensive cost refines a cheap alignment.
pub fn search_near<P: Problem + Sync>(p: &P, path: &[Step], radius: usize) -> Vec<Step> {
    let w = project(path, p.src_len(), p.tgt_len(), 1, radius);
    run(p, &w)
}

/// [`search_near`], widely only around some beads: the rows of the beads
/// of `path` flagged in `open` get the window of [`search_near`], every
/// other row only the cells of `path` itself. Beads held that way act as
/// fixed anchors between the open stretches, which are searched as before
/// within them: a long document whose path is mostly settled is searched
/// again where it is not (see `align`). A long window is cut into
/// stretches between settled beads ([`cuts`]), searched on all threads.
pub fn search_near_open<P: Problem + Sync>(p: &P, path: &[Step], radius: usize, open: &[bool]) -> Vec<Step> {
    let (lo, hi, cuts) = open_window(path, p.src_len(), p.tgt_len(), radius, open);
    if cuts.len() <= 2 {
        return run(p, &Window::new(lo, hi));
    }
    let parts: Vec<Vec<Step>> =
        cuts.par_windows(2).map(|c| search_between(p, &lo, &hi, c[0], c[1])).collect();
    parts.into_iter().flatten().collect()
}

/// The window of [`search_near_open`] as each row's lowest and highest
/// column, and where it is cut into stretches.
#[allow(clippy::type_complexity)]
fn open_window(
    path: &[Step],
    n: usize,
    m: usize,
    radius: usize,
    open: &[bool],
) -> (Vec<usize>, Vec<usize>, Vec<(usize, usize)>) {
    let wide = project(path, n, m, 1, radius);
    let narrow = project(path, n, m, 1, 0);
    let mut row_open = vec![false; n + 1];
    for ((s, _), _) in path.iter().zip(open).filter(|(_, &o)| o) {
        row_open[s.start.min(n)..=s.end.min(n)].fill(true);
    }
    let pick = |i: usize| if row_open[i] { (wide.lo[i], wide.hi[i]) } else { (narrow.lo[i], narrow.hi[i]) };
    let (mut lo, mut hi): (Vec<usize>, Vec<usize>) = (0..=n).map(pick).unzip();
    monotone(&mut lo, &mut hi, n, m);
    let cuts = cuts(path, &row_open, &lo, &hi, radius + SPAN);
    (lo, hi, cuts)
}

/// Cells a stretch of [`search_near_open`] has at least, where the
/// settled beads allow a cut: each is searched on one thread, the
/// stretches on all of them. In a window that is mostly a path held in
/// place, filling rows on two threads at once ([`fill_pipelined`]) kept
/// them waiting on each other: the lexical passes of the 100,000-sentence
/// bench pair took longer than on one thread (docs/BENCHMARKS.md, session
/// 13). A stretch pays for a pricer of its own, so it is not made small.
const STRETCH_CELLS: usize = 1 << 14;

/// Where [`search_near_open`] cuts its window into stretches searched
/// apart: (0, 0), cells of `path` between two settled 1-1 beads, about
/// [`STRETCH_CELLS`] cells apart, and (`n`, `m`). The new path is held
/// through the cut cells, as it nearly is through every settled row (whose
/// window is the old path's own cells, where it may only regroup beads):
/// a cut is made only where no open row lies within `margin` rows and
/// between two 1-1 beads, which the search seldom regroups (cutting after
/// any settled bead moved 1 bead of the 30,000-sentence bench pair's first
/// pass, as many as between 1-1 beads, but strict F1 at 100,000 sentences
/// fell 0.831 → 0.823 after two passes; between 1-1 beads it was 0.831,
/// and 0.888 → 0.892 at 30,000). The cuts depend on the path and the
/// window only, never on the thread count.
fn cuts(path: &[Step], row_open: &[bool], lo: &[usize], hi: &[usize], margin: usize) -> Vec<(usize, usize)> {
    let n = lo.len() - 1;
    // Open rows up to each row, to count those near a candidate.
    let mut open_before = Vec::with_capacity(n + 2);
    open_before.push(0usize);
    for &o in row_open {
        open_before.push(open_before.last().copied().unwrap_or(0) + usize::from(o));
    }
    let open_near =
        |i: usize| open_before[(i + margin + 1).min(n + 1)] - open_before[i.saturating_sub(margin)];
    let one_one = |(s, t): &Step| s.len() == 1 && t.len() == 1;
    let mut out = vec![(0, 0)];
    let (mut last, mut cells) = (0, 0);
    for pair in path.windows(2) {
        let (s, t) = &pair[1];
        let i = s.start;
        cells += (last..i).map(|r| hi[r] - lo[r] + 1).sum::<usize>();
        last = last.max(i);
        let between_ones = one_one(&pair[0]) && one_one(&pair[1]);
        if cells >= STRETCH_CELLS && between_ones && open_near(i) == 0 && (lo[i]..=hi[i]).contains(&t.start) {
            out.push((i, t.start));
            cells = 0;
        }
    }
    let end = (n, hi[n]);
    if out.last() != Some(&end) {
        out.push(end);
    }
    out
}

/// The cheapest path from cell `from` to cell `to` within the window
/// `lo`, `hi` (clipped to the columns between the two cells), on this thread.
fn search_between<P: Problem + Sync>(
    p: &P,
    lo: &[usize],
    hi: &[usize],
    from: (usize, usize),
    to: (usize, usize),
) -> Vec<Step> {
    let (n, m) = (to.0 - from.0, to.1 - from.1);
    let (mut l, mut h): (Vec<usize>, Vec<usize>) = (from.0..=to.0)
        .map(|i| (lo[i].clamp(from.1, to.1) - from.1, hi[i].clamp(from.1, to.1) - from.1))
        .unzip();
    monotone(&mut l, &mut h, n, m);
    let w = Window::new(l, h);
    let mut pricer = Shifted { inner: p.pricer(), rows: from.0, cols: from.1 };
    let (_, back) = fill_serial(&mut pricer, &w);
    let shift = |(s, t): Step| (s.start + from.0..s.end + from.0, t.start + from.1..t.end + from.1);
    trace(&w, &back, n, m).into_iter().map(shift).collect()
}

/// A pricer asked about a stretch of a problem in the stretch's own
/// numbering: its row 0 is the problem's row `rows`, its column 0 column `cols`.
struct Shifted<'p> {
    inner: Box<dyn Pricer + 'p>,
    rows: usize,
    cols: usize,
}

impl Pricer for Shifted<'_> {
    fn start_row(&mut self, i: usize) {
        self.inner.start_row(i + self.rows);
    }
    fn price(&mut self, i: usize, j: usize, wanted: u16, out: &mut [f64; MOVES.len()]) {
        self.inner.price(i + self.rows, j + self.cols, wanted, out);
    }
    fn price_cheapest(
        &mut self,
        i: usize,
        j: usize,
        wanted: u16,
        from: &[f64; MOVES.len()],
        out: &mut [f64; MOVES.len()],
    ) -> u16 {
        self.inner.price_cheapest(i + self.rows, j + self.cols, wanted, from, out)
    }
}

/// Makes a window's rows connect: `lo` and `hi` never fall from one row to
/// the next, each row keeps at least one cell, the first row starts at 0
/// and the last ends at `m`.
fn monotone(lo: &mut [usize], hi: &mut [usize], n: usize, m: usize) {
    for i in 1..=n {
        lo[i] = lo[i].max(lo[i - 1]);
    }
    for i in (0..n).rev() {
        hi[i] = hi[i].min(hi[i + 1]);
    }
    for i in 0..=n {
        if lo[i] > hi[i] {
            lo[i] = hi[i];
        }
    }
    lo[0] = 0;
    hi[n] = m;
}

/// Turns a path found at 1/scale resolution into the window around it.
fn project(path: &[Step], n: usize, m: usize, scale: usize, radius: usize) -> Window {
    let cn = if n > 1 { scale } else { 1 };
    let cm = if m > 1 { scale } else { 1 };
    let mut lo = vec![usize::MAX; n + 1];
    let mut hi = vec![0usize; n + 1];
    let mut mark = |i: usize, j0: usize, j1: usize| {
        let i = i.min(n);
        lo[i] = lo[i].min(j0.min(m));
        hi[i] = hi[i].max(j1.min(m));
    };
    for (s, t) in path {
        let (i0, i1) = (s.start * cn, (s.end * cn).min(n));
        let (j0, j1) = (t.start * cm, (t.end * cm).min(m));
        for i in i0..=i1 {
            mark(i, j0, j1);
        }
    }
    mark(0, 0, 0);
    mark(n, m, m);
    // Rows the path skipped (none in practice) inherit their neighbour's range.
    for i in 1..=n {
        if lo[i] == usize::MAX {
            lo[i] = lo[i - 1];
            hi[i] = hi[i - 1];
        }
    }
    // Widen by RADIUS in both directions: along j directly, along i by a running min / max.
    let mut wlo = vec![0; n + 1];
    let mut whi = vec![0; n + 1];
    for i in 0..=n {
        let a = i.saturating_sub(radius);
        let b = (i + radius).min(n);
        let l = lo[a..=b].iter().copied().min().unwrap_or(0);
        let h = hi[a..=b].iter().copied().max().unwrap_or(m);
        wlo[i] = l.saturating_sub(radius);
        whi[i] = (h + radius).min(m);
    }
    // Keep the window monotone so every row connects to the next.
    monotone(&mut wlo, &mut whi, n, m);
    Window::new(wlo, whi)
}

/// Cells priced ahead of the DP at a time: a few MB of prices.
const BLOCK_CELLS: usize = 1 << 15;
/// Grids of fewer cells are priced on one thread (it was `BLOCK_CELLS / 4`,
/// which kept the lexical passes of short documents on one thread).
const PARALLEL_CELLS: usize = 1 << 10;

/// Moves ending at (`i`, `j`) that start inside the window.
fn moves_in_window(w: &Window, i: usize, j: usize) -> u16 {
    let mut wanted = 0u16;
    for (k, &(a, b)) in MOVES.iter().enumerate() {
        if a <= i && b <= j && w.index(i - a, j - b).is_some() {
            wanted |= 1 << k;
        }
    }
    wanted
}

/// Prices every move inside the window for the cells of `rows`, into `out`
/// (their cells in window order). Prices do not depend on the DP, so the
/// rows are split between threads, each with its own pricer.
fn price_rows(
    pricers: &mut [Box<dyn Pricer + '_>],
    w: &Window,
    rows: Range<usize>,
    out: &mut [[f64; MOVES.len()]],
) {
    // Split the rows into one run per pricer, of about equal cell counts.
    let per = out.len().div_ceil(pricers.len().max(1)).max(1);
    let mut parts = Vec::with_capacity(pricers.len());
    let (mut rest, mut first) = (out, rows.start);
    let count = pricers.len();
    for (k, pricer) in pricers.iter_mut().enumerate() {
        let mut last = first;
        while last < rows.end && (k + 1 == count || last == first || w.start[last] - w.start[first] < per) {
            last += 1;
        }
        let (head, tail) = rest.split_at_mut(w.start[last] - w.start[first]);
        parts.push((pricer, first..last, head));
        rest = tail;
        first = last;
    }
    let price =
        |(pricer, rows, out): (&mut Box<dyn Pricer + '_>, Range<usize>, &mut [[f64; MOVES.len()]])| {
            let mut cells = out.iter_mut();
            for i in rows {
                pricer.start_row(i);
                for j in w.lo[i]..=w.hi[i] {
                    let Some(cell) = cells.next() else { return };
                    if i > 0 || j > 0 {
                        pricer.price(i, j, moves_in_window(w, i, j), cell);
                    }
                }
            }
        };
    if parts.len() > 1 && parts.iter().filter(|p| !p.1.is_empty()).count() > 1 {
        parts.into_par_iter().for_each(price);
    } else {
        parts.into_iter().for_each(price);
    }
}

/// Searches the window pricing at each cell only the moves that can be its
/// cheapest way in ([`Pricer::price_cheapest`]), row by row on every
/// thread from [`PIPELINE_CELLS`] up.
///
/// Pricing ahead cannot know which moves matter, since that depends on the
/// costs of the cells before; priced in the DP's order, a move whose bound
/// (shape and evidence less its lexical term) already costs more than the
/// cheapest move found is skipped: a chapter-sized pair took about half the
/// instructions to search, with the same paths (docs/BENCHMARKS.md). Windows
/// over 65,536 cells were priced ahead in blocks of rows, every move, until
/// the bound counted the evidence (session 9): pricing only the moves that
/// can win then took 16 % less CPU on the 10,000-sentence bench pair and
/// 20 % less without lexical passes at 100,000, with the same beads. Pricing
/// every move ahead ([`run_with`] without `cheapest_only`) is kept as what
/// the tests compare the cheapest-only search with.
fn run<P: Problem + Sync>(p: &P, w: &Window) -> Vec<Step> {
    run_with(p, w, true)
}

/// The full-grid search of `p`, pricing only the moves that can win a
/// cell if `cheapest_only` (the tests compare both ways): the path, and
/// every cell's cost and move.
#[cfg(test)]
pub(super) fn full_search_with<P: Problem + Sync>(
    p: &P,
    cheapest_only: bool,
) -> (Vec<Step>, Vec<f64>, Vec<u8>) {
    let (n, m) = (p.src_len(), p.tgt_len());
    let w = Window::new(vec![0; n + 1], vec![m; n + 1]);
    let (cost, back) = fill(p, &w, cheapest_only);
    (trace(&w, &back, n, m), cost, back)
}

/// [`run`], pricing only the moves that can win a cell if `cheapest_only`.
fn run_with<P: Problem + Sync>(p: &P, w: &Window, cheapest_only: bool) -> Vec<Step> {
    let (_, back) = fill(p, w, cheapest_only);
    trace(w, &back, p.src_len(), p.tgt_len())
}

/// The DP of [`run_with`]: every cell's cost and the move that reaches it
/// cheapest (`u8::MAX` for none).
fn fill<P: Problem + Sync>(p: &P, w: &Window, cheapest_only: bool) -> (Vec<f64>, Vec<u8>) {
    let n = p.src_len();
    let cells = w.cells();
    if cheapest_only && cells >= PIPELINE_CELLS && rayon::current_num_threads() > 1 {
        return fill_pipelined(p, w);
    }
    if cheapest_only {
        return fill_serial(p.pricer().as_mut(), w);
    }
    let mut cost = vec![f64::INFINITY; cells];
    let mut back = vec![u8::MAX; cells];
    if let Some(k) = w.index(0, 0) {
        cost[k] = 0.0;
    }
    // Tiny grids are not worth a second thread. A lexical pass over a
    // 200-sentence chapter is about 5,000 cells at 20,000 instructions
    // each, far more than handing half of them over costs.
    let threads = if cells < PARALLEL_CELLS { 1 } else { rayon::current_num_threads().max(1) };
    let mut pricers: Vec<Box<dyn Pricer + '_>> = (0..threads).map(|_| p.pricer()).collect();
    let mut from = [f64::INFINITY; MOVES.len()];
    let mut prices: Vec<[f64; MOVES.len()]> = Vec::new();
    let mut block = 0..0;
    for i in 0..=n {
        if i >= block.end {
            let mut end = i + 1;
            while end <= n && w.start[end] - w.start[i] < BLOCK_CELLS {
                end += 1;
            }
            block = i..end;
            prices.clear();
            prices.resize(w.start[end] - w.start[i], [f64::INFINITY; MOVES.len()]);
            price_rows(&mut pricers, w, block.clone(), &mut prices);
        }
        let base = w.start[block.start];
        for j in w.lo[i]..=w.hi[i] {
            let Some(here) = w.index(i, j) else { continue };
            if i == 0 && j == 0 {
                continue;
            }
            // Moves from a reachable cell of the window (all were priced ahead).
            let wanted = reachable_moves(w, &cost, i, j, &mut from);
            (cost[here], back[here]) = cheapest(wanted, &from, &prices[here - base]);
        }
    }
    (cost, back)
}

/// The cheapest-move-only DP of [`fill`] on this thread, prices asked of
/// `pricer` with the window's own row and column numbers.
fn fill_serial(pricer: &mut dyn Pricer, w: &Window) -> (Vec<f64>, Vec<u8>) {
    let cells = w.cells();
    let mut cost = vec![f64::INFINITY; cells];
    let mut back = vec![u8::MAX; cells];
    if let Some(k) = w.index(0, 0) {
        cost[k] = 0.0;
    }
    let mut from = [f64::INFINITY; MOVES.len()];
    let mut price = [f64::INFINITY; MOVES.len()];
    for i in 0..w.lo.len() {
        pricer.start_row(i);
        for j in w.lo[i]..=w.hi[i] {
            let Some(here) = w.index(i, j) else { continue };
            if i == 0 && j == 0 {
                continue;
            }
            let wanted = reachable_moves(w, &cost, i, j, &mut from);
            let priced = if wanted == 0 { 0 } else { pricer.price_cheapest(i, j, wanted, &from, &mut price) };
            (cost[here], back[here]) = cheapest(priced, &from, &price);
        }
    }
    (cost, back)
}

/// Windows of at least this many cells searched cheapest-move-only are
/// filled by every thread of the pool at once ([`fill_pipelined`]); below
/// it, handing rows over costs more than it saves, and the one-sentence
/// pair (a handful of cells) stays on its thread.
pub(super) const PIPELINE_CELLS: usize = 2_048;

/// The most source units a move spans: how many rows above a cell it can be reached from.
const SPAN: usize = {
    let (mut span, mut k) = (0, 0);
    while k < MOVES.len() {
        if MOVES[k].0 > span {
            span = MOVES[k].0;
        }
        k += 1;
    }
    span
};

/// Checks of a row's progress a waiting filler makes before it yields, and
/// yields before it sleeps until the row moves on ([`Sleepers`]). The row
/// above is usually a few cells ahead and moving, so a wait ends within
/// the spins; it lasts when the thread filling that row is not running
/// (another process has the core), and then a waiter that kept yielding
/// kept taking the core from it: under a load of 7 on the two cores, a
/// 200-sentence pair's lexical search took 350–470 ms instead of about 10
/// (docs/BENCHMARKS.md, session 12).
const SPINS: u32 = 64;
const YIELDS: u32 = 16;

/// Where the fillers of [`fill_pipelined`] sleep while the row they need
/// does not move, and are woken when a row reports progress.
#[derive(Default)]
struct Sleepers {
    /// How many fillers are asleep or about to be.
    count: std::sync::atomic::AtomicUsize,
    lock: std::sync::Mutex<()>,
    wake: std::sync::Condvar,
}

impl Sleepers {
    /// Sets a row's progress to `filled` and wakes the sleepers, if any.
    fn publish(&self, row: &std::sync::atomic::AtomicUsize, filled: usize) {
        use std::sync::atomic::Ordering::SeqCst;
        // Sequentially consistent with the sleeper's count and look at the
        // row: either this sees the sleeper counted, or the sleeper sees the
        // progress and does not sleep.
        row.store(filled, SeqCst);
        if self.count.load(SeqCst) > 0 {
            let _held = self.lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            self.wake.notify_all();
        }
    }

    /// Sleeps until `row` may have reached `need` cells (woken by
    /// [`Sleepers::publish`], or after a millisecond at most); returns the
    /// row's progress.
    fn wait(&self, row: &std::sync::atomic::AtomicUsize, need: usize) -> usize {
        use std::sync::atomic::Ordering::SeqCst;
        let held = self.lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        self.count.fetch_add(1, SeqCst);
        let mut seen = row.load(SeqCst);
        if seen < need {
            let timeout = std::time::Duration::from_millis(1);
            drop(self.wake.wait_timeout(held, timeout).unwrap_or_else(std::sync::PoisonError::into_inner));
            seen = row.load(SeqCst);
        }
        self.count.fetch_sub(1, SeqCst);
        seen
    }
}

/// The cheapest-move-only DP of [`fill`] on all the pool's threads, for the
/// same costs and moves as on one: rows are taken in order by whichever
/// thread is free, each with its own pricer, and a cell waits until the
/// cells it can be reached from (up to [`SPAN`] rows above) are final.
/// Each row's progress is published as it goes, so a thread on row `i`
/// follows the one on row `i - 1` a few cells behind, like a pipeline.
///
/// A move's price does not depend on which pricer computes it (the prices
/// are exactly those of [`Problem::cost`]), nor on the order of the rows
/// priced before, so the costs, the moves and the path are those of the
/// single-threaded fill. A row is only waited on once taken by a thread
/// that is filling it, and rows are taken in increasing order, so the
/// lowest unfinished row can always proceed: a thread that runs all the
/// rows alone never waits.
fn fill_pipelined<P: Problem + Sync>(p: &P, w: &Window) -> (Vec<f64>, Vec<u8>) {
    use std::sync::atomic::{AtomicU64, AtomicU8, AtomicUsize, Ordering};
    let n = p.src_len();
    let cells = w.cells();
    let cost: Vec<AtomicU64> = (0..cells).map(|_| AtomicU64::new(f64::INFINITY.to_bits())).collect();
    let back: Vec<AtomicU8> = (0..cells).map(|_| AtomicU8::new(u8::MAX)).collect();
    if let Some(k) = w.index(0, 0) {
        cost[k].store(0f64.to_bits(), Ordering::Relaxed);
    }
    // Per row, the cells filled so far (in window order); rows not started hold 0.
    let done: Vec<AtomicUsize> = (0..=n).map(|_| AtomicUsize::new(0)).collect();
    let next_row = AtomicUsize::new(0);
    let sleep = Sleepers::default();
    let worker = || {
        let mut pricer = p.pricer();
        let mut from = [f64::INFINITY; MOVES.len()];
        let mut price = [f64::INFINITY; MOVES.len()];
        loop {
            let i = next_row.fetch_add(1, Ordering::Relaxed);
            if i > n {
                break;
            }
            // What this thread last saw of the rows above (a fresh look only when short).
            let mut seen = [0usize; SPAN];
            pricer.start_row(i);
            let (lo, hi) = (w.lo[i], w.hi[i]);
            for j in lo..=hi {
                // Every cell of rows i - SPAN .. i - 1 up to column j must be final.
                for a in 1..=SPAN.min(i) {
                    let r = i - a;
                    if j < w.lo[r] {
                        continue;
                    }
                    let need = j.min(w.hi[r]) + 1 - w.lo[r];
                    let mut spins = 0u32;
                    while seen[a - 1] < need {
                        seen[a - 1] = done[r].load(Ordering::Acquire);
                        if seen[a - 1] < need {
                            spins += 1;
                            if spins < SPINS {
                                std::hint::spin_loop();
                            } else if spins < SPINS + YIELDS {
                                std::thread::yield_now();
                            } else {
                                seen[a - 1] = sleep.wait(&done[r], need);
                            }
                        }
                    }
                }
                let Some(here) = w.index(i, j) else { continue };
                if i > 0 || j > 0 {
                    let read = |c: usize| f64::from_bits(cost[c].load(Ordering::Relaxed));
                    let wanted = reachable_moves_with(w, read, i, j, &mut from);
                    let priced =
                        if wanted == 0 { 0 } else { pricer.price_cheapest(i, j, wanted, &from, &mut price) };
                    let (c, k) = cheapest(priced, &from, &price);
                    cost[here].store(c.to_bits(), Ordering::Relaxed);
                    back[here].store(k, Ordering::Relaxed);
                }
                // Every cell is published: a row of a narrow window (a lexical
                // pass searches within a few cells of the path) is done before
                // a report every 8 cells came, so the next row waited for
                // all of it and the two threads took turns; with every cell
                // it follows a cell or two behind. The 206-sentence pair:
                // 63.8 → 57.8 ms (docs/BENCHMARKS.md, session 13).
                sleep.publish(&done[i], j + 1 - lo);
            }
        }
    };
    let threads = rayon::current_num_threads();
    (0..threads).into_par_iter().for_each(|_| worker());
    (
        cost.into_iter().map(|c| f64::from_bits(c.into_inner())).collect(),
        back.into_iter().map(AtomicU8::into_inner).collect(),
    )
}

/// The moves ending at (`i`, `j`) from a reachable cell of the window, with
/// the cost of that cell in `from` (other entries left alone).
fn reachable_moves(w: &Window, cost: &[f64], i: usize, j: usize, from: &mut [f64; MOVES.len()]) -> u16 {
    reachable_moves_with(w, |c| cost[c], i, j, from)
}

/// [`reachable_moves`], reading a cell's cost with `cost`.
fn reachable_moves_with(
    w: &Window,
    cost: impl Fn(usize) -> f64,
    i: usize,
    j: usize,
    from: &mut [f64; MOVES.len()],
) -> u16 {
    let mut wanted = 0u16;
    for (k, &(a, b)) in MOVES.iter().enumerate() {
        if a > i || b > j {
            continue;
        }
        let Some(prev) = w.index(i - a, j - b) else { continue };
        from[k] = cost(prev);
        if from[k].is_finite() {
            wanted |= 1 << k;
        }
    }
    wanted
}

/// The cheapest of the moves in `moves` and its cost, the first in
/// [`MOVES`] order on a tie; infinite and `u8::MAX` when there is none.
fn cheapest(moves: u16, from: &[f64; MOVES.len()], price: &[f64; MOVES.len()]) -> (f64, u8) {
    let mut best = f64::INFINITY;
    let mut arg = u8::MAX;
    for k in 0..MOVES.len() {
        if moves & (1 << k) == 0 {
            continue;
        }
        let c = from[k] + price[k];
        if c < best {
            best = c;
            arg = k as u8;
        }
    }
    (best, arg)
}

/// The path back from (`n`, `m`) along the moves the DP chose.
fn trace(w: &Window, back: &[u8], n: usize, m: usize) -> Vec<Step> {
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let Some(k) = w.index(i, j) else { break };
        let Some(&(a, b)) = MOVES.get(back[k] as usize) else { break };
        path.push((i - a..i, j - b..j));
        i -= a;
        j -= b;
    }
    if i > 0 || j > 0 {
        // Unreachable with a connected window; fall back to nulls rather than lose sentences.
        path.extend((0..j).rev().map(|y| (i..i, y..y + 1)));
        path.extend((0..i).rev().map(|x| (x..x + 1, 0..0)));
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units are plain lengths; the cost is the squared length difference plus a null price.
    struct Lengths {
        s: Vec<f64>,
        t: Vec<f64>,
    }

    impl Problem for Lengths {
        fn src_len(&self) -> usize {
            self.s.len()
        }
        fn tgt_len(&self) -> usize {
            self.t.len()
        }
        fn cost(&self, s: std::ops::Range<usize>, t: std::ops::Range<usize>) -> f64 {
            if s.is_empty() || t.is_empty() {
                return 50.0 * (s.len() + t.len()) as f64;
            }
            let a: f64 = self.s[s.clone()].iter().sum();
            let b: f64 = self.t[t.clone()].iter().sum();
            (a - b).powi(2) / (a + b) + (s.len() + t.len() - 2) as f64
        }
        fn coarsen(&self) -> Self {
            let pair = |v: &[f64]| {
                if v.len() <= 1 {
                    v.to_vec()
                } else {
                    v.chunks(2).map(|c| c.iter().sum()).collect()
                }
            };
            Lengths { s: pair(&self.s), t: pair(&self.t) }
        }
    }

    fn lengths(n: usize, seed: u64) -> Vec<f64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                10.0 + ((x >> 33) % 90) as f64
            })
            .collect()
    }

    #[test]
    fn paths_do_not_depend_on_the_number_of_threads() {
        let p = Lengths { s: lengths(3000, 11), t: lengths(3400, 12) };
        let with = |threads| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| search(&p))
        };
        let one = with(1);
        assert_eq!(one.len(), with(3).len());
        assert_eq!(one, with(3));
    }

    /// [`Lengths`] whose coarse levels record the longest run of sentences they reached.
    struct Tracked {
        inner: Lengths,
        run: usize,
        longest: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    }

    impl Problem for Tracked {
        fn src_len(&self) -> usize {
            self.inner.src_len()
        }
        fn tgt_len(&self) -> usize {
            self.inner.tgt_len()
        }
        fn cost(&self, s: std::ops::Range<usize>, t: std::ops::Range<usize>) -> f64 {
            self.inner.cost(s, t)
        }
        fn coarsen(&self) -> Self {
            self.longest.fetch_max(self.run * 2, std::sync::atomic::Ordering::Relaxed);
            Tracked { inner: self.inner.coarsen(), run: self.run * 2, longest: self.longest.clone() }
        }
    }

    #[test]
    fn coarse_levels_never_merge_more_than_max_run_sentences() {
        // 70,000 sentences a side: at runs of 256 the grid still has far
        // more than FULL_GRID_CELLS cells, so only the cap stops the coarsening.
        let longest = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(1));
        let p = Tracked {
            inner: Lengths { s: lengths(70_000, 21), t: lengths(70_000, 21) },
            run: 1,
            longest: longest.clone(),
        };
        assert!((70_000 / MAX_RUN + 1).pow(2) > FULL_GRID_CELLS);
        let path = search(&p);
        assert_eq!(longest.load(std::sync::atomic::Ordering::Relaxed), MAX_RUN);
        let one_to_one = path.iter().filter(|(a, b)| a.len() == 1 && b.len() == 1).count();
        // Both sides have the same lengths: the path is all 1-1.
        assert_eq!(one_to_one, 70_000);
    }

    #[test]
    fn open_search_moves_the_path_only_near_the_flagged_beads() {
        // Both sides have the same lengths, so the cheapest path is all
        // 1-1. The previous path left out sentences 100-102 of the source
        // and 107-109 of the target, and so paired 103-109 with 100-106;
        // it did the same at 300.
        let p = Lengths { s: lengths(400, 5), t: lengths(400, 5) };
        let right: Vec<Step> = (0..400).map(|i| (i..i + 1, i..i + 1)).collect();
        let mut wrong: Vec<Step> = Vec::new();
        let mut i = 0;
        while i < 400 {
            if i == 100 || i == 300 {
                wrong.extend((i..i + 3).map(|x| (x..x + 1, i..i)));
                wrong.extend((i + 3..i + 10).map(|x| (x..x + 1, x - 3..x - 2)));
                wrong.extend((i + 7..i + 10).map(|y| (i + 10..i + 10, y..y + 1)));
                i += 10;
            } else {
                wrong.push((i..i + 1, i..i + 1));
                i += 1;
            }
        }
        let stretch = |at: usize| wrong.iter().position(|b| b.0.start == at).unwrap()..;
        // Every bead open: within 2 of the previous path, the right one is found.
        assert_eq!(search_near_open(&p, &wrong, 2, &vec![true; wrong.len()]), right);
        // The stretch at 100 open: it is put right, the one at 300 stays
        // shifted (its rows only keep the cells of the previous beads).
        let mut open = vec![false; wrong.len()];
        open[stretch(100).start..stretch(100).start + 13].fill(true);
        let found = search_near_open(&p, &wrong, 2, &open);
        assert!((100..110).all(|x| found.contains(&(x..x + 1, x..x + 1))), "{:?}", &found[95..115]);
        assert!((303..310).all(|x| !found.contains(&(x..x + 1, x..x + 1))), "a held stretch must not move");
        assert!(found.starts_with(&right[..95]) && found.ends_with(&right[315..]));
    }

    #[test]
    fn a_long_open_search_cut_into_stretches_puts_right_every_open_stretch_and_holds_the_rest() {
        // As above, on 40,000 sentences: a previous path shifted at every
        // thousandth sentence; all but the stretch at 20,000 are open.
        let n = 40_000;
        let p = Lengths { s: lengths(n, 9), t: lengths(n, 9) };
        let mut wrong: Vec<Step> = Vec::new();
        let mut i = 0;
        while i < n {
            if i % 1000 == 500 {
                wrong.extend((i..i + 3).map(|x| (x..x + 1, i..i)));
                wrong.extend((i + 3..i + 10).map(|x| (x..x + 1, x - 3..x - 2)));
                wrong.extend((i + 7..i + 10).map(|y| (i + 10..i + 10, y..y + 1)));
                i += 10;
            } else {
                wrong.push((i..i + 1, i..i + 1));
                i += 1;
            }
        }
        let open: Vec<bool> =
            wrong.iter().map(|(s, _)| s.start % 1000 >= 495 && s.start / 1000 != 20).collect();
        let (_, _, cuts) = open_window(&wrong, n, n, 2, &open);
        assert!(cuts.len() > 10, "the window must be cut into stretches: {}", cuts.len());
        let with = |threads| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| search_near_open(&p, &wrong, 2, &open))
        };
        let found = with(2);
        assert_eq!(found, with(1), "the stretches must not depend on the thread count");
        for at in (500..n).step_by(1000) {
            let fixed = (at..at + 10).all(|x| found.contains(&(x..x + 1, x..x + 1)));
            assert_eq!(fixed, at != 20_500, "stretch at {at}");
        }
        // Every sentence is in exactly one bead, in order.
        let (mut i, mut j) = (0, 0);
        for (s, t) in &found {
            assert_eq!((s.start, t.start), (i, j));
            (i, j) = (s.end, t.end);
        }
        assert_eq!((i, j), (n, n));
    }

    #[test]
    fn a_chapter_searched_narrowly_at_the_sentence_level_finds_the_full_grids_path() {
        // 300 sentences, every seventh pair merged and every 23rd sentence
        // left out of the target: a grid of SHORT_GRID_CELLS or fewer, whose
        // sentence level is searched within SHORT_FINE_RADIUS only.
        let s = lengths(300, 17);
        let mut t = Vec::new();
        let mut i = 0;
        while i < s.len() {
            if i % 23 == 5 {
                i += 1;
            } else if i % 7 == 0 && i + 1 < s.len() {
                t.push(s[i] + s[i + 1]);
                i += 2;
            } else {
                t.push(s[i]);
                i += 1;
            }
        }
        let p = Lengths { s, t };
        assert!((p.s.len() + 1) * (p.t.len() + 1) <= SHORT_GRID_CELLS);
        assert!((p.s.len() + 1) * (p.t.len() + 1) > SHORT_FULL_GRID_CELLS);
        let (full, _, _) = full_search_with(&p, true);
        assert_eq!(search(&p), full);
    }

    #[test]
    fn windowed_search_recovers_merges_in_long_documents() {
        let s = lengths(3000, 7);
        // The target merges every tenth pair of source sentences.
        let mut t = Vec::new();
        let mut i = 0;
        while i < s.len() {
            if i % 10 == 0 && i + 1 < s.len() {
                t.push(s[i] + s[i + 1]);
                i += 2;
            } else {
                t.push(s[i]);
                i += 1;
            }
        }
        let path = search(&Lengths { s: s.clone(), t: t.clone() });
        assert!(
            (s.len() + 1) * (t.len() + 1) > FULL_GRID_CELLS,
            "the test must exercise the windowed search"
        );
        let merged = path.iter().filter(|(a, b)| a.len() == 2 && b.len() == 1).count();
        assert!(merged >= 290, "found {merged} 2-1 beads of 300");
    }
}
