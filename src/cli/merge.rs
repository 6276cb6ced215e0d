//! `tmalign merge`.

use std::process::ExitCode;

/// Arguments of `tmalign merge`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`merge` is not implemented yet")
}
