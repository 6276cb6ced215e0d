//! `tmalign align`: aligns a document and its translation and writes the beads.
//!
//! Without `--presegmented` each input is a raw document cut into sentences
//! by the segmenter, and its paragraph breaks (blank lines) are evidence. With
//! it, every non-blank line is one sentence; blank lines are skipped and do
//! not count as sentences, so bead ids are the numbers of the non-blank lines.

use std::path::PathBuf;
use std::process::ExitCode;

use tmalign::align::{align_observed, AlignOptions, Layout};
use tmalign::anchor::Anchorer;
use tmalign::export::tmx::TmxExporter;
use tmalign::export::{exporter, ExportOptions, Format};
use tmalign::input;
use tmalign::lang::Lang;
use tmalign::verify::Verdict;

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
    /// Segment with the rules of this SRX 2.0 file (as exported by OmegaT,
    /// Okapi, memoQ or Trados) instead of the built-in ones; paragraphs are
    /// cut as OmegaT's plain-text filter cuts them. The language codes
    /// matched against its map are those of --source-tag/--target-tag, or
    /// zh-CN and en-US.
    #[arg(long, value_name = "FILE", conflicts_with = "presegmented")]
    pub srx: Option<PathBuf>,
    /// Output format [default: from the -o extension (.tmx, .tsv, .json), else beads].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write here (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Tab-separated Chinese / English term pairs that are strong anchors.
    #[arg(long)]
    pub glossary: Option<PathBuf>,
    /// Re-alignments with a word lexicon (IBM Model 1) learned from the
    /// previous alignment; 0 aligns by length and anchors only, 2.5 to 3
    /// times faster and with a quarter of the memory, but less accurately.
    /// Inputs over 200,000 sentences on a side never learn one.
    #[arg(long, value_name = "N", default_value_t = AlignOptions::default().lexicon_passes)]
    pub lexicon_passes: usize,
    /// With --format tmx: write doubtful units (low confidence, or no shared
    /// anchor) to this second memory, e.g. for OmegaT's tm/penalty-30/.
    #[arg(long, value_name = "FILE.tmx")]
    pub doubtful: Option<PathBuf>,
    /// Align and write a pair even when its documents do not seem to translate each other.
    #[arg(long)]
    pub keep_unverified: bool,
    #[command(flatten)]
    pub tmx: crate::cli::tmx::WriteArgs,
    #[command(flatten)]
    pub input: crate::cli::InputArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut inputs = vec![("the source", args.source.as_path()), ("the target", args.target.as_path())];
    inputs.extend(args.glossary.as_deref().map(|g| ("the glossary", g)));
    inputs.extend(args.srx.as_deref().map(|f| ("the SRX rules", f)));
    input::check_output(args.output.as_deref(), &inputs)?;
    input::check_output(args.doubtful.as_deref(), &inputs)?;
    if let (Some(d), Some(o)) = (args.doubtful.as_deref(), args.output.as_deref()) {
        input::check_output(Some(d), &[("the output", o)])?;
    }
    let glossary = super::load_glossary(args.glossary.as_deref())?;
    let layout = if args.presegmented { Layout::Presegmented } else { Layout::Raw };
    let format = args.format.unwrap_or_else(|| Format::for_output(args.output.as_deref()));
    if args.doubtful.is_some() && format != Format::Tmx {
        anyhow::bail!("--doubtful needs TMX output (-o FILE.tmx or --format tmx)");
    }
    let tags = [args.tmx.source_tag.as_deref(), args.tmx.target_tag.as_deref()];
    let srx = super::segment::load_srx(args.srx.as_deref(), &[Lang::Zh, Lang::En], &tags)?;
    let seg = tmalign::segment::Options { srx: srx.as_ref(), ..Default::default() };
    // Shown on a terminal only, and only if the alignment passes a second.
    let progress = super::progress::Delayed::stderr();
    progress.stage("reading and segmenting");
    let pair = input::load_pair(
        &args.source,
        &args.target,
        &args.input.pair_options(args.source_lang, args.target_lang, layout, seg),
    )?;
    let (mut source, target) = (pair.source, pair.target);
    // TMX names the document by the pair's name, never by a path as typed.
    source.name = input::pair_name(&args.source);
    let encodings = Some([pair.source_encoding, pair.target_encoding]);
    let exp = exporter(format, &ExportOptions { tmx: args.tmx.options(), encodings });
    let opts = AlignOptions { lexicon_passes: args.lexicon_passes };
    let anchorer = Anchorer::with_glossary(glossary);
    let alignment = align_observed(source, target, &anchorer, &opts, &mut |s| progress.stage(s));
    progress.stage("checking the pair");
    let check = tmalign::verify::check(&alignment, &anchorer);
    // Writing is quick; the line goes before any warning is printed.
    progress.finish();
    let pair = format!("{} + {}", args.source.display(), args.target.display());
    match check.verdict {
        Verdict::Unrelated if !args.keep_unverified => {
            anyhow::bail!("{pair}: {} (--keep-unverified writes it anyway)", check.describe())
        }
        v if v.is_suspect() => eprintln!("warning: {pair}: {}", check.describe()),
        _ => {}
    }
    let mut summary = Default::default();
    match &args.doubtful {
        // Both memories are complete before either is renamed into place.
        Some(path) => {
            let flags = tmalign::verify::doubtful_beads(&alignment, &anchorer);
            let route = |u: &tmalign::tmx::Unit| tmalign::verify::unit_is_doubtful(u, &flags);
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
