//! Writing an [`Alignment`](crate::align::Alignment) in one of the output formats.
//!
//! One small trait, one file per format, and [`exporter`] as the one place
//! that picks the format. Options that only some formats use travel in
//! [`ExportOptions`], so adding a format with its own settings does not
//! change the signature.

mod beads;
mod json;
mod tsv;

use std::io::Write;

pub mod tmx;

use crate::align::Alignment;

pub use beads::BeadsExporter;
pub use json::JsonExporter;
pub use tsv::TsvExporter;

/// An output format of `align` and `batch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
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

/// Settings of the exporters; each format reads the ones it understands.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// Language tags and null-bead handling of TMX output.
    pub tmx: tmx::TmxOptions,
}

/// Writes an alignment.
pub trait Exporter {
    fn write(&self, alignment: &Alignment, out: &mut dyn Write) -> anyhow::Result<()>;
}

/// The exporter for a format.
pub fn exporter(format: Format, options: &ExportOptions) -> anyhow::Result<Box<dyn Exporter>> {
    match format {
        Format::Beads => Ok(Box::new(BeadsExporter)),
        Format::Tsv => Ok(Box::new(TsvExporter)),
        Format::Json => Ok(Box::new(JsonExporter)),
        Format::Tmx => Ok(Box::new(tmx::TmxExporter::new(options.tmx.clone()))),
    }
}

/// The texts of a bead's sentences on one side as one segment: Chinese
/// sentences are glued without a space, English ones with one.
///
/// Fails on an id past the last sentence, which only a bug in the aligner
/// could produce, rather than silently dropping text.
pub(crate) fn joined(doc: &crate::align::Document, ids: &[usize]) -> anyhow::Result<String> {
    use anyhow::Context;
    let glue = match doc.lang {
        crate::lang::Lang::Zh => "",
        crate::lang::Lang::En => " ",
    };
    let mut text = String::new();
    for &id in ids {
        let sentence = doc.sentences.get(id).with_context(|| {
            format!("{} has {} sentences, no sentence {id}", doc.name, doc.sentences.len())
        })?;
        if !text.is_empty() {
            text.push_str(glue);
        }
        text.push_str(&sentence.text);
    }
    Ok(text)
}
