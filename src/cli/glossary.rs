//! `tmalign glossary`: a bilingual glossary of the titles, organisations and
//! names of a memory, for a CAT tool.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use tmalign::export::glossary::{self, GlossaryEntry, GlossaryFormat};
use tmalign::memory::terms::{extract, ExtractOptions};

/// Characters of the example sentence given with each entry.
const EXAMPLE_CHARS: usize = 40;

/// Arguments of `tmalign glossary`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The memory: an index (.tmi) or a TMX file, indexed on the fly.
    pub tm: PathBuf,
    /// The glossary to write; the format follows the extension.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Fewest units a term must occur in.
    #[arg(long, default_value_t = 2, value_parser = super::at_least_one)]
    pub min_count: usize,
    /// Most titles and organisations looked up (the most frequent).
    #[arg(long, default_value_t = 500)]
    pub max_terms: usize,
    /// Refuse (exit 2) an index whose source TMX files changed or are gone
    /// since it was built, instead of warning.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub read: super::ReadArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Checked before the (long) extraction.
    if GlossaryFormat::for_path(&args.output).is_none() {
        anyhow::bail!(
            "{}: unknown glossary format (use .txt, .tsv, .tab, .utf8, .csv or .tbx)",
            args.output.display()
        );
    }
    tmalign::input::check_output(Some(&args.output), &[("the memory", &args.tm)])?;
    let mem = super::lookup::open_memory(&args.tm, args.strict, args.read)?;
    let name = || args.tm.display().to_string();
    let opts = ExtractOptions { min_count: args.min_count, max_terms: args.max_terms };
    let terms = extract(&mem, opts).with_context(name)?;
    let entries = terms
        .iter()
        .map(|t| {
            let (_, unit) = mem.origin(t.example as usize)?;
            // The example is the unit's source sentence, cut short: what a
            // translator recognises in a glossary's comment column.
            let text = mem.text(t.example as usize, tmalign::lang::Lang::Zh)?;
            let mut snippet: String = text.chars().take(EXAMPLE_CHARS).collect();
            if snippet.len() < text.len() {
                snippet.push('…');
            }
            Ok(GlossaryEntry {
                source: t.source.clone(),
                target: t.target.clone(),
                count: t.count,
                score: t.score,
                // A target term that is written with a place or person in
                // the memory shows one such form after the example.
                example: match &t.slot_example {
                    Some(named) => format!("{snippet} (unit {unit}); with a name: {named}"),
                    None => format!("{snippet} (unit {unit})"),
                },
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    mem.check()?;
    let summary = glossary::write(&args.output, "zh-CN", "en-US", &entries, &[args.tm.as_path()])?;
    eprintln!("wrote {} entries to {}", summary.written, args.output.display());
    // The format is right, the name is not one OmegaT looks for.
    if args.output.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv")) {
        eprintln!(
            "tmalign: warning: {}: OmegaT does not load a glossary named .tsv; name it .txt for OmegaT",
            args.output.display()
        );
    }
    if !summary.skipped.is_empty() {
        eprintln!("{} entries left out (empty once cleaned)", summary.skipped.len());
    }
    Ok(ExitCode::SUCCESS)
}
