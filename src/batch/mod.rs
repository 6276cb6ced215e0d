//! Aligning a whole collection of document pairs into one memory.
//!
//! Pairs are aligned in parallel (rayon) a chunk at a time, and each chunk's
//! results are handed to the writer in collection order. The memory is
//! therefore the same whatever the number of threads, and memory use is
//! bounded by one chunk of alignments rather than by the collection. A pair
//! that fails (bad encoding, an empty file) is recorded in the report and
//! the others go on.
//!
//! Every alignment is checked ([`crate::verify`]): a pair whose documents do
//! not translate each other, or of which one side is truncated, writes
//! nothing unless [`BatchOptions::keep_unverified`] is set, and is named in
//! the report. With [`BatchOptions::doubtful`], each pair's doubtful beads
//! are flagged for the writer ([`verify::doubtful_beads`]).

mod collection;
mod report;

pub use collection::{discover, Collection, CollectionError, DocPair, Shard};
pub use report::{DocReport, Report};
pub use verify::Verdict;

use std::time::Instant;

use rayon::prelude::*;

use crate::align::{self, Alignment, Document, Layout, LoadError};
use crate::anchor::Anchorer;
use crate::lang::Lang;
use crate::verify;

/// How a collection is aligned.
#[derive(Clone, Debug)]
pub struct BatchOptions {
    pub source_lang: Lang,
    pub target_lang: Lang,
    /// Beads scoring below this are counted as doubtful in the report.
    pub doubtful_below: f32,
    /// Segment with these SRX rules instead of the built-in ones (`--srx`).
    pub srx: Option<std::sync::Arc<crate::segment::srx::SrxRules>>,
    /// Write the units of pairs the check finds unrelated or truncated.
    pub keep_unverified: bool,
    /// Flag doubtful beads ([`verify::is_doubtful`]) for the writer, which
    /// sends their units to the doubtful memory.
    pub doubtful: bool,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            source_lang: Lang::Zh,
            target_lang: Lang::En,
            doubtful_below: crate::align::DOUBTFUL_BELOW,
            srx: None,
            keep_unverified: false,
            doubtful: false,
        }
    }
}

/// Units an `emit` wrote for one pair.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// To the main memory (all of them without [`BatchOptions::doubtful`]).
    pub main: usize,
    /// To the doubtful memory.
    pub doubtful: usize,
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
/// `emit` writes it and returns the units it wrote. With
/// [`BatchOptions::doubtful`] it also gets a doubtful flag for each bead; a
/// pair that fails the check is not handed over at all unless
/// [`BatchOptions::keep_unverified`]. `progress`
/// is called after each chunk with the documents and sentences done so far.
pub fn run<E>(
    pool: &rayon::ThreadPool,
    pairs: &[DocPair],
    anchorer: &Anchorer,
    options: &BatchOptions,
    emit: impl FnMut(&DocPair, &Alignment, Option<&[bool]>) -> Result<Written, E>,
    progress: impl FnMut(usize, usize),
) -> Result<Report, E> {
    run_inspected(pool, pairs, anchorer, options, emit, progress, |_, _, _| Ok(()))
}

/// [`run`], also handing every aligned pair (written or not: a suspect pair
/// is what a reviewer most needs to see) to `inspect`, with the index its
/// [`DocReport`] gets in [`Report::documents`].
pub fn run_inspected<E>(
    pool: &rayon::ThreadPool,
    pairs: &[DocPair],
    anchorer: &Anchorer,
    options: &BatchOptions,
    mut emit: impl FnMut(&DocPair, &Alignment, Option<&[bool]>) -> Result<Written, E>,
    mut progress: impl FnMut(usize, usize),
    mut inspect: impl FnMut(usize, &DocPair, &Alignment) -> Result<(), E>,
) -> Result<Report, E> {
    let started = Instant::now();
    let mut report = Report::default();
    let mut done = 0;
    for chunk in pairs.chunks(CHUNK) {
        let results: Vec<_> = pool.install(|| {
            chunk
                .par_iter()
                .map(|pair| {
                    let alignment = align_pair(pair, anchorer, options)?;
                    let check = verify::check(&alignment, anchorer);
                    let flags = options.doubtful.then(|| verify::doubtful_beads(&alignment, anchorer));
                    Ok::<_, LoadError>((alignment, check, flags))
                })
                .collect()
        });
        for (pair, result) in chunk.iter().zip(results) {
            let doc = match result {
                Ok((alignment, check, flags)) => {
                    inspect(report.documents.len(), pair, &alignment)?;
                    let write = !check.verdict.is_suspect() || options.keep_unverified;
                    let written =
                        if write { emit(pair, &alignment, flags.as_deref())? } else { Written::default() };
                    let (units, doubtful_units) = (written.main, written.doubtful);
                    report.units += units;
                    report.doubtful_units += doubtful_units;
                    report.sentences += alignment.source.sentences.len() + alignment.target.sentences.len();
                    let mut doc =
                        DocReport::from_alignment(&pair.name, &alignment, options.doubtful_below, units);
                    doc.doubtful_units = doubtful_units;
                    doc.set_check(check, write);
                    if doc.verdict.is_suspect() {
                        report.unverified += 1;
                    }
                    doc
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
