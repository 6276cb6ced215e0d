//! `tmalign tmx …`: inspecting TMX files; also the TMX writing options
//! shared by every command that writes TMX.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use tmalign::export::tmx::TmxOptions;
use tmalign::tmx::{self, TmxError, Unit};

/// Options of every command that writes TMX.
#[derive(Debug, Clone, clap::Args)]
pub struct WriteArgs {
    /// `xml:lang` of source segments (e.g. zh-CN, zh-Hans, zh) [default: zh-CN for Chinese, en-US for English]
    #[arg(long, value_name = "TAG")]
    pub source_tag: Option<String>,
    /// `xml:lang` of target segments (e.g. en-US, en-GB, en) [default: as for --source-tag]
    #[arg(long, value_name = "TAG")]
    pub target_tag: Option<String>,
    /// Also write sentences left without a translation (1-0 and 0-1 beads), as units with one variant.
    #[arg(long)]
    pub keep_unaligned: bool,
    /// `creationid` of the units written: who made them, as CAT tools show it [default: tmalign]
    #[arg(long, value_name = "NAME", value_parser = creation_id)]
    pub creation_id: Option<String>,
}

/// A `creationid` must say something, on one line.
fn creation_id(s: &str) -> Result<String, String> {
    if s.trim().is_empty() || s.chars().any(char::is_control) {
        return Err("must be a non-empty name without control characters".into());
    }
    Ok(s.to_string())
}

impl WriteArgs {
    pub fn options(&self) -> TmxOptions {
        TmxOptions {
            source_tag: self.source_tag.clone(),
            target_tag: self.target_tag.clone(),
            keep_unaligned: self.keep_unaligned,
            creation_id: self.creation_id.clone(),
            ..Default::default()
        }
    }
}

/// `tmalign tmx` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Count the units, languages and props of a TMX file and report problems.
    ///
    /// Exits with 0 when the file is clean, 1 when some units are unusable
    /// (listed on stderr), 2 when the file cannot be read to its end.
    Stats(StatsArgs),
}

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// The TMX file (`-` for standard input).
    pub file: PathBuf,
    /// How many unusable units to list on stderr.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub max_problems: usize,
    #[command(flatten)]
    pub read: super::ReadArgs,
}

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Stats(args) => stats(args),
    }
}

/// Counts kept while scanning; a few distinct tags and prop types at most,
/// so plain vectors beat maps.
#[derive(Default)]
struct Counts {
    units: u64,
    langs: Vec<(String, u64)>,
    props: Vec<(String, u64)>,
    /// Units a lookup cannot use as a translation pair: one language only.
    single_variant: u64,
    empty_segments: u64,
    problems: u64,
}

fn bump(list: &mut Vec<(String, u64)>, key: &str) {
    match list.iter_mut().find(|(k, _)| k == key) {
        Some((_, n)) => *n += 1,
        None => list.push((key.to_string(), 1)),
    }
}

fn stats(args: StatsArgs) -> anyhow::Result<ExitCode> {
    if args.file.as_os_str() == "-" {
        let stdin = std::io::stdin();
        let reader = tmx::Reader::new(stdin.lock()).lenient(args.read.lenient);
        stats_of(reader, &tmalign::input::display_name(None), &args)
    } else {
        let name = args.file.display().to_string();
        stats_of(tmx::read_file(&args.file)?.lenient(args.read.lenient), &name, &args)
    }
}

fn stats_of<R: BufRead>(
    mut reader: tmx::Reader<R>,
    name: &str,
    args: &StatsArgs,
) -> anyhow::Result<ExitCode> {
    let mut counts = Counts::default();
    let mut unit = Unit::default();
    let mut fatal: Option<TmxError> = None;
    while let Some(item) = reader.next_unit_into(&mut unit) {
        match item {
            Ok(()) => {
                counts.units += 1;
                counts.single_variant += u64::from(unit.variants.len() == 1);
                for v in &unit.variants {
                    // Tags compare without case: `ZH-cn` and `zh_CN` are one language.
                    bump(&mut counts.langs, &tmx::canonical_tag(&v.lang));
                    counts.empty_segments += u64::from(v.text.trim().is_empty());
                }
                for (k, _) in &unit.props {
                    bump(&mut counts.props, k);
                }
            }
            Err(e) if e.is_fatal() => fatal = Some(e),
            Err(e) => {
                counts.problems += 1;
                if counts.problems <= args.max_problems as u64 {
                    eprintln!("tmalign: problem: {name}: {e}");
                }
            }
        }
    }
    // A file that stops being readable gets its one-line error, not a report
    // that would look complete ("problems: 0") above it.
    if let Some(e) = fatal {
        return Err(e).with_context(|| name.to_string());
    }
    // Through write_atomic, a reader that closes the pipe early is no error.
    super::output::write_atomic(None, |out| {
        writeln!(out, "file: {name}")?;
        if let Some(h) = reader.header() {
            writeln!(out, "tmx version: {}", h.version)?;
            for key in ["creationtool", "creationtoolversion", "srclang", "creationdate"] {
                if let Some(v) = h.get(key) {
                    writeln!(out, "{key}: {v}")?;
                }
            }
        }
        writeln!(out, "units: {}", counts.units)?;
        counts.langs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        writeln!(out, "languages: {}", counts.langs.len())?;
        for (lang, n) in &counts.langs {
            writeln!(out, "  {lang}\t{n}")?;
        }
        counts.props.sort();
        writeln!(out, "props: {}", counts.props.len())?;
        for (kind, n) in &counts.props {
            writeln!(out, "  {kind}\t{n}")?;
        }
        writeln!(out, "units with one variant: {}", counts.single_variant)?;
        writeln!(out, "empty segments: {}", counts.empty_segments)?;
        writeln!(out, "problems: {}", counts.problems)?;
        Ok(())
    })?;
    if counts.problems > args.max_problems as u64 {
        eprintln!("tmalign: problem: {name}: … and {} more", counts.problems - args.max_problems as u64);
    }
    args.read.report(name, reader.dropped());
    Ok(if counts.problems > 0 { ExitCode::from(super::EXIT_PARTIAL) } else { ExitCode::SUCCESS })
}
