//! `tmalign review`: aligns a pair (as `align` does) and writes one HTML page
//! to check and correct the alignment in a browser (see [`tmalign::review`]).

use std::path::PathBuf;
use std::process::ExitCode;

use super::align::Aligned;

/// Arguments of `tmalign review`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub docs: super::align::Documents,
    /// Show these beads (e.g. a corrected bead file) instead of aligning.
    #[arg(long, value_name = "FILE")]
    pub beads: Option<PathBuf>,
    /// The page to write (atomically); standard output when absent.
    #[arg(short, long, value_name = "FILE.html")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    tmalign::input::check_output(args.output.as_deref(), &args.docs.inputs(args.beads.as_deref()))?;
    let Aligned { alignment, anchorer, check, .. } = args.docs.align([None, None], args.beads.as_deref())?;
    // A suspect pair is exactly what a reviewer should see, so it is written anyway.
    if check.verdict.warns() {
        eprintln!("tmalign: warning: {}: {}", args.docs.pair(), check.describe());
    }
    super::output::write_atomic(args.output.as_deref(), |out| {
        tmalign::review::write_page(&alignment, &anchorer, out)?;
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
