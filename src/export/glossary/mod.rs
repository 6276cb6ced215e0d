//! Glossary files for CAT tools.
//!
//! STAND-IN on branch `titles`: branch `glossary` owns this module (OmegaT
//! TSV, CSV and TBX-Basic writers, /work/notes/glossary-api.md); at merge its
//! version replaces this file. This one writes OmegaT's tab-separated form
//! only, behind the same signatures, so that `tmalign glossary` runs and is
//! tested meanwhile.

use std::io::Write;
use std::path::Path;

/// One glossary entry.
#[derive(Clone, Debug, PartialEq)]
pub struct GlossaryEntry {
    /// The term in the source language.
    pub source: String,
    /// Its rendering in the target language.
    pub target: String,
    /// Units showing the pair.
    pub count: usize,
    /// Association strength.
    pub score: f64,
    /// One example unit's reference or text; may be empty.
    pub example: String,
}

/// A glossary file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlossaryFormat {
    /// OmegaT's glossary: source, target, comment, tab-separated.
    Tsv,
}

impl GlossaryFormat {
    /// The format for a file name's extension.
    pub fn for_path(path: &Path) -> Option<GlossaryFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        matches!(ext.as_str(), "txt" | "tsv" | "tab" | "utf8").then_some(GlossaryFormat::Tsv)
    }
}

/// An entry left out, and why.
#[derive(Clone, Debug)]
pub struct Skipped {
    pub index: usize,
    pub reason: &'static str,
}

/// What was written.
#[derive(Clone, Debug, Default)]
pub struct GlossarySummary {
    pub written: usize,
    pub skipped: Vec<Skipped>,
}

/// Why a glossary could not be written.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}: unknown glossary format (use .txt or .tsv)")]
    Format(String),
    #[error("{0}: the output would overwrite an input")]
    Clash(String),
}

fn clean(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes `entries` to `out` in `format`.
pub fn write_to(
    format: GlossaryFormat,
    _src_lang: &str,
    _tgt_lang: &str,
    entries: &[GlossaryEntry],
    out: &mut dyn Write,
) -> Result<GlossarySummary, GlossaryError> {
    let GlossaryFormat::Tsv = format;
    let io = |source| GlossaryError::Io { path: "<output>".into(), source };
    let mut summary = GlossarySummary::default();
    for (index, e) in entries.iter().enumerate() {
        let (s, t) = (clean(&e.source), clean(&e.target));
        if s.is_empty() || t.is_empty() || s.starts_with('#') {
            summary.skipped.push(Skipped { index, reason: "empty or a comment once cleaned" });
            continue;
        }
        let comment = clean(&format!("{}× score {:.3}; {}", e.count, e.score, e.example));
        writeln!(out, "{s}\t{t}\t{comment}").map_err(io)?;
        summary.written += 1;
    }
    Ok(summary)
}

/// Writes a glossary file, its format chosen by extension, through a
/// temporary file renamed into place.
pub fn write(
    path: &Path,
    src_lang: &str,
    tgt_lang: &str,
    entries: &[GlossaryEntry],
    inputs: &[&Path],
) -> Result<GlossarySummary, GlossaryError> {
    let name = path.display().to_string();
    let format = GlossaryFormat::for_path(path).ok_or_else(|| GlossaryError::Format(name.clone()))?;
    let same = |a: &Path| match (a.canonicalize(), path.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == path,
    };
    if inputs.iter().any(|i| same(i)) {
        return Err(GlossaryError::Clash(name));
    }
    let io = |source| GlossaryError::Io { path: name.clone(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    let summary = {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        let s = write_to(format, src_lang, tgt_lang, entries, &mut w)?;
        w.flush().map_err(io)?;
        s
    };
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(summary)
}
