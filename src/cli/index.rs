//! `tmalign index`: builds (or verifies) a lookup index over TMX memories.
//!
//! The index is written to a temporary file renamed into place
//! ([`super::output::write_atomic`]), so lookups running on the old index
//! keep reading the old file; rebuilding in place (`cp`, `rsync --inplace`)
//! is what makes a running lookup fail (see [`crate::memory::index`]).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::memory::{self, Memory};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

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
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.verify {
        for p in &args.inputs {
            let mem = Memory::open(p)?;
            mem.verify()?;
            for why in mem.stale_sources() {
                eprintln!("tmalign: warning: {}: {why}; rebuild the index with `tmalign index`", p.display());
            }
            eprintln!("{}: ok, {} units", p.display(), mem.len());
        }
        return Ok(ExitCode::SUCCESS);
    }
    // Fail before reading gigabytes of TMX, not after.
    let inputs: Vec<_> = args.inputs.iter().map(|p| ("the input", p.as_path())).collect();
    crate::input::check_output(args.output.as_deref(), &inputs)?;
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
    let mut entries = Vec::new();
    let mut files = Vec::new();
    let mut sources = Vec::new();
    for (i, p) in args.inputs.iter().enumerate() {
        bar.set_message(format!("reading {}", p.display()));
        let file = u32::try_from(i).context("too many input files")?;
        // Stamped before reading, so that a change made while it is read is
        // noticed by the next lookup.
        sources.push(memory::SourceStamp::of(p).with_context(|| p.display().to_string())?);
        let before = entries.len();
        memory::read_tmx(p, file, &mut entries, &mut |e| {
            bar.suspend(|| eprintln!("tmalign: warning: {}: skipped unit: {e}", p.display()))
        })
        .with_context(|| p.display().to_string())?;
        bar.set_position(entries.len() as u64);
        if entries.len() == before {
            bar.suspend(|| eprintln!("tmalign: warning: {}: no Chinese or English units", p.display()));
        }
        files.push(p.display().to_string());
    }
    bar.set_message("indexing");
    bar.set_position(0);
    let mut built = memory::index::build_index(&files, &entries, &|n| bar.set_position(n))?;
    built.set_sources(&sources);
    bar.finish_and_clear();
    super::output::write_atomic(args.output.as_deref(), |w| {
        built.write_to(w)?;
        Ok(())
    })?;
    eprintln!("indexed {} units from {} file(s)", entries.len(), files.len());
    Ok(ExitCode::SUCCESS)
}
