//! User glossaries: term pairs the user knows to be translations.
//!
//! Official titles and programme names (`高质量发展` / `high-quality
//! development`) are translated by fixed convention, which a general
//! dictionary does not know. A glossary file lists them one pair a line,
//! `chinese<TAB>english`; each pair becomes one key, found on the Chinese
//! side as a substring and on the English side as a case-insensitive phrase
//! that starts and ends at word boundaries.

use aho_corasick::{AhoCorasick, MatchKind};

use super::{AnchorKey, AnchorKind, KeyHasher};
use crate::lang::Lang;

/// A glossary file that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GlossaryError {
    #[error("glossary line {line}: expected `chinese<TAB>english`, found no tab")]
    MissingTab { line: usize },
    #[error("glossary line {line}: the {side} term is empty")]
    EmptyTerm { line: usize, side: &'static str },
    #[error("glossary line {line}: more than two tab-separated fields")]
    ExtraField { line: usize },
    #[error("glossary: too many patterns to index ({0})")]
    Index(String),
}

/// User-supplied term pairs, indexed for both languages.
#[derive(Debug, Default, Clone)]
pub struct Glossary {
    pairs: Vec<(String, String)>,
    keys: Vec<AnchorKey>,
    chinese: Option<AhoCorasick>,
    english: Option<AhoCorasick>,
}

impl Glossary {
    /// Parses `chinese<TAB>english` lines; blank lines and lines starting
    /// with `#` are skipped. Errors name the 1-based line.
    pub fn from_tsv(text: &str) -> Result<Glossary, GlossaryError> {
        let mut pairs = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line = n + 1;
            let trimmed = raw.trim_end_matches('\r');
            if trimmed.trim().is_empty() || trimmed.trim_start().starts_with('#') {
                continue;
            }
            let (zh, en) = trimmed.split_once('\t').ok_or(GlossaryError::MissingTab { line })?;
            if en.contains('\t') {
                return Err(GlossaryError::ExtraField { line });
            }
            let (zh, en) = (zh.trim(), en.split_whitespace().collect::<Vec<_>>().join(" "));
            if zh.is_empty() {
                return Err(GlossaryError::EmptyTerm { line, side: "Chinese" });
            }
            if en.is_empty() {
                return Err(GlossaryError::EmptyTerm { line, side: "English" });
            }
            pairs.push((zh.to_string(), en));
        }
        Glossary::from_pairs(pairs)
    }

    /// Indexes term pairs given directly.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Result<Glossary, GlossaryError> {
        let keys = pairs
            .iter()
            .map(|(zh, en)| {
                KeyHasher::new(AnchorKind::Glossary)
                    .bytes(zh.as_bytes())
                    .bytes(en.to_lowercase().as_bytes())
                    .finish()
            })
            .collect();
        let index = |patterns: Vec<&str>, fold: bool| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(fold)
                .build(patterns)
                .map_err(|e| GlossaryError::Index(e.to_string()))
        };
        let chinese = index(pairs.iter().map(|p| p.0.as_str()).collect(), false)?;
        let english = index(pairs.iter().map(|p| p.1.as_str()).collect(), true)?;
        Ok(Glossary { pairs, keys, chinese: Some(chinese), english: Some(english) })
    }

    /// Number of term pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    pub(crate) fn visit_anchors<F: FnMut(AnchorKind, AnchorKey, &str)>(
        &self,
        text: &str,
        lang: Lang,
        out: &mut F,
    ) {
        let (index, word_bounded) = match lang {
            Lang::Zh => (&self.chinese, false),
            Lang::En => (&self.english, true),
        };
        let Some(index) = index else { return };
        for m in index.find_overlapping_iter(text) {
            let bounded = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if word_bounded
                && !(bounded(text.get(..m.start()).and_then(|t| t.chars().next_back()))
                    && bounded(text.get(m.end()..).and_then(|t| t.chars().next())))
            {
                continue;
            }
            if let Some(&key) = self.keys.get(m.pattern().as_usize()) {
                out(AnchorKind::Glossary, key, text.get(m.start()..m.end()).unwrap_or(""));
            }
        }
    }
}
