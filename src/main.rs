use std::process::ExitCode;

use clap::{Parser, Subcommand};
mod cli;

// Segmenting and aligning allocate one string per sentence; mimalloc keeps
// freed pages for reuse instead of faulting fresh ones in (benches/segment.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Chinese-English sentence alignment into translation memories, and lookup
/// of prior translations.
#[derive(Parser)]
#[command(name = "tmalign", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Split a document into sentences, one per line.
    Segment(cli::segment::Args),
    /// Align the sentences of a document and its translation.
    Align(cli::align::Args),
    /// Write an HTML page to check and correct an alignment in a browser.
    Review(cli::review::Args),
    /// Score predicted beads against gold beads.
    Eval(cli::eval::Args),
    /// Inspect TMX files.
    #[command(subcommand)]
    Tmx(cli::tmx::Command),
    /// Build a lookup index over TMX memories.
    Index(cli::index::Args),
    /// Find prior translations of a sentence (fuzzy match).
    Lookup(cli::lookup::Args),
    /// Find every unit that contains a phrase, with its translations.
    Concord(cli::concord::Args),
    /// Write a glossary of the titles, organisations and names of a memory.
    Glossary(cli::glossary::Args),
    /// Align a whole collection of document pairs into one memory.
    Batch(cli::batch::Args),
    /// Merge TMX memories, removing duplicate units.
    Merge(cli::merge::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // `--help` and `--version` print to stdout and exit 0; no command
        // at all prints the help (exit 2).
        Err(e)
            if !e.use_stderr()
                || e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            e.exit()
        }
        Err(e) => {
            eprintln!("tmalign: error: {}", usage_error(&e));
            return ExitCode::from(cli::EXIT_ERROR);
        }
    };
    cli::output::clean_up_on_signals();
    let result = match cli.command {
        Command::Segment(a) => cli::segment::run(a),
        Command::Align(a) => cli::align::run(a),
        Command::Review(a) => cli::review::run(a),
        Command::Eval(a) => cli::eval::run(a),
        Command::Tmx(c) => cli::tmx::run(c),
        Command::Index(a) => cli::index::run(a),
        Command::Lookup(a) => cli::lookup::run(a),
        Command::Concord(a) => cli::concord::run(a),
        Command::Glossary(a) => cli::glossary::run(a),
        Command::Batch(a) => cli::batch::run(a),
        Command::Merge(a) => cli::merge::run(a),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("tmalign: error: {}", one_line(&err));
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}

/// A command-line mistake on one line, as every other error: clap's
/// message (with the arguments it lists) and its tip, without the usage
/// block (`--help` has it).
fn usage_error(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let (mut message, mut tips) = (Vec::new(), Vec::new());
    let mut in_message = false;
    for l in text.lines() {
        let t = l.trim();
        if let Some(m) = t.strip_prefix("error: ") {
            message.push(m.trim_end_matches(':').to_string());
            in_message = true;
        } else if let Some(tip) = t.strip_prefix("tip: ") {
            tips.push(tip.to_string());
        } else if t.is_empty() {
            in_message = false;
        } else if in_message {
            message.push(t.to_string());
        }
    }
    let mut line = if message.is_empty() { "invalid arguments".to_string() } else { message.join(" ") };
    for tip in tips {
        line.push_str(&format!(" ({tip})"));
    }
    line + "; see `tmalign --help`"
}

/// The chain of contexts joined by ": ", on one line. A library error that
/// already prints its cause (`{path}: {source}`) also hands that cause on as
/// its source, so a cause the message so far ends with is not repeated, and
/// a cause that begins with the message so far replaces it.
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.ends_with(&text) {
            continue;
        }
        // A context naming the file, over a cause that names it too.
        if !line.is_empty() && text.starts_with(&line) {
            line = text;
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    tmalign::input::without_os_code(&line.replace(['\n', '\r'], " "))
}
