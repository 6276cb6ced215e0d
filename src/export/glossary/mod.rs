//! Writing a bilingual glossary (terms, titles, names and their renderings)
//! in the formats CAT tools load.
//!
//! One small trait, [`GlossaryWriter`], one file per format, and
//! [`GlossaryFormat::for_path`] as the one place that maps a file extension
//! to a format:
//!
//! | extension | format | read by |
//! |---|---|---|
//! | `.txt`, `.tab`, `.utf8`, `.tsv` | OmegaT's tab-separated glossary: source, target, comment | OmegaT (`.txt`, `.tab`, `.utf8`), memoQ and Trados imports |
//! | `.csv` | RFC 4180 CSV: source, target, comment, count, score, example | OmegaT, spreadsheets, memoQ and Trados imports |
//! | `.tbx` | TBX-Basic (TBX v2, `<martif>`) | OmegaT, Trados MultiTerm, memoQ |
//!
//! Every format is UTF-8. The tab-separated and CSV files start with a byte
//! order mark: OmegaT guesses the encoding of a `.txt`/`.tab` glossary (and
//! falls back to the system's) unless the file says it, and spreadsheets
//! read a CSV as UTF-8 only with it; OmegaT drops the mark when it reads.
//!
//! Terms are cleaned the same way for every format (see [`clean_term`]):
//! line breaks, tabs and other control characters become single spaces, so
//! one entry stays one line and one cell. An entry that is empty once
//! cleaned, or that OmegaT would read as a comment line (a tab-separated
//! source term starting with `#`), is not written and is listed in the
//! [`GlossarySummary`] instead of being silently lost.

mod csv;
mod tbx;
mod tsv;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use self::csv::CsvGlossary;
pub use self::tbx::TbxGlossary;
pub use self::tsv::TsvGlossary;

/// One glossary entry: a term in the source language and its rendering.
#[derive(Clone, Debug, PartialEq)]
pub struct GlossaryEntry {
    /// The term in the source language (`src_lang` of [`write()`]).
    pub source: String,
    /// Its rendering in the target language.
    pub target: String,
    /// How many memory units show this pairing.
    pub count: usize,
    /// The association strength of the pair (higher is stronger).
    pub score: f64,
    /// One example unit's source text, or a reference to it; may be empty.
    pub example: String,
}

/// A glossary file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlossaryFormat {
    /// OmegaT's tab-separated glossary (source, target, comment).
    Tsv,
    /// Comma-separated values (RFC 4180).
    Csv,
    /// TBX-Basic, TBX v2 (`<martif type="TBX-Basic">`).
    Tbx,
}

impl GlossaryFormat {
    /// The format an output file's extension asks for (any case), or `None`
    /// for an extension that names no glossary format.
    pub fn for_path(path: &Path) -> Option<GlossaryFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "tsv" | "tab" | "utf8" => Some(GlossaryFormat::Tsv),
            "csv" => Some(GlossaryFormat::Csv),
            "tbx" => Some(GlossaryFormat::Tbx),
            _ => None,
        }
    }
}

/// The languages of a glossary, as tags (`zh-CN`, `en-US`, `zh`, `en`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Languages {
    /// The language of [`GlossaryEntry::source`].
    pub source: String,
    /// The language of [`GlossaryEntry::target`].
    pub target: String,
}

/// An entry that was not written, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Its index in the entries given.
    pub index: usize,
    /// Why, for the user.
    pub reason: &'static str,
}

/// What was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GlossarySummary {
    /// Entries written.
    pub written: usize,
    /// Entries left out (empty once cleaned, or unreadable by OmegaT).
    pub skipped: Vec<Skipped>,
}

/// Why a glossary could not be written.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    #[error("{0}: unknown glossary format; name the file .txt or .tsv (OmegaT tab-separated), .csv or .tbx")]
    UnknownFormat(String),
    #[error("{0:?} is not a language tag (like zh-CN or en-US)")]
    BadTag(String),
    #[error(transparent)]
    Clash(#[from] crate::input::OutputClash),
    #[error("{path}: {what}: {source}")]
    File {
        path: String,
        what: &'static str,
        #[source]
        source: io::Error,
    },
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error(transparent)]
    Csv(#[from] ::csv::Error),
}

/// Writes a glossary in one format.
pub trait GlossaryWriter {
    fn write(
        &self,
        languages: &Languages,
        entries: &[GlossaryEntry],
        out: &mut dyn Write,
    ) -> Result<GlossarySummary, GlossaryError>;
}

/// The writer of a format.
pub fn writer(format: GlossaryFormat) -> Box<dyn GlossaryWriter> {
    match format {
        GlossaryFormat::Tsv => Box::new(TsvGlossary),
        GlossaryFormat::Csv => Box::new(CsvGlossary),
        GlossaryFormat::Tbx => Box::new(TbxGlossary),
    }
}

/// Writes `entries` in `format` to `out` (standard output, or a file the
/// caller replaces atomically itself). The language tags are checked first.
pub fn write_to(
    format: GlossaryFormat,
    src_lang: &str,
    tgt_lang: &str,
    entries: &[GlossaryEntry],
    out: &mut dyn Write,
) -> Result<GlossarySummary, GlossaryError> {
    let languages = languages(src_lang, tgt_lang)?;
    writer(format).write(&languages, entries, out)
}

/// Writes `entries` to the file `path` in the format its extension names
/// ([`GlossaryFormat::for_path`]), `src_lang` and `tgt_lang` being the tags
/// of the source and target terms.
///
/// The file is written to a temporary file beside it and renamed into place
/// only once complete, so a failure never leaves a half-written glossary (an
/// existing file keeps its permission mode). `inputs` are the files the
/// glossary was made from: an output that is one of them is refused before
/// anything is written.
pub fn write(
    path: &Path,
    src_lang: &str,
    tgt_lang: &str,
    entries: &[GlossaryEntry],
    inputs: &[&Path],
) -> Result<GlossarySummary, GlossaryError> {
    let shown = path.display().to_string();
    let format = GlossaryFormat::for_path(path).ok_or_else(|| GlossaryError::UnknownFormat(shown.clone()))?;
    let languages = languages(src_lang, tgt_lang)?;
    let named: Vec<(&'static str, &Path)> = inputs.iter().map(|p| ("the input", *p)).collect();
    crate::input::check_output(Some(path), &named)?;
    let file_error = |what, source| GlossaryError::File { path: shown.clone(), what, source };
    let emit = |out: &mut dyn Write| {
        writer(format).write(&languages, entries, out).map_err(|e| match e {
            GlossaryError::Io(source) => file_error("write failed", source),
            other => other,
        })
    };
    // Through a symbolic link the file it points to is replaced, not the link.
    let real: PathBuf = match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(file_error("is a directory", io::Error::from(io::ErrorKind::IsADirectory)))
        }
        // A device or a pipe (`/dev/stdout`) is written in place: renaming
        // over it would replace it with a regular file.
        Ok(meta) if !meta.is_file() => {
            let file =
                fs::OpenOptions::new().write(true).open(path).map_err(|e| file_error("cannot open", e))?;
            let mut out = io::BufWriter::new(file);
            let summary = emit(&mut out)?;
            out.flush().map_err(|e| file_error("write failed", e))?;
            return Ok(summary);
        }
        Ok(_) => fs::canonicalize(path).map_err(|e| file_error("cannot resolve the path", e))?,
        Err(_) => path.to_path_buf(),
    };
    let dir = match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".tmalign-glossary.")
        .tempfile_in(&dir)
        .map_err(|e| file_error("cannot create a temporary file beside it", e))?;
    if let Ok(meta) = fs::metadata(&real) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(|e| file_error("cannot copy the permissions", e))?;
    }
    let mut out = io::BufWriter::new(tmp);
    let summary = emit(&mut out)?;
    let tmp = out.into_inner().map_err(|e| file_error("write failed", e.into_error()))?;
    tmp.as_file().sync_all().map_err(|e| file_error("write failed", e))?;
    tmp.persist(&real).map_err(|e| file_error("cannot rename the temporary file into place", e.error))?;
    Ok(summary)
}

fn languages(src_lang: &str, tgt_lang: &str) -> Result<Languages, GlossaryError> {
    for tag in [src_lang, tgt_lang] {
        if !crate::tmx::valid_tag(tag) {
            return Err(GlossaryError::BadTag(tag.to_string()));
        }
    }
    Ok(Languages { source: src_lang.to_string(), target: tgt_lang.to_string() })
}

/// A term or note as every format writes it: runs of whitespace (line
/// breaks and tabs included) and control characters collapsed into one
/// space, trimmed. A glossary entry is one line of a tab-separated file and
/// one cell of a spreadsheet; a control character XML 1.0 cannot carry
/// would make a TBX file unreadable.
pub fn clean_term(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for c in raw.chars() {
        if c.is_whitespace() || c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// An entry cleaned for writing, or why it cannot be written.
pub(crate) struct Clean {
    pub source: String,
    pub target: String,
    pub example: String,
}

fn cleaned(entry: &GlossaryEntry) -> Result<Clean, &'static str> {
    let source = clean_term(&entry.source);
    let target = clean_term(&entry.target);
    if source.is_empty() {
        return Err("empty source term");
    }
    if target.is_empty() {
        return Err("empty target term");
    }
    Ok(Clean { source, target, example: clean_term(&entry.example) })
}

/// The entries a format writes, each with its index and cleaned terms, and
/// those it leaves out: empty once cleaned, or refused by `refuse` (a
/// format's own limit, such as OmegaT's comment lines).
pub(crate) fn kept_entries(
    entries: &[GlossaryEntry],
    refuse: impl Fn(&Clean) -> Option<&'static str>,
) -> (Vec<(usize, &GlossaryEntry, Clean)>, GlossarySummary) {
    let mut kept = Vec::with_capacity(entries.len());
    let mut summary = GlossarySummary::default();
    for (index, entry) in entries.iter().enumerate() {
        match cleaned(entry).and_then(|c| refuse(&c).map_or(Ok(c), Err)) {
            Ok(clean) => kept.push((index, entry, clean)),
            Err(reason) => summary.skipped.push(Skipped { index, reason }),
        }
    }
    summary.written = kept.len();
    (kept, summary)
}

/// The comment column of the tab-separated format, and the note of the
/// others: the evidence for the entry in words a translator reads.
pub(crate) fn comment(entry: &GlossaryEntry, example: &str) -> String {
    let times = if entry.count == 1 { "time" } else { "times" };
    let mut c = format!("seen {} {times}, score {}", entry.count, score_text(entry.score));
    if !example.is_empty() {
        c.push_str("; e.g. ");
        c.push_str(example);
    }
    c
}

/// A score as written in every format: three decimals, `0` for a score
/// that is not a number.
pub(crate) fn score_text(score: f64) -> String {
    if score.is_finite() {
        format!("{score:.3}")
    } else {
        "0".to_string()
    }
}

/// The byte order mark the text formats start with (see the module docs).
pub(crate) const BOM: &str = "\u{FEFF}";

#[cfg(test)]
pub(crate) fn sample() -> Vec<GlossaryEntry> {
    vec![
        GlossaryEntry {
            source: "常务副市长".into(),
            target: "executive vice-mayor".into(),
            count: 4,
            score: 0.91,
            example: "常务副市长王建国主持会议。".into(),
        },
        GlossaryEntry {
            source: "市人力资源和社会保障局".into(),
            target: "Municipal Human Resources and Social Security Bureau".into(),
            count: 1,
            score: 0.5,
            example: String::new(),
        },
    ]
}

/// What `writer` writes of `entries` (Chinese to English), and its summary.
#[cfg(test)]
pub(crate) fn written(writer: &dyn GlossaryWriter, entries: &[GlossaryEntry]) -> (String, GlossarySummary) {
    let mut out = Vec::new();
    let langs = Languages { source: "zh-CN".into(), target: "en-US".into() };
    let summary = writer.write(&langs, entries, &mut out).unwrap();
    (String::from_utf8(out).unwrap(), summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_picks_the_format_in_any_case() {
        assert_eq!(GlossaryFormat::for_path(Path::new("g.txt")), Some(GlossaryFormat::Tsv));
        assert_eq!(GlossaryFormat::for_path(Path::new("g.TSV")), Some(GlossaryFormat::Tsv));
        assert_eq!(GlossaryFormat::for_path(Path::new("g.utf8")), Some(GlossaryFormat::Tsv));
        assert_eq!(GlossaryFormat::for_path(Path::new("dir/g.Csv")), Some(GlossaryFormat::Csv));
        assert_eq!(GlossaryFormat::for_path(Path::new("g.tbx")), Some(GlossaryFormat::Tbx));
        assert_eq!(GlossaryFormat::for_path(Path::new("g.tmx")), None);
        assert_eq!(GlossaryFormat::for_path(Path::new("glossary")), None);
    }

    #[test]
    fn terms_lose_line_breaks_tabs_and_control_characters() {
        assert_eq!(clean_term("  a\tb\r\n c\u{0}d\u{7}  "), "a b c d");
        assert_eq!(clean_term("市委\n书记"), "市委 书记");
        assert_eq!(clean_term(" \t\n"), "");
    }

    #[test]
    fn the_comment_gives_count_score_and_example() {
        let e = &sample()[0];
        assert_eq!(comment(e, &e.example), "seen 4 times, score 0.910; e.g. 常务副市长王建国主持会议。");
        let e = &sample()[1];
        assert_eq!(comment(e, ""), "seen 1 time, score 0.500");
        assert_eq!(score_text(f64::NAN), "0");
    }

    #[test]
    fn a_file_of_unknown_extension_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.xlsx");
        let err = write(&path, "zh-CN", "en-US", &sample(), &[]).unwrap_err();
        assert!(err.to_string().contains("unknown glossary format"), "{err}");
        assert!(!path.exists());
    }

    #[test]
    fn a_bad_language_tag_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = write(&dir.path().join("g.tbx"), "zh CN", "en", &sample(), &[]).unwrap_err();
        assert!(matches!(err, GlossaryError::BadTag(_)), "{err}");
    }

    #[test]
    fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("memory.txt");
        fs::write(&input, "keep me").unwrap();
        let err = write(&input, "zh", "en", &sample(), &[&input]).unwrap_err();
        assert!(matches!(err, GlossaryError::Clash(_)), "{err}");
        assert_eq!(fs::read_to_string(&input).unwrap(), "keep me");
    }

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.csv");
        fs::write(&path, "old").unwrap();
        let summary = write(&path, "zh-CN", "en-US", &sample(), &[]).unwrap();
        assert_eq!(summary.written, 2);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains("executive vice-mayor") && !text.contains("old"), "{text}");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    #[cfg(unix)]
    fn a_device_is_written_in_place_not_replaced() {
        let null = Path::new("/dev/null");
        if !null.exists() {
            return;
        }
        // Named .tbx through a link, since the format comes from the extension.
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("out.tbx");
        std::os::unix::fs::symlink(null, &link).unwrap();
        let summary = write(&link, "zh", "en", &sample(), &[]).unwrap();
        assert_eq!(summary.written, 2);
        assert!(!fs::metadata(null).unwrap().is_file(), "/dev/null is still a device");
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    }

    #[test]
    fn a_directory_as_output_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.tbx");
        fs::create_dir(&path).unwrap();
        let err = write(&path, "zh", "en", &sample(), &[]).unwrap_err().to_string();
        assert!(err.contains("g.tbx") && err.contains("is a folder"), "{err}");
    }
}
