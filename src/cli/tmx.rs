//! `tmalign tmx …`: inspecting TMX files; also the TMX writing options
//! shared by every command that writes TMX.

use std::process::ExitCode;

/// Options of every command that writes TMX.
#[derive(Debug, Clone, clap::Args)]
pub struct WriteArgs {}

/// `tmalign tmx` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {}

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {}
}
