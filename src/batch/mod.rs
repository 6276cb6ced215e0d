//! Aligning a whole collection of document pairs into one memory.
//!
//! Pairs are aligned in parallel (rayon) a chunk at a time, and each chunk's
//! results are handed to the writer in collection order. The memory is
//! therefore the same whatever the number of threads, and memory use is
//! bounded by one chunk of alignments rather than by the collection. A pair
//! that fails (bad encoding, an empty file) is recorded in the report and
//! the others go on.

mod collection;
mod report;

pub use collection::{discover, Collection, CollectionError, DocPair, Shard};
pub use report::{DocReport, Report};

use std::time::Instant;

use rayon::prelude::*;

use crate::align::{self, Alignment, Document, Layout, LoadError};
use crate::anchor::Anchorer;
use crate::lang::Lang;

/// How a collection is aligned.
#[derive(Clone, Debug)]
pub struct BatchOptions {
    pub source_lang: Lang,
    pub target_lang: Lang,
    /// Beads scoring below this are counted as doubtful in the report.
    pub doubtful_below: f32,
    /// Segment with these SRX rules instead of the built-in ones (`--srx`).
    pub srx: Option<std::sync::Arc<crate::segment::srx::SrxRules>>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions { source_lang: Lang::Zh, target_lang: Lang::En, doubtful_below: 0.5, srx: None }
    }
}

/// Aligns one pair from its files. The memory names a unit's document by
/// the pair's name (`x-document`), not by the path of its source file.
pub fn align_pair(
    pair: &DocPair,
    anchorer: &Anchorer,
    options: &BatchOptions,
) -> Result<Alignment, LoadError> {
    let seg = crate::segment::Options { srx: options.srx.as_deref(), ..Default::default() };
    let mut source = Document::load_with(&pair.source, Some(options.source_lang), Layout::Raw, seg)?;
    let target = Document::load_with(&pair.target, Some(options.target_lang), Layout::Raw, seg)?;
    source.name = pair.name.clone();
    Ok(align::align(source, target, anchorer))
}

/// How many pairs are aligned before their results are written: enough to
/// keep every thread busy while one slow document finishes, few enough that
/// memory stays small.
const CHUNK: usize = 64;

/// Aligns `pairs` on `pool` and hands each alignment to `emit` in collection order;
/// `emit` writes it and returns the number of units it wrote. `progress` is
/// called after each chunk with the documents and sentences done so far.
pub fn run<E>(
    pool: &rayon::ThreadPool,
    pairs: &[DocPair],
    anchorer: &Anchorer,
    options: &BatchOptions,
    mut emit: impl FnMut(&DocPair, &Alignment) -> Result<usize, E>,
    mut progress: impl FnMut(usize, usize),
) -> Result<Report, E> {
    let started = Instant::now();
    let mut report = Report::default();
    let mut done = 0;
    for chunk in pairs.chunks(CHUNK) {
        let results: Vec<_> =
            pool.install(|| chunk.par_iter().map(|pair| align_pair(pair, anchorer, options)).collect());
        for (pair, result) in chunk.iter().zip(results) {
            let doc = match result {
                Ok(alignment) => {
                    let units = emit(pair, &alignment)?;
                    report.units += units;
                    report.sentences += alignment.source.sentences.len() + alignment.target.sentences.len();
                    DocReport::from_alignment(&pair.name, &alignment, options.doubtful_below, units)
                }
                Err(e) => {
                    report.failed += 1;
                    DocReport::failed(&pair.name, e.to_string())
                }
            };
            report.documents.push(doc);
        }
        done += chunk.len();
        progress(done, report.sentences);
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}
