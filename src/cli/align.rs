//! `tmalign align`.

use std::process::ExitCode;

/// Arguments of `tmalign align`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`align` is not implemented yet")
}
