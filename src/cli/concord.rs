//! `tmalign concord`: every unit containing a phrase, and its usual renderings.

use std::io::IsTerminal;

use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;

use tmalign::lang::{self, Lang};
use tmalign::memory::concord::find;
use tmalign::memory::rendering::{
    aligned_spans, extend_by_parts, renderings_from, Aligned, Rendering, MAX_HITS,
};
use tmalign::memory::tokenize::{tokenize, Kind};

/// Arguments of `tmalign concord`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The memory: an index (.tmi) or a TMX file, indexed on the fly.
    #[arg(long = "tm", required = true)]
    pub tm: PathBuf,
    /// Most units listed.
    #[arg(long, default_value_t = 50, value_parser = super::at_least_one)]
    pub limit: usize,
    /// Most renderings summarised.
    #[arg(long, default_value_t = 5)]
    pub renderings: usize,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// Refuse (exit 2) an index whose source TMX files changed or are gone
    /// since it was built, instead of warning.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub read: super::ReadArgs,
    /// The phrase to look for.
    pub phrase: String,
}

#[derive(serde::Serialize)]
struct JsonHit<'a> {
    source: &'a str,
    target: &'a str,
    spans: Vec<[usize; 2]>,
    /// Per span of the phrase: the part of the target that renders it.
    aligned: Vec<Option<JsonAligned<'a>>>,
    origin: super::lookup::Origin<'a>,
}

#[derive(serde::Serialize)]
struct JsonAligned<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<[usize; 2]>,
}

/// One hit, its texts copied out of the index before the final check, so
/// that what is printed is what was checked even if the file changes later.
struct Shown<'o> {
    source: String,
    target: String,
    spans: &'o [std::ops::Range<usize>],
    aligned: Vec<Option<Aligned>>,
    file: String,
    unit: u32,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let phrase = args.phrase.trim();
    if phrase.is_empty() {
        anyhow::bail!("empty phrase: give a word or phrase to look for");
    }
    // The index keys words and characters, not punctuation, so a phrase of
    // punctuation alone would report no unit where nearly every unit has it.
    if tokenize(phrase).iter().all(|t| t.kind == Kind::Punct) {
        anyhow::bail!("{phrase:?} is punctuation only: concord looks for words and characters, give one");
    }
    let lang = lang::detect(phrase).unwrap_or(Lang::En);
    let mem = super::lookup::open_memory(&args.tm, args.strict, args.read)?;
    let name = || args.tm.display().to_string();
    // One search and one alignment per hit serve the listing (the first
    // `--limit` hits) and the renderings (the first MAX_HITS).
    let occ = find(&mem, phrase, lang, args.limit.max(MAX_HITS)).with_context(name)?;
    let mut aligned =
        occ.iter().map(|o| aligned_spans(&mem, o, lang)).collect::<Result<Vec<_>, _>>().with_context(name)?;
    extend_by_parts(&mem, &occ, &mut aligned, lang).with_context(name)?;
    let summary: Vec<Rendering> =
        renderings_from(&mem, phrase, lang, &occ, &aligned, args.renderings).with_context(name)?;
    let shown_hits = occ
        .iter()
        .zip(aligned)
        .take(args.limit)
        .map(|(o, aligned)| {
            let u = o.unit as usize;
            let (file, unit) = mem.origin(u)?;
            Ok(Shown {
                aligned,
                source: mem.text(u, lang)?.to_string(),
                target: mem.text(u, lang.other())?.to_string(),
                spans: &o.spans,
                file: file.to_string(),
                unit,
            })
        })
        .collect::<anyhow::Result<Vec<Shown<'_>>>>()?;
    // Examples as the TMX files number their units, like the hits' origins;
    // in the text, named with their file when the index holds several (a
    // unit 6 of each file would read as one unit).
    let origins = super::lookup::example_origins(&mem, &summary)?;
    let example_units = super::lookup::example_units(&origins);
    let several_files = mem.sources().len() > 1;
    let example_labels: Vec<Vec<String>> = origins
        .iter()
        .map(|ex| {
            ex.iter()
                .map(|&(file, n)| match std::path::Path::new(file).file_name() {
                    Some(base) if several_files => format!("{}:{n}", base.to_string_lossy()),
                    _ => n.to_string(),
                })
                .collect()
        })
        .collect();
    // Everything printed was read and checked, the counts included.
    mem.check()?;
    let tty = !args.json && std::io::stdout().is_terminal();
    let esc = |t: &str| super::lookup::shown(t, tty).into_owned();
    // A reader closing the pipe early is no error (see write_atomic).
    super::output::write_atomic(None, |w| {
        if args.json {
            let hits: Vec<JsonHit<'_>> = shown_hits
                .iter()
                .map(|h| JsonHit {
                    source: &h.source,
                    target: &h.target,
                    spans: h.spans.iter().map(|s| [s.start, s.end]).collect(),
                    aligned: h
                        .aligned
                        .iter()
                        .map(|a| {
                            a.as_ref().map(|a| JsonAligned {
                                text: &h.target[a.span.clone()],
                                start: a.span.start,
                                end: a.span.end,
                                name: a.slot.as_ref().map(|s| [s.start, s.end]),
                            })
                        })
                        .collect(),
                    origin: super::lookup::Origin { file: &h.file, unit: h.unit },
                })
                .collect();
            let renderings = super::lookup::json_renderings(&summary, &example_units);
            super::lookup::write_json(
                w,
                &serde_json::json!({"phrase": phrase, "lang": lang, "hits": hits, "renderings": renderings}),
            )?;
            return Ok(());
        }
        let (open, close) =
            if tty && super::colour_allowed() { ("\x1b[1;33m", "\x1b[0m") } else { ("[", "]") };
        for h in &shown_hits {
            let line = marked(&h.source, h.spans.iter(), (open, close), esc);
            // The target, with the rendering of each occurrence marked.
            let target = marked(&h.target, h.aligned.iter().flatten().map(|a| &a.span), (open, close), esc);
            writeln!(w, "{line}\n    {target}\n    ({}, unit {})", esc(&h.file), h.unit)?;
        }
        // A phrase pasted by mistake (a whole page) is not echoed whole.
        let phrase_shown = match phrase.char_indices().nth(super::ECHO_CHARS) {
            Some((cut, _)) => format!("{:?}… ({} characters)", esc(&phrase[..cut]), phrase.chars().count()),
            None => format!("{:?}", esc(phrase)),
        };
        if occ.len() >= args.limit {
            writeln!(
                w,
                "the first {} units containing {phrase_shown} (raise --limit for more)",
                shown_hits.len()
            )?;
        } else {
            writeln!(w, "{} unit(s) contain {phrase_shown}", shown_hits.len())?;
        }
        if !summary.is_empty() {
            writeln!(w, "renderings:")?;
            for (k, (r, units)) in summary.iter().zip(&example_labels).enumerate() {
                if let Some(note) = super::lookup::note_before(&summary, k) {
                    writeln!(w, "{note}")?;
                }
                let fillers = if r.fillers.is_empty() {
                    String::new()
                } else {
                    format!("  {{name}} = {}", esc(&r.fillers.join(", ")))
                };
                writeln!(
                    w,
                    "  {:>5}×  {}{fillers}  (units {})",
                    r.count,
                    esc(&r.text),
                    esc(&units.join(", "))
                )?;
            }
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `text` escaped by `esc`, with each of `spans` between `open` and
/// `close`, in text order; a span overlapping an earlier one is left unmarked.
fn marked<'a>(
    text: &str,
    spans: impl Iterator<Item = &'a std::ops::Range<usize>>,
    (open, close): (&str, &str),
    esc: impl Fn(&str) -> String,
) -> String {
    let mut spans: Vec<&std::ops::Range<usize>> = spans.collect();
    spans.sort_by_key(|s| s.start);
    let (mut out, mut pos) = (String::new(), 0);
    for s in spans {
        if s.start < pos {
            continue;
        }
        out.push_str(&esc(&text[pos..s.start]));
        out.push_str(open);
        out.push_str(&esc(&text[s.clone()]));
        out.push_str(close);
        pos = s.end;
    }
    out.push_str(&esc(&text[pos..]));
    out
}
