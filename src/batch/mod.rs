//! Aligning a whole collection of document pairs into one memory.
//!
//! Pairs are aligned in parallel (rayon) a chunk at a time, and each chunk's
//! results are handed to the writer in collection order. The memory is
//! therefore the same whatever the number of threads, and memory use is
//! bounded by one chunk of alignments rather than by the collection. A pair
//! that fails (an undecodable file, an empty file, sides that are not one
//! Chinese and one English document, a name claimed by two files) is
//! recorded in the report and the others go on.
//!
//! Every alignment is checked ([`crate::verify`]): a pair whose documents do
//! not translate each other, or of which one side is truncated, writes
//! nothing unless [`BatchOptions::keep_unverified`] is set, and is named in
//! the report. A pair of which one side translates a stretch of the other
//! ([`Verdict::Partial`]) writes the units of that stretch and is named too. With [`BatchOptions::doubtful`], each pair's doubtful beads
//! are flagged for the writer ([`verify::doubtful_beads`]).

mod collection;
mod repeats;
mod report;

pub use collection::{
    discover, discover_with, would_read, Collection, CollectionError, DiscoverOptions, DocPair, IgnoreReason,
    Ignored, Rejected, Shard,
};
pub use repeats::{Origins, Repeats, MIN_REPEATED_UNITS};
pub use report::{and_more, DocReport, DoubtfulBead, IgnoredFile, Report};
pub use verify::Verdict;

use std::time::Instant;

use rayon::prelude::*;

use std::path::Path;

use crate::align::{self, Alignment, Layout, LoadError};
use crate::anchor::Anchorer;
use crate::input::{self, EncodingName, PairOptions};
use crate::lang::Lang;
use crate::verify;

/// How a collection is aligned.
#[derive(Clone, Debug)]
pub struct BatchOptions {
    pub source_lang: Lang,
    pub target_lang: Lang,
    /// The encodings of every source and every target document, where the
    /// user named them.
    pub encodings: [Option<EncodingName>; 2],
    /// Align pairs whose languages do not look right (`--no-language-check`).
    pub no_language_check: bool,
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
            encodings: [None, None],
            no_language_check: false,
            srx: None,
            keep_unverified: false,
            doubtful: false,
        }
    }
}

/// An aligned pair and the encodings its files were read in.
pub struct AlignedPair {
    pub alignment: Alignment,
    pub encodings: [&'static str; 2],
    /// Whether the documents translate each other whole, or one a stretch
    /// of the other ([`verify::align_and_check`]).
    pub check: verify::Check,
}

/// Units an `emit` wrote for one pair.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// To the main memory (all of them without [`BatchOptions::doubtful`]).
    pub main: usize,
    /// To the doubtful memory.
    pub doubtful: usize,
    /// Beads pairing sentences that scored below `--min-score` and so
    /// wrote no unit.
    pub below_min_score: usize,
    /// The document of the batch whose units this one mostly repeats
    /// ([`Origins::repeats`]).
    pub repeats: Option<Repeats>,
}

/// Aligns one pair from its files. The memory names a unit's document by
/// the pair's name (`x-document`), not by the path of its source file.
pub fn align_pair(
    pair: &DocPair,
    anchorer: &Anchorer,
    options: &BatchOptions,
) -> Result<AlignedPair, LoadError> {
    let pair_options = PairOptions {
        source_lang: Some(options.source_lang),
        target_lang: Some(options.target_lang),
        layout: Layout::Raw,
        encodings: options.encodings,
        no_language_check: options.no_language_check,
        segment: crate::segment::Options { srx: options.srx.as_deref(), ..Default::default() },
    };
    let loaded = input::load_pair(&pair.source, &pair.target, &pair_options)?;
    let mut source = loaded.source;
    source.name = pair.name.clone();
    // The pair check reads the anchor keys the aligner found instead of
    // anchoring both documents again; pairs already run in parallel, so it
    // is prepared after the alignment, not alongside.
    let (alignment, _, check) = verify::align_and_check(
        source,
        loaded.target,
        anchorer,
        &align::AlignOptions::default(),
        &mut |_| {},
        false,
        false,
    );
    Ok(AlignedPair { alignment, encodings: [loaded.source_encoding, loaded.target_encoding], check })
}

/// Refuses outputs that would overwrite an input or each other: the memory
/// or the report on a document of the collection (or the manifest), in the
/// input folder under a name that a later run would read as a document,
/// or the report on the memory.
pub fn check_outputs(
    input: &Path,
    collection: &Collection,
    options: &DiscoverOptions,
    outputs: &[(&'static str, &Path)],
) -> Result<(), input::OutputClash> {
    let mut inputs: Vec<(&'static str, &Path)> = vec![("the input", input)];
    for p in &collection.pairs {
        inputs.push(("the document", &p.source));
        inputs.push(("the document", &p.target));
    }
    inputs.extend(collection.unpaired.iter().map(|p| ("the document", p.as_path())));
    for (i, (_, out)) in outputs.iter().enumerate() {
        input::check_clash(Some(out), &inputs)?;
        // Before the output's folder is looked for: a zh/ folder that is
        // not there yet would be read as one side of the next run.
        if would_read(input, out, options) {
            return Err(input::OutputClash::Overwrites {
                output: out.display().to_string(),
                what: "a document of",
                input: format!("{} (its name makes it one half of a pair there)", input.display()),
            });
        }
        input::check_folder(Some(out))?;
        input::check_clash(Some(out), &outputs[..i])?;
    }
    Ok(())
}

/// Adds what the listing of the collection found wrong to a run's report:
/// halves without a partner, names that could not become a pair (counted as
/// failed documents), links not followed.
pub fn add_collection_problems(report: &mut Report, collection: &Collection) {
    report.unpaired = collection.unpaired.iter().map(|p| p.display().to_string()).collect();
    report.ignored = collection
        .ignored
        .iter()
        .map(|i| IgnoredFile {
            path: i.path.display().to_string(),
            reason: i.reason.describe(),
            warned: i.looks_like_a_document(),
        })
        .collect();
    for r in &collection.rejected {
        report.failed += 1;
        report.documents.push(DocReport::failed(&r.name, r.reason.clone()));
    }
    report.skipped_links = collection.skipped_links.iter().map(|p| p.display().to_string()).collect();
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
                    let aligned = align_pair(pair, anchorer, options)?;
                    // The report counts doubtful beads whether or not they go apart.
                    let flags = verify::doubtful_beads(&aligned.alignment, anchorer);
                    Ok::<_, LoadError>((aligned, flags))
                })
                .collect()
        });
        for (pair, result) in chunk.iter().zip(results) {
            let doc = match result {
                Ok((AlignedPair { alignment, encodings, check }, flags)) => {
                    inspect(report.documents.len(), pair, &alignment)?;
                    let write = !check.verdict.is_suspect() || options.keep_unverified;
                    let all_doubtful;
                    let route = if check.verdict.untrusted() {
                        all_doubtful = vec![true; flags.len()];
                        &all_doubtful[..]
                    } else {
                        &flags[..]
                    };
                    let written = if write {
                        emit(pair, &alignment, options.doubtful.then_some(route))?
                    } else {
                        Written::default()
                    };
                    let (units, doubtful_units) = (written.main, written.doubtful);
                    let repeats = written.repeats;
                    report.units += units;
                    report.doubtful_units += doubtful_units;
                    report.below_min_score += written.below_min_score;
                    report.sentences += alignment.source.sentences.len() + alignment.target.sentences.len();
                    let mut doc = DocReport::from_alignment(&pair.name, &alignment, &flags, units);
                    (doc.source_encoding, doc.target_encoding) = (Some(encodings[0]), Some(encodings[1]));
                    doc.doubtful_units = doubtful_units;
                    doc.set_check(check, write);
                    match doc.verdict {
                        Some(v) if v.is_suspect() => report.unverified += 1,
                        Some(Verdict::Partial) => report.partial += 1,
                        Some(Verdict::Abridged) => report.abridged += 1,
                        Some(Verdict::Unchecked) => {
                            report.unchecked += 1;
                            doc.warn_unchecked_lengths(options.doubtful);
                        }
                        _ => {}
                    }
                    if let Some(r) = &repeats {
                        doc.warnings.push(r.warning());
                    }
                    doc.repeats = repeats;
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
