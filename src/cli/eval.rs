//! `tmalign eval`.

use std::process::ExitCode;

/// Arguments of `tmalign eval`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`eval` is not implemented yet")
}
