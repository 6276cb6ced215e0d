//! Anchors: what a Chinese sentence and an English sentence share.
//!
//! PLACEHOLDER: only plain ASCII integers for now; numbers in every written
//! form, names through pinyin and lexicon terms replace it.
//!
//! Every anchor is reduced to a [`AnchorKey`] that is equal on both sides
//! when the two sentences share the thing it stands for, so the aligner only
//! has to intersect key sets.

use crate::lang::Lang;

/// What kind of evidence an anchor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorKind {
    Number,
    Name,
    Term,
    Glossary,
}

/// A language-neutral key: equal keys on both sides are a shared anchor.
pub type AnchorKey = u64;

/// One anchor found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Anchor {
    pub kind: AnchorKind,
    pub key: AnchorKey,
    /// The text it was found as, for reports (`12.6亿`, `Lianyungang`).
    pub surface: String,
}

/// Finds anchors in sentences of either language.
#[derive(Debug, Default)]
pub struct Anchorer {}

impl Anchorer {
    pub fn new() -> Anchorer {
        Anchorer {}
    }

    /// The anchors of one sentence.
    pub fn anchors(&self, text: &str, lang: Lang) -> Vec<Anchor> {
        let _ = lang;
        text.split(|c: char| !c.is_ascii_digit())
            .filter(|t| !t.is_empty())
            .filter_map(|t| t.parse::<u64>().ok().map(|n| (t, n)))
            .map(|(t, n)| Anchor { kind: AnchorKind::Number, key: n, surface: t.to_string() })
            .collect()
    }
}
