//! Sentence alignment by length and anchors.
//!
//! PLACEHOLDER: pairs sentences 1-1 in order; the dynamic-programming aligner
//! replaces it.

use crate::anchor::Anchorer;
use crate::bead::Bead;
use crate::lang::Lang;
use crate::segment::Sentence;

/// One side of a document pair.
#[derive(Clone, Debug)]
pub struct Document {
    /// The name shown in reports and written to TMX (`x-document`).
    pub name: String,
    pub lang: Lang,
    pub sentences: Vec<Sentence>,
}

/// A bead with its confidence and the anchors that supported it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ScoredBead {
    pub bead: Bead,
    /// Confidence in [0, 1].
    pub score: f32,
    /// Descriptions of the anchors shared by both sides, e.g. `number:55000`.
    pub anchors: Vec<String>,
}

/// An aligned document pair: what every exporter writes.
#[derive(Clone, Debug)]
pub struct Alignment {
    pub source: Document,
    pub target: Document,
    pub beads: Vec<ScoredBead>,
}

/// Aligns two documents.
pub fn align(source: Document, target: Document, anchorer: &Anchorer) -> Alignment {
    let _ = anchorer;
    let n = source.sentences.len().max(target.sentences.len());
    let beads = (0..n)
        .map(|i| {
            let s: Vec<usize> = (i < source.sentences.len()).then_some(i).into_iter().collect();
            let t: Vec<usize> = (i < target.sentences.len()).then_some(i).into_iter().collect();
            ScoredBead { bead: Bead::new(s, t), score: 0.5, anchors: Vec::new() }
        })
        .collect();
    Alignment { source, target, beads }
}
