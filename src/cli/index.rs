//! `tmalign index`.

use std::process::ExitCode;

/// Arguments of `tmalign index`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`index` is not implemented yet")
}
