//! `tmalign align`: aligns a document and its translation and writes the beads.
//!
//! Without `--presegmented` each input is a raw document cut into sentences
//! by the segmenter, and its paragraph breaks (blank lines) are evidence. With
//! it, every non-blank line is one sentence; blank lines are skipped and do
//! not count as sentences, so bead ids are the numbers of the non-blank lines.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use tmalign::align::{AlignOptions, Alignment, Layout};
use tmalign::anchor::Anchorer;
use tmalign::export::tmx::TmxExporter;
use tmalign::export::{exporter, ExportOptions, Format};
use tmalign::input;
use tmalign::lang::Lang;
use tmalign::verify::Verdict;

/// Pairs of up to this many sentences (both sides) are checked while they
/// are aligned (see [`Documents::align`]); longer ones after, so that the
/// check's chance alignment does not add to the aligner's peak memory.
/// Chapters and articles are far below it.
const CHECK_ALONGSIDE_SENTENCES: usize = 20_000;

/// Arguments of `tmalign align`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub docs: Documents,
    /// Write these beads (a bead file, e.g. one corrected in `tmalign
    /// review`'s page) instead of aligning; they must cover every sentence
    /// of both documents once, in order.
    #[arg(long, value_name = "FILE")]
    pub beads: Option<PathBuf>,
    /// Output format [default: from the -o extension (.tmx, .tsv, .json), else beads].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write here (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Also write why each bead was chosen to FILE: its cost terms (shape,
    /// length, evidence, lexical, paragraph) and the cheapest other ways to
    /// cut its sentences and the next bead's, with the margin each lost by.
    /// JSON when FILE ends in .json, else text.
    #[arg(long, value_name = "FILE", conflicts_with = "beads")]
    pub explain: Option<PathBuf>,
    #[command(flatten)]
    pub trust: super::TrustArgs,
    #[command(flatten)]
    pub tmx: crate::cli::tmx::WriteArgs,
}

/// The documents and how they are read and aligned: shared by `align` and
/// `review`.
#[derive(Debug, clap::Args)]
pub struct Documents {
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
    /// matched against its map are zh-CN and en-US, or those of
    /// --source-tag/--target-tag (align).
    #[arg(long, value_name = "FILE", conflicts_with = "presegmented")]
    pub srx: Option<PathBuf>,
    /// Tab-separated Chinese / English term pairs that are strong anchors.
    #[arg(long)]
    pub glossary: Option<PathBuf>,
    /// Re-alignments with a word lexicon (IBM Model 1) learned from the
    /// previous alignment; 0 aligns by length and anchors only, 1.5 to 2
    /// times faster and with half to three quarters of the memory, but less
    /// accurately.
    /// Inputs over 200,000 sentences on a side never learn one.
    #[arg(long, value_name = "N", default_value_t = AlignOptions::default().lexicon_passes)]
    pub lexicon_passes: usize,
    #[command(flatten)]
    pub input: crate::cli::InputArgs,
}

/// A pair read and aligned (or given its beads) and checked.
pub struct Aligned {
    pub alignment: Alignment,
    pub anchorer: Anchorer,
    pub check: tmalign::verify::Check,
    pub encodings: [&'static str; 2],
}

impl Documents {
    /// The files read, named for the check that no output overwrites one.
    pub fn inputs<'a>(&'a self, beads: Option<&'a Path>) -> Vec<(&'static str, &'a Path)> {
        let mut inputs = vec![("the source", self.source.as_path()), ("the target", self.target.as_path())];
        inputs.extend(self.glossary.as_deref().map(|g| ("the glossary", g)));
        inputs.extend(self.srx.as_deref().map(|f| ("the SRX rules", f)));
        inputs.extend(beads.map(|b| ("the beads", b)));
        inputs
    }

    /// Reads both documents and aligns them, or takes the alignment from
    /// the bead file `beads` after checking it against them; then checks
    /// the pair. Progress shows on a terminal; `tags` are the language
    /// codes an SRX file's map is matched with.
    pub fn align(&self, tags: [Option<&str>; 2], beads: Option<&Path>) -> anyhow::Result<Aligned> {
        self.align_explained(tags, beads, false).map(|(a, _)| a)
    }

    /// [`Documents::align`], with the explanation of every bead when
    /// `explain` (never for beads read from a file).
    pub fn align_explained(
        &self,
        tags: [Option<&str>; 2],
        beads: Option<&Path>,
        explain: bool,
    ) -> anyhow::Result<(Aligned, Vec<tmalign::align::Explanation>)> {
        let glossary = super::load_glossary(self.glossary.as_deref())?;
        let layout = if self.presegmented { Layout::Presegmented } else { Layout::Raw };
        let srx = super::segment::load_srx(self.srx.as_deref(), &[Lang::Zh, Lang::En], &tags)?;
        let seg = tmalign::segment::Options { srx: srx.as_ref(), ..Default::default() };
        // Shown on a terminal only, and only if the alignment passes a second.
        let progress = super::progress::Delayed::stderr();
        progress.stage("reading and segmenting");
        let pair = input::load_pair(
            &self.source,
            &self.target,
            &self.input.pair_options(self.source_lang, self.target_lang, layout, seg),
        )?;
        let (mut source, mut target) = (pair.source, pair.target);
        // TMX names the document by the pair's name, never by a path as
        // typed; JSON and the review page name both halves the same way.
        source.name = input::pair_name(&self.source);
        target.name = input::pair_name(&self.target);
        let encodings = [pair.source_encoding, pair.target_encoding];
        let anchorer = Anchorer::with_glossary(glossary);
        let (alignment, explanations, check) = match beads {
            Some(path) => {
                let text = input::read_text(Some(path))?;
                let beads = tmalign::review::parse_and_check(&text.text, &source, &target)
                    .with_context(|| text.name.clone())?;
                let prepared = tmalign::verify::prepare(&source, &target, &anchorer);
                let alignment = tmalign::review::from_beads(source, target, beads, &anchorer);
                progress.stage("checking the pair");
                let check = prepared.finish(&alignment);
                (alignment, Vec::new(), check)
            }
            None => {
                let opts = AlignOptions { lexicon_passes: self.lexicon_passes };
                // The pair check reads the anchor keys the aligner read.
                // Short pairs prepare it while they are aligned, the two
                // sharing the cores; long ones after, so that it does not
                // add to the aligner's peak memory.
                let alongside = source.sentences.len() + target.sentences.len() <= CHECK_ALONGSIDE_SENTENCES;
                let stage = &mut |s| progress.stage(s);
                tmalign::verify::align_and_check(source, target, &anchorer, &opts, stage, explain, alongside)
            }
        };
        // Writing is quick; the line goes before any warning is printed.
        progress.finish();
        Ok((Aligned { alignment, anchorer, check, encodings }, explanations))
    }

    /// "SOURCE + TARGET", for messages.
    pub fn pair(&self) -> String {
        format!("{} + {}", self.source.display(), self.target.display())
    }
}

/// The outputs of `outputs` that were asked for, named.
fn given<'a>(outputs: &[(&'static str, Option<&'a Path>)]) -> Vec<(&'static str, &'a Path)> {
    outputs.iter().filter_map(|&(what, p)| p.map(|p| (what, p))).collect()
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let inputs = args.docs.inputs(args.beads.as_deref());
    input::check_output(args.output.as_deref(), &inputs)?;
    input::check_output(args.trust.doubtful.as_deref(), &inputs)?;
    input::check_output(args.explain.as_deref(), &inputs)?;
    // Nor may one output be another: the last written would replace the others.
    let (output, doubtful) = (args.output.as_deref(), args.trust.doubtful.as_deref());
    input::check_output(doubtful, &given(&[("the output", output)]))?;
    input::check_output(
        args.explain.as_deref(),
        &given(&[("the output", output), ("the doubtful memory", doubtful)]),
    )?;
    let format = args.format.unwrap_or_else(|| Format::for_output(args.output.as_deref()));
    if args.trust.doubtful.is_some() && format != Format::Tmx {
        anyhow::bail!("--doubtful needs TMX output (-o FILE.tmx or --format tmx)");
    }
    args.trust.check_doubtful_name()?;
    let tags = [args.tmx.source_tag.as_deref(), args.tmx.target_tag.as_deref()];
    let (Aligned { alignment, anchorer, check, encodings }, explanations) =
        args.docs.align_explained(tags, args.beads.as_deref(), args.explain.is_some())?;
    // Only a TMX memory carries language tags.
    if format == Format::Tmx {
        if let Some((doc, side)) = super::traditional_untagged(&alignment, tags) {
            eprintln!("{}", super::traditional_note(&doc.name, side));
        }
    }
    // One doubtful flag per bead, shared by the JSON/TSV flag and `--doubtful`;
    // only computed when something reads it (it anchors every sentence again).
    let flags = if args.trust.doubtful.is_some() || matches!(format, Format::Json | Format::Tsv) {
        tmalign::verify::doubtful_beads(&alignment, &anchorer)
    } else {
        Vec::new()
    };
    let exp = exporter(
        format,
        &ExportOptions { tmx: args.tmx.options(), encodings: Some(encodings), doubtful: flags.clone() },
    );
    let pair = args.docs.pair();
    let write_explanations = || -> anyhow::Result<()> {
        let Some(path) = args.explain.as_deref() else { return Ok(()) };
        let json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        super::output::write_atomic(Some(path), |out| {
            if json {
                serde_json::to_writer_pretty(&mut *out, &explanations)?;
                writeln!(out)?;
            } else {
                tmalign::align::write_explanations(out, &explanations)?;
            }
            Ok(())
        })
    };
    // A pair too short to judge can still come out as null beads only: a
    // memory without a unit, which exit code 0 would pass off as a result.
    // Bead lists and JSON show the null beads; `--explain` says why.
    let memory = matches!(format, Format::Tmx | Format::Tsv);
    if memory
        && !args.tmx.keep_unaligned
        && args.beads.is_none()
        && alignment.beads.iter().all(|b| b.bead.is_null())
    {
        write_explanations()?;
        anyhow::bail!(
            "{pair}: no sentence of one document was paired with one of the other, so the memory would hold no unit (--keep-unaligned writes each sentence as a unit of its own language)"
        );
    }
    match check.verdict {
        // Beads a person checked are written whatever the check says.
        Verdict::Unrelated if !args.trust.keep_unverified && args.beads.is_none() => {
            anyhow::bail!("{pair}: {} (--keep-unverified writes it anyway)", check.describe())
        }
        v if v.warns() => eprintln!("tmalign: warning: {pair}: {}", check.describe()),
        _ => {}
    }
    let mut summary = Default::default();
    match &args.trust.doubtful {
        // Both memories are complete before either is renamed into place.
        Some(path) => {
            let untrusted = check.verdict.untrusted();
            let route = |u: &tmalign::tmx::Unit| untrusted || tmalign::verify::unit_is_doubtful(u, &flags);
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
    write_explanations()?;
    super::output::warn_removed_chars(summary.removed_chars);
    Ok(ExitCode::SUCCESS)
}
