//! Why the aligner chose a bead: its cost terms and those of the runner-ups
//! (`tmalign align --explain`).
//!
//! A bead is compared with the other ways of cutting the same sentences
//! into beads: the sentences of the bead and of the bead after it (a 2-1
//! followed by a 1-1 is compared with 1-0 + 1-1 + 1-1, 2-2, …). Every
//! alternative is priced by the model of the last pass, the one that chose
//! the path, so its total minus the chosen beads' total is what the
//! alternative would have cost the path: the margin by which it lost.

use std::ops::Range;

use serde::Serialize;

use super::cost::{Breakdown, Grid};
use super::search::{Step, MOVES};
use crate::bead::Bead;

/// The cost terms of one bead. `total = shape + length + evidence −
/// lexical + paragraph + neighbour`; lower is better.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Terms {
    /// `-ln P(shape)` of the bead's shape (1-1, 2-1, 1-0 …).
    pub shape: f64,
    /// The length term (0 for a null bead).
    pub length: f64,
    /// The evidence term: the key weight the bead does not share (for a
    /// null bead, the keys it leaves unshared after the null discount).
    pub evidence: f64,
    /// The part of `evidence` charged to Chinese sentences glued into a
    /// merge while sharing none of their own keys.
    pub orphan: f64,
    /// The part of `evidence` charged to sentences carrying much key
    /// weight of their own (figures the other document lacks included)
    /// that the other side of the bead does not share.
    pub unrelated: f64,
    /// The learned lexicon's weighted log ratio, subtracted from the total.
    pub lexical: f64,
    /// The layout penalties: crossing a paragraph break on one side only,
    /// a heading or credit line paired with other text, and in long free
    /// translations a quotation or speech on one side only.
    pub paragraph: f64,
    /// For a null bead, what the lexicon says the other side's sentence
    /// next to the gap explains of it (0 for other beads).
    pub neighbour: f64,
    pub total: f64,
    /// Share of the bead's key evidence that both sides have, in [0, 1].
    pub similarity: f64,
}

impl From<&Breakdown> for Terms {
    fn from(b: &Breakdown) -> Terms {
        Terms {
            shape: b.shape,
            length: b.length,
            evidence: b.evidence,
            orphan: b.orphan,
            unrelated: b.unrelated,
            lexical: b.lexical,
            paragraph: b.paragraph,
            neighbour: b.neighbour,
            total: b.total,
            similarity: b.similarity,
        }
    }
}

/// A bead with its terms.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PricedBead {
    pub bead: Bead,
    pub terms: Terms,
}

/// Another way to cut the sentences a bead (and its successor) cover.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Alternative {
    pub beads: Vec<PricedBead>,
    /// Sum of the alternative's totals.
    pub total: f64,
    /// `total` minus the chosen beads' total over the same sentences: how
    /// much more the path would have cost with it (≥ 0 up to rounding).
    pub margin: f64,
}

/// The explanation of one bead of an alignment.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Explanation {
    pub bead: Bead,
    pub terms: Terms,
    /// The beads the alternatives were compared with: this one and the next
    /// (just this one for the last bead).
    pub compared: Vec<Bead>,
    /// The cheapest other cuttings of the compared sentences, cheapest first.
    pub runners_up: Vec<Alternative>,
}

/// Runner-ups listed per bead.
const RUNNERS_UP: usize = 3;
/// Cuttings enumerated per bead at most; spans of a few sentences a side
/// have far fewer.
const MAX_CUTTINGS: usize = 20_000;

fn priced(grid: &Grid, s: Range<usize>, t: Range<usize>) -> PricedBead {
    let b = grid.breakdown(s.clone(), t.clone());
    PricedBead { bead: Bead::new(s.collect::<Vec<_>>(), t.collect::<Vec<_>>()), terms: Terms::from(&b) }
}

/// Every ordered cutting of the sentences `s` × `t` into beads of
/// [`MOVES`], as lists of steps, at most `limit` of them.
fn cuttings(s: Range<usize>, t: Range<usize>, limit: usize) -> Vec<Vec<Step>> {
    fn walk(
        i: usize,
        j: usize,
        end: (usize, usize),
        path: &mut Vec<Step>,
        out: &mut Vec<Vec<Step>>,
        limit: usize,
    ) {
        if out.len() >= limit {
            return;
        }
        if (i, j) == end {
            out.push(path.clone());
            return;
        }
        for &(a, b) in &MOVES {
            if i + a <= end.0 && j + b <= end.1 {
                path.push((i..i + a, j..j + b));
                walk(i + a, j + b, end, path, out, limit);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    walk(s.start, t.start, (s.end, t.end), &mut Vec::new(), &mut out, limit);
    out
}

/// Explains every bead of `path` with the costs of `grid`.
pub(crate) fn explain(grid: &Grid, path: &[Step]) -> Vec<Explanation> {
    path.iter()
        .enumerate()
        .map(|(k, (s, t))| {
            let chosen: Vec<&Step> = path[k..(k + 2).min(path.len())].iter().collect();
            let span_s = s.start..chosen.last().map_or(s.end, |c| c.0.end);
            let span_t = t.start..chosen.last().map_or(t.end, |c| c.1.end);
            let chosen_total: f64 =
                chosen.iter().map(|(a, b)| grid.breakdown(a.clone(), b.clone()).total).sum();
            let mut runners_up: Vec<Alternative> = cuttings(span_s, span_t, MAX_CUTTINGS)
                .into_iter()
                .filter(|c| c.len() != chosen.len() || c.iter().zip(&chosen).any(|(x, y)| x != *y))
                .map(|c| {
                    let beads: Vec<PricedBead> = c.into_iter().map(|(a, b)| priced(grid, a, b)).collect();
                    let total = beads.iter().map(|b| b.terms.total).sum::<f64>();
                    Alternative { beads, total, margin: total - chosen_total }
                })
                .filter(|a| a.total.is_finite())
                .collect();
            runners_up.sort_by(|a, b| a.total.total_cmp(&b.total));
            runners_up.truncate(RUNNERS_UP);
            let me = priced(grid, s.clone(), t.clone());
            Explanation {
                bead: me.bead,
                terms: me.terms,
                compared: chosen
                    .iter()
                    .map(|(a, b)| Bead::new(a.clone().collect::<Vec<_>>(), b.clone().collect::<Vec<_>>()))
                    .collect(),
                runners_up,
            }
        })
        .collect()
}

/// One line of terms, e.g. `total 3.21 = shape 0.59 + length 0.40 + evidence 2.22 − lexical 0.00 + paragraph 0.00`.
fn terms_line(t: &Terms) -> String {
    let mut s = format!(
        "total {:.2} = shape {:.2} + length {:.2} + evidence {:.2} − lexical {:.2} + paragraph {:.2}",
        t.total, t.shape, t.length, t.evidence, t.lexical, t.paragraph
    );
    // Only null beads can pay it: shown when they do.
    if t.neighbour != 0.0 {
        s.push_str(&format!(" + neighbour {:.2}", t.neighbour));
    }
    let mut parts = Vec::new();
    if t.orphan != 0.0 {
        parts.push(format!("orphan {:.2}", t.orphan));
    }
    // The unrelated surcharge is steep but never quite 0: shown from 0.01.
    if t.unrelated >= 0.005 {
        parts.push(format!("unrelated {:.2}", t.unrelated));
    }
    if !parts.is_empty() {
        s.push_str(&format!(" (evidence includes {})", parts.join(", ")));
    }
    s.push_str(&format!("; similarity {:.2}", t.similarity));
    s
}

/// The explanations as text: each bead with its terms, then its runner-ups
/// with their margin and the terms of each of their beads.
pub fn write_text(out: &mut dyn std::io::Write, explanations: &[Explanation]) -> std::io::Result<()> {
    for e in explanations {
        writeln!(out, "{}  {}", e.bead, terms_line(&e.terms))?;
        let compared: Vec<String> = e.compared.iter().map(ToString::to_string).collect();
        if e.runners_up.is_empty() {
            writeln!(out, "  no other cutting of {}", compared.join(" "))?;
        }
        for (n, a) in e.runners_up.iter().enumerate() {
            let beads: Vec<String> = a.beads.iter().map(|b| b.bead.to_string()).collect();
            writeln!(
                out,
                "  runner-up {} instead of {}: {} (+{:.2})",
                n + 1,
                compared.join(" "),
                beads.join(" "),
                a.margin.max(0.0)
            )?;
            for b in &a.beads {
                writeln!(out, "    {}  {}", b.bead, terms_line(&b.terms))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuttings_cover_the_span_in_order_and_include_every_single_bead() {
        let all = cuttings(0..2, 0..1, MAX_CUTTINGS);
        // [0,1]:[0]; [0]:[] [1]:[0]; [0]:[0] [1]:[]; [0]:[] [1]:[] []:[0] …
        assert!(all.contains(&vec![(0..2, 0..1)]));
        assert!(all.contains(&vec![(0..1, 0..0), (1..2, 0..1)]));
        for c in &all {
            let (mut i, mut j) = (0, 0);
            for (s, t) in c {
                assert_eq!((s.start, t.start), (i, j));
                (i, j) = (s.end, t.end);
            }
            assert_eq!((i, j), (2, 1));
        }
        let distinct: std::collections::HashSet<_> = all.iter().collect();
        assert_eq!(distinct.len(), all.len());
    }

    #[test]
    fn the_text_names_the_orphan_and_unrelated_parts_of_the_evidence_when_charged() {
        let terms = |orphan: f64, unrelated: f64| Terms {
            shape: 0.59,
            length: 0.1,
            evidence: 3.0,
            orphan,
            unrelated,
            lexical: 0.2,
            paragraph: 0.0,
            neighbour: 0.0,
            total: 3.49,
            similarity: 0.1,
        };
        assert!(terms_line(&terms(0.5, 1.25)).contains("(evidence includes orphan 0.50, unrelated 1.25)"));
        assert!(terms_line(&terms(0.0, 1.25)).contains("(evidence includes unrelated 1.25);"));
        assert!(!terms_line(&terms(0.0, 0.001)).contains("includes"));
    }

    #[test]
    fn the_text_adds_a_null_beads_neighbour_term_only_when_charged() {
        let terms = |neighbour: f64| Terms {
            shape: 1.91,
            length: 0.0,
            evidence: 2.0,
            orphan: 0.0,
            unrelated: 0.0,
            lexical: 0.0,
            paragraph: 0.0,
            neighbour,
            total: 3.91 + neighbour,
            similarity: 0.0,
        };
        assert!(terms_line(&terms(0.42)).contains("paragraph 0.00 + neighbour 0.42;"));
        assert!(!terms_line(&terms(0.0)).contains("neighbour"));
    }
}
