//! `tmalign batch`.

use std::process::ExitCode;

/// Arguments of `tmalign batch`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`batch` is not implemented yet")
}
