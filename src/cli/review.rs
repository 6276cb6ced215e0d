//! `tmalign review`: aligns a pair (as `align` does) and writes one HTML page
//! to check and correct the alignment in a browser (see [`crate::review`]).

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `tmalign review`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: super::align::Inputs,
    /// Show these beads (e.g. a corrected bead file) instead of aligning.
    #[arg(long, value_name = "FILE")]
    pub beads: Option<PathBuf>,
    /// The page to write (atomically); standard output when absent.
    #[arg(short, long, value_name = "FILE.html")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (alignment, anchorer, check) = args.input.align([None, None], args.beads.as_deref())?;
    // A suspect pair is exactly what a reviewer should see, so it is written anyway.
    if check.verdict.is_suspect() {
        eprintln!("warning: {}: {}", args.input.pair(), check.describe());
    }
    super::output::write_atomic(args.output.as_deref(), |out| {
        crate::review::write_page(&alignment, &anchorer, out)?;
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
