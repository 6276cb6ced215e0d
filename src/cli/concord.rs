//! `tmalign concord`: every unit containing a phrase, and its usual renderings.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::lang::{self, Lang};
use crate::memory::concord::{find, frequency_bound, renderings, Rendering};

/// Arguments of `tmalign concord`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The memory: an index (.tmi) or a TMX file, indexed on the fly.
    #[arg(long = "tm", required = true)]
    pub tm: PathBuf,
    /// Most units listed.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// The phrase to look for.
    pub phrase: String,
}

#[derive(serde::Serialize)]
struct JsonHit<'a> {
    source: &'a str,
    target: &'a str,
    spans: Vec<[usize; 2]>,
    origin: super::lookup::Origin<'a>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let phrase = args.phrase.trim();
    if phrase.is_empty() {
        anyhow::bail!("empty phrase: give a word or phrase to look for");
    }
    let lang = lang::detect(phrase).unwrap_or(Lang::En);
    let mem = super::lookup::open_memory(&args.tm)?;
    let occ = find(&mem, phrase, lang, args.limit);
    let summary: Vec<Rendering> =
        renderings(occ.iter().map(|o| mem.text(o.unit as usize, lang.other())), lang.other(), 5, |c| {
            frequency_bound(&mem, c, lang.other())
        });
    let colour = !args.json && std::io::stdout().is_terminal();
    super::lookup::ignore_broken_pipe(super::output::write_atomic(None, |w| {
        if args.json {
            let hits: Vec<JsonHit<'_>> = occ
                .iter()
                .map(|o| {
                    let u = o.unit as usize;
                    let (file, unit) = mem.origin(u);
                    JsonHit {
                        source: mem.text(u, lang),
                        target: mem.text(u, lang.other()),
                        spans: o.spans.iter().map(|s| [s.start, s.end]).collect(),
                        origin: super::lookup::Origin { file, unit },
                    }
                })
                .collect();
            let renderings: Vec<serde_json::Value> =
                summary.iter().map(|r| serde_json::json!({"text": r.text, "count": r.count})).collect();
            serde_json::to_writer_pretty(
                &mut *w,
                &serde_json::json!({"phrase": phrase, "lang": lang, "hits": hits, "renderings": renderings}),
            )?;
            writeln!(w)?;
            return Ok(());
        }
        let (open, close) = if colour { ("\x1b[1;33m", "\x1b[0m") } else { ("[", "]") };
        for o in &occ {
            let u = o.unit as usize;
            let text = mem.text(u, lang);
            let mut line = String::new();
            let mut pos = 0;
            for s in &o.spans {
                line.push_str(&text[pos..s.start]);
                line.push_str(open);
                line.push_str(&text[s.clone()]);
                line.push_str(close);
                pos = s.end;
            }
            line.push_str(&text[pos..]);
            let (file, no) = mem.origin(u);
            writeln!(w, "{line}\n    {}\n    ({file}, unit {no})", mem.text(u, lang.other()))?;
        }
        if occ.len() >= args.limit {
            writeln!(w, "the first {} units containing {phrase:?} (raise --limit for more)", occ.len())?;
        } else {
            writeln!(w, "{} unit(s) contain {phrase:?}", occ.len())?;
        }
        if !summary.is_empty() {
            writeln!(w, "usual renderings:")?;
            for r in &summary {
                writeln!(w, "  {:>5}×  {}", r.count, r.text)?;
            }
        }
        Ok(())
    }))?;
    Ok(ExitCode::SUCCESS)
}
