//! Sentence segmentation for English and Chinese.
//!
//! PLACEHOLDER: a naive splitter so that the later stages can run; the real
//! rule-based segmenter replaces it.

use crate::lang::Lang;

/// One sentence of a document.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sentence {
    /// The sentence with inner whitespace and line breaks collapsed to single spaces.
    pub text: String,
    /// Byte offset of the sentence's first character in the input.
    pub start: usize,
    /// Byte offset just past the sentence's last character in the input.
    pub end: usize,
    /// 0-based paragraph number (paragraphs are separated by blank lines).
    pub paragraph: usize,
}

/// Splits a document into sentences.
pub fn segment(text: &str, lang: Lang) -> Vec<Sentence> {
    let _ = lang;
    let mut out = Vec::new();
    let mut start = None;
    let mut paragraph = 0;
    let mut blank_run = 0;
    let push = |out: &mut Vec<Sentence>, s: usize, e: usize, p: usize| {
        let t = text[s..e].split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            out.push(Sentence { text: t, start: s, end: e, paragraph: p });
        }
    };
    for (i, c) in text.char_indices() {
        if c == '\n' {
            blank_run += 1;
            if blank_run >= 2 {
                if let Some(s) = start.take() {
                    push(&mut out, s, i, paragraph);
                }
                if !out.is_empty() && out.last().map(|x| x.paragraph) == Some(paragraph) {
                    paragraph += 1;
                }
            }
            continue;
        }
        if !c.is_whitespace() {
            blank_run = 0;
            if start.is_none() {
                start = Some(i);
            }
        }
        if matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
            if let Some(s) = start.take() {
                push(&mut out, s, i + c.len_utf8(), paragraph);
            }
        }
    }
    if let Some(s) = start {
        push(&mut out, s, text.len(), paragraph);
    }
    out
}
