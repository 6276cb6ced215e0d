//! `tmalign align`: aligns a document and its translation and writes the beads.
//!
//! Without `--presegmented` each input is a raw document cut into sentences
//! by the segmenter, and its paragraph breaks (blank lines) are evidence. With
//! it, every non-blank line is one sentence; blank lines are skipped and do
//! not count as sentences, so bead ids are the numbers of the non-blank lines.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::align::{align_with, AlignOptions, Document};
use crate::anchor::{Anchorer, Glossary};
use crate::export::{exporter, ExportOptions, Format};
use crate::input;
use crate::lang::{self, Lang};
use crate::segment::{self, Sentence};

/// Arguments of `tmalign align`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The source document (usually Chinese).
    pub source: PathBuf,
    /// The target document (usually English).
    pub target: PathBuf,
    /// Language of the source (zh or en); detected by script when absent.
    #[arg(long)]
    pub source_lang: Option<Lang>,
    /// Language of the target (zh or en); detected by script when absent.
    #[arg(long)]
    pub target_lang: Option<Lang>,
    /// Inputs hold one sentence per line (blank lines are skipped).
    #[arg(long)]
    pub presegmented: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "beads")]
    pub format: Format,
    /// Write here (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Tab-separated Chinese / English term pairs that are strong anchors.
    #[arg(long)]
    pub glossary: Option<PathBuf>,
    #[command(flatten)]
    pub tmx: crate::cli::tmx::WriteArgs,
}

/// Sentences of a presegmented file: one per non-blank line.
pub fn lines_as_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let t = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            out.push(Sentence { text: t, start, end: start + line.trim_end().len(), paragraph: 0 });
        }
    }
    out
}

fn load(path: &std::path::Path, lang: Option<Lang>, presegmented: bool) -> anyhow::Result<Document> {
    let text = input::read_text(Some(path))?;
    let lang = match lang.or_else(|| lang::detect(&text.text)) {
        Some(l) => l,
        None => anyhow::bail!(
            "{}: cannot tell the language (no letters); pass --source-lang/--target-lang",
            text.name
        ),
    };
    let sentences =
        if presegmented { lines_as_sentences(&text.text) } else { segment::segment(&text.text, lang) };
    if sentences.is_empty() {
        anyhow::bail!("{}: no sentences to align (the file is empty or blank)", text.name);
    }
    Ok(Document { name: text.name, lang, sentences })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let exp = exporter(args.format, &ExportOptions { tmx: args.tmx.options() })?;
    let glossary = match &args.glossary {
        Some(p) => {
            let t = input::read_text(Some(p))?;
            Glossary::from_tsv(&t.text).with_context(|| t.name.clone())?
        }
        None => Glossary::default(),
    };
    let source = load(&args.source, args.source_lang, args.presegmented)?;
    let target = load(&args.target, args.target_lang, args.presegmented)?;
    let alignment = align_with(source, target, &Anchorer::with_glossary(glossary), &AlignOptions::default());
    input::write_atomic(args.output.as_deref(), |out| exp.write(&alignment, out))?;
    Ok(ExitCode::SUCCESS)
}
