//! `tmalign concord`.

use std::process::ExitCode;

/// Arguments of `tmalign concord`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`concord` is not implemented yet")
}
