//! `tmalign lookup`: prior translations of a sentence, best fuzzy matches first.

use std::io::{BufRead, IsTerminal, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::lang::{self, Lang};
use crate::memory::lookup::{lookup, Hit, Options, Query, Scratch};
use crate::memory::score::{diff, Edit};
use crate::memory::{self, Memory};
use anyhow::Context;

/// Arguments of `tmalign lookup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The memory: an index (.tmi) or a TMX file, indexed on the fly.
    #[arg(long = "tm", required = true)]
    pub tm: PathBuf,
    /// Lowest score reported (0 to 100, percent; as every score of tmalign).
    #[arg(long, default_value = "70", value_name = "SCORE")]
    pub min_score: crate::score::Percent,
    /// Number of matches per query.
    #[arg(long, default_value_t = 5)]
    pub top: usize,
    /// Print matches as JSON.
    #[arg(long)]
    pub json: bool,
    /// The sentence to look up; one per line on stdin when absent or `-`.
    pub query: Option<String>,
}

/// Treats a closed pipe (`tmalign … | head`) as success.
pub fn ignore_broken_pipe(res: anyhow::Result<()>) -> anyhow::Result<()> {
    match res {
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Opens an index, or indexes a TMX file in memory.
pub fn open_memory(path: &Path) -> anyhow::Result<Memory> {
    let is_tmx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tmx"));
    if !is_tmx {
        return Ok(Memory::open(path)?);
    }
    let mut entries = Vec::new();
    memory::read_tmx(path, 0, &mut entries, &mut |e| {
        eprintln!("tmalign: warning: {}: skipped unit: {e}", path.display())
    })
    .with_context(|| path.display().to_string())?;
    let bytes = memory::build(&[path.display().to_string()], &entries, &|_| {})?;
    Ok(Memory::from_vec(bytes)?)
}

#[derive(serde::Serialize)]
struct JsonMatch<'a> {
    score: u8,
    source: &'a str,
    target: &'a str,
    source_lang: Lang,
    target_lang: Lang,
    distance: u32,
    origin: Origin<'a>,
}

#[derive(serde::Serialize)]
pub struct Origin<'a> {
    pub file: &'a str,
    pub unit: u32,
}

/// The matched text with the differences from the query marked wdiff-style:
/// `[-query words-]` missing from the match, `{+match words+}` not in the query.
fn marked(query: &Query<'_>, text: &str, colour: bool) -> String {
    let toks = crate::memory::tokenize::tokenize(text);
    let hashes: Vec<u64> = toks.iter().map(|t| t.hash).collect();
    let Some(edits) = diff(query.hashes(), &hashes) else {
        return text.to_string();
    };
    let (del_open, del_close, ins_open, ins_close) = if colour {
        ("\x1b[31m[-", "-]\x1b[0m", "\x1b[32m{+", "+}\x1b[0m")
    } else {
        ("[-", "-]", "{+", "+}")
    };
    // Consecutive edits form one block, shown once as `[-removed-]{+added+}`,
    // so a changed phrase reads as a phrase rather than token by token.
    let mut out = String::new();
    let mut pos = 0;
    let mut edits = edits.into_iter().peekable();
    while let Some(e) = edits.next() {
        if let Edit::Same(_, j) = e {
            let sp = &toks[j].span;
            out.push_str(&text[pos..sp.end]);
            pos = sp.end;
            continue;
        }
        let (mut removed, mut added): (Option<Range<usize>>, Option<Range<usize>>) = (None, None);
        let widen = |r: &mut Option<Range<usize>>, sp: &Range<usize>| {
            *r = Some(r.as_ref().map_or(sp.clone(), |r| r.start.min(sp.start)..r.end.max(sp.end)));
        };
        let mut block = vec![e];
        while let Some(next) = edits.next_if(|n| !matches!(n, Edit::Same(..))) {
            block.push(next);
        }
        for e in block {
            match e {
                Edit::Deleted(i) => widen(&mut removed, &query.tokens[i].span),
                Edit::Inserted(j) => widen(&mut added, &toks[j].span),
                Edit::Replaced(i, j) => {
                    widen(&mut removed, &query.tokens[i].span);
                    widen(&mut added, &toks[j].span);
                }
                Edit::Same(..) => {}
            }
        }
        if let Some(a) = &added {
            out.push_str(&text[pos..a.start]);
            pos = a.end;
        }
        if let Some(r) = removed {
            out.push_str(del_open);
            out.push_str(&query.text[r]);
            out.push_str(del_close);
        }
        if let Some(a) = added {
            out.push_str(ins_open);
            out.push_str(&text[a]);
            out.push_str(ins_close);
        }
    }
    out.push_str(&text[pos..]);
    out
}

fn print_hits(
    out: &mut dyn Write,
    mem: &Memory,
    q: &Query<'_>,
    hits: &[Hit],
    colour: bool,
) -> std::io::Result<()> {
    if hits.is_empty() {
        // A pasted page should not be echoed back whole.
        let shown: String = q.text.chars().take(80).collect();
        let more = if shown.len() < q.text.len() { "…" } else { "" };
        writeln!(out, "no match for: {shown}{more}")?;
    }
    for h in hits {
        let u = h.unit as usize;
        let (file, no) = mem.origin(u);
        writeln!(out, "{:>3}%  {}", h.score, marked(q, mem.text(u, q.lang), colour))?;
        writeln!(out, "      {}", mem.text(u, q.lang.other()))?;
        writeln!(out, "      ({file}, unit {no})")?;
    }
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let queries: Vec<String> = match args.query.as_deref() {
        Some(q) if q != "-" => vec![q.to_string()],
        _ => std::io::stdin().lock().lines().collect::<Result<_, _>>().context("<stdin>")?,
    };
    if queries.iter().all(|q| q.trim().is_empty()) {
        anyhow::bail!("empty query: give a sentence to look up");
    }
    let mem = open_memory(&args.tm)?;
    // Match scores are whole percents, so 72.5 asks for 73 or more.
    let opts = Options { min_score: args.min_score.value().ceil() as u8, top: args.top };
    let colour = !args.json && std::io::stdout().is_terminal();
    let mut scratch = Scratch::default();
    let mut all_json = Vec::new();
    let mut results = Vec::new();
    for text in &queries {
        if text.trim().is_empty() {
            continue;
        }
        let lang = lang::detect(text).unwrap_or(Lang::En);
        let q = Query::new(text, lang);
        let hits = lookup(&mem, &q, opts, &mut scratch);
        results.push((q, hits));
    }
    for (q, hits) in &results {
        let list: Vec<JsonMatch<'_>> = hits
            .iter()
            .map(|h| {
                let u = h.unit as usize;
                let (file, unit) = mem.origin(u);
                JsonMatch {
                    score: h.score,
                    source: mem.text(u, q.lang),
                    target: mem.text(u, q.lang.other()),
                    source_lang: q.lang,
                    target_lang: q.lang.other(),
                    distance: h.distance,
                    origin: Origin { file, unit },
                }
            })
            .collect();
        all_json.push(list);
    }
    ignore_broken_pipe(super::output::write_atomic(None, |w| {
        if args.json {
            if all_json.len() == 1 {
                serde_json::to_writer_pretty(&mut *w, &all_json[0])?;
            } else {
                serde_json::to_writer_pretty(&mut *w, &all_json)?;
            }
            writeln!(w)?;
        } else {
            for (k, (q, hits)) in results.iter().enumerate() {
                if k > 0 {
                    writeln!(w)?;
                }
                print_hits(w, &mem, q, hits, colour)?;
            }
        }
        Ok(())
    }))?;
    Ok(ExitCode::SUCCESS)
}
