//! The bead format of the gold files: one `[src ids]:[tgt ids]` per line.

use std::io::Write;

use super::{ExportError, ExportSummary, Exporter};
use crate::align::Alignment;

/// Writes `[0]:[0]`, `[1]:[1,2]`, `[4]:[]` … one bead per line.
pub struct BeadsExporter;

impl Exporter for BeadsExporter {
    fn write(&self, alignment: &Alignment, out: &mut dyn Write) -> Result<ExportSummary, ExportError> {
        for b in &alignment.beads {
            writeln!(out, "{}", b.bead)?;
        }
        Ok(ExportSummary::default())
    }
}
