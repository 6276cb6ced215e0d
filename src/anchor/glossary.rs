//! User glossaries: term pairs the user knows to be translations.
//!
//! Official titles and programme names (`高质量发展` / `high-quality
//! development`) are translated by fixed convention, which a general
//! dictionary does not know. A glossary file lists them one pair a line,
//! `chinese<TAB>english`; each pair becomes one key, found on the Chinese
//! side as a substring and on the English side as a case-insensitive phrase
//! that starts and ends at word boundaries.
//!
//! The files `tmalign glossary` writes read back as they are
//! ([`Glossary::read`]): OmegaT's tab-separated glossary (a third column is
//! a comment), CSV and TBX-Basic, in either language order, so a glossary
//! drawn from one memory can anchor the next alignments.

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
    #[error("glossary line {line}: more than three tab-separated fields (Chinese, English, a comment)")]
    ExtraField { line: usize },
    #[error("glossary line {line}: {message}")]
    Csv { line: usize, message: String },
    #[error("glossary (TBX) line {line}: {message}")]
    Tbx { line: usize, message: String },
    #[error("glossary line {line}: {which} (a pair is one Chinese term and one English term)")]
    OneLanguage { line: usize, which: &'static str },
    #[error("glossary line {line}: a quoted field is never closed")]
    UnclosedQuote { line: usize },
    #[error("glossary: no entry holds both a Chinese and an English term")]
    NoPairs,
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

pub use crate::export::glossary::GlossaryFormat;

/// A pair of terms in either order, Chinese first: the one with Han
/// characters is the Chinese term (a glossary drawn from an English-to-Chinese
/// memory lists the English term first).
fn chinese_first<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    let han = |t: &str| t.chars().any(crate::lang::is_han);
    if !han(a) && han(b) {
        (b, a)
    } else {
        (a, b)
    }
}

/// Two Chinese terms on a line of a file that does not say which is which
/// (a line of a monolingual list, or a column of the wrong file) would
/// anchor nothing: refused. A term without Han characters may be either
/// language's (`APEC`, `5G` on the Chinese side), and an English term may
/// hold Han characters in brackets, so only two terms of Han characters
/// and no Latin letters count (session 21 review).
fn two_chinese_terms(a: &str, b: &str, line: usize) -> Result<(), GlossaryError> {
    let chinese = |t: &str| t.chars().any(crate::lang::is_han) && !t.chars().any(|c| c.is_ascii_alphabetic());
    if chinese(a) && chinese(b) {
        return Err(GlossaryError::OneLanguage { line, which: "both terms are Chinese" });
    }
    Ok(())
}

/// A pair as read, checked: both terms non-empty, inner whitespace of
/// the English one collapsed.
fn checked_pair(a: &str, b: &str, line: usize) -> Result<(String, String), GlossaryError> {
    let (zh, en) = chinese_first(a, b);
    let (zh, en) = (zh.trim(), en.split_whitespace().collect::<Vec<_>>().join(" "));
    if zh.is_empty() {
        return Err(GlossaryError::EmptyTerm { line, side: "Chinese" });
    }
    if en.is_empty() {
        return Err(GlossaryError::EmptyTerm { line, side: "English" });
    }
    Ok((zh.to_string(), en))
}

/// The line where a CSV field opens a quote that the text never closes.
/// As the csv reader reads it: a quote opens a quoted field only at the
/// start of a field (a `12" pipe` is an inch mark), a doubled `""` inside
/// quotes is a quote character, and a `#` line outside quotes is a comment.
fn unclosed_quote(text: &str) -> Option<usize> {
    let (mut quoted, mut opened, mut line, mut field_start, mut line_start) = (false, 0, 1, true, true);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if line_start && !quoted && c == '#' {
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
            line += 1;
            continue;
        }
        line_start = false;
        let at_field_start = std::mem::replace(&mut field_start, false);
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
            }
            '"' if quoted => quoted = false,
            '"' if at_field_start => {
                quoted = true;
                opened = line;
            }
            ',' if !quoted => field_start = true,
            '\n' => {
                line += 1;
                if !quoted {
                    (field_start, line_start) = (true, true);
                }
            }
            _ => {}
        }
    }
    quoted.then_some(opened)
}

impl Glossary {
    /// Reads a glossary file's text in `format`.
    ///
    /// ```
    /// use tmalign::anchor::{Glossary, GlossaryFormat};
    /// let tsv = "# written by tmalign glossary\n市长\tmayor\tseen 4 times\n";
    /// assert_eq!(Glossary::read(tsv, GlossaryFormat::Tsv)?.len(), 1);
    /// let csv = "#source,target,comment\nmayor,市长,\"seen 4 times, score 0.9\"\n";
    /// assert_eq!(Glossary::read(csv, GlossaryFormat::Csv)?.len(), 1);
    /// # Ok::<(), tmalign::anchor::GlossaryError>(())
    /// ```
    pub fn read(text: &str, format: GlossaryFormat) -> Result<Glossary, GlossaryError> {
        // The writers start the text formats with a byte order mark, which
        // a file read as a document loses and a string given here may keep.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match format {
            GlossaryFormat::Tsv => Glossary::from_tsv(text),
            GlossaryFormat::Csv => Glossary::from_csv(text),
            GlossaryFormat::Tbx => Glossary::from_tbx(text),
        }
    }

    /// Parses `chinese<TAB>english` lines, or `english<TAB>chinese`, with
    /// an optional third field, a comment (OmegaT's glossary layout); blank
    /// lines and lines starting with `#` are skipped. Errors name the
    /// 1-based line.
    pub fn from_tsv(text: &str) -> Result<Glossary, GlossaryError> {
        let mut pairs = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line = n + 1;
            let trimmed = raw.trim_end_matches('\r');
            if trimmed.trim().is_empty() || trimmed.trim_start().starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = trimmed.split('\t').collect();
            match fields.len() {
                1 => return Err(GlossaryError::MissingTab { line }),
                2 | 3 => {
                    two_chinese_terms(fields[0], fields[1], line)?;
                    pairs.push(checked_pair(fields[0], fields[1], line)?)
                }
                _ => return Err(GlossaryError::ExtraField { line }),
            }
        }
        Glossary::from_pairs(pairs)
    }

    /// Parses comma-separated records whose first two fields are the terms
    /// (in either order; further fields are ignored); records starting with
    /// `#` are comments, as in the header `tmalign glossary` writes.
    pub fn from_csv(text: &str) -> Result<Glossary, GlossaryError> {
        // The csv reader ends a quoted field left open at the end of the
        // text and keeps it: a glossary cut short would read as whole.
        if let Some(line) = unclosed_quote(text) {
            return Err(GlossaryError::UnclosedQuote { line });
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let mut pairs = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| GlossaryError::Csv {
                line: e.position().map_or(0, |p| p.line() as usize),
                message: e.to_string(),
            })?;
            let line = record.position().map_or(0, csv::Position::line) as usize;
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            // A tab-separated glossary named .csv (any name read as
            // tab-separated before .csv and .tbx were read).
            if record.len() == 1 && record[0].contains('\t') {
                return Glossary::from_tsv(text);
            }
            match (record.get(0), record.get(1)) {
                (Some(a), Some(b)) => {
                    two_chinese_terms(a, b, line)?;
                    pairs.push(checked_pair(a, b, line)?)
                }
                _ => {
                    return Err(GlossaryError::Csv {
                        line,
                        message: "expected two comma-separated terms".to_string(),
                    })
                }
            }
        }
        Glossary::from_pairs(pairs)
    }

    /// Reads a TBX termbase: of each `termEntry` (TBX v3: `conceptEntry`),
    /// the first term of a Chinese `langSet` (`langSec`; `xml:lang` zh…)
    /// and of an English one (en…).
    /// Entries lacking either are skipped; a file with none is an error.
    pub fn from_tbx(text: &str) -> Result<Glossary, GlossaryError> {
        use quick_xml::events::Event;
        let line_at = |pos: u64| {
            text.as_bytes()[..(pos as usize).min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
        };
        let mut reader = quick_xml::Reader::from_str(text);
        let (mut pairs, mut lang, mut term) = (Vec::new(), String::new(), None::<String>);
        let (mut zh, mut en): (Option<String>, Option<String>) = (None, None);
        // Elements open: a file cut short ends inside one, which quick-xml
        // reads as a plain end of file.
        let mut open: Vec<String> = Vec::new();
        loop {
            let at = reader.buffer_position();
            let event = reader.read_event().map_err(|e| GlossaryError::Tbx {
                line: line_at(reader.error_position()),
                message: format!("malformed XML: {e}"),
            })?;
            match &event {
                Event::Start(e) => open.push(e.name().as_ref().to_string()),
                Event::End(_) => {
                    open.pop();
                }
                Event::Eof => {
                    if let Some(name) = open.last() {
                        return Err(GlossaryError::Tbx {
                            line: line_at(text.len() as u64),
                            message: format!("the file ends inside <{name}> (cut short?)"),
                        });
                    }
                }
                _ => {}
            }
            match event {
                Event::Start(e) => match e.local_name().as_ref() {
                    // TBX v2 and TBX v3 (ISO 30042:2019) names.
                    "termEntry" | "conceptEntry" => (zh, en) = (None, None),
                    "langSet" | "langSec" => {
                        lang = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.as_ref() == "xml:lang")
                            .map(|a| a.value.to_ascii_lowercase())
                            .unwrap_or_default();
                    }
                    "term" => term = Some(String::new()),
                    _ => {}
                },
                Event::Text(t) => {
                    if let Some(term) = term.as_mut() {
                        term.push_str(&t.xml10_content());
                    }
                }
                Event::CData(c) => {
                    if let Some(term) = term.as_mut() {
                        term.push_str(&c);
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some(term) = term.as_mut() {
                        let name: &str = &r;
                        match (r.resolve_char_ref(), quick_xml::escape::resolve_xml_entity(name)) {
                            (Ok(Some(c)), _) => term.push(c),
                            (_, Some(c)) => term.push_str(c),
                            _ => {
                                return Err(GlossaryError::Tbx {
                                    line: line_at(at),
                                    message: format!("unknown entity &{name};"),
                                })
                            }
                        }
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "term" => {
                        let t = term.take().unwrap_or_default();
                        let slot = if lang.starts_with("zh") {
                            &mut zh
                        } else if lang.starts_with("en") {
                            &mut en
                        } else {
                            continue;
                        };
                        if slot.is_none() && !t.trim().is_empty() {
                            *slot = Some(t);
                        }
                    }
                    "termEntry" | "conceptEntry" => {
                        if let (Some(z), Some(e)) = (zh.take(), en.take()) {
                            // A blank term is never kept (above), so this
                            // cannot fail and no entry's line is counted.
                            pairs.push(checked_pair(&z, &e, 0)?);
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        if pairs.is_empty() {
            return Err(GlossaryError::NoPairs);
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
