//! `tmalign index`: builds (or verifies) a lookup index over TMX memories.
//!
//! The index is written to a temporary file renamed into place
//! ([`super::output::write_atomic`]), so lookups running on the old index
//! keep reading the old file; rebuilding in place (`cp`, `rsync --inplace`)
//! is what makes a running lookup fail (see [`tmalign::memory::index`]).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tmalign::memory::{self, Memory};

/// Arguments of `tmalign index`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// TMX memories to index (or, with --verify, the index to check).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The index file to write.
    #[arg(short, long, required_unless_present = "verify")]
    pub output: Option<PathBuf>,
    /// Check an existing index instead of building one: every checksum and
    /// every table, and whether its source files changed since.
    #[arg(long)]
    pub verify: bool,
    #[command(flatten)]
    pub read: super::ReadArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.verify {
        let mut stale_any = false;
        for p in &args.inputs {
            let mem = Memory::open(p)?;
            mem.verify()?;
            let stale = mem.stale_sources_thoroughly();
            for why in &stale {
                eprintln!("tmalign: warning: {}: {why}; rebuild the index with `tmalign index`", p.display());
            }
            if stale.is_empty() {
                eprintln!("{}: ok, {} units", p.display(), mem.len());
            } else {
                stale_any = true;
                eprintln!("{}: intact but out of date, {} units", p.display(), mem.len());
            }
        }
        // An intact index of changed sources answers, but not for what the
        // sources now hold: partial success.
        return Ok(if stale_any { ExitCode::from(super::EXIT_PARTIAL) } else { ExitCode::SUCCESS });
    }
    // Fail before reading gigabytes of TMX, not after.
    let inputs: Vec<_> = args.inputs.iter().map(|p| ("the input", p.as_path())).collect();
    tmalign::input::check_output(args.output.as_deref(), &inputs)?;
    if let Some(out) = args.output.as_deref() {
        // `lookup` and `concord` take a `.tmx` file for a TMX memory: an
        // index under that name could never be opened as one.
        if out.extension().is_some_and(|e| e.eq_ignore_ascii_case("tmx")) {
            anyhow::bail!("{}: an index is not a TMX file; name it .tmi", out.display());
        }
    }
    if let Some(p) = tmalign::input::repeated_path(&args.inputs) {
        anyhow::bail!("{}: given twice; each memory is indexed once", p.display());
    }
    if let Some(dir) = args.output.as_deref().and_then(|o| o.parent()).filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            anyhow::bail!("{}: no such directory for the index", dir.display());
        }
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {pos} units")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    // Temporary files go next to the index: the same disk, which must hold
    // the index anyway.
    let spill_dir = match args.output.as_deref().and_then(|o| o.parent()) {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        Some(_) => PathBuf::from("."),
        None => std::env::temp_dir(),
    };
    let mut builder = memory::Builder::new(&spill_dir)?;
    let mut files = Vec::new();
    let mut sources = Vec::new();
    // One set for all the inputs: a unit of a later file with the texts of
    // an earlier one is skipped, the earlier kept.
    let mut distinct = memory::Distinct::new();
    for (i, p) in args.inputs.iter().enumerate() {
        bar.set_message(format!("reading {}", p.display()));
        let file = builder.add_file(&p.display().to_string())?;
        debug_assert_eq!(file as usize, i);
        // Stamped before reading, so that a change made while it is read is
        // noticed by the next lookup.
        sources.push(memory::SourceStamp::of_whole(p).with_context(|| p.display().to_string())?);
        let (before, repeated) = (builder.len(), distinct.duplicates);
        let dropped = memory::for_each_tmx_entry(
            p,
            file,
            args.read.lenient,
            &mut distinct,
            &mut |e| {
                builder.push(e)?;
                if builder.len() % 65536 == 0 {
                    bar.set_position(builder.len() as u64);
                }
                Ok(())
            },
            &mut |e| bar.suspend(|| eprintln!("tmalign: warning: {}: skipped unit: {e}", p.display())),
        )
        .with_context(|| p.display().to_string())?;
        bar.suspend(|| args.read.report(&p.display().to_string(), dropped));
        bar.set_position(builder.len() as u64);
        if builder.len() == before {
            let why = if distinct.duplicates > repeated {
                "every unit repeats an earlier one"
            } else {
                "no Chinese or English units"
            };
            bar.suspend(|| eprintln!("tmalign: warning: {}: {why}", p.display()));
        }
        files.push(p.display().to_string());
    }
    let units = builder.len();
    // Only the count is needed from here: the fingerprints (tens of bytes a
    // unit in the hash set) are freed before the index is built.
    let duplicates = distinct.duplicates;
    drop(distinct);
    let mut built = builder.finish(&|side, n| {
        bar.set_message(if side == 0 { "indexing Chinese" } else { "indexing English" });
        bar.set_position(n);
    })?;
    built.set_sources(&sources);
    bar.finish_and_clear();
    super::output::write_atomic(args.output.as_deref(), |w| {
        built.write_to(w)?;
        Ok(())
    })?;
    if duplicates > 0 {
        eprintln!(
            "tmalign: index: {} duplicate units skipped (the texts of an earlier unit; the first is kept)",
            duplicates
        );
    }
    eprintln!("indexed {units} units from {} file(s)", files.len());
    Ok(ExitCode::SUCCESS)
}
