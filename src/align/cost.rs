//! The price of a bead: length, shared evidence, shape and paragraph breaks.
//!
//! * **Length** follows Gale & Church: the target length of a true bead is
//!   about `ratio × source length`, with a variance growing with the length.
//!   The ratio comes from the document pair's own totals, so no language
//!   pair constant is assumed, and the variance per unit of length from
//!   the ratio (∝ √ratio, so that the cost is the same whichever side is
//!   the source). Re-estimating either from the 1-1 beads of a first pass
//!   was tried and lost (see docs/DESIGN.md). The cost is `-ln P(|δ| ≥ observed)`.
//! * **Evidence** is per sentence: the share of the weight of a sentence's
//!   language-neutral keys (anchors, glossary entries) that the other side
//!   of the bead also has. Scoring each sentence rather than one bag per
//!   side keeps a 2-1 bead from being cheap when one of its sentences has
//!   no support at all (a background line the translator added).
//! * **Well-supported splits**: the length term of a bead with several
//!   sentences on a side shrinks with the coverage of the least covered of
//!   them. Official English expands titles and acronyms (市人社局 becomes
//!   "Huai'an Municipal Human Resources and Social Security Bureau"), so a
//!   sentence translated as two or three is often far longer than the
//!   ratio predicts; when every piece shares its names, figures and terms
//!   with the other side, that length says less than the evidence. An
//!   added background sentence rarely shares much with its neighbour, so
//!   the bead that would glue it on keeps its full length cost.
//! * **Null beads**: a sentence left without counterpart pays its evidence
//!   in full, less a discount growing with the weight of its keys that no
//!   other-side sentence near the gap has (the rest is likely the other
//!   half of a split translation, not an addition); the discount is
//!   learned from a first path (see [`Grid::null_discount`]), high where
//!   translations keep their keys and 0 where they are free.
//! * **Normalisation**: the evidence term is paid per sentence covered, and
//!   a null bead pays it in full, so the same sentences cost about the same
//!   whether they are grouped in one bead or spread over several; the shape
//!   prior then decides, as Vecalign does with its per-sentence scaling.
//! * **Paragraphs**: a bead that crosses a paragraph break on either side
//!   pays a penalty: a CAT tool segments within paragraphs, so such a unit
//!   never matches, and translations keep their paragraphs. So does a bead
//!   that pairs a heading (a line standing alone without a stop) with a
//!   sentence of the body.

use std::cell::RefCell;
use std::ops::Range;

use super::params::COVERAGE_PRIOR;
use super::search::{Pricer, Problem, MOVES, ONE_ONE, THREE_THREE, TWO_TWO};

/// One run of a side as the search prices it: a sentence, or at coarse
/// levels several sentences taken together.
#[derive(Clone, Debug, Default)]
pub struct Run {
    /// Length in script-neutral units (see [`text_length`]).
    pub len: f64,
    /// Sorted, distinct ids of the keys found in the run.
    pub keys: Vec<u32>,
    /// Weight of the run's figures and person names that the other document
    /// has nowhere (no key ids: they are never shared).
    pub lone: f64,
    pub para_first: u32,
    pub para_last: u32,
    /// The run's last sentence is a heading: a paragraph of one sentence
    /// without a final stop (a headline, a byline, a subheading, a dateline).
    pub heading: bool,
    /// The credit kinds the run's sentence names (`segment::credit`), 0 when
    /// it is not a credit line. Coarse runs keep 0: a chunk is priced for
    /// its lengths and keys only.
    pub credit: u8,
    /// The run's last sentence ends inside a quotation that the next
    /// sentence goes on with (`quotes::ends_inside_quotation`).
    pub open_quote: bool,
    /// The run holds a quotation mark (`quotes::holds_speech`).
    pub speech: bool,
    /// How the run's sentence opens and closes a quotation
    /// (`quotes::quote_ends`); 0 for coarse runs.
    pub quote_ends: u8,
}

/// Length in a unit comparable across scripts: a Han character counts 3 (its
/// UTF-8 size, and about what it carries), any other non-space character 1,
/// a run of spaces 1, and a Chinese organisation abbreviation (市人社局) its
/// characters plus [`super::params::ABBREVIATION_LENGTH`].
pub fn text_length(text: &str) -> f64 {
    let mut n = 0.0;
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                n += 1.0;
            }
            in_space = true;
            continue;
        }
        in_space = false;
        n += if crate::lang::is_han(c) { 3.0 } else { 1.0 };
    }
    n + abbreviation_bonus(text)
}

/// Extra length for each short Chinese organisation abbreviation of the
/// form 市X局, 省XX厅, 区X委, 县X办 (a place level, one to three Han
/// characters, an office): official English spells them out ("Municipal
/// Human Resources and Social Security Bureau" for 市人社局), so a sentence
/// holding them is far longer in English than its characters say, and the
/// length term pushed the last English piece of its split out as a null
/// bead. See [`super::params::ABBREVIATION_LENGTH`].
fn abbreviation_bonus(text: &str) -> f64 {
    let bonus = super::params::ABBREVIATION_LENGTH;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut n = 0.0;
    while i < chars.len() {
        if matches!(chars[i], '市' | '省' | '区' | '县') {
            let hit = (1..=3).find(|&k| {
                chars.get(i + k + 1).is_some_and(|c| matches!(c, '局' | '委' | '办' | '厅'))
                    && chars[i + 1..=i + k].iter().all(|&c| crate::lang::is_han(c))
            });
            if let Some(k) = hit {
                n += bonus;
                i += k + 2;
                continue;
            }
        }
        i += 1;
    }
    n
}

/// The parameters of the cost, estimated per document pair.
#[derive(Clone, Debug)]
pub struct Model {
    /// Expected target length per unit of source length.
    pub ratio: f64,
    /// Variance of the target length per unit of (mean) length.
    pub variance: f64,
    /// `-ln P(shape)` for every entry of [`MOVES`].
    pub shape_cost: [f64; MOVES.len()],
    /// Weight of the length term.
    pub length_weight: f64,
    /// Share of the length term a bead with several sentences on a side is
    /// spared when every one of them is fully covered (see [`Evidence::weakest`]).
    pub split_relief: f64,
    /// Price per sentence of evidence that is missing (1 − similarity).
    pub evidence_weight: f64,
    /// Price of a bead crossing a paragraph break.
    pub paragraph_penalty: f64,
    /// Price of a bead that pairs a heading with a sentence that is not one.
    pub heading_penalty: f64,
    /// Price of a bead that opens a paragraph on its Chinese side only (see
    /// `Grid::opening_cost`); 0 where paragraphs say nothing.
    pub opening_penalty: f64,
    /// Price of a bead one of whose sides names a credit (editor, source,
    /// reporter…) that the other side does not name (see `Run::credit`).
    pub credit_penalty: f64,
    /// Paid by a bead whose last sentence ends inside a quotation on one
    /// side only (see [`super::params::QUOTE_PENALTY`]).
    pub quote_penalty: f64,
    /// Paid by a bead with speech on one side only.
    pub speech_penalty: f64,
    /// Weight of every key id.
    pub key_weight: Vec<f64>,
    /// How much cheaper a null bead is for a sentence full of keys (see `null_evidence`).
    pub null_discount: f64,
    /// Key weight at which half of `null_discount` applies.
    pub null_mass: f64,
    /// Weight of the surcharge on pieces of a split or merge that share none
    /// of their own keys (see [`Model::orphan_cost`]).
    pub orphan_weight: f64,
    /// Which sides (source, target) are Chinese: they pay the orphan
    /// surcharge and their coverage takes [`COVERAGE_PRIOR`].
    pub chinese_sides: (bool, bool),
    /// Weight of the surcharge on the sentences of a bead that leave much of
    /// their key weight unshared (see [`Model::unrelated_cost`]).
    pub unrelated_weight: f64,
    /// Unshared key weight, in units of `mass_scale`, at which a sentence
    /// pays half of `unrelated_weight` (see [`Model::unrelated_cost`]).
    pub unrelated_mass: f64,
    /// The median key weight of the sentences of the document pair that
    /// have keys: key weights grow with the length of the document.
    pub mass_scale: f64,
    /// Multiple of the lexical weight charged to a null bead for what the
    /// other side's sentences next to the gap explain of it, per side
    /// (source, target); 0 switches it off (see [`Grid::null_lexical_cost`]).
    pub null_lexical: (f64, f64),
}

/// Prior shape probabilities before anything is known about the document:
/// mostly 1-1, with the splits and merges a translator commonly makes.
///
/// Null beads get a generous prior: otherwise an added background sentence
/// or a dropped slogan is glued onto its neighbour, which costs two wrong
/// beads instead of one. Measured with `align_eval.py` (strict F1): raising
/// it from 0.01 to 0.2 took the news corpora from 0.868 to 0.933 and moved
/// MAC-Dev (literary, 1% null beads) from 0.773 to 0.766.
pub fn default_shape_probs() -> [f64; MOVES.len()] {
    let mut p = [0.0; MOVES.len()];
    for (k, &(a, b)) in MOVES.iter().enumerate() {
        p[k] = match (a, b) {
            (1, 1) => 0.75,
            (1, 0) | (0, 1) => 0.2,
            (1, 2) | (2, 1) => 0.08,
            (2, 2) => 0.01,
            (1, 3) | (3, 1) => 0.01,
            // Only as a quotation of three sentences a side attributed at
            // opposite ends, which `Grid::shape_price` prices as three 1-1
            // beads (any other 3-3 bead is not allowed); 0 leaves the other
            // shapes' priors as they were.
            (3, 3) => 0.0,
            _ => 0.002,
        };
    }
    p
}

/// The shape prior of the lexical passes of a long free translation
/// (see [`super::params::FREE_NULL_PRIOR`]): [`default_shape_probs`] with
/// null beads at [`super::params::FREE_NULL_PRIOR`].
pub fn free_shape_probs() -> [f64; MOVES.len()] {
    let mut p = default_shape_probs();
    for (k, &(a, b)) in MOVES.iter().enumerate() {
        if a == 0 || b == 0 {
            p[k] = super::params::FREE_NULL_PRIOR;
        }
    }
    p
}

impl Model {
    pub fn shape_costs(probs: &[f64; MOVES.len()]) -> [f64; MOVES.len()] {
        let total: f64 = probs.iter().sum();
        let mut c = [0.0; MOVES.len()];
        for (k, p) in probs.iter().enumerate() {
            c[k] = -(p / total).max(1e-9).ln();
        }
        c
    }

    /// `-ln P(|δ| ≥ observed)` of a source / target length pair.
    pub fn length_cost(&self, l1: f64, l2: f64) -> f64 {
        let mean = ((self.ratio * l1 + l2) / 2.0).max(1.0);
        let delta = (l2 - self.ratio * l1) / (self.variance * mean).sqrt();
        let p = erfc(delta.abs() / std::f64::consts::SQRT_2);
        -(p.max(1e-30)).ln()
    }

    /// Weight of one key id.
    pub fn key_weight_of(&self, k: u32) -> f64 {
        self.key_weight.get(k as usize).copied().unwrap_or(0.0)
    }

    /// Total weight of a sorted, distinct key set, summed in key order (the
    /// per-cell cache of the search, `align::overlap`, relies on that order).
    pub fn set_weight(&self, keys: &[u32]) -> f64 {
        keys.iter().map(|&k| self.key_weight_of(k)).sum()
    }

    /// Per-sentence evidence of a bead: the share of the key weight of
    /// `unit` found on the other side (`other`, sorted and distinct), and the
    /// unit's own key weight. Both sums run in ascending key order, as the
    /// per-cell cache of the search, `align::overlap`, takes them.
    pub fn coverage(&self, unit: &[u32], other: &[u32], source: bool) -> (f64, f64) {
        let (mut j, mut shared) = (0, 0.0);
        for &k in unit {
            while j < other.len() && other[j] < k {
                j += 1;
            }
            if j < other.len() && other[j] == k {
                shared += self.key_weight_of(k);
            }
        }
        let mass = self.set_weight(unit);
        (self.coverage_ratio(shared, mass, source), mass)
    }

    /// Coverage from the shared and total key weight; 0 for a unit without
    /// keys; `source` tells the side of the unit. Where translations keep
    /// their keys (a null discount above 0), the key weight of a Chinese
    /// sentence (the side paying the orphan surcharge) counts
    /// [`COVERAGE_PRIOR`] more, so that a sentence
    /// whose only key is a common dictionary term (经济 and "economy") does
    /// not count as wholly supported: glued into the bead of its neighbour's
    /// translation it paid no evidence at all, while left out it paid in
    /// full, which is how sentences the English omits were glued on.
    pub fn coverage_ratio(&self, shared: f64, mass: f64, source: bool) -> f64 {
        let chinese = if source { self.chinese_sides.0 } else { self.chinese_sides.1 };
        let prior = if chinese && self.null_discount > 0.0 { COVERAGE_PRIOR } else { 0.0 };
        if mass > 0.0 {
            shared / (mass + prior)
        } else {
            0.0
        }
    }

    /// The evidence of a bead of `a` source and `b` target units from the
    /// coverage, key weight and lone weight ([`Run::lone`]) of each of its
    /// units (see [`Evidence`]).
    pub fn bead_evidence(
        &self,
        src: impl Iterator<Item = (f64, f64, f64)>,
        tgt: impl Iterator<Item = (f64, f64, f64)>,
        a: usize,
        b: usize,
    ) -> Evidence {
        let mut weakest = f64::INFINITY;
        let mut orphan = 0.0;
        let mut unrelated = 0.0;
        let mut missing = |(c, mass, lone): (f64, f64, f64), split: bool, orphans: bool| {
            if split {
                weakest = weakest.min(c);
            }
            if orphans && split {
                orphan += self.orphan_cost(c, mass, lone);
            }
            unrelated += self.unrelated_cost(mass * (1.0 - c) + lone, mass + lone);
            0.5 * (1.0 - c)
        };
        let src: f64 = src.map(|u| missing(u, a > 1, self.chinese_sides.0)).sum();
        let tgt: f64 = tgt.map(|u| missing(u, b > 1, self.chinese_sides.1)).sum();
        Evidence {
            similarity: 1.0 - (src + tgt) / ((a + b) as f64 / 2.0),
            weakest: if weakest.is_finite() { weakest } else { 0.0 },
            orphan,
            unrelated,
        }
    }

    /// The surcharge of one sentence of a bead (of any shape) that leaves
    /// `unshared` of its `total` key weight (figures of its own included,
    /// see [`Run::lone`]) unmatched by the other side. A faithful
    /// translation rarely leaves that much of a sentence unmatched: such a
    /// sentence beside another is an omission next to an addition, which
    /// the shape prior alone would pair (two null beads cost far more in
    /// shape than one 1-1 bead) or glue into a larger bead. Steep around [`Model::unrelated_mass`]
    /// (measured in the document's median sentence key weight, so that it
    /// does not grow with the length of the document, as key weights do);
    /// nothing where translations are free (no null discount).
    fn unrelated_cost(&self, unshared: f64, total: f64) -> f64 {
        if self.unrelated_weight == 0.0 || self.null_discount == 0.0 || unshared <= 0.0 {
            return 0.0;
        }
        let x = (unshared / (self.unrelated_mass * self.mass_scale.max(1e-9))).powi(4);
        self.unrelated_weight * x / (1.0 + x) * (unshared / total).powi(super::params::UNRELATED_SHARPNESS)
    }

    /// The surcharge of one piece of a split or merge whose key weight
    /// `mass` is shared at `coverage`: the mirror of the null discount. A
    /// piece carrying figures and names the other side of the bead lacks
    /// has content of its own; where this translator keeps such keys (a
    /// high null discount), gluing it onto a neighbour's translation costs
    /// what leaving it out saves (see [`Model::null_evidence`]), times
    /// `orphan_weight`. Its figures that the other document has nowhere
    /// (`lone`, see [`Run::lone`]) count as unshared key weight too (session
    /// 10): an omitted sentence's own figures (总投资约656亿元) are lone more
    /// often than not, and without them it looked keyless and glued on for
    /// free. Nothing where translations are free (discount 0).
    fn orphan_cost(&self, coverage: f64, mass: f64, lone: f64) -> f64 {
        let unfound = mass * (1.0 - coverage) + lone;
        if self.orphan_weight == 0.0 || self.null_discount == 0.0 || unfound <= 0.0 {
            return 0.0;
        }
        // Steep in the share missing: a piece sharing some of its keys is
        // a faithful half of a split, however many keys it also has.
        let gate = (unfound / (mass + lone)).powi(super::params::ORPHAN_SHARPNESS);
        0.5 * self.orphan_weight * self.null_discount * unfound / (unfound + self.null_mass) * gate
    }

    /// Evidence cost of a sentence left without a counterpart. A sentence
    /// with many keys none of which is found nearby on the other side is
    /// more likely an addition than a sentence whose keys have a counterpart
    /// next to it (the second half of a split translation), so only the key
    /// weight missing from `nearby` earns the discount; a sentence without
    /// keys costs the same either way and length decides.
    ///
    /// On a Chinese side (`chinese`), the sentence's lone weight (figures
    /// and person names the other document has nowhere, [`Run::lone`])
    /// counts as unfound too, as the orphan and unrelated surcharges count
    /// it: a sentence whose figures the English never gives
    /// (`应出席代表328名，实到代表309名。`) is the omission the discount is
    /// for, and had paid in full when left out, so that it was paired with
    /// an English background line instead (session 12). Not on an English
    /// side: English figures lone against the Chinese are mostly figures the
    /// Chinese writes in words the number finder does not read (`二十连丰`
    /// for "the 20th consecutive year", `七成` for "70 percent"), and the
    /// English pieces of faithful splits were left out (corpora/dev 0.975
    /// → 0.970, dev4 0.930 → 0.923).
    fn null_evidence(&self, units: &[Run], nearby: &[Run], chinese: bool) -> f64 {
        // Before the discount is learned (and on inputs that never learn it)
        // the search prices every null move: skip looking for the keys nearby.
        if self.null_discount == 0.0 {
            return 0.5 * units.len() as f64;
        }
        units
            .iter()
            .map(|u| {
                let unfound: f64 = u
                    .keys
                    .iter()
                    .filter(|k| !nearby.iter().any(|n| n.keys.binary_search(k).is_ok()))
                    .map(|&k| self.key_weight_of(k))
                    .sum::<f64>()
                    + if chinese { u.lone } else { 0.0 };
                0.5 * (1.0 - self.null_discount * unfound / (unfound + self.null_mass))
            })
            .sum()
    }
}

/// What the keys of a bead say, from the coverage of each of its units.
#[derive(Clone, Copy, Debug, Default)]
pub struct Evidence {
    /// 1 minus the mean evidence each unit misses, so that
    /// `evidence_weight × (1 − similarity)` pays half of what each unit does not share.
    pub similarity: f64,
    /// The lowest coverage among the units of a side with more than one
    /// unit; 0 for a bead with one unit on each side.
    pub weakest: f64,
    /// Missing evidence added for pieces of a split or merge that carry
    /// keys of their own (see [`Model::orphan_cost`]), priced like `1 − similarity`.
    pub orphan: f64,
    /// Missing evidence added for sentences whose own key weight the other
    /// side of the bead lacks (see [`Model::unrelated_cost`]), priced the same way.
    pub unrelated: f64,
}

/// Complementary error function (Abramowitz & Stegun 7.1.26, error < 1.5e-7),
/// with the Gaussian tail for large arguments so that costs keep growing.
fn erfc(x: f64) -> f64 {
    if x > 5.0 {
        // Asymptotic tail: exp(-x²) / (x √π).
        return (-x * x).exp() / (x * std::f64::consts::PI.sqrt());
    }
    let t = 1.0 / (1.0 + 0.3275911 * x);
    let poly =
        t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    poly * (-x * x).exp()
}

/// The figures behind the cost of one bead, kept for confidence and reports
/// (`align --explain` shows them).
#[derive(Clone, Copy, Debug, Default)]
pub struct Breakdown {
    /// `-ln P(|δ| ≥ observed)` of the lengths, before its weight and relief.
    pub length_cost: f64,
    pub similarity: f64,
    /// True when either side has at least one key.
    pub has_evidence: bool,
    pub total: f64,
    /// Weighted lexical log ratio (positive: the words translate each
    /// other); it is subtracted from the total.
    pub lexical: f64,
    /// `-ln P(shape)`.
    pub shape: f64,
    /// The length term as added to the total: weighted, less the relief
    /// of a well-supported split.
    pub length: f64,
    /// The evidence term as added to the total (for a null bead, the price
    /// of its unshared keys after the null discount), orphan surcharge included.
    pub evidence: f64,
    /// The part of `evidence` that is the orphan surcharge.
    pub orphan: f64,
    /// The part of `evidence` that is the unrelated surcharge.
    pub unrelated: f64,
    /// The paragraph penalty paid.
    pub paragraph: f64,
    /// For a null bead, what the lexicon says the other side's sentence
    /// next to the gap explains of it (see [`Grid::null_lexical_cost`]).
    pub neighbour: f64,
}

/// A problem at one resolution: the units of both sides and the model.
pub struct Grid<'m> {
    pub src: Vec<Run>,
    pub tgt: Vec<Run>,
    pub model: &'m Model,
    /// The learned word-translation score and its weight, used at full resolution only.
    pub lexical: Option<Lexical<'m>>,
}

/// A learned lexicon plugged into the cost.
#[derive(Clone, Copy)]
pub struct Lexical<'m> {
    pub scorer: &'m super::lexicon::Scorer,
    /// True when the scorer conditions on the source side (Chinese source).
    pub source_conditions: bool,
    pub weight: f64,
}

impl Lexical<'_> {
    /// The scorer's log ratio of a bead, given as source and target ranges.
    pub fn score(&self, s: Range<usize>, t: Range<usize>) -> f64 {
        if self.source_conditions {
            self.scorer.score(s, t)
        } else {
            self.scorer.score(t, s)
        }
    }
}

/// The lexicon's log ratio of one predicted sentence given one conditioning
/// sentence (indices on the conditioning and the predicted side), as
/// [`Lexical::score`] of those two sentences alone gives it; the search's
/// pricer takes it from its own tables (`align::overlap`).
pub(crate) type SingleScore<'a> = dyn FnMut(Lexical, usize, usize) -> f64 + 'a;

/// [`SingleScore`] computed directly.
pub(crate) fn direct_single(l: Lexical, cond: usize, pred: usize) -> f64 {
    l.scorer.score(cond..cond + 1, pred..pred + 1)
}

/// Units on each side of a null bead's position whose keys count as found nearby.
const NULL_NEIGHBOURS: usize = 2;

/// The units of a side within [`NULL_NEIGHBOURS`] of position `at`.
fn near(units: &[Run], at: usize) -> &[Run] {
    let at = at.min(units.len());
    &units[at.saturating_sub(NULL_NEIGHBOURS)..(at + NULL_NEIGHBOURS).min(units.len())]
}

thread_local! {
    static SCRATCH: RefCell<(Vec<u32>, Vec<u32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// The distinct keys of some units, sorted.
pub(crate) fn gather(units: &[Run], out: &mut Vec<u32>) {
    out.clear();
    for u in units {
        out.extend_from_slice(&u.keys);
    }
    if units.len() > 1 {
        out.sort_unstable();
        out.dedup();
    }
}

impl Grid<'_> {
    /// `-ln P(shape)` of the move `k` of [`MOVES`] over `s` and `t`: the
    /// model's, except for a 2-2 or 3-3 bead that is one quotation a side
    /// with its attribution at opposite ends, which is priced as the 1-1
    /// beads that `quotes::split_moved_attributions` makes of it; a 3-3
    /// bead that is not one is not allowed (infinite).
    #[inline]
    pub(crate) fn shape_price(&self, k: usize, s: Range<usize>, t: Range<usize>) -> f64 {
        // Looked up for every move of every cell: the other moves return at once.
        if k != TWO_TWO && k != THREE_THREE {
            self.model.shape_cost[k]
        } else if self.moved_quotation(s, t) {
            MOVES[k].0 as f64 * self.model.shape_cost[ONE_ONE]
        } else if k == THREE_THREE {
            // Three sentences a side are one bead only as such a quotation.
            f64::INFINITY
        } else {
            self.model.shape_cost[k]
        }
    }

    /// Whether source sentences `s` and target sentences `t` are one
    /// quotation each, attributed at opposite ends (`quotes::moved`).
    #[inline]
    pub(crate) fn moved_quotation(&self, s: Range<usize>, t: Range<usize>) -> bool {
        // Most sentences hold no quotation mark: one look at each side's first.
        let marked = |runs: &[Run], at: usize| runs.get(at).is_some_and(|r| r.quote_ends != 0);
        marked(&self.src, s.start) && marked(&self.tgt, t.start) && self.moved_quotation_ends(s, t)
    }

    fn moved_quotation_ends(&self, s: Range<usize>, t: Range<usize>) -> bool {
        let ends = |runs: &[Run], r: Range<usize>| {
            Some((runs.get(r.start)?.quote_ends, runs.get(r.end.checked_sub(1)?)?.quote_ends))
        };
        ends(&self.src, s).zip(ends(&self.tgt, t)).is_some_and(|(a, b)| super::quotes::moved(a, b))
    }

    /// The cost of a bead and what it is made of.
    pub fn breakdown(&self, s: Range<usize>, t: Range<usize>) -> Breakdown {
        self.breakdown_of_move(None, s, t)
    }

    /// [`Grid::breakdown`], `shape` the bead's index in [`MOVES`] when the caller knows it.
    pub(crate) fn breakdown_of_move(
        &self,
        shape: Option<usize>,
        s: Range<usize>,
        t: Range<usize>,
    ) -> Breakdown {
        let lexical = |l: Lexical| l.score(s.clone(), t.clone());
        self.breakdown_with(
            shape,
            s.clone(),
            t.clone(),
            lexical,
            |su, tu| {
                SCRATCH.with(|cell| {
                    let mut guard = cell.borrow_mut();
                    let (ks, kt) = &mut *guard;
                    gather(su, ks);
                    gather(tu, kt);
                    let (ks, kt) = (&*ks, &*kt);
                    let with_lone = |u: &Run, (c, m): (f64, f64)| (c, m, u.lone);
                    let cs = su.iter().map(|u| with_lone(u, self.model.coverage(&u.keys, kt, true)));
                    let ct = tu.iter().map(|u| with_lone(u, self.model.coverage(&u.keys, ks, false)));
                    let ev = self.model.bead_evidence(cs, ct, su.len(), tu.len());
                    (ev, !ks.is_empty() || !kt.is_empty())
                })
            },
            &mut direct_single,
        )
    }

    /// [`Grid::breakdown`] with two terms of a bead that is not null
    /// measured by the caller: `lexical`, the unweighted [`Lexical::score`],
    /// and `evidence`, its [`Evidence`] and whether either side has a key.
    /// The search gets both from per-row and per-cell caches
    /// ([`super::overlap`]), reports compute them directly. `shape` is the
    /// bead's index in [`MOVES`] if known (else it is looked up).
    pub(crate) fn breakdown_with(
        &self,
        shape: Option<usize>,
        s: Range<usize>,
        t: Range<usize>,
        lexical: impl FnOnce(Lexical) -> f64,
        evidence: impl FnOnce(&[Run], &[Run]) -> (Evidence, bool),
        single: &mut SingleScore,
    ) -> Breakdown {
        let (a, b) = (s.len(), t.len());
        let (s_all, t_all) = (s.clone(), t.clone());
        // The search names the move it prices; a linear search of the
        // shapes per price was 2 % of a short pair's instructions.
        let shape = shape
            .filter(|&k| MOVES.get(k) == Some(&(a, b)))
            .or_else(|| MOVES.iter().position(|&m| m == (a, b)));
        let shape_cost = shape.map_or(50.0, |k| self.shape_price(k, s.clone(), t.clone()));
        let (Some(su), Some(tu)) = (self.src.get(s), self.tgt.get(t)) else {
            return Breakdown { total: f64::INFINITY, ..Breakdown::default() };
        };
        let per_sentence = (a + b) as f64 / 2.0;
        if a == 0 || b == 0 {
            let has_evidence = su.iter().chain(tu).any(|u| !u.keys.is_empty());
            // The other side's units within NULL_NEIGHBOURS of the gap.
            let missing =
                self.model.null_evidence(su, near(&self.tgt, t_all.start), self.model.chinese_sides.0)
                    + self.model.null_evidence(tu, near(&self.src, s_all.start), self.model.chinese_sides.1);
            let evidence = self.model.evidence_weight * missing;
            let paragraph = self.opener_cost(&self.src, s_all.clone(), &self.tgt, t_all.start)
                + self.opener_cost(&self.tgt, t_all.clone(), &self.src, s_all.start);
            let neighbour = self.null_lexical_cost(s_all.clone(), t_all.clone(), single);
            let total = shape_cost + evidence + paragraph + neighbour;
            return Breakdown {
                has_evidence,
                total,
                shape: shape_cost,
                evidence,
                paragraph,
                neighbour,
                ..Breakdown::default()
            };
        }
        let l1: f64 = su.iter().map(|u| u.len).sum();
        let l2: f64 = tu.iter().map(|u| u.len).sum();
        let length_cost = self.model.length_cost(l1, l2);
        let (Evidence { similarity, weakest, orphan, unrelated }, has_evidence) = evidence(su, tu);
        let crosses = |u: &[Run]| u.first().map(|f| f.para_first) != u.last().map(|l| l.para_last);
        let mut para = if crosses(su) || crosses(tu) { self.model.paragraph_penalty } else { 0.0 };
        if su.last().map(|u| u.heading) != tu.last().map(|u| u.heading) {
            para += self.model.heading_penalty;
        }
        para += self.opening_cost(s_all.start, t_all.start);
        // Both prices are 0 outside long free translations: no need to look.
        if self.model.quote_penalty > 0.0
            && su.last().map(|u| u.open_quote) != tu.last().map(|u| u.open_quote)
        {
            para += self.model.quote_penalty;
        }
        if self.model.speech_penalty > 0.0 && su.iter().any(|u| u.speech) != tu.iter().any(|u| u.speech) {
            para += self.model.speech_penalty;
        }
        let credits = |u: &[Run]| u.iter().fold(0, |k, r| k | r.credit);
        let (cs, ct) = (credits(su), credits(tu));
        if (cs | ct) != 0 && cs & ct == 0 {
            para += self.model.credit_penalty;
        }
        let lexical = self.lexical.map_or(0.0, |l| l.weight * lexical(l));
        let length = self.model.length_weight * (1.0 - self.model.split_relief * weakest) * length_cost;
        let evidence = self.model.evidence_weight * ((1.0 - similarity) * per_sentence + orphan + unrelated);
        let total = shape_cost - lexical + length + evidence + para;
        Breakdown {
            length_cost,
            similarity,
            has_evidence,
            total,
            lexical,
            shape: shape_cost,
            length,
            evidence,
            orphan: self.model.evidence_weight * orphan,
            unrelated: self.model.evidence_weight * unrelated,
            paragraph: para,
            neighbour: 0.0,
        }
    }
}

impl Grid<'_> {
    /// The price of a null bead (`s` or `t` empty) for what the other
    /// side's sentence just before or just after the gap explains of it:
    /// the larger positive lexical log ratio of the two, times the lexical
    /// weight and the model's `null_lexical` for that side. A Chinese
    /// sentence translated as two English ones, the second of which shares
    /// no name or figure, had that piece cheaper left out (a 1-1 and a 0-1
    /// bead cost less in shape than one 1-2 bead); when the lexicon says the
    /// neighbouring Chinese explains its words, it is part of that bead. An
    /// addition the neighbours do not explain scores below 0 and pays
    /// nothing, so the term is never negative (the search's bound relies
    /// on that). Nothing without a lexicon (the first pass, coarse levels).
    pub(crate) fn null_lexical_cost(
        &self,
        s: Range<usize>,
        t: Range<usize>,
        single: &mut SingleScore,
    ) -> f64 {
        let Some(lex) = self.lexical else { return 0.0 };
        let (ws, wt) = self.model.null_lexical;
        // The null sentence, whether it is a source one, the gap's position
        // on the other side, that side's length, and the weight.
        let (null, null_is_src, at, n, w) = match (s.len(), t.len()) {
            (0, 1) => (t.start, false, s.start, self.src.len(), wt),
            (1, 0) => (s.start, true, t.start, self.tgt.len(), ws),
            _ => return 0.0,
        };
        // Off where translations are free (no null discount, as MAC-Dev):
        // there a sentence is left out when it shares nothing, and what
        // the lexicon finds of it next door is chance.
        if w <= 0.0 || self.model.null_discount <= 0.0 {
            return 0.0;
        }
        // The neighbour conditions when it is on the conditioning side.
        let neighbour_conditions = null_is_src != lex.source_conditions;
        let mut score = |other: usize| {
            if neighbour_conditions {
                single(lex, other, null)
            } else {
                single(lex, null, other)
            }
        };
        let mut best = 0.0f64;
        if at > 0 {
            best = best.max(score(at - 1));
        }
        if at < n {
            best = best.max(score(at));
        }
        lex.weight * w * best
    }

    /// [`Model::opening_penalty`] if the bead starting at source unit `s`
    /// and target unit `t` opens a paragraph on its Chinese side but starts
    /// inside one on its English side. In the gold beads of the dev sets
    /// that pairing is 1 of 747 beads that open a Chinese paragraph, while
    /// the aligner made 6, all wrong (a sentence the English leaves out
    /// after an added background line, paired with it across the break).
    /// English editions split Chinese paragraphs (19 gold beads open an
    /// English paragraph inside a Chinese one) far more than they join them.
    /// A paragraph opens where its number grows: the first unit of a run
    /// (a window of the search, an excerpt) is not known to open one.
    fn opening_cost(&self, s: usize, t: usize) -> f64 {
        if self.model.opening_penalty == 0.0 || s == 0 || t == 0 {
            return 0.0;
        }
        let opens = |units: &[Run], at: usize| {
            units.get(at - 1).zip(units.get(at)).is_some_and(|(p, u)| p.para_last < u.para_first)
        };
        let (zh_opens, en_opens) = match self.model.chinese_sides {
            (true, false) => (opens(&self.src, s), opens(&self.tgt, t)),
            (false, true) => (opens(&self.tgt, t), opens(&self.src, s)),
            _ => return 0.0,
        };
        if zh_opens && !en_opens {
            self.model.opening_penalty
        } else {
            0.0
        }
    }

    /// The price of leaving out `units[gap]` when it opens a paragraph that
    /// goes on after it: such a sentence is a topic sentence (`消费市场回暖向好。`)
    /// that the other side folds into the translation of the next one
    /// (`Consumption recovered, with …`), far more often than it is dropped.
    /// What is dropped in abridged editions mostly ends a paragraph (a
    /// slogan, a credit line, a closing remark). The price grows with the
    /// key weight the gap shares with the next sentence of the other side
    /// (`other[other_at]`), so a paragraph opener with nothing in common
    /// with it can still be left out. Nothing on a side without paragraphs
    /// (presegmented input).
    fn opener_cost(&self, units: &[Run], gap: Range<usize>, other: &[Run], other_at: usize) -> f64 {
        if gap.is_empty() {
            return 0.0;
        }
        let (Some(first), Some(last)) =
            (units.get(gap.start), gap.end.checked_sub(1).and_then(|i| units.get(i)))
        else {
            return 0.0;
        };
        if units.last().is_none_or(|u| u.para_last == 0) {
            return 0.0;
        }
        let opens = gap
            .start
            .checked_sub(1)
            .and_then(|i| units.get(i))
            .is_none_or(|p| p.para_last != first.para_first);
        let goes_on = units.get(gap.end).is_some_and(|n| n.para_first == last.para_last);
        let Some(next) = other.get(other_at) else { return 0.0 };
        if !opens || !goes_on {
            return 0.0;
        }
        let shared: f64 = units[gap]
            .iter()
            .flat_map(|u| &u.keys)
            .filter(|k| next.keys.binary_search(k).is_ok())
            .map(|&k| self.model.key_weight_of(k))
            .sum();
        super::params::PARAGRAPH_OPENER_WEIGHT * shared / (shared + self.model.null_mass)
    }

    /// How far a sentence full of keys that finds none of them on the other
    /// side leans towards a null bead, estimated from a first path: the
    /// coverage that only a small share (`quantile`) of the aligned
    /// sentences with at least `min_mass` of key weight fall below. Where
    /// translations keep their figures, names and terms (news), almost no
    /// aligned sentence shares nothing and the discount is high; where they
    /// are free (literature), many aligned sentences share nothing and it is 0.
    pub fn null_discount(&self, path: &[(Range<usize>, Range<usize>)], quantile: f64, min_mass: f64) -> f64 {
        let mut covs = Vec::new();
        let (mut ks, mut kt) = (Vec::new(), Vec::new());
        for (s, t) in path {
            let (Some(su), Some(tu)) = (self.src.get(s.clone()), self.tgt.get(t.clone())) else { continue };
            if su.is_empty() || tu.is_empty() {
                continue;
            }
            gather(su, &mut ks);
            gather(tu, &mut kt);
            for (units, other, source) in [(su, &kt, true), (tu, &ks, false)] {
                for u in units {
                    let (c, m) = self.model.coverage(&u.keys, other, source);
                    if m >= min_mass {
                        covs.push(c);
                    }
                }
            }
        }
        if covs.is_empty() {
            return 0.0;
        }
        covs.sort_unstable_by(f64::total_cmp);
        let k = ((covs.len() as f64 * quantile) as usize).min(covs.len() - 1);
        covs[k]
    }
}

/// Keys kept per unit at coarse levels: the rarest ones carry the position
/// information, and unbounded sets would make a coarse cell cost as much as
/// all the fine cells below it.
const COARSE_KEYS: usize = 24;

fn merge_pairs(units: &[Run], weight: &[f64]) -> Vec<Run> {
    if units.len() <= 1 {
        return units.to_vec();
    }
    units
        .chunks(2)
        .map(|c| {
            let mut keys: Vec<u32> = c.iter().flat_map(|u| u.keys.iter().copied()).collect();
            keys.sort_unstable();
            keys.dedup();
            if keys.len() > COARSE_KEYS {
                let w = |k: &u32| weight.get(*k as usize).copied().unwrap_or(0.0);
                keys.sort_unstable_by(|a, b| w(b).total_cmp(&w(a)).then(a.cmp(b)));
                keys.truncate(COARSE_KEYS);
                keys.sort_unstable();
            }
            Run {
                len: c.iter().map(|u| u.len).sum(),
                keys,
                lone: c.iter().map(|u| u.lone).sum(),
                para_first: c[0].para_first,
                para_last: c[c.len() - 1].para_last,
                heading: c[c.len() - 1].heading,
                credit: 0,
                open_quote: c[c.len() - 1].open_quote,
                speech: c.iter().any(|u| u.speech),
                quote_ends: 0,
            }
        })
        .collect()
}

impl Problem for Grid<'_> {
    fn src_len(&self) -> usize {
        self.src.len()
    }
    fn tgt_len(&self) -> usize {
        self.tgt.len()
    }
    fn cost(&self, s: Range<usize>, t: Range<usize>) -> f64 {
        self.breakdown(s, t).total
    }
    fn pricer(&self) -> Box<dyn Pricer + '_> {
        Box::new(super::overlap::CellPricer::new(self))
    }
    fn coarsen(&self) -> Self {
        Grid {
            src: merge_pairs(&self.src, &self.model.key_weight),
            tgt: merge_pairs(&self.tgt, &self.model.key_weight),
            model: self.model,
            lexical: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        Model {
            ratio: 2.0,
            variance: 4.0,
            shape_cost: Model::shape_costs(&default_shape_probs()),
            length_weight: 1.0,
            split_relief: 0.75,
            evidence_weight: 2.0,
            paragraph_penalty: 3.0,
            heading_penalty: 4.0,
            opening_penalty: 0.0,
            credit_penalty: 4.0,
            quote_penalty: 0.0,
            speech_penalty: 0.0,
            key_weight: vec![1.0; 10],
            null_discount: 0.0,
            null_mass: 10.0,
            orphan_weight: 0.0,
            chinese_sides: (true, true),
            unrelated_weight: 0.0,
            unrelated_mass: 1.0,
            mass_scale: 1.0,
            null_lexical: (0.0, 0.0),
        }
    }

    #[test]
    fn length_cost_is_lowest_at_the_estimated_ratio() {
        let m = model();
        assert!(m.length_cost(10.0, 20.0) < 1e-6);
        assert!(m.length_cost(10.0, 20.0) < m.length_cost(10.0, 30.0));
        assert!(m.length_cost(10.0, 30.0) < m.length_cost(10.0, 60.0));
        assert!(m.length_cost(10.0, 600.0).is_finite());
    }

    #[test]
    fn coverage_drops_with_keys_found_on_one_side_only() {
        let m = model();
        assert_eq!(m.coverage(&[1, 2], &[1, 2, 3], true).0, 1.0);
        assert!(m.coverage(&[1, 2, 3], &[1, 2], true).0 < 1.0);
        assert_eq!(m.coverage(&[], &[], true).0, 0.0);
        assert_eq!(m.coverage(&[1], &[2], true).0, 0.0);
    }

    #[test]
    fn a_light_key_shared_covers_a_sentence_less_where_translations_keep_their_keys() {
        let mut m = model();
        m.key_weight = vec![0.3, 8.0];
        // Free translation (no null discount): any fully shared set covers all.
        assert_eq!(m.coverage(&[0], &[0], true).0, 1.0);
        m.null_discount = 0.8;
        m.chinese_sides = (true, false);
        let (light, heavy) = (m.coverage(&[0], &[0], true).0, m.coverage(&[1], &[1], true).0);
        assert!(light < 0.5, "one common term shared: {light}");
        assert!(heavy > 0.9, "a heavy key shared: {heavy}");
        // English sentences keep their plain coverage (pieces of a split).
        assert_eq!(m.coverage(&[0], &[0], false).0, 1.0);
        assert_eq!(m.coverage(&[], &[], true).0, 0.0);
    }

    #[test]
    fn a_sentence_whose_keys_sit_in_the_neighbouring_source_gets_no_null_discount() {
        let mut m = model();
        m.null_discount = 0.9;
        let u = |keys: Vec<u32>| Run { len: 10.0, keys, ..Run::default() };
        // Target 1 holds keys 5, 6, 7: the second half of a split of source 0,
        // or an addition when no source sentence nearby has them.
        let null_cost = |src_keys: Vec<u32>| {
            let g = Grid {
                src: vec![u(src_keys)],
                tgt: vec![u(vec![1]), u(vec![5, 6, 7])],
                model: &m,
                lexical: None,
            };
            g.cost(1..1, 1..2)
        };
        assert!(null_cost(vec![1, 5, 6, 7]) > null_cost(vec![1]));
    }

    #[test]
    fn a_sentence_sharing_none_of_many_keys_is_cheaper_left_out_once_the_discount_is_known() {
        // Neither side Chinese: the coverage prior, which the discount also
        // switches on, stays off, and only the null beads' price moves.
        let mut m = Model { chinese_sides: (false, false), ..model() };
        let u = |keys: Vec<u32>| Run { len: 10.0, keys, ..Run::default() };
        // Source 0 translates target 0; target 1 has keys found nowhere in source 0.
        let grid = |m: &Model| {
            let src = vec![u(vec![1, 2])];
            let tgt = vec![Run { len: 20.0, ..u(vec![1, 2]) }, Run { len: 5.0, ..u(vec![5, 6, 7]) }];
            let glued = Grid { src: src.clone(), tgt: tgt.clone(), model: m, lexical: None }.cost(0..1, 0..2);
            let g = Grid { src, tgt, model: m, lexical: None };
            (glued, g.cost(0..1, 0..1) + g.cost(1..1, 1..2))
        };
        let (glued, apart) = grid(&m);
        m.null_discount = 0.9;
        let (glued_d, apart_d) = grid(&m);
        assert_eq!(glued, glued_d);
        assert!(apart_d < apart);
        assert!(apart_d < glued_d);
    }

    #[test]
    fn a_chinese_sentence_whose_figures_the_english_never_gives_is_cheaper_left_out() {
        // Source 1 has no keys to share, only figures the other document has
        // nowhere (lone weight): an omission, which the null discount is for.
        let mut m = Model { null_discount: 0.9, chinese_sides: (true, false), ..model() };
        let u = |lone: f64| Run { len: 10.0, lone, ..Run::default() };
        let left_out = |m: &Model, lone: f64| {
            let g = Grid { src: vec![u(0.0), u(lone)], tgt: vec![u(0.0)], model: m, lexical: None };
            g.cost(1..2, 1..1)
        };
        let plain = left_out(&m, 0.0);
        let with_figures = left_out(&m, 10.0);
        assert!(with_figures < plain - 0.3, "{with_figures} vs {plain}");
        // English figures lone against the Chinese do not earn it (mostly
        // Chinese figures written in words), nor does anything where
        // translations are free (no null discount).
        m.chinese_sides = (false, true);
        assert_eq!(left_out(&m, 10.0), plain);
        m.null_discount = 0.0;
        m.chinese_sides = (true, false);
        assert_eq!(left_out(&m, 10.0), left_out(&m, 0.0));
    }

    #[test]
    fn no_null_discount_where_aligned_sentences_often_share_nothing() {
        let m = model();
        let u = |keys: Vec<u32>| Run { len: 10.0, keys, ..Run::default() };
        let path: Vec<(Range<usize>, Range<usize>)> = (0..4).map(|i| (i..i + 1, i..i + 1)).collect();
        let faithful = Grid {
            src: (0..4).map(|i| u(vec![i, 9])).collect(),
            tgt: (0..4).map(|i| u(vec![i])).collect(),
            model: &m,
            lexical: None,
        };
        assert!(faithful.null_discount(&path, 0.05, 0.5) >= 0.5);
        let free = Grid {
            src: (0..4).map(|i| u(vec![i])).collect(),
            tgt: (0..4).map(|i| u(vec![i + 4])).collect(),
            model: &m,
            lexical: None,
        };
        assert_eq!(free.null_discount(&path, 0.05, 0.5), 0.0);
    }

    #[test]
    fn a_long_split_pays_less_for_its_length_only_when_every_piece_shares_its_keys() {
        let u = |len: f64, keys: Vec<u32>| Run { len, keys, ..Run::default() };
        // One source sentence translated as two target sentences, together
        // far longer than the ratio of 2 predicts.
        let split_cost = |relief: f64, second: Vec<u32>| {
            let m = Model { split_relief: relief, ..model() };
            let g = Grid {
                src: vec![u(10.0, vec![1, 2, 3])],
                tgt: vec![u(25.0, vec![1, 2]), u(25.0, second)],
                model: &m,
                lexical: None,
            };
            g.cost(0..1, 0..2)
        };
        assert!(split_cost(0.75, vec![3]) < split_cost(0.0, vec![3]) - 0.5);
        assert_eq!(split_cost(0.75, vec![7]), split_cost(0.0, vec![7]));
    }

    #[test]
    fn a_chinese_sentence_sharing_none_of_its_keys_costs_more_glued_into_a_merge() {
        let u = |len: f64, keys: Vec<u32>| Run { len, keys, ..Run::default() };
        // Source 1 carries keys 5, 6, 7 that the target sentence lacks: an
        // omitted sentence, not half of a merge.
        let merge_cost = |orphan_weight: f64, null_discount: f64, sides: (bool, bool), second: Vec<u32>| {
            let m = Model { orphan_weight, null_discount, chinese_sides: sides, ..model() };
            let g = Grid {
                src: vec![u(10.0, vec![1, 2]), u(10.0, second)],
                tgt: vec![u(40.0, vec![1, 2])],
                model: &m,
                lexical: None,
            };
            g.breakdown(0..2, 0..1)
        };
        let own = || vec![5, 6, 7];
        let charged = merge_cost(2.5, 0.9, (true, false), own());
        let free = merge_cost(0.0, 0.9, (true, false), own());
        assert!(charged.orphan > 0.5 && charged.total > free.total + 0.5, "{charged:?}");
        // Not where translations are free (no null discount), not on the
        // side that does not pay.
        assert_eq!(
            merge_cost(2.5, 0.0, (true, false), own()).total,
            merge_cost(0.0, 0.0, (true, false), own()).total
        );
        assert_eq!(merge_cost(2.5, 0.9, (false, true), own()).orphan, 0.0);
        // Figures the other document has nowhere count as unshared: a piece
        // whose only evidence is such a figure pays as one with keys of its own.
        let lone = |orphan_weight: f64| {
            let m = Model { orphan_weight, null_discount: 0.9, chinese_sides: (true, false), ..model() };
            let src = vec![u(10.0, vec![1, 2]), Run { lone: 3.0, ..u(10.0, vec![]) }];
            let g = Grid { src, tgt: vec![u(40.0, vec![1, 2])], model: &m, lexical: None };
            g.breakdown(0..2, 0..1)
        };
        assert!(lone(2.5).orphan > 0.5 && lone(2.5).total > lone(0.0).total + 0.5, "{:?}", lone(2.5));
        // A piece sharing its one key pays next to nothing (the coverage
        // prior leaves its coverage at 2/3, and the surcharge is steep).
        assert!(merge_cost(2.5, 0.9, (true, false), vec![1]).orphan < 0.01);
    }

    #[test]
    fn an_english_piece_its_neighbours_chinese_explains_costs_more_left_out() {
        use crate::align::lexicon::{train, Scorer};
        // Chinese sentence 0 is translated by English 0 and 1 (a split);
        // English 2 is an addition whose words no Chinese sentence has.
        let zh: Vec<Vec<u64>> = vec![vec![1, 2, 3, 4], vec![5, 6]];
        let en: Vec<Vec<u64>> = vec![vec![101, 102], vec![103, 104], vec![201, 202, 203], vec![105, 106]];
        let mut pairs = Vec::new();
        for _ in 0..20 {
            pairs.push((vec![1, 2, 3, 4], vec![101, 102, 103, 104]));
            pairs.push((vec![5, 6], vec![105, 106]));
            pairs.push((vec![7, 8], vec![201, 202, 203]));
        }
        let scorer = Scorer::new(train(&pairs, 5), &zh, &en);
        let lexical = Some(Lexical { scorer: &scorer, source_conditions: true, weight: 0.7 });
        let u = |len: f64| Run { len, ..Run::default() };
        let null_cost_with = |weights: (f64, f64), null_discount: f64, t: usize| {
            let m = Model { null_lexical: weights, null_discount, ..model() };
            let g = Grid {
                src: vec![u(30.0), u(20.0)],
                tgt: (0..4).map(|_| u(15.0)).collect(),
                model: &m,
                lexical,
            };
            g.breakdown(1..1, t..t + 1)
        };
        let null_cost = |weights: (f64, f64), t: usize| null_cost_with(weights, 0.5, t);
        let charged = null_cost((0.0, 1.0), 1);
        assert!(charged.neighbour > 0.5, "{charged:?}");
        assert_eq!(charged.total, null_cost((0.0, 0.0), 1).total + charged.neighbour);
        // The addition pays nothing (its log ratio is below 0), and the
        // weight of the other side does not charge it either.
        assert_eq!(null_cost((0.0, 1.0), 2).neighbour, 0.0);
        assert_eq!(null_cost((1.0, 0.0), 1).neighbour, 0.0);
        // Nor where translations are free (no null discount).
        assert_eq!(null_cost_with((0.0, 1.0), 0.0, 1).neighbour, 0.0);
    }

    #[test]
    fn two_sentences_with_much_key_weight_and_nothing_shared_cost_more_as_one_bead() {
        // Source 0 and target 0 each carry five keys (or figures the other
        // document never has) and share none: an omission beside an addition.
        let u = |keys: Vec<u32>, lone: f64| Run { len: 10.0, keys, lone, ..Run::default() };
        let model = |unrelated_weight: f64, null_discount: f64| Model {
            ratio: 1.0,
            unrelated_weight,
            unrelated_mass: 1.25,
            mass_scale: 3.0,
            null_lexical: (0.0, 0.0),
            null_discount,
            ..model()
        };
        let cost = |m: &Model, src: Run, tgt: Run| {
            Grid { src: vec![src], tgt: vec![tgt], model: m, lexical: None }.breakdown(0..1, 0..1)
        };
        let on = model(1.0, 0.5);
        let apart = cost(&on, u(vec![1, 2, 3, 4, 5], 0.0), u(vec![6, 7, 8, 9], 2.0));
        assert!(apart.unrelated > 1.0, "{apart:?}");
        assert!(
            apart.total
                > cost(&model(0.0, 0.5), u(vec![1, 2, 3, 4, 5], 0.0), u(vec![6, 7, 8, 9], 2.0)).total + 1.0
        );
        // Not for sentences that share most of their keys, nor for ones with
        // little weight, nor where translations are free (no null discount).
        let shared = cost(&on, u(vec![1, 2, 3, 4, 5], 0.0), u(vec![1, 2, 3, 4, 9], 0.0));
        assert!(shared.unrelated < 0.05, "{shared:?}");
        assert!(cost(&on, u(vec![1], 0.0), u(vec![6], 0.0)).unrelated < 0.1);
        assert_eq!(
            cost(&model(1.0, 0.0), u(vec![1, 2, 3, 4, 5], 0.0), u(vec![6, 7, 8, 9], 2.0)).unrelated,
            0.0
        );
    }

    #[test]
    fn han_characters_count_more_than_latin_letters() {
        assert_eq!(text_length("港口"), 6.0);
        assert_eq!(text_length("a  b"), 3.0);
    }

    #[test]
    fn a_chinese_office_abbreviation_counts_the_length_of_its_english_expansion() {
        let extra = crate::align::params::ABBREVIATION_LENGTH;
        assert_eq!(text_length("市人社局"), 12.0 + extra);
        assert_eq!(text_length("省科技厅和市统计局"), 27.0 + 2.0 * extra);
        // A place level without an office, or an office four characters
        // away, is no abbreviation.
        assert_eq!(text_length("市场"), 6.0);
        assert_eq!(text_length("市场监督管理局"), 21.0);
    }

    #[test]
    fn leaving_out_a_paragraph_opener_that_the_next_translation_shares_costs_more() {
        let m = model();
        let u =
            |keys: Vec<u32>, p: u32| Run { len: 10.0, keys, para_first: p, para_last: p, ..Run::default() };
        // Source 1 is a topic sentence whose keys 3 and 4 recur in target 1.
        let grid = |paras: [u32; 4], topic_keys: Vec<u32>| Grid {
            src: vec![
                u(vec![1], paras[0]),
                u(topic_keys, paras[1]),
                u(vec![5], paras[2]),
                u(vec![], paras[3]),
            ],
            tgt: vec![u(vec![1], 0), u(vec![3, 4, 5], 1), u(vec![], 2)],
            model: &m,
            lexical: None,
        };
        let left_out = |g: &Grid| g.cost(1..2, 1..1);
        let opener = left_out(&grid([0, 1, 1, 2], vec![3, 4]));
        assert!(opener > left_out(&grid([0, 0, 1, 2], vec![3, 4])), "closing a paragraph");
        assert!(opener > left_out(&grid([0, 1, 2, 3], vec![3, 4])), "a paragraph of its own");
        assert!(opener > left_out(&grid([0, 1, 1, 2], vec![7])), "sharing nothing with the next translation");
        assert_eq!(
            left_out(&grid([0, 0, 0, 0], vec![3, 4])),
            left_out(&grid([0, 0, 0, 0], vec![7])),
            "no paragraphs"
        );
    }

    #[test]
    fn crossing_a_paragraph_break_on_either_side_costs_more() {
        let m = model();
        let u = |p: u32| Run { len: 10.0, keys: vec![], para_first: p, para_last: p, ..Run::default() };
        let same =
            Grid { src: vec![u(0), u(0)], tgt: vec![Run { len: 40.0, ..u(0) }], model: &m, lexical: None };
        let cross =
            Grid { src: vec![u(0), u(1)], tgt: vec![Run { len: 40.0, ..u(0) }], model: &m, lexical: None };
        assert!(cross.cost(0..2, 0..1) > same.cost(0..2, 0..1));
        // A headline and the first sentence below it, on both sides.
        let within = Grid { src: vec![u(0), u(0)], tgt: vec![u(0), u(0)], model: &m, lexical: None };
        let both = Grid { src: vec![u(0), u(1)], tgt: vec![u(0), u(1)], model: &m, lexical: None };
        assert!(both.cost(0..2, 0..2) > within.cost(0..2, 0..2));
    }

    #[test]
    fn a_bead_opening_a_chinese_paragraph_inside_an_english_one_costs_more() {
        let u = |p: u32| Run { len: 10.0, keys: vec![], para_first: p, para_last: p, ..Run::default() };
        // Two units a side; the bead is the second unit of each. Paragraphs
        // of the first and second unit: (0, 1) opens one, (0, 0) does not.
        let price = |m: &Model, zh: (u32, u32), en: (u32, u32)| {
            let (zh, en) = (vec![u(zh.0), u(zh.1)], vec![u(en.0), u(en.1)]);
            let (src, tgt) = if m.chinese_sides.0 { (zh, en) } else { (en, zh) };
            Grid { src, tgt, model: m, lexical: None }.breakdown(1..2, 1..2).paragraph
        };
        for sides in [(true, false), (false, true)] {
            let m = Model { opening_penalty: 3.0, chinese_sides: sides, ..model() };
            assert_eq!(price(&m, (0, 1), (0, 0)), 3.0, "{sides:?}");
            // English splits paragraphs more than it joins them: free.
            assert_eq!(price(&m, (0, 0), (0, 1)), 0.0, "{sides:?}");
            assert_eq!(price(&m, (0, 1), (0, 1)), 0.0, "{sides:?}");
            assert_eq!(price(&m, (0, 0), (0, 0)), 0.0, "{sides:?}");
            // A side read backwards (the pair check's chance path) numbers
            // its paragraphs down: nothing opens.
            assert_eq!(price(&m, (1, 0), (0, 0)), 0.0, "{sides:?}");
        }
        // The first unit of a window or excerpt is not known to open one.
        let m = Model { opening_penalty: 3.0, chinese_sides: (true, false), ..model() };
        let g = Grid { src: vec![u(1)], tgt: vec![u(0), u(0)], model: &m, lexical: None };
        assert_eq!(g.breakdown(0..1, 1..2).paragraph, 0.0);
        // Switched off by default in the model of these tests.
        let m = Model { chinese_sides: (true, false), ..model() };
        assert_eq!(price(&m, (0, 1), (0, 0)), 0.0);
    }

    #[test]
    fn pairing_a_heading_with_a_body_sentence_costs_more() {
        let m = model();
        let u = |heading: bool| Run { len: 10.0, heading, ..Run::default() };
        let price = |s: bool, t: bool| {
            Grid { src: vec![u(s)], tgt: vec![u(t)], model: &m, lexical: None }.cost(0..1, 0..1)
        };
        assert!(price(true, false) > price(true, true));
        assert!(price(false, true) > price(false, false));
        assert_eq!(price(true, true), price(false, false));
    }

    #[test]
    fn a_bead_ending_inside_a_quotation_on_one_side_only_costs_more() {
        let m = Model { quote_penalty: 0.5, ..model() };
        let u = |open_quote: bool| Run { len: 10.0, open_quote, ..Run::default() };
        let price = |s: bool, t: bool| {
            Grid { src: vec![u(s)], tgt: vec![u(t)], model: &m, lexical: None }.cost(0..1, 0..1)
        };
        assert!(price(true, false) > price(true, true));
        assert!(price(false, true) > price(false, false));
        assert_eq!(price(true, true), price(false, false));
        // Only the last sentence of a side counts: a speech may go on inside a bead.
        let grid = Grid { src: vec![u(true), u(false)], tgt: vec![u(false)], model: &m, lexical: None };
        let closed = Grid { src: vec![u(false), u(false)], tgt: vec![u(false)], model: &m, lexical: None };
        assert_eq!(grid.cost(0..2, 0..1), closed.cost(0..2, 0..1));
    }

    #[test]
    fn pairing_speech_with_narration_costs_more() {
        let m = Model { speech_penalty: 1.5, ..model() };
        let u = |speech: bool| Run { len: 10.0, speech, ..Run::default() };
        let price = |s: &[bool], t: &[bool]| {
            let grid = Grid {
                src: s.iter().map(|&x| u(x)).collect(),
                tgt: t.iter().map(|&x| u(x)).collect(),
                model: &m,
                lexical: None,
            };
            grid.cost(0..s.len(), 0..t.len())
        };
        assert!(price(&[true], &[false]) > price(&[true], &[true]));
        assert!(price(&[false], &[true]) > price(&[false], &[false]));
        // Speech anywhere in the bead, on each side, is enough.
        assert_eq!(price(&[true], &[false, true]), price(&[true], &[true, true]));
        assert!(price(&[false], &[false, true]) > price(&[false], &[false, false]));
    }

    #[test]
    fn pairing_credit_lines_that_name_no_common_kind_costs_more() {
        use crate::segment::credit::{EDITOR, REPORTER, SOURCE};
        let m = model();
        let u = |credit: u8| Run { len: 10.0, credit, ..Run::default() };
        let price = |s: u8, t: u8| {
            Grid { src: vec![u(s)], tgt: vec![u(t)], model: &m, lexical: None }.cost(0..1, 0..1)
        };
        // An editor line against a source line, or against a body sentence.
        assert!(price(EDITOR, SOURCE) > price(SOURCE, SOURCE));
        assert!(price(EDITOR, 0) > price(0, 0));
        assert!(price(0, REPORTER) > price(0, 0));
        // A source and reporter line against a reporter line shares a kind.
        assert_eq!(price(SOURCE | REPORTER, REPORTER), price(0, 0));
    }
}
