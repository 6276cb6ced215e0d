//! Scoring predicted beads against gold beads.
//!
//! Two families of figures are computed, so that results can be compared
//! with published tables:
//!
//! * **strict / lax** precision and recall, the way Vecalign and Bertalign
//!   score (after Sennrich & Volk). Beads are treated as sets (duplicates
//!   collapse, beads empty on both sides vanish). Precision walks the
//!   predicted beads, null beads included; recall walks the gold beads after
//!   every bead with an empty side has been removed from both lists. A bead is
//!   a strict hit when the very same bead is on the other side; a lax hit when
//!   any of its target ids is linked, on the other side, to one of its source
//!   ids.
//! * **exact** precision and recall, as the MAC-Test table: the number of
//!   predicted beads found verbatim among the gold beads, over the number of
//!   predicted (precision) or gold (recall) beads, null beads included.
//!
//! Counts are kept as integers and summed over documents before any ratio is
//! taken, so corpus figures are micro-averages.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::bead::Bead;

/// Hits and misses of one side of the strict/lax comparison.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct HitCounts {
    pub strict_hit: usize,
    pub strict_miss: usize,
    pub lax_hit: usize,
    pub lax_miss: usize,
}

impl HitCounts {
    fn add(&mut self, o: &HitCounts) {
        self.strict_hit += o.strict_hit;
        self.strict_miss += o.strict_miss;
        self.lax_hit += o.lax_hit;
        self.lax_miss += o.lax_miss;
    }
}

/// Everything needed to compute the scores of one document or a corpus.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Predicted beads judged against gold (precision).
    pub precision: HitCounts,
    /// Gold beads judged against the prediction (recall).
    pub recall: HitCounts,
    /// Predicted beads that appear verbatim in gold.
    pub exact_matches: usize,
    pub predicted_beads: usize,
    pub gold_beads: usize,
    /// Per gold bead type (`1-2`): how many gold beads, and how many were predicted exactly.
    pub by_type: BTreeMap<String, TypeCounts>,
    /// Bead types in the order they were first met in gold (reports list ties in this order).
    pub type_order: Vec<String>,
}

/// Gold beads of one type and how many of them the prediction holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct TypeCounts {
    pub gold: usize,
    pub found: usize,
}

impl Counts {
    /// Adds another document's counts (micro-averaging).
    pub fn add(&mut self, o: &Counts) {
        self.precision.add(&o.precision);
        self.recall.add(&o.recall);
        self.exact_matches += o.exact_matches;
        self.predicted_beads += o.predicted_beads;
        self.gold_beads += o.gold_beads;
        for t in &o.type_order {
            if !self.type_order.contains(t) {
                self.type_order.push(t.clone());
            }
        }
        for (k, v) in &o.by_type {
            let e = self.by_type.entry(k.clone()).or_default();
            e.gold += v.gold;
            e.found += v.found;
        }
    }

    /// The precision, recall and F1 figures of these counts.
    pub fn scores(&self) -> Scores {
        let p = &self.precision;
        let r = &self.recall;
        let ps = ratio(p.strict_hit, p.strict_hit + p.strict_miss);
        let rs = ratio(r.strict_hit, r.strict_hit + r.strict_miss);
        let pl = ratio(p.lax_hit, p.lax_hit + p.lax_miss);
        let rl = ratio(r.lax_hit, r.lax_hit + r.lax_miss);
        let pe = ratio(self.exact_matches, self.predicted_beads);
        let re = ratio(self.exact_matches, self.gold_beads);
        Scores {
            precision_strict: ps,
            recall_strict: rs,
            f1_strict: f1(ps, rs),
            precision_lax: pl,
            recall_lax: rl,
            f1_lax: f1(pl, rl),
            precision_exact: pe,
            recall_exact: re,
            f1_exact: f1(pe, re),
            n_test_beads: self.predicted_beads,
            n_gold_beads: self.gold_beads,
            n_exact_match: self.exact_matches,
        }
    }
}

/// Precision, recall and F1 in the three ways; field names follow score_align.py's JSON.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Scores {
    pub precision_strict: f64,
    pub recall_strict: f64,
    pub f1_strict: f64,
    pub precision_lax: f64,
    pub recall_lax: f64,
    pub f1_lax: f64,
    pub precision_exact: f64,
    pub recall_exact: f64,
    pub f1_exact: f64,
    pub n_test_beads: usize,
    pub n_gold_beads: usize,
    pub n_exact_match: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Judges the `test` beads against the `reference` beads (one direction of strict/lax).
fn judge(reference: &[Bead], test: &[Bead]) -> HitCounts {
    let reference: HashSet<&Bead> =
        reference.iter().filter(|b| !(b.src.is_empty() && b.tgt.is_empty())).collect();
    let test: HashSet<&Bead> = test.iter().filter(|b| !(b.src.is_empty() && b.tgt.is_empty())).collect();
    let mut links: HashMap<usize, HashSet<usize>> = HashMap::new();
    for b in &reference {
        for &s in &b.src {
            links.entry(s).or_default().extend(b.tgt.iter().copied());
        }
    }
    let mut c = HitCounts::default();
    for b in test {
        if reference.contains(b) {
            c.strict_hit += 1;
            c.lax_hit += 1;
            continue;
        }
        c.strict_miss += 1;
        let linked =
            b.src.iter().filter_map(|s| links.get(s)).any(|set| b.tgt.iter().any(|t| set.contains(t)));
        if linked {
            c.lax_hit += 1;
        } else {
            c.lax_miss += 1;
        }
    }
    c
}

/// Scores one document's predicted beads against its gold beads.
pub fn score(gold: &[Bead], pred: &[Bead]) -> Counts {
    let precision = judge(gold, pred);
    let full = |b: &&Bead| !b.src.is_empty() && !b.tgt.is_empty();
    let gold_full: Vec<Bead> = gold.iter().filter(full).cloned().collect();
    let pred_full: Vec<Bead> = pred.iter().filter(full).cloned().collect();
    let recall = judge(&pred_full, &gold_full);
    // Exact matching counts every predicted bead, duplicates included, as the MAC-Test scorer does.
    let gold_set: HashSet<&Bead> = gold.iter().collect();
    let exact_matches = pred.iter().filter(|b| gold_set.contains(b)).count();
    let pred_set: HashSet<&Bead> = pred.iter().collect();
    let mut by_type: BTreeMap<String, TypeCounts> = BTreeMap::new();
    let mut type_order: Vec<String> = Vec::new();
    for b in gold {
        if !by_type.contains_key(&b.kind()) {
            type_order.push(b.kind());
        }
        let e = by_type.entry(b.kind()).or_default();
        e.gold += 1;
        e.found += usize::from(pred_set.contains(b));
    }
    Counts {
        precision,
        recall,
        exact_matches,
        predicted_beads: pred.len(),
        gold_beads: gold.len(),
        by_type,
        type_order,
    }
}

impl Counts {
    /// Gold bead types, most frequent first, ties in order of first appearance.
    pub fn types_by_frequency(&self) -> Vec<(&str, TypeCounts)> {
        let mut v: Vec<(&str, TypeCounts)> =
            self.type_order.iter().filter_map(|t| self.by_type.get(t).map(|c| (t.as_str(), *c))).collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1.gold));
        v
    }
}

/// Problems that make a prediction something other than an ordered partition
/// of the sentences gold covers (the scores do not check this by themselves).
pub fn partition_warnings(gold: &[Bead], pred: &[Bead]) -> Vec<String> {
    let mut out = Vec::new();
    for (side, name) in [(0, "src"), (1, "tgt")] {
        let ids = |beads: &[Bead]| -> Vec<usize> {
            beads.iter().flat_map(|b| if side == 0 { b.src.clone() } else { b.tgt.clone() }).collect()
        };
        let g = ids(gold);
        let t = ids(pred);
        let mut seen = HashSet::new();
        let dup: Vec<usize> = t.iter().copied().filter(|i| !seen.insert(*i)).collect();
        if !dup.is_empty() {
            out.push(format!("{name} ids used more than once: {:?}", &dup[..dup.len().min(5)]));
        }
        if let (Some(gmax), Some(tmax)) = (g.iter().max(), t.iter().max()) {
            if tmax > gmax {
                out.push(format!("{name} ids outside gold range 0..{gmax}"));
            }
        }
        let tset: HashSet<usize> = t.into_iter().collect();
        let missing = g.iter().filter(|i| !tset.contains(i)).collect::<HashSet<_>>().len();
        if missing > 0 {
            out.push(format!("{missing} {name} sentences not covered by prediction"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beads(s: &str) -> Vec<Bead> {
        crate::bead::parse_beads(s).unwrap()
    }

    #[test]
    fn identical_alignments_score_one_everywhere() {
        let g = beads("[0]:[0]\n[1,2]:[1]\n[3]:[]\n");
        let s = score(&g, &g).scores();
        assert_eq!((s.f1_strict, s.f1_lax, s.f1_exact), (1.0, 1.0, 1.0));
    }

    #[test]
    fn split_bead_is_lax_hit_but_strict_miss() {
        // Gold joins 0 with target 0 and 1; the prediction splits them and adds a null.
        let g = beads("[0]:[0,1]\n[1]:[2]\n");
        let p = beads("[0]:[0]\n[]:[1]\n[1]:[2]\n");
        let c = score(&g, &p);
        // Precision: [0]:[0] strict miss, lax hit; []:[1] miss both; [1]:[2] hit both.
        assert_eq!(c.precision, HitCounts { strict_hit: 1, strict_miss: 2, lax_hit: 2, lax_miss: 1 });
        // Recall, null beads removed: gold [0]:[0,1] is lax-linked through [0]:[0]; [1]:[2] hits.
        assert_eq!(c.recall, HitCounts { strict_hit: 1, strict_miss: 1, lax_hit: 2, lax_miss: 0 });
        let s = c.scores();
        assert!((s.precision_strict - 1.0 / 3.0).abs() < 1e-12);
        assert!((s.recall_strict - 0.5).abs() < 1e-12);
        assert!((s.f1_strict - 0.4).abs() < 1e-12);
        assert_eq!(s.n_exact_match, 1);
        assert!((s.f1_exact - 2.0 * (1.0 / 3.0) * 0.5 / (1.0 / 3.0 + 0.5)).abs() < 1e-12);
        assert_eq!(c.by_type["1-2"], TypeCounts { gold: 1, found: 0 });
        assert_eq!(c.by_type["1-1"], TypeCounts { gold: 1, found: 1 });
    }

    #[test]
    fn gold_null_beads_never_count_in_recall() {
        let g = beads("[0]:[0]\n[1]:[]\n");
        let p = beads("[0]:[0]\n[1]:[]\n");
        let c = score(&g, &p);
        assert_eq!(c.recall.strict_hit + c.recall.strict_miss, 1);
        assert_eq!(c.precision.strict_hit, 2);
    }

    #[test]
    fn duplicate_predictions_collapse_for_strict_but_not_exact() {
        let g = beads("[0]:[0]\n");
        let p = beads("[0]:[0]\n[0]:[0]\n");
        let c = score(&g, &p);
        assert_eq!(c.precision.strict_hit, 1);
        assert_eq!(c.exact_matches, 2);
        assert_eq!(c.predicted_beads, 2);
    }

    #[test]
    fn overlapping_prediction_is_reported_as_not_a_partition() {
        let g = beads("[0]:[0]\n[1]:[1]\n");
        let p = beads("[0]:[0,1]\n[0]:[1]\n");
        let w = partition_warnings(&g, &p);
        assert!(w.iter().any(|m| m.contains("src ids used more than once")));
        assert!(w.iter().any(|m| m.contains("1 src sentences not covered")));
    }
}
