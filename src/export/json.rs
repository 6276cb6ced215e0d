//! JSON output: the documents' names and languages and every bead with its
//! sentence ids, texts, confidence, supporting anchors and doubtful flag.

use std::io::Write;

use super::{joined, ExportError, ExportSummary, Exporter};
use crate::align::Alignment;
use crate::score::{is_doubtful, percent};

/// Writes one JSON object for the whole alignment.
pub struct JsonExporter;

#[derive(serde::Serialize)]
struct Side<'a> {
    name: &'a str,
    lang: crate::lang::Lang,
    sentences: usize,
}

#[derive(serde::Serialize)]
struct JsonBead<'a> {
    src: &'a [usize],
    tgt: &'a [usize],
    #[serde(rename = "type")]
    kind: String,
    source: String,
    target: String,
    /// 0–100.
    score: f64,
    doubtful: bool,
    anchors: &'a [String],
}

#[derive(serde::Serialize)]
struct Doc<'a> {
    source: Side<'a>,
    target: Side<'a>,
    beads: Vec<JsonBead<'a>>,
}

fn side(d: &crate::align::Document) -> Side<'_> {
    Side { name: &d.name, lang: d.lang, sentences: d.sentences.len() }
}

impl Exporter for JsonExporter {
    fn write(&self, a: &Alignment, out: &mut dyn Write) -> Result<ExportSummary, ExportError> {
        let doc = Doc {
            source: side(&a.source),
            target: side(&a.target),
            beads: a
                .beads
                .iter()
                .map(|b| {
                    Ok(JsonBead {
                        src: &b.bead.src,
                        tgt: &b.bead.tgt,
                        kind: b.bead.kind(),
                        source: joined(&a.source, &b.bead.src)?,
                        target: joined(&a.target, &b.bead.tgt)?,
                        score: percent(b.score),
                        doubtful: is_doubtful(b.score),
                        anchors: &b.anchors,
                    })
                })
                .collect::<Result<_, ExportError>>()?,
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
        Ok(ExportSummary::default())
    }
}
