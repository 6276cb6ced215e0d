//! `tmalign lookup`: prior translations of a sentence, best fuzzy matches first.

use std::io::{IsTerminal, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use tmalign::lang::{self, Lang};
use tmalign::memory::lookup::{lookup, Hit, LookupOptions, Query, Scratch, MAX_QUERY_TOKENS};
use tmalign::memory::score::{diff, Edit};
use tmalign::memory::{self, rendering, Memory};

/// Arguments of `tmalign lookup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The memory: an index (.tmi) or a TMX file, indexed on the fly.
    #[arg(long = "tm", required = true)]
    pub tm: PathBuf,
    /// Lowest score reported (0 to 100, percent; as every score of tmalign).
    #[arg(long, default_value = "70", value_name = "SCORE")]
    pub min_score: tmalign::score::Percent,
    /// Number of matches per query.
    #[arg(long, default_value_t = 5, value_parser = super::at_least_one)]
    pub top: usize,
    /// Print matches as JSON.
    #[arg(long)]
    pub json: bool,
    /// Refuse (exit 2) an index whose source TMX files changed or are gone
    /// since it was built, instead of warning.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub read: super::ReadArgs,
    /// Encoding of the queries read from stdin (utf-8, gb18030, gbk, big5,
    /// utf-16le, …) [default: detected: UTF-8, UTF-16, GB18030 or Big5]
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<tmalign::input::EncodingName>,
    /// The sentence to look up; one per line on stdin when absent or `-`.
    pub query: Option<String>,
}

/// Opens an index, or indexes a TMX file in memory. An index whose sources
/// changed since it was built is reported on stderr, or refused when
/// `strict`. A SIGBUS from the mapped file (truncated under us) becomes a
/// one-line error (see [`tmalign::memory::sigbus`]).
pub fn open_memory(path: &Path, strict: bool, read: super::ReadArgs) -> anyhow::Result<Memory> {
    // The OS says "No such device" or "Is a directory" when a folder is read.
    if path.is_dir() {
        anyhow::bail!(
            "{}: is a folder, not a memory (give an index made by `tmalign index`, or a TMX file)",
            path.display()
        );
    }
    let is_tmx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tmx"));
    if !is_tmx {
        let mem = Memory::open(path)?;
        if let Some(range) = mem.mapped_range() {
            tmalign::memory::sigbus::guard(range);
        }
        for why in mem.stale_sources() {
            if strict {
                anyhow::bail!("{}: out of date: {why} (rebuild it with `tmalign index`)", path.display());
            }
            eprintln!(
                "tmalign: warning: {}: {why}; matches may be out of date (rebuild it with `tmalign index`)",
                path.display()
            );
        }
        return Ok(mem);
    }
    let mut entries = Vec::new();
    // Duplicates are skipped as `tmalign index` skips them, without a word:
    // a lookup's output is its matches.
    let mut distinct = memory::Distinct::new();
    let dropped = memory::read_tmx(path, 0, read.lenient, &mut distinct, &mut entries, &mut |e| {
        eprintln!("tmalign: warning: {}: skipped unit: {e}", path.display())
    })
    .with_context(|| path.display().to_string())?;
    read.report(&path.display().to_string(), dropped);
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
/// With `tty`, control characters of the texts are shown escaped.
fn marked(query: &Query<'_>, text: &str, colour: bool, tty: bool) -> String {
    let toks = tmalign::memory::tokenize::tokenize(text);
    let hashes: Vec<u64> = toks.iter().map(|t| t.hash).collect();
    let Some(edits) = diff(query.hashes(), &hashes) else {
        return shown(text, tty).into_owned();
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
            out.push_str(&shown(&text[pos..sp.end], tty));
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
            out.push_str(&shown(&text[pos..a.start], tty));
            pos = a.end;
        }
        if let Some(r) = removed {
            out.push_str(del_open);
            out.push_str(&shown(&query.text[r], tty));
            out.push_str(del_close);
        }
        if let Some(a) = added {
            out.push_str(ins_open);
            out.push_str(&shown(&text[a], tty));
            out.push_str(ins_close);
        }
    }
    out.push_str(&shown(&text[pos..], tty));
    out
}

/// True for the characters a terminal may act on rather than show: the C0
/// controls but tab and newline, DEL, and the C1 controls.
fn is_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// `text` with its control characters written as `\u{1b}` when `escape`
/// (output to a terminal): a memory is data from elsewhere, and ESC or BEL in
/// it (raw, or `&#x1B;` in the TMX) would otherwise reach the terminal.
pub fn shown(text: &str, escape: bool) -> std::borrow::Cow<'_, str> {
    if !escape || !text.chars().any(is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Writes `value` as pretty JSON with DEL and the C1 controls escaped as
/// well (serde_json escapes only the C0 controls): the same JSON string, but
/// nothing a terminal acts on when the output is shown.
pub fn write_json(w: &mut dyn Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(
        &mut *w,
        SafeFormatter(serde_json::ser::PrettyFormatter::new()),
    );
    value.serialize(&mut ser)?;
    writeln!(w)?;
    Ok(())
}

/// serde_json's pretty formatter, escaping DEL and C1 in strings.
struct SafeFormatter<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for SafeFormatter<'_> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// One match, its texts copied out of the index before the final check, so
/// that what is printed is what was checked even if the file changes later.
struct Shown {
    hit: Hit,
    source: String,
    target: String,
    file: String,
    unit: u32,
}

fn read_hits(mem: &Memory, q: &Query<'_>, hits: &[Hit]) -> anyhow::Result<Vec<Shown>> {
    hits.iter()
        .map(|&hit| {
            let u = hit.unit as usize;
            let (file, unit) = mem.origin(u)?;
            Ok(Shown {
                hit,
                source: mem.text(u, q.lang)?.to_string(),
                target: mem.text(u, q.lang.other())?.to_string(),
                file: file.to_string(),
                unit,
            })
        })
        .collect()
}

/// The examples of each rendering as their file and the number the TMX file
/// gives the unit, like the matches' origins.
pub fn example_origins<'m>(
    mem: &'m Memory,
    renderings: &[rendering::Rendering],
) -> anyhow::Result<Vec<Vec<(&'m str, u32)>>> {
    Ok(renderings
        .iter()
        .map(|r| r.examples.iter().map(|&u| mem.origin(u as usize)).collect())
        .collect::<Result<_, _>>()?)
}

/// The unit numbers of [`example_origins`].
pub fn example_units(origins: &[Vec<(&str, u32)>]) -> Vec<Vec<u32>> {
    origins.iter().map(|ex| ex.iter().map(|&(_, n)| n).collect()).collect()
}

/// The renderings as JSON objects (`text`, `count`, `fillers`, `examples`
/// from [`example_units`], `score`): `concord --json` and `lookup --json`
/// share them.
pub fn json_renderings(renderings: &[rendering::Rendering], examples: &[Vec<u32>]) -> Vec<serde_json::Value> {
    renderings
        .iter()
        .zip(examples)
        .map(|(r, ex)| {
            serde_json::json!({"text": r.text, "count": r.count, "fillers": r.fillers,
                "examples": ex, "score": r.score, "structure": r.structure, "whole": r.renders_whole()})
        })
        .collect()
}

/// The line printed before the first rendering that does not keep the
/// phrase's title structure, so that a list where a 1× rendering stands
/// above a 2× one says why.
pub const OTHER_STRUCTURE: &str =
    "  then renderings that add or lose the title's head or deputy (a different office):";

/// Whether `OTHER_STRUCTURE` goes before rendering `k` of `renderings`.
pub fn starts_other_structure(renderings: &[rendering::Rendering], k: usize) -> bool {
    !renderings[k].structure && (k == 0 || renderings[k - 1].structure)
}

/// The line printed before the first rendering, among those that keep the
/// title structure, whose spans render one end of the phrase only
/// ([`rendering::Rendering::renders_whole`]): "traffic" for `交通运输局`
/// renders its `交通`, not the bureau. Such a rendering ranks after every
/// whole one; when no whole one was found it comes first, and the line
/// says that it is not the phrase's rendering.
pub const FRAGMENTS: &str = "  then renderings of one end of the phrase only (a part of its name):";

/// The note, if any, to print before rendering `k` of `renderings`
/// ([`OTHER_STRUCTURE`] or [`FRAGMENTS`]).
/// When a list opens with a note's renderings, nothing stands above them
/// for its "then" to follow: the note says so instead.
pub const NO_WHOLE: &str =
    "  no rendering of the whole phrase found; renderings of one end of it only (a part of its name):";
/// See [`NO_WHOLE`]: the list opens with renderings of another office.
pub const NO_SAME_STRUCTURE: &str =
    "  no rendering keeps the title's head or deputy; renderings that add or lose it (a different office):";

pub fn note_before(renderings: &[rendering::Rendering], k: usize) -> Option<&'static str> {
    let r = &renderings[k];
    if starts_other_structure(renderings, k) {
        Some(if k == 0 { NO_SAME_STRUCTURE } else { OTHER_STRUCTURE })
    } else if r.structure && !r.renders_whole() && (k == 0 || renderings[k - 1].renders_whole()) {
        Some(if k == 0 { NO_WHOLE } else { FRAGMENTS })
    } else {
        None
    }
}

/// Fewer fuzzy matches than this leave a term-like query to its renderings.
const TERM_MAX_HITS: usize = 3;

/// The renderings of a term-like query.
fn print_term(
    out: &mut dyn Write,
    q: &Query<'_>,
    renderings: &[rendering::Rendering],
    tty: bool,
    after_hits: bool,
) -> std::io::Result<()> {
    let text = shown(q.text.trim(), tty);
    if renderings.is_empty() {
        if !after_hits {
            writeln!(out, "no match for: {text} (a term; no unit renders it: try `tmalign concord`)")?;
        }
        return Ok(());
    }
    if after_hits {
        writeln!(out, "{text} is a term; its renderings in the memory:")?;
    } else {
        writeln!(
            out,
            "{text} is a term, not a sentence: no sentence matches, but the memory renders it as:"
        )?;
    }
    for (k, r) in renderings.iter().enumerate() {
        if let Some(note) = note_before(renderings, k) {
            writeln!(out, "{note}")?;
        }
        let fillers = if r.fillers.is_empty() {
            String::new()
        } else {
            format!("  {{name}} = {}", r.fillers.join(", "))
        };
        writeln!(out, "  {:>5}×  {}{}", r.count, shown(&r.text, tty), shown(&fillers, tty))?;
    }
    Ok(())
}

fn print_hits(
    out: &mut dyn Write,
    q: &Query<'_>,
    hits: &[Shown],
    colour: bool,
    tty: bool,
) -> std::io::Result<()> {
    if hits.is_empty() {
        // A pasted page should not be echoed back whole.
        let head: String = q.text.chars().take(super::ECHO_CHARS).collect();
        let more = if head.len() < q.text.len() { "…" } else { "" };
        writeln!(out, "no match for: {}{more}", shown(&head, tty))?;
    }
    for h in hits {
        writeln!(out, "{:>3}%  {}", h.hit.score, marked(q, &h.source, colour, tty))?;
        writeln!(out, "      {}", shown(&h.target, tty))?;
        writeln!(out, "      ({}, unit {})", shown(&h.file, tty), h.unit)?;
    }
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let queries: Vec<String> = match args.query.as_deref() {
        Some(q) if q != "-" => vec![q.to_string()],
        // Read as documents are: the encoding detected or given, and a
        // text that is not valid in it named with its byte and line.
        _ => tmalign::input::read_text_as(None, args.encoding)?.text.lines().map(str::to_string).collect(),
    };
    let from_stdin = queries.len() > 1 || args.query.as_deref().is_none_or(|q| q == "-");
    // An empty stream is no query, as for any filter in a pipeline (`[]` in
    // JSON); an empty argument is a slip.
    if !from_stdin && queries.iter().all(|q| q.trim().is_empty()) {
        anyhow::bail!("empty query: give a sentence to look up");
    }
    let mut parsed = Vec::new();
    // The 1-based line of each query read from stdin, for `--json`.
    let mut lines = Vec::new();
    for (k, text) in queries.iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let lang = lang::detect(text).unwrap_or(Lang::En);
        let q = Query::new(text, lang);
        // Refused before the memory is opened: a too long query is the
        // user's to split, whatever the memory holds.
        if q.tokens.len() > MAX_QUERY_TOKENS {
            let e = memory::MemoryError::QueryTooLong { tokens: q.tokens.len(), max: MAX_QUERY_TOKENS };
            if from_stdin {
                anyhow::bail!("<stdin>: line {}: {e}", k + 1);
            }
            anyhow::bail!("{e}");
        }
        parsed.push(q);
        lines.push(k + 1);
    }
    let mem = open_memory(&args.tm, args.strict, args.read)?;
    // Match scores are whole percents, so 72.5 asks for 73 or more, and a
    // fraction of one percent for 1.
    if let Some(w) = args.min_score.fraction_warning("--min-score") {
        eprintln!("tmalign: warning: {w}; a match needs 1 % or more");
    }
    let opts = LookupOptions { min_score: args.min_score.value().ceil() as u8, top: args.top };
    let tty = !args.json && std::io::stdout().is_terminal();
    let colour = tty && super::colour_allowed();
    let mut scratch = Scratch::default();
    let mut results = Vec::new();
    // A short query without sentence punctuation and without a close match
    // is a term: its renderings answer it (in JSON, an object with the
    // matches and the renderings instead of the array of matches).
    let mut terms = Vec::new();
    let mut json_terms = Vec::new();
    for q in &parsed {
        let hits = lookup(&mem, q, opts, &mut scratch)?;
        let term = hits.len() < TERM_MAX_HITS && rendering::is_term(q.text);
        let r =
            if term { Some(rendering::renderings_of(&mem, q.text.trim(), q.lang, args.top)?) } else { None };
        json_terms.push(match (&r, args.json) {
            (Some(r), true) => Some(json_renderings(r, &example_units(&example_origins(&mem, r)?))),
            _ => None,
        });
        terms.push(r);
        results.push(read_hits(&mem, q, &hits)?);
    }
    // Everything printed was read and checked; the file must also not have
    // been rewritten meanwhile.
    mem.check()?;
    // A reader closing the pipe early is no error (see write_atomic).
    super::output::write_atomic(None, |w| {
        if args.json {
            let all: Vec<serde_json::Value> = parsed
                .iter()
                .zip(&results)
                .zip(&json_terms)
                .zip(&lines)
                .map(|(((q, hits), term), &line)| {
                    let matches: Vec<JsonMatch<'_>> = hits
                        .iter()
                        .map(|h| JsonMatch {
                            score: h.hit.score,
                            source: &h.source,
                            target: &h.target,
                            source_lang: q.lang,
                            target_lang: q.lang.other(),
                            distance: h.hit.distance,
                            origin: Origin { file: &h.file, unit: h.unit },
                        })
                        .collect();
                    // A sentence given on the command line: the bare array of
                    // matches. A term's answer, or any answer to queries from
                    // stdin, is an object naming its query (and its line:
                    // blank lines are skipped, a no-match is an empty array).
                    if term.is_none() && !from_stdin {
                        return serde_json::json!(matches);
                    }
                    let mut answer =
                        serde_json::json!({"query": q.text.trim(), "lang": q.lang, "matches": matches});
                    if from_stdin {
                        answer["line"] = serde_json::json!(line);
                    }
                    if let Some(renderings) = term {
                        answer["renderings"] = serde_json::json!(renderings);
                    }
                    answer
                })
                .collect();
            if all.len() == 1 && !from_stdin {
                write_json(w, &all[0])?;
            } else {
                write_json(w, &all)?;
            }
        } else {
            for (k, (q, hits)) in parsed.iter().zip(&results).enumerate() {
                if k > 0 {
                    writeln!(w)?;
                }
                match &terms[k] {
                    Some(r) if hits.is_empty() => print_term(w, q, r, tty, false)?,
                    Some(r) => {
                        print_hits(w, q, hits, colour, tty)?;
                        print_term(w, q, r, tty, true)?;
                    }
                    None => print_hits(w, q, hits, colour, tty)?,
                }
            }
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::{note_before, shown, FRAGMENTS, NO_SAME_STRUCTURE, NO_WHOLE, OTHER_STRUCTURE};
    use tmalign::memory::rendering::Rendering;

    #[test]
    fn a_note_stands_before_fragments_and_before_other_offices() {
        let r = |text: &str, count: usize, whole: usize, structure: bool| Rendering {
            text: text.into(),
            count,
            fillers: Vec::new(),
            examples: Vec::new(),
            score: count as f64,
            structure,
            whole,
            last: whole,
        };
        // Whole ones, then a fragment, then another office.
        let rs = [
            r("Municipal Transport Bureau", 2, 2, true),
            r("traffic", 3, 0, true),
            r("director", 1, 1, false),
        ];
        let notes: Vec<_> = (0..rs.len()).map(|k| note_before(&rs, k)).collect();
        assert_eq!(notes, [None, Some(FRAGMENTS), Some(OTHER_STRUCTURE)]);
        // No whole rendering: the fragment comes first, under a note that
        // does not say "then" with nothing above it.
        assert_eq!(note_before(&rs[1..], 0), Some(NO_WHOLE));
        assert_eq!(note_before(&rs[2..], 0), Some(NO_SAME_STRUCTURE));
    }

    #[test]
    fn control_characters_are_escaped_for_a_terminal_only() {
        let t = "a\u{1b}[31mred\u{7}\tb\nc\u{7f}\u{9b}d 连云港";
        assert_eq!(shown(t, true), "a\\u{1b}[31mred\\u{7}\tb\nc\\u{7f}\\u{9b}d 连云港");
        assert_eq!(shown(t, false), t);
        assert!(matches!(shown("plain 文本", true), std::borrow::Cow::Borrowed(_)));
    }
}
