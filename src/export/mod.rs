//! Writing an [`Alignment`](crate::align::Alignment) in one of the output formats.
//!
//! One small trait, one file per format, and [`exporter`] as the one place
//! that picks the format.

use std::io::Write;

pub mod tmx;

use crate::align::Alignment;

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

/// Writes an alignment.
pub trait Exporter {
    fn write(&self, alignment: &Alignment, out: &mut dyn Write) -> anyhow::Result<()>;
}

/// The exporter for a format.
pub fn exporter(format: Format) -> anyhow::Result<Box<dyn Exporter>> {
    anyhow::bail!("output format {format:?} is not available yet")
}
