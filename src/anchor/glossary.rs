//! User term pairs (first version: none yet).

use super::Anchor;
use crate::lang::Lang;

/// User-supplied term pairs.
#[derive(Debug, Default, Clone)]
pub struct Glossary {}

/// A glossary file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    #[error("glossary line {line}: {reason}")]
    BadLine { line: usize, reason: String },
}

impl Glossary {
    pub(crate) fn push_anchors(&self, _text: &str, _lang: Lang, _out: &mut Vec<Anchor>) {}
}
