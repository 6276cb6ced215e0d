//! Anchors: what a Chinese sentence and an English sentence share.
//!
//! A translation keeps its figures, names and terms, so sentences that share
//! them are likely to be translations of each other. Every piece of such
//! evidence is reduced to an [`AnchorKey`] that is equal on both sides
//! exactly when the two sentences share the thing it stands for, so the
//! aligner only has to intersect key sets:
//!
//! * [`number`]: figures in every written form (`5.5万` = `55,000`), dates,
//!   percentages, ordinals;
//! * [`name`]: romanised names matched to Han characters through every
//!   pinyin reading (`重庆` = `Chongqing`);
//! * [`lexicon`]: dictionary word pairs (`港口` = `port`) from CC-CEDICT
//!   plus a small list for the genre;
//! * [`glossary`]: term pairs supplied by the user;
//! * question and answer labels opening a sentence (`答：` = `A:`).
//!
//! Keys of different kinds live in separate hash namespaces, so a number
//! never collides with a name by construction (only by hash accident,
//! at odds of about 2^-64).
//!
//! Weighting is left to the aligner: the kind tells how specific an anchor
//! is. The only filtering done here is that the value one written as a word
//! (`一`, `one`) is never an anchor (see [`number`]).

pub mod glossary;
pub(crate) mod label;
pub mod lexicon;
pub mod name;
pub mod number;

use crate::lang::Lang;

pub use glossary::{Glossary, GlossaryError, GlossaryFormat};
pub use lexicon::Lexicon;
use number::NumberValue;

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
///
/// Build it once per run: it holds the lexicon and the glossary.
///
/// ```
/// use tmalign::anchor::{Anchorer, Glossary};
/// use tmalign::lang::Lang;
///
/// let anchorer = Anchorer::with_glossary(Glossary::from_tsv("徐圩新区\tXuwei New Area\n")?);
/// let zh = anchorer.anchors("徐圩新区新增就业5.5万人", Lang::Zh);
/// let en = anchorer.anchors("Xuwei New Area added 55,000 jobs", Lang::En);
/// let shared: Vec<_> = zh.iter().filter(|a| en.iter().any(|b| a.key == b.key)).map(|a| a.kind).collect();
/// assert!(shared.contains(&tmalign::anchor::AnchorKind::Number));
/// assert!(shared.contains(&tmalign::anchor::AnchorKind::Glossary));
/// # Ok::<(), tmalign::anchor::GlossaryError>(())
/// ```
#[derive(Debug)]
pub struct Anchorer {
    glossary: Glossary,
}

impl Default for Anchorer {
    fn default() -> Self {
        Anchorer::new()
    }
}

impl Anchorer {
    /// An anchorer with the built-in lexicon and no glossary.
    pub fn new() -> Anchorer {
        Anchorer::with_glossary(Glossary::default())
    }

    /// An anchorer that also finds the term pairs of `glossary`.
    pub fn with_glossary(glossary: Glossary) -> Anchorer {
        Anchorer { glossary }
    }

    /// The anchors of one sentence.
    pub fn anchors(&self, text: &str, lang: Lang) -> Vec<Anchor> {
        let mut out = Vec::new();
        self.for_each_anchor(text, lang, |kind, key, surface| {
            out.push(Anchor { kind, key, surface: surface.to_string() })
        });
        out
    }

    /// Calls `visit(kind, key, surface)` for every anchor of one sentence, in
    /// the order of [`Anchorer::anchors`]. The surface borrows from `text`:
    /// the aligner looks at the keys of every sentence but at the surfaces
    /// of few, and a string per anchor (a Chinese sentence has dozens of name
    /// readings) was most of its allocations.
    pub fn for_each_anchor<F: FnMut(AnchorKind, AnchorKey, &str)>(
        &self,
        text: &str,
        lang: Lang,
        mut visit: F,
    ) {
        for n in number::anchor_numbers(text, lang) {
            visit(AnchorKind::Number, number_key(&n.value), text.get(n.start..n.end).unwrap_or(""));
        }
        name::visit_anchors(text, lang, &mut visit);
        // Built on first use, once per process, shared by every anchorer.
        Lexicon::builtin().visit_anchors(text, lang, &mut visit);
        label::visit_anchors(text, lang, &mut visit);
        self.glossary.visit_anchors(text, lang, &mut visit);
    }
}

pub(crate) use crate::hash::{KeyHasher, KeyMix};

/// The key of a number value: its sub-kind and exact value.
pub fn number_key(value: &NumberValue) -> AnchorKey {
    let mut h = KeyHasher::new(AnchorKind::Number);
    match *value {
        NumberValue::Quantity(d) | NumberValue::Percent(d) => {
            let (m, e) = d.parts();
            let tag = if matches!(value, NumberValue::Quantity(_)) { 1 } else { 2 };
            h.word(tag).word(m as u64).word((m >> 64) as u64).word(e as i64 as u64);
        }
        NumberValue::Ordinal(n) => {
            h.word(3).word(u64::from(n));
        }
        NumberValue::Date { month, day } => {
            h.word(4).word(u64::from(month)).word(u64::from(day));
        }
        NumberValue::Month(m) => {
            h.word(5).word(u64::from(m));
        }
        NumberValue::Time { hour, minute } => {
            h.word(6).word(u64::from(hour)).word(u64::from(minute));
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The aligner keeps where a surface lies in its sentence instead of the
    /// surface, so every surface must be a slice of the sentence itself.
    #[test]
    fn visited_surfaces_are_slices_of_the_sentence_and_match_the_list() {
        let anchorer = Anchorer::with_glossary(Glossary::from_tsv("徐圩新区\tXuwei New Area\n").unwrap());
        let cases = [
            ("徐圩新区新增就业5.5万人，重庆港口吞吐量增长12%。", Lang::Zh),
            ("Xuwei New Area added 55,000 jobs; Chongqing port traffic grew by 12% on 3 May.", Lang::En),
            ("Ma Shiguang met Zuo Xuemei in Xi'an.", Lang::En),
        ];
        for (text, lang) in cases {
            let mut visited = Vec::new();
            anchorer.for_each_anchor(text, lang, |kind, key, surface| {
                let start = surface.as_ptr().addr() - text.as_ptr().addr();
                assert_eq!(text.get(start..start + surface.len()), Some(surface), "{surface} in {text}");
                visited.push(Anchor { kind, key, surface: surface.to_string() });
            });
            assert!(visited.len() >= 3, "{text}: {visited:?}");
            assert_eq!(visited, anchorer.anchors(text, lang));
        }
    }
}
