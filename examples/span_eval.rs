//! Scores the word links inside a memory's units on hand-linked title
//! occurrences (corpora/titles/spans-dev.tsv): for each Chinese title in one
//! unit, does the span `concord` reads from the links equal the English
//! span a person marked, and do the links themselves point inside it?
//!
//! ```text
//! cargo build --release
//! cargo run --release --example span_eval                  # builds the memory of corpora/ in a temp dir
//! cargo run --release --example span_eval -- --tm MEM.tmi  # or scores an existing memory
//! cargo run --release --example span_eval -- --rows        # and prints every row's spans
//! ```
//!
//! Figures, both directions (the title looked up in Chinese, and the marked
//! English span looked up in English):
//!
//! * **exact**: the span of [`tmalign::memory::rendering::aligned_span`]
//!   (with [`tmalign::memory::rendering::extend_by_parts`], as `concord` shows it)
//!   equals the marked one (whitespace collapsed);
//! * **overlap**: the F1 of the two spans' words (English) or characters
//!   (Chinese), averaged over the rows; a missing span counts 0;
//! * **link precision / recall** (Chinese to English only): of the English
//!   words linked to a character of the title, the share inside the marked
//!   span; of the marked span's content words (not function words), the
//!   share linked to a character of the title. These measure the links
//!   before any span rule reads them.
//!
//! The memory is built by `target/release/tmalign` (`--bin PATH` for
//! another); the spans are read with this crate's code, so a change to the
//! span rules needs no new memory, a change to the links does.

#![allow(dead_code)]

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use tmalign::lang::Lang;
use tmalign::memory::concord::Occurrence;
use tmalign::memory::concord::FUNCTION_WORDS;
use tmalign::memory::rendering::{aligned_span, extend_by_parts};
use tmalign::memory::tokenize::{tokenize, Kind};
use tmalign::memory::Memory;

#[path = "title_eval.rs"]
pub mod title_eval;

/// One hand-linked occurrence.
#[derive(Clone, Debug)]
pub struct Row {
    pub doc: String,
    /// The Chinese context without its brackets, and the title's byte range in it.
    pub zh: (String, Range<usize>),
    /// The same for the English context and the marked span.
    pub en: (String, Range<usize>),
    pub line: usize,
}

/// Splits `text [[marked]] text` into the text without brackets and the
/// marked range; `None` unless there is exactly one non-empty mark.
fn marked(s: &str) -> Option<(String, Range<usize>)> {
    let (before, rest) = s.split_once("[[")?;
    let (inside, after) = rest.split_once("]]")?;
    if inside.trim().is_empty() || after.contains("[[") || after.contains("]]") || before.contains("]]") {
        return None;
    }
    let range = before.len()..before.len() + inside.len();
    Some((format!("{before}{inside}{after}"), range))
}

/// Reads the hand-linked list; an ill-formed line is an error naming it.
pub fn read_rows(path: &Path) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |why: &str| format!("{}:{}: {why}: {line:?}", path.display(), i + 1);
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 3 {
            return Err(bad("expected 3 tab-separated columns"));
        }
        let (Some(zh), Some(en)) = (marked(cols[1]), marked(cols[2])) else {
            return Err(bad("each context marks one span with [[ ]]"));
        };
        out.push(Row { doc: cols[0].to_string(), zh, en, line: i + 1 });
    }
    Ok(out)
}

/// `text` with whitespace runs as one space, and for each byte of the result
/// the byte of `text` it comes from (plus one past the end).
fn collapsed(text: &str) -> (String, Vec<usize>) {
    let (mut out, mut map) = (String::new(), Vec::new());
    let mut space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                map.push(i);
            }
            space = true;
            continue;
        }
        space = false;
        out.push(c);
        map.extend(std::iter::repeat_n(i, c.len_utf8()));
        // Bytes inside a character map to its start; only starts are used.
    }
    map.push(text.len());
    (out, map)
}

/// The byte range in `text` of `range` of `context`, when the context occurs
/// exactly once in `text` (whitespace runs compared as one space).
fn locate(text: &str, context: &(String, Range<usize>)) -> Option<Range<usize>> {
    let (flat, map) = collapsed(text);
    let (ctx, cmap) = collapsed(&context.0);
    let mut hits = flat.match_indices(ctx.as_str());
    let (at, _) = hits.next()?;
    if hits.next().is_some() {
        return None;
    }
    // The range in the collapsed context (bytes that come from before the
    // range's start, and before its end), then in the text.
    let start = at + cmap[..ctx.len()].iter().filter(|&&b| b < context.1.start).count();
    let end = at + cmap[..ctx.len()].iter().filter(|&&b| b < context.1.end).count();
    let last = flat.get(start..end)?.chars().last()?.len_utf8();
    Some(map[start]..map[end - last] + last)
}

/// A unit number and the two marked ranges in its texts (Chinese, English).
type Located = (u32, Range<usize>, Range<usize>);

/// The unit holding both contexts, and the two marked ranges in its texts.
fn find_unit(mem: &Memory, row: &Row) -> Result<Option<Located>, String> {
    for u in 0..mem.len() {
        let zh = mem.text(u, Lang::Zh).map_err(|e| e.to_string())?;
        let Some(zr) = locate(zh, &row.zh) else { continue };
        let en = mem.text(u, Lang::En).map_err(|e| e.to_string())?;
        if let Some(er) = locate(en, &row.en) {
            return Ok(Some((u as u32, zr, er)));
        }
    }
    Ok(None)
}

/// Whitespace collapsed.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words (English) or Han characters (Chinese) of `text` inside `range`,
/// as token numbers.
fn units_in(text: &str, range: &Range<usize>) -> HashSet<usize> {
    tokenize(text)
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind != Kind::Punct && t.span.start >= range.start && t.span.end <= range.end)
        .map(|(i, _)| i)
        .collect()
}

/// F1 of two sets of tokens.
fn f1(got: &HashSet<usize>, gold: &HashSet<usize>) -> f64 {
    let both = got.intersection(gold).count() as f64;
    if both == 0.0 {
        return 0.0;
    }
    let (p, r) = (both / got.len() as f64, both / gold.len() as f64);
    2.0 * p * r / (p + r)
}

/// One direction's totals.
#[derive(Default, Debug, Clone)]
pub struct Tally {
    pub rows: usize,
    pub exact: usize,
    pub f1_sum: f64,
}

/// All the figures of one run.
#[derive(Default, Debug, Clone)]
pub struct Scores {
    pub zh_en: Tally,
    pub en_zh: Tally,
    /// English words linked to the title: all, and inside the marked span.
    pub linked: usize,
    pub linked_inside: usize,
    /// Content words of the marked spans: all, and linked to the title.
    pub gold_content: usize,
    pub gold_linked: usize,
    /// Rows whose unit was not found (the memory lacks it).
    pub missing: Vec<usize>,
    /// One line per row: line, title, marked span, zh→en span, en→zh span.
    pub lines: Vec<String>,
}

impl Scores {
    pub fn link_precision(&self) -> f64 {
        self.linked_inside as f64 / self.linked.max(1) as f64
    }
    pub fn link_recall(&self) -> f64 {
        self.gold_linked as f64 / self.gold_content.max(1) as f64
    }
}

/// Scores every row on `mem`.
pub fn score(mem: &Memory, rows: &[Row]) -> Result<Scores, String> {
    let mut s = Scores::default();
    for row in rows {
        let Some((u, zr, er)) = find_unit(mem, row)? else {
            s.missing.push(row.line);
            continue;
        };
        let zh = mem.text(u as usize, Lang::Zh).map_err(|e| e.to_string())?;
        let en = mem.text(u as usize, Lang::En).map_err(|e| e.to_string())?;
        let mut answers = Vec::new();
        for (lang, src_range, tgt, tgt_range, tally) in
            [(Lang::Zh, &zr, en, &er, &mut s.zh_en), (Lang::En, &er, zh, &zr, &mut s.en_zh)]
        {
            // The span as `concord` shows it: with the parts other units
            // vouch for ([`extend_by_parts`]).
            let occ = [Occurrence { unit: u, spans: vec![src_range.clone()] }];
            let mut got =
                vec![vec![aligned_span(mem, u, lang, src_range.clone()).map_err(|e| e.to_string())?]];
            extend_by_parts(mem, &occ, &mut got, lang).map_err(|e| e.to_string())?;
            let got = got.swap_remove(0).swap_remove(0);
            tally.rows += 1;
            let text = got.as_ref().map(|a| tgt[a.span.clone()].to_string());
            if let (Some(a), Some(t)) = (&got, &text) {
                tally.exact += usize::from(flat(t) == flat(&tgt[tgt_range.clone()]));
                tally.f1_sum += f1(&units_in(tgt, &a.span), &units_in(tgt, tgt_range));
            }
            answers.push(text.unwrap_or_else(|| "-".into()));
        }
        // The links themselves.
        let et = tokenize(en);
        let title: HashSet<usize> = units_in(zh, &zr);
        let linked: HashSet<usize> = mem
            .links(u as usize)
            .iter()
            .filter(|(z, _)| title.contains(&(*z as usize)))
            .map(|&(_, e)| e as usize)
            .collect();
        let gold = units_in(en, &er);
        s.linked += linked.len();
        s.linked_inside += linked.intersection(&gold).count();
        for &g in &gold {
            let w = &en[et[g].span.clone()];
            if !FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w)) {
                s.gold_content += 1;
                s.gold_linked += usize::from(linked.contains(&g));
            }
        }
        let stray: Vec<&str> =
            linked.iter().filter(|e| !gold.contains(e)).map(|&e| &en[et[e].span.clone()]).collect();
        s.lines.push(format!(
            "{}\t{}\tgold {:?}\tzh→en {:?}\ten→zh {:?}\tlinked outside {:?}",
            row.line,
            &zh[zr.clone()],
            flat(&en[er.clone()]),
            flat(&answers[0]),
            answers[1],
            stray
        ));
    }
    Ok(s)
}

/// The summary table.
pub fn report(s: &Scores) -> String {
    let row = |name: &str, t: &Tally| {
        format!(
            "| {name} | {} | {} ({:.1}%) | {:.3} |\n",
            t.rows,
            t.exact,
            100.0 * t.exact as f64 / t.rows.max(1) as f64,
            t.f1_sum / t.rows.max(1) as f64
        )
    };
    let mut out = String::from("| direction | rows | exact span | mean overlap F1 |\n|---|---|---|---|\n");
    out.push_str(&row("zh → en", &s.zh_en));
    out.push_str(&row("en → zh", &s.en_zh));
    out.push_str(&format!(
        "links of the title's characters: precision {:.3} ({} of {} English words inside the marked span), recall {:.3} ({} of {} content words of the marked spans)\n",
        s.link_precision(),
        s.linked_inside,
        s.linked,
        s.link_recall(),
        s.gold_linked,
        s.gold_content
    ));
    if !s.missing.is_empty() {
        out.push_str(&format!("rows whose unit the memory lacks (lines): {:?}\n", s.missing));
    }
    out
}

fn main() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let (mut tm, mut bin, mut rows_out) = (None, root.join("target/release/tmalign"), false);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--tm" => tm = args.next().map(PathBuf::from),
            "--bin" => bin = args.next().map(PathBuf::from).ok_or("--bin needs a path")?,
            "--rows" => rows_out = true,
            _ => return Err(format!("unknown argument {a:?} (use --tm MEMORY, --bin PATH, --rows)")),
        }
    }
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let tm = match tm {
        Some(tm) => tm,
        None => title_eval::build_memory(&bin, &root.join("corpora"), scratch.path())?,
    };
    let mem = Memory::open(&tm).map_err(|e| e.to_string())?;
    let rows = read_rows(&root.join("corpora/titles/spans-dev.tsv"))?;
    let s = score(&mem, &rows)?;
    print!("{}", report(&s));
    if rows_out {
        for l in &s.lines {
            println!("{l}");
        }
    }
    Ok(())
}
