//! Writing an [`Alignment`] in one of the output formats.
//!
//! One small trait, one file per format, and [`exporter`] as the one place
//! that picks the format. Options that only some formats use travel in
//! [`ExportOptions`], so adding a format with its own settings does not
//! change the signature.

mod beads;
mod json;
mod tsv;

use std::io::{self, Write};

pub mod glossary;
pub mod tmx;

use crate::align::{Alignment, Document};
use crate::lang::Lang;

pub use beads::BeadsExporter;
pub use json::JsonExporter;
pub use tsv::TsvExporter;

/// An output format of `align` and `batch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// One bead per line, `[0]:[0,1]`, as the gold files.
    Beads,
    /// Source text, target text, bead type and score, tab-separated.
    Tsv,
    /// The beads with ids, texts, score and anchors, as JSON.
    Json,
    /// A TMX 1.4 memory.
    Tmx,
}

impl Format {
    /// The format an output file's extension asks for (`.tmx`, `.tsv`,
    /// `.json`, any case), beads for any other file and for standard output.
    pub fn for_output(path: Option<&std::path::Path>) -> Format {
        let ext = path.and_then(|p| p.extension()).and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("tmx") => Format::Tmx,
            Some("tsv") => Format::Tsv,
            Some("json") => Format::Json,
            _ => Format::Beads,
        }
    }
}

/// Settings of the exporters; each format reads the ones it understands.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// Language tags and null-bead handling of TMX output.
    pub tmx: tmx::TmxOptions,
    /// The encodings the source and target files were read in, for JSON.
    pub encodings: Option<[&'static str; 2]>,
    /// Each bead's doubtful flag, from [`crate::verify::doubtful_beads`] (the
    /// definition `--doubtful`, the batch report and the review page share),
    /// for JSON and TSV; a bead without one is not flagged.
    pub doubtful: Vec<bool>,
}

/// Why an alignment could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Date(#[from] crate::tmx::BadSourceDateEpoch),
    #[error("{0:?} is not a language tag (like zh-CN or en-US)")]
    BadTag(String),
    #[error("language tag {tag:?} does not name the language of {document} ({lang})")]
    WrongLanguage { tag: String, document: String, lang: Lang },
    /// Only a bug in the aligner could produce this; it is reported rather
    /// than letting text silently disappear from a memory.
    #[error("{document} has {count} sentences, no sentence {id}")]
    NoSuchSentence { document: String, count: usize, id: usize },
}

/// What the user should hear about once an alignment is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Characters that the output format cannot carry and that were dropped.
    pub removed_chars: u64,
}

/// Writes an alignment.
pub trait Exporter {
    fn write(&self, alignment: &Alignment, out: &mut dyn Write) -> Result<ExportSummary, ExportError>;
}

/// The exporter for a format.
pub fn exporter(format: Format, options: &ExportOptions) -> Box<dyn Exporter> {
    match format {
        Format::Beads => Box::new(BeadsExporter),
        Format::Tsv => Box::new(TsvExporter { doubtful: options.doubtful.clone() }),
        Format::Json => {
            Box::new(JsonExporter { encodings: options.encodings, doubtful: options.doubtful.clone() })
        }
        Format::Tmx => Box::new(tmx::TmxExporter::new(options.tmx.clone())),
    }
}

/// The texts of a bead's sentences on one side as one segment: Chinese
/// sentences are glued without a space, English ones with one.
///
/// Fails on an id past the last sentence rather than silently dropping text.
pub(crate) fn joined(doc: &Document, ids: &[usize]) -> Result<String, ExportError> {
    joined_with(doc, ids, |id| doc.sentences.get(id).map(|s| s.text.as_str()), false)
}

/// Like [`joined`], but as the file lays the sentences out: the line
/// breaks of a wrapped sentence, and one between two sentences of a
/// paragraph, are kept, as a CAT tool reading the file keeps them in its
/// segment (see [`Document::wrapped`], [`Document::line_after`]).
pub(crate) fn joined_layout(doc: &Document, ids: &[usize]) -> Result<String, ExportError> {
    joined_with(doc, ids, |id| doc.layout_text(id), true)
}

fn joined_with<'a>(
    doc: &'a Document,
    ids: &[usize],
    text_of: impl Fn(usize) -> Option<&'a str>,
    layout: bool,
) -> Result<String, ExportError> {
    let glue = match doc.lang {
        Lang::Zh => "",
        Lang::En => " ",
    };
    let mut text = String::new();
    let mut previous: Option<usize> = None;
    for &id in ids {
        let sentence = text_of(id).ok_or_else(|| ExportError::NoSuchSentence {
            document: doc.name.clone(),
            count: doc.sentences.len(),
            id,
        })?;
        if let Some(p) = previous {
            let line = layout && p + 1 == id && doc.line_after(p);
            text.push_str(if line { "\n" } else { glue });
        }
        text.push_str(sentence);
        previous = Some(id);
    }
    Ok(text)
}
