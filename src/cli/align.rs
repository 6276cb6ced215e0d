//! `tmalign align`: aligns a document and its translation and writes the beads.
//!
//! Without `--presegmented` each input is a raw document cut into sentences
//! by the segmenter, and its paragraph breaks (blank lines) are evidence. With
//! it, every non-blank line is one sentence; blank lines are skipped and do
//! not count as sentences, so bead ids are the numbers of the non-blank lines.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::align::{align_observed, AlignOptions, Alignment, Document, Layout};
use crate::anchor::Anchorer;
use crate::export::tmx::TmxExporter;
use crate::export::{exporter, ExportOptions, Format};
use crate::lang::Lang;
use crate::verify::Verdict;

/// Arguments of `tmalign align`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: Inputs,
    /// Write the memory from these beads (a bead file, e.g. one corrected in
    /// `tmalign review`'s page) instead of aligning; they must cover every
    /// sentence of both documents once, in order.
    #[arg(long, value_name = "FILE")]
    pub beads: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "beads")]
    pub format: Format,
    /// Write here (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// With --format tmx: write doubtful units (low confidence, or no shared
    /// anchor) to this second memory, e.g. for OmegaT's tm/penalty-30/.
    #[arg(long, value_name = "FILE.tmx")]
    pub doubtful: Option<PathBuf>,
    /// Align and write a pair even when its documents do not seem to translate each other.
    #[arg(long)]
    pub keep_unverified: bool,
    #[command(flatten)]
    pub tmx: crate::cli::tmx::WriteArgs,
}

/// The documents and how they are read and aligned: shared by `align` and
/// `review`.
#[derive(Debug, clap::Args)]
pub struct Inputs {
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
    /// Segment with the rules of this SRX 2.0 file (as exported by OmegaT,
    /// Okapi, memoQ or Trados) instead of the built-in ones; paragraphs are
    /// cut as OmegaT's plain-text filter cuts them. The language codes
    /// matched against its map are those of --source-tag/--target-tag, or
    /// zh-CN and en-US.
    #[arg(long, value_name = "FILE", conflicts_with = "presegmented")]
    pub srx: Option<PathBuf>,
    /// Tab-separated Chinese / English term pairs that are strong anchors.
    #[arg(long)]
    pub glossary: Option<PathBuf>,
    /// Re-alignments with a word lexicon (IBM Model 1) learned from the
    /// previous alignment; 0 aligns by length and anchors only, 2.5 to 3
    /// times faster and with a quarter of the memory, but less accurately.
    /// Inputs over 200,000 sentences on a side never learn one.
    #[arg(long, value_name = "N", default_value_t = AlignOptions::default().lexicon_passes)]
    pub lexicon_passes: usize,
}

impl Inputs {
    /// Loads both documents and aligns them (or takes the alignment from a
    /// bead file), showing progress on a terminal; `tags` are the language
    /// codes an SRX file's map is matched with.
    pub fn align(
        &self,
        tags: [Option<&str>; 2],
        beads: Option<&std::path::Path>,
    ) -> anyhow::Result<(Alignment, Anchorer, crate::verify::Check)> {
        let glossary = super::load_glossary(self.glossary.as_deref())?;
        let layout = if self.presegmented { Layout::Presegmented } else { Layout::Raw };
        let srx = super::segment::load_srx(self.srx.as_deref(), &[Lang::Zh, Lang::En], &tags)?;
        let seg = crate::segment::Options { srx: srx.as_ref(), ..Default::default() };
        // Shown on a terminal only, and only if the alignment passes a second.
        let progress = super::progress::Delayed::stderr();
        progress.stage("reading and segmenting");
        let source = Document::load_with(&self.source, self.source_lang, layout, seg)?;
        let target = Document::load_with(&self.target, self.target_lang, layout, seg)?;
        let anchorer = Anchorer::with_glossary(glossary);
        let alignment = match beads {
            Some(path) => {
                let text = crate::input::read_text(Some(path))?;
                let beads = crate::review::parse_and_check(&text.text, &source, &target)
                    .with_context(|| text.name.clone())?;
                crate::review::from_beads(source, target, beads, &anchorer)
            }
            None => {
                let opts = AlignOptions { lexicon_passes: self.lexicon_passes };
                align_observed(source, target, &anchorer, &opts, &mut |s| progress.stage(s))
            }
        };
        progress.stage("checking the pair");
        let check = crate::verify::check(&alignment, &anchorer);
        // Writing is quick; the line goes before any warning is printed.
        progress.finish();
        Ok((alignment, anchorer, check))
    }

    /// "SOURCE + TARGET", for messages.
    pub fn pair(&self) -> String {
        format!("{} + {}", self.source.display(), self.target.display())
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let exp = exporter(args.format, &ExportOptions { tmx: args.tmx.options() });
    if args.doubtful.is_some() && args.format != Format::Tmx {
        anyhow::bail!("--doubtful needs --format tmx");
    }
    let tags = [args.tmx.source_tag.as_deref(), args.tmx.target_tag.as_deref()];
    let (alignment, anchorer, check) = args.input.align(tags, args.beads.as_deref())?;
    let pair = args.input.pair();
    match check.verdict {
        // Beads a person checked are written whatever the check says.
        Verdict::Unrelated if !args.keep_unverified && args.beads.is_none() => {
            anyhow::bail!("{pair}: {} (--keep-unverified writes it anyway)", check.describe())
        }
        v if v.is_suspect() => eprintln!("warning: {pair}: {}", check.describe()),
        _ => {}
    }
    let mut summary = Default::default();
    match &args.doubtful {
        // Both memories are complete before either is renamed into place.
        Some(path) => {
            let flags = crate::verify::doubtful_beads(&alignment, &anchorer);
            let route = |u: &crate::tmx::Unit| crate::verify::unit_is_doubtful(u, &flags);
            let tmx = TmxExporter::new(args.tmx.options());
            super::output::write_atomic(args.output.as_deref(), |out| {
                super::output::write_atomic(Some(path), |second| {
                    summary = tmx.write_split(&alignment, out, Some((second, &route)))?;
                    Ok(())
                })
            })?;
        }
        None => super::output::write_atomic(args.output.as_deref(), |out| {
            summary = exp.write(&alignment, out)?;
            Ok(())
        })?,
    }
    super::output::warn_removed_chars(summary.removed_chars);
    Ok(ExitCode::SUCCESS)
}
