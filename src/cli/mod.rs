//! The subcommands of the `tmalign` binary: each file holds one command's
//! arguments and the glue from them to the library.
//!
//! Every `run` returns the process exit code on success; an `Err` is printed
//! by `main` as one line and exits with [`EXIT_ERROR`].

pub mod align;
pub mod batch;
pub mod concord;
pub mod eval;
pub mod index;
pub mod lookup;
pub mod merge;
pub mod output;
pub mod progress;
pub mod review;
pub mod segment;
pub mod sigbus;
pub mod tmx;

/// Exit code for bad input or a failed command (as clap uses for bad usage).
pub const EXIT_ERROR: u8 = 2;
/// Exit code when a batch finished but some documents failed.
pub const EXIT_PARTIAL: u8 = 1;

/// The user's glossary (`--glossary FILE`), or an empty one.
fn load_glossary(path: Option<&std::path::Path>) -> anyhow::Result<crate::anchor::Glossary> {
    use anyhow::Context;
    match path {
        Some(p) => {
            let t = crate::input::read_text(Some(p))?;
            crate::anchor::Glossary::from_tsv(&t.text).with_context(|| t.name.clone())
        }
        None => Ok(crate::anchor::Glossary::default()),
    }
}
