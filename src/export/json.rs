//! JSON output: the documents' names and languages and every bead with its
//! sentence ids, texts, confidence, supporting anchors and doubtful flag.

use std::io::Write;

use super::{joined, ExportError, ExportSummary, Exporter};
use crate::align::Alignment;
use crate::score::percent;

/// Writes one JSON object for the whole alignment.
#[derive(Default)]
pub struct JsonExporter {
    /// Encodings of the source and target files, when they were read from files.
    pub encodings: Option<[&'static str; 2]>,
    /// Each bead's doubtful flag (see [`super::ExportOptions::doubtful`]).
    pub doubtful: Vec<bool>,
}

#[derive(serde::Serialize)]
struct Side<'a> {
    name: &'a str,
    lang: crate::lang::Lang,
    /// The encoding the file was read in (`UTF-8`, `gb18030`, `Big5`, `UTF-16LE`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
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

fn side<'a>(d: &'a crate::align::Document, encoding: Option<&'static str>) -> Side<'a> {
    Side { name: &d.name, lang: d.lang, encoding, sentences: d.sentences.len() }
}

impl Exporter for JsonExporter {
    fn write(&self, a: &Alignment, out: &mut dyn Write) -> Result<ExportSummary, ExportError> {
        let doc = Doc {
            source: side(&a.source, self.encodings.map(|e| e[0])),
            target: side(&a.target, self.encodings.map(|e| e[1])),
            beads: a
                .beads
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    Ok(JsonBead {
                        src: &b.bead.src,
                        tgt: &b.bead.tgt,
                        kind: b.bead.kind(),
                        source: joined(&a.source, &b.bead.src)?,
                        target: joined(&a.target, &b.bead.tgt)?,
                        score: percent(b.score),
                        doubtful: self.doubtful.get(i) == Some(&true),
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
