//! Tab-separated output for spreadsheets and quick review.
//!
//! Columns: source text, target text, bead type, score (0–100), and `doubtful`
//! for a doubtful bead ([`crate::verify::doubtful_beads`]). Tabs and line breaks inside
//! a text become spaces so every bead stays on one line.

use std::io::Write;

use super::{joined, ExportError, ExportSummary, Exporter};
use crate::align::Alignment;
use crate::score::percent;

/// Writes one bead per line with a header row.
#[derive(Default)]
pub struct TsvExporter {
    /// Each bead's doubtful flag (see [`super::ExportOptions::doubtful`]).
    pub doubtful: Vec<bool>,
}

fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

impl Exporter for TsvExporter {
    fn write(&self, a: &Alignment, out: &mut dyn Write) -> Result<ExportSummary, ExportError> {
        writeln!(out, "source\ttarget\ttype\tscore\tflag")?;
        for (i, b) in a.beads.iter().enumerate() {
            let flag = if self.doubtful.get(i) == Some(&true) { "doubtful" } else { "" };
            writeln!(
                out,
                "{}\t{}\t{}\t{:.1}\t{}",
                clean(&joined(&a.source, &b.bead.src)?),
                clean(&joined(&a.target, &b.bead.tgt)?),
                b.bead.kind(),
                percent(b.score),
                flag
            )?;
        }
        Ok(ExportSummary::default())
    }
}
