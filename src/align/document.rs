//! One side of a document pair, read from a file.
//!
//! `align` and `batch` both turn a file into a [`Document`] here, so they
//! agree on what a sentence is: a raw document is cut by the segmenter (its
//! blank lines become paragraph numbers, which the aligner uses as
//! evidence); a presegmented one has a sentence on every non-blank line, and
//! blank lines do not count, so bead ids are the numbers of the non-blank
//! lines.

use std::path::Path;

use crate::input::{self, InputError};
use crate::lang::{self, Lang};
use crate::segment::{self, Sentence};

/// One side of a document pair.
#[derive(Clone, Debug)]
pub struct Document {
    /// The name shown in reports and written to TMX (`x-document`).
    pub name: String,
    pub lang: Lang,
    pub sentences: Vec<Sentence>,
    /// For each sentence that the file wraps over several lines or that
    /// holds a tab, its text with those line breaks and lone tabs kept
    /// (`None` for the others), as a CAT tool reading the same file shows the
    /// segment. OmegaT keeps both inside a segment and matches memories
    /// exactly, so a unit written with a space there would never fill it.
    /// Empty when no sentence is wrapped or holds a tab.
    pub wrapped: Vec<Option<String>>,
    /// For each sentence, whether the file breaks the line between it and
    /// the next sentence of its paragraph (`南京市人民政府` above its date, a
    /// heading line above the text): a CAT tool that reads on past it keeps
    /// the break in its segment, so a unit of both sentences keeps it too.
    /// Empty when no sentence is so followed.
    pub line_after: Vec<bool>,
}

impl Document {
    /// A document whose sentences are all on one line each.
    pub fn new(name: impl Into<String>, lang: Lang, sentences: Vec<Sentence>) -> Document {
        Document { name: name.into(), lang, sentences, wrapped: Vec::new(), line_after: Vec::new() }
    }

    /// A document of the given sentences, one each (as a presegmented file
    /// gives them; offsets are those of each text on its own).
    ///
    /// ```
    /// use tmalign::align::Document;
    /// use tmalign::lang::Lang;
    ///
    /// let doc = Document::from_texts("a.en", Lang::En, &["One.", "Two."]);
    /// assert_eq!(doc.sentences[1].text, "Two.");
    /// ```
    pub fn from_texts(name: impl Into<String>, lang: Lang, texts: &[&str]) -> Document {
        let sentences = texts
            .iter()
            .map(|t| Sentence { text: t.to_string(), start: 0, end: t.len(), paragraph: 0 })
            .collect();
        Document::new(name, lang, sentences)
    }

    /// Whether the file breaks the line after sentence `id`, inside its
    /// paragraph (see [`Document::line_after`]).
    pub fn line_after(&self, id: usize) -> bool {
        self.line_after.get(id).copied().unwrap_or(false)
    }

    /// The text of sentence `id` as the file lays it out (see [`Document::wrapped`]).
    pub fn layout_text(&self, id: usize) -> Option<&str> {
        match self.wrapped.get(id) {
            Some(Some(w)) => Some(w),
            _ => self.sentences.get(id).map(|s| s.text.as_str()),
        }
    }
}

/// How the sentences of a file are found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// Running text, cut into sentences by the segmenter.
    #[default]
    Raw,
    /// One sentence per non-blank line.
    Presegmented,
}

/// Why a file could not become a document.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{0}: cannot tell the language (no letters); name it with --source-lang/--target-lang")]
    UnknownLanguage(String),
    #[error("{0}: no sentences to align (the file is empty, or blank but for control characters)")]
    Empty(String),
    #[error("{0} and {1} are the same file: a pair is a document and its translation")]
    SameFile(String, String),
    #[error("<stdin>: standard input can give one side of a pair, not both; name a file for the other")]
    StdinTwice,
    #[error(transparent)]
    Language(#[from] input::LanguageError),
}

impl Document {
    /// Reads `path` (`-` for stdin); the language is detected by script when
    /// `lang` is `None`. A document without a sentence is an error, since
    /// aligning it would only produce null beads.
    pub fn load(path: &Path, lang: Option<Lang>, layout: Layout) -> Result<Document, LoadError> {
        Document::load_with(path, lang, layout, segment::Options::default())
    }

    /// [`Document::load`], with raw text cut by the segmenter with `options`
    /// (e.g. SRX rules).
    pub fn load_with(
        path: &Path,
        lang: Option<Lang>,
        layout: Layout,
        options: segment::Options,
    ) -> Result<Document, LoadError> {
        Document::from_text(input::read_text(Some(path))?, lang, layout, options)
    }

    /// A document from a text already read (and decoded); see [`Document::load_with`].
    pub fn from_text(
        text: input::Text,
        lang: Option<Lang>,
        layout: Layout,
        options: segment::Options,
    ) -> Result<Document, LoadError> {
        // Control characters are cleaned away before segmenting, and
        // zero-width ones show nothing: a file of NULs or of U+200B is as
        // empty as a blank one, whatever its language.
        let invisible = |c: char| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
        };
        if text.text.chars().all(invisible) {
            return Err(LoadError::Empty(text.name));
        }
        let lang = match lang.or_else(|| lang::detect(&text.text)) {
            Some(l) => l,
            None => return Err(LoadError::UnknownLanguage(text.name)),
        };
        let (sentences, wrapped, line_after) = match layout {
            Layout::Raw => {
                let sentences = segment::segment_with(&text.text, lang, options);
                let wrapped = wrapped_texts(&text.text, &sentences);
                let line_after = lines_after(&text.text, &sentences);
                (sentences, wrapped, line_after)
            }
            Layout::Presegmented => (lines_as_sentences(&text.text), Vec::new(), Vec::new()),
        };
        if sentences.is_empty() {
            return Err(LoadError::Empty(text.name));
        }
        Ok(Document { name: text.name, lang, sentences, wrapped, line_after })
    }
}

/// The wrapped form of each sentence that spans a line break in `text` or
/// holds a tab (a table's row), as `tmx::clean_text` writes it: every
/// whitespace run holding a line break becomes one `\n`, a lone tab stays,
/// every other run becomes one space. Only where that run of the
/// file is the sentence itself (clean-up changed nothing there), so the unit
/// is never a different text.
fn wrapped_texts(text: &str, sentences: &[Sentence]) -> Vec<Option<String>> {
    let wrapped: Vec<Option<String>> = sentences
        .iter()
        .map(|s| {
            let raw = text.get(s.start..s.end)?;
            if !raw.contains(['\n', '\r', '\t']) || segment::collapse_whitespace(raw) != s.text {
                return None;
            }
            // The TMX writer's own clean-up keeps one break per wrapped run.
            Some(crate::tmx::clean_text(raw).0)
        })
        .collect();
    if wrapped.iter().all(Option::is_none) {
        return Vec::new();
    }
    wrapped
}

/// Whether a line break lies between each sentence and the next one of its
/// paragraph in `text` (see [`Document::line_after`]); empty when none does.
fn lines_after(text: &str, sentences: &[Sentence]) -> Vec<bool> {
    let after: Vec<bool> = sentences
        .windows(2)
        .map(|w| {
            w[0].paragraph == w[1].paragraph
                && text.get(w[0].end..w[1].start).is_some_and(|gap| gap.contains(['\n', '\r']))
        })
        .collect();
    if after.iter().any(|&b| b) {
        after
    } else {
        Vec::new()
    }
}

/// Sentences of a presegmented text: one per non-blank line, with inner
/// whitespace collapsed and byte offsets into the text. A line ends at LF,
/// CRLF or a lone CR (old Mac files, some exports from Word).
fn lines_as_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in segment::lines_inclusive(text) {
        let start = pos;
        pos += line.len();
        let t = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            let (lead, body) = (line.len() - line.trim_start().len(), line.trim().len());
            out.push(Sentence { text: t, start: start + lead, end: start + lead + body, paragraph: 0 });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_are_not_sentences_of_a_presegmented_text() {
        let s = lines_as_sentences("第一句。\r\n\n  第二句。  \n");
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["第一句。", "第二句。"]);
        assert_eq!((s[1].start, s[1].end), (17, 29));
    }

    #[test]
    fn a_lone_carriage_return_ends_a_presegmented_line() {
        let s = lines_as_sentences("First.\rSecond.\r\rThird.\r\nFourth.");
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["First.", "Second.", "Third.", "Fourth."]);
        assert_eq!((s[1].start, s[1].end), (7, 14));
    }

    #[test]
    fn an_empty_file_is_refused_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("blank.txt");
        std::fs::write(&path, "\n \n").unwrap();
        let err = Document::load(&path, Some(Lang::En), Layout::Raw).unwrap_err();
        assert!(matches!(err, LoadError::Empty(ref n) if n.ends_with("blank.txt")), "{err}");
    }

    #[test]
    fn a_file_without_letters_needs_its_language_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("digits.txt");
        std::fs::write(&path, "12 34\n").unwrap();
        assert!(matches!(Document::load(&path, None, Layout::Raw), Err(LoadError::UnknownLanguage(_))));
        assert!(Document::load(&path, Some(Lang::En), Layout::Presegmented).is_ok());
    }
}
