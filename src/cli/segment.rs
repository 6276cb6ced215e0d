//! `tmalign segment`.

use std::process::ExitCode;

/// Arguments of `tmalign segment`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`segment` is not implemented yet")
}
