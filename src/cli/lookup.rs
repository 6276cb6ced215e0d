//! `tmalign lookup`.

use std::process::ExitCode;

/// Arguments of `tmalign lookup`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`lookup` is not implemented yet")
}
