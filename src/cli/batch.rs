//! `tmalign batch`: a collection of document pairs into one memory.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use tmalign::anchor::Anchorer;
use tmalign::batch::{self, BatchOptions, Shard};
use tmalign::export::tmx::units;
use tmalign::lang::Lang;
use tmalign::tmx::{self, Header};

/// Arguments of `tmalign batch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A directory of pairs (NAME.zh.txt + NAME.en.txt, NAME.zh + NAME.en, or zh/NAME + en/NAME)
    /// or a TSV manifest of `source<TAB>target` paths.
    pub input: PathBuf,
    /// The memory to write (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Also write the quality report as JSON here.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Worker threads, at least 1 [default: one per core].
    #[arg(long, value_name = "N", value_parser = super::at_least_one)]
    pub jobs: Option<usize>,
    /// Process only the K-th of N deterministic slices (1-based), e.g. 2/8.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Drop units whose score is below this (0 to 100, like x-score: 70 means 70%).
    #[arg(long, default_value = "0", value_name = "SCORE")]
    pub min_score: tmalign::score::Percent,
    /// Language of the source documents.
    #[arg(long, default_value = "zh")]
    pub source_lang: Lang,
    /// Language of the target documents.
    #[arg(long, default_value = "en")]
    pub target_lang: Lang,
    /// Tab-separated Chinese / English term pairs that are strong anchors.
    #[arg(long, value_name = "FILE")]
    pub glossary: Option<PathBuf>,
    /// Segment with the rules of this SRX 2.0 file (as exported by OmegaT,
    /// Okapi, memoQ or Trados) instead of the built-in ones; paragraphs are
    /// cut as OmegaT's plain-text filter cuts them. The language codes
    /// matched against its map are those of --source-tag/--target-tag, or
    /// zh-CN and en-US.
    #[arg(long, value_name = "FILE")]
    pub srx: Option<PathBuf>,
    /// Follow symbolic links that lead out of the input folder.
    #[arg(long)]
    pub follow_links: bool,
    /// Also write a review page per document and an index.html into this
    /// directory (see `tmalign review`).
    #[arg(long, value_name = "DIR")]
    pub review: Option<PathBuf>,
    #[command(flatten)]
    pub trust: super::TrustArgs,
    #[command(flatten)]
    pub tmx: crate::cli::tmx::WriteArgs,
    #[command(flatten)]
    pub input_args: crate::cli::InputArgs,
}

/// The progress bar, drawn nowhere until [`show_progress`] has its first
/// figures.
fn progress_bar(len: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} documents, {msg}, ETA {eta}")
        .map(|s| s.progress_chars("=> "))
    {
        bar.set_style(style);
    }
    bar
}

/// Shows `done` documents and the rate on the bar. The bar is put on the
/// terminal only once both are set: each setter draws a frame, and the
/// first ones read `64/496 documents, , ETA 5s` (a new user's trial,
/// session 22), or `0/496` with a rate.
fn show_progress(bar: &ProgressBar, done: usize, rate: f64) {
    bar.set_message(format!("{rate:.0} sentences/s"));
    bar.set_position(done as u64);
    if bar.is_hidden() && std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.tick();
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.source_lang == args.target_lang {
        anyhow::bail!("--source-lang and --target-lang must differ");
    }
    if !matches!(
        tmalign::export::Format::for_output(Some(&args.output)),
        tmalign::export::Format::Tmx | tmalign::export::Format::Beads
    ) {
        anyhow::bail!("{}: batch writes a TMX memory only; name it .tmx", args.output.display());
    }
    args.trust.check_doubtful_name()?;
    let discover = batch::DiscoverOptions {
        follow_links: args.follow_links,
        ..batch::DiscoverOptions::new(args.source_lang, args.target_lang)
    };
    let mut collection = batch::discover_with(&args.input, &discover)?;
    let mut outputs = vec![("the memory", args.output.as_path())];
    outputs.extend(args.report.as_deref().map(|r| ("the report", r)));
    outputs.extend(args.trust.doubtful.as_deref().map(|d| ("the doubtful memory", d)));
    batch::check_outputs(&args.input, &collection, &discover, &outputs)?;
    let written_here: Vec<&std::path::Path> =
        outputs.iter().map(|(_, p)| *p).chain(args.review.as_deref()).collect();
    collection.quiet_outputs(&written_here);
    let pairs = match args.shard {
        Some(shard) => shard.select(&collection.pairs),
        None => &collection.pairs[..],
    };
    if collection.pairs.is_empty() {
        // Names found but none usable: say why rather than "no pairs".
        if let Some(r) = collection.rejected.first() {
            let more = collection.rejected.len() - 1;
            let more = if more > 0 { format!(" (and {more} more)") } else { String::new() };
            anyhow::bail!("{}: no pair can be aligned: {}: {}{more}", args.input.display(), r.name, r.reason);
        }
        // Halves were found, none with its other half: name one.
        let halves = match collection.unpaired.first() {
            Some(p) => {
                let more = batch::and_more(collection.unpaired.len(), 1);
                format!(
                    "; {}{more} ha{} no matching file in the other language",
                    p.display(),
                    if more.is_empty() { "s" } else { "ve" }
                )
            }
            None => String::new(),
        };
        // Files found but none named as a half: name the first, with why.
        let others = match collection.ignored.first() {
            Some(i) => {
                let more = batch::and_more(collection.ignored.len(), 1);
                format!("; not read: {} ({}){more}", i.path.display(), i.reason.describe())
            }
            None => String::new(),
        };
        anyhow::bail!(
            "{}: no document pairs found (name the halves NAME.zh.txt and NAME.en.txt, NAME.zh and \
             NAME.en, or zh/NAME and en/NAME, or give a TSV manifest){halves}{others}",
            args.input.display()
        );
    }
    let anchorer = Anchorer::with_glossary(super::load_glossary(args.glossary.as_deref())?);
    let mut tmx_options = args.tmx.options();
    let tags = [tmx_options.source_tag.as_deref(), tmx_options.target_tag.as_deref()];
    let srx = super::segment::load_srx(args.srx.as_deref(), &[args.source_lang, args.target_lang], &tags)?;
    let options = BatchOptions {
        source_lang: args.source_lang,
        target_lang: args.target_lang,
        srx: srx.map(std::sync::Arc::new),
        encodings: args.input_args.encodings(),
        no_language_check: args.input_args.no_language_check,
        keep_unverified: args.trust.keep_unverified,
        doubtful: args.trust.doubtful.is_some(),
    };
    let source_tag = match &tmx_options.source_tag {
        Some(tag) => tag.clone(),
        None => tmx::tag_for(args.source_lang).to_string(),
    };
    let header = Header::new(source_tag)?;
    // Every unit dated as the memory; low scores dropped by the exporter,
    // which numbers beads before dropping any (stable `tuid`s).
    tmx_options.date = Some(header.creation_date);
    tmx_options.min_score = args.min_score.fraction();
    if let Some(w) = args.min_score.fraction_warning("--min-score") {
        eprintln!("tmalign: warning: {w}");
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.jobs.unwrap_or(0)).build()?;

    let bar = progress_bar(pairs.len());
    let started = std::time::Instant::now();
    let mut report = None;
    let mut pages = Vec::new();
    // Review pages are written into a hidden folder inside DIR and moved
    // into DIR once the run is done, so that an interrupted run (Ctrl-C)
    // leaves no pages without their index (a new user's trial, session 22,
    // found 64 pages and no index.html).
    let staging = match &args.review {
        Some(dir) => {
            if dir.exists() && !dir.is_dir() {
                anyhow::bail!("{}: not a folder; --review names a folder for the pages", dir.display());
            }
            std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
            let tmp = tempfile::Builder::new()
                .prefix(".tmalign-pages-")
                .tempdir_in(dir)
                .with_context(|| format!("{}: cannot create a temporary folder in it", dir.display()))?;
            let live = super::output::Live::folder(tmp.path());
            Some((tmp, live))
        }
        None => None,
    };
    let mut removed_chars = 0;
    // Documents in traditional characters under the default tag: the first
    // one's name, its side and how many.
    let mut traditional: Option<(String, &str, usize)> = None;
    // A memory of last month given as `-o` is replaced, not added to: said
    // once it is, with the way to add pairs (a trial user lost one so).
    let replaces = std::fs::metadata(&args.output).is_ok_and(|m| m.is_file());
    let written = super::output::write_atomic(Some(&args.output), |out| {
        super::output::write_atomic_opt(args.trust.doubtful.as_deref(), |doubtful_out| {
            let mut writer = tmx::Writer::new(out, &header)?;
            let mut doubtful_writer = doubtful_out.map(|d| tmx::Writer::new(d, &header)).transpose()?;
            let mut dedup = tmx::Dedup::new();
            let mut origins = batch::Origins::new();
            // `doubtful` flags each bead when the doubtful units go to their own memory.
            let emit = |pair: &batch::DocPair,
                        alignment: &tmalign::align::Alignment,
                        doubtful: Option<&[bool]>|
             -> anyhow::Result<batch::Written> {
                let tags = [tmx_options.source_tag.as_deref(), tmx_options.target_tag.as_deref()];
                if let Some((doc, side)) = super::traditional_untagged(alignment, tags) {
                    traditional.get_or_insert((doc.name.clone(), side, 0)).2 += 1;
                }
                let mut written = batch::Written {
                    below_min_score: alignment
                        .beads
                        .iter()
                        .filter(|b| !b.bead.is_null() && tmx_options.below_min_score(b.score))
                        .count(),
                    ..batch::Written::default()
                };
                origins.start(&pair.name);
                for mut unit in units(alignment, &tmx_options)? {
                    let (admitted, key) = dedup.admit_keyed(&mut unit);
                    origins.record(key, admitted);
                    if admitted {
                        match (doubtful, doubtful_writer.as_mut()) {
                            (Some(flags), Some(w)) if tmalign::verify::unit_is_doubtful(&unit, flags) => {
                                w.write_unit(&unit)?;
                                written.doubtful += 1;
                            }
                            _ => {
                                writer.write_unit(&unit)?;
                                written.main += 1;
                            }
                        }
                    }
                }
                written.repeats = origins.repeats();
                Ok(written)
            };
            let progress = |done: usize, sentences: usize| {
                let rate = sentences as f64 / started.elapsed().as_secs_f64().max(1e-9);
                show_progress(&bar, done, rate);
            };
            let review = |i: usize, pair: &batch::DocPair, a: &tmalign::align::Alignment| match &staging {
                Some((dir, _)) => {
                    let name = tmalign::review::page_name(i, &pair.name);
                    super::output::write_atomic(Some(&dir.path().join(&name)), |out| {
                        Ok(tmalign::review::write_page(a, &anchorer, out)?)
                    })?;
                    pages.push((i, name));
                    Ok(())
                }
                None => Ok(()),
            };
            let mut r = batch::run_inspected(&pool, pairs, &anchorer, &options, emit, progress, review)?;
            // Nothing of the batch went in: the write is abandoned, so an
            // existing memory stays as it was rather than being replaced by
            // an empty one (on standard output or a device, the empty memory
            // is finished), and the run ends as an error once the report and
            // the review index are written.
            let nothing = !r.documents.is_empty()
                && r.units + r.doubtful_units == 0
                && r.failed + r.unverified >= r.documents.len();
            writer.finish()?;
            if let Some(w) = doubtful_writer {
                w.finish()?;
            }
            r.duplicates_removed = dedup.duplicates as usize;
            removed_chars += dedup.removed_chars;
            report = Some(r);
            if nothing {
                return Err(NothingWritten.into());
            }
            Ok(())
        })
    });
    let nothing_written = match written {
        Ok(()) => false,
        Err(e) if e.is::<NothingWritten>() => true,
        Err(e) => return Err(e),
    };
    bar.finish_and_clear();
    super::output::warn_removed_chars(removed_chars);
    let mut report = report.context("batch produced no report")?;
    batch::add_collection_problems(&mut report, &collection);
    eprintln!("{}", report.summary());
    if let Some((first, side, n)) = &traditional {
        let what = if *n == 1 { first.clone() } else { format!("{n} documents ({first} …)") };
        eprintln!("{}", super::traditional_note(&what, side));
    }
    if replaces && !nothing_written {
        eprintln!(
            "tmalign: note: {} existed and was replaced; to add pairs to a memory, batch them into a new file and `merge` the two (docs/GUIDE.md, tmalign merge)",
            args.output.display()
        );
    }
    if let Some(path) = &args.report {
        super::output::write_atomic(Some(path), |out| {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            out.write_all(b"\n")?;
            Ok(())
        })?;
    }
    if let (Some(dir), Some((tmp, _live))) = (&args.review, &staging) {
        let mut links = vec![None; report.documents.len()];
        for (i, name) in pages {
            std::fs::rename(tmp.path().join(&name), dir.join(&name))
                .with_context(|| format!("{}: cannot move the review page {name} into it", dir.display()))?;
            links[i] = Some(name);
        }
        super::output::write_atomic(Some(&dir.join("index.html")), |out| {
            Ok(tmalign::review::write_index(&report, &links, out)?)
        })?;
        warn_stale_pages(dir, &links);
    }
    if nothing_written {
        let output = if args.output == std::path::Path::new("-") {
            "the memory on standard output holds no unit".to_string()
        } else {
            format!("{} left as it was", args.output.display())
        };
        anyhow::bail!(
            "{}: no pair was written ({} failed, {} unrelated or truncated); {output}",
            args.input.display(),
            report.failed,
            report.unverified
        );
    }
    let partial =
        report.failed > 0 || report.unverified > 0 || report.partial > 0 || !report.unpaired.is_empty();
    Ok(if partial { ExitCode::from(super::EXIT_PARTIAL) } else { ExitCode::SUCCESS })
}

/// The batch wrote no pair: what `run` abandons the memory's write with.
#[derive(Debug)]
struct NothingWritten;

impl std::fmt::Display for NothingWritten {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no pair was written")
    }
}

impl std::error::Error for NothingWritten {}

/// Warns about review pages of an earlier run left in `dir` (named as
/// [`tmalign::review::page_name`] names them, but not written now): the index
/// does not link them, yet they sit beside the new ones. They are the user's
/// files, so they are named, not removed.
fn warn_stale_pages(dir: &std::path::Path, written: &[Option<String>]) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut stale: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| {
            let b = f.as_bytes();
            f.ends_with(".html")
                && b.len() > 5
                && b[..4].iter().all(u8::is_ascii_digit)
                && b[4] == b'-'
                && !written.iter().flatten().any(|w| w == f)
        })
        .collect();
    if stale.is_empty() {
        return;
    }
    stale.sort();
    let more = batch::and_more(stale.len(), 3);
    stale.truncate(3);
    eprintln!(
        "tmalign: warning: {}: review pages of an earlier run left in place ({}{more}); remove them or use a new folder",
        dir.display(),
        stale.join(", ")
    );
}
