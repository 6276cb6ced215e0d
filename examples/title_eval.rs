//! Scores `tmalign concord` on the title gold lists (corpora/titles/*.tsv):
//! is the best rendering it gives for a title or term the established one?
//!
//! ```text
//! cargo build --release
//! cargo run --release --example title_eval                 # builds the memory of corpora/ in a temp dir
//! cargo run --release --example title_eval -- --tm MEM.tmi # or scores an existing memory
//! cargo run --release --example title_eval -- --dev-only   # the dev lists only: no held-out score while tuning
//! cargo run --release --example title_eval -- --list FILE  # another dev list only (a block of dev.tsv, say)
//! ```
//!
//! It prints one row per list (dev; dev2, session 16's fresh dev list of
//! titles-dev2; dev3, session 17's of titles-dev3; test, test2, test3 and test4: held out, test2 written in session 15
//! because test had been scored in several sessions, test3 in session 16
//! because test2 had been scored twice, test4 in session 17 because test3 had
//! been scored several times) with the hits, the accuracy, and then
//! every miss of the dev lists with what concord answered; the held-out misses only with `--show-held-out-misses`, so that
//! looking at a score does not turn the held-out list into a tuning set. The binary is
//! `target/release/tmalign` unless `--bin PATH` names another. The same code
//! is the test `tests/title_lookup.rs`, which asserts the accuracy.
//!
//! A prediction (`renderings[0].text` of `concord --json`) matches an
//! accepted rendering when, whitespace collapsed and the first letter's case
//! ignored, they are equal, or one of them has a `{name}` slot and the other
//! equals it with the slot replaced by one or more words, or both have a slot
//! and one slot also holds level words of a place ("Municipal", "County";
//! `LEVEL_WORDS`) the other spells out beside its slot
//! (session 16: `{name} Development and Reform Commission`, filled with
//! "Yuchi Municipal" and "Lanshan Provincial", against `{name} Municipal
//! Development and Reform Commission`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// One line of a gold list.
#[derive(Clone, Debug)]
pub struct Gold {
    pub phrase: String,
    /// `zh` or `en`: the language of the phrase.
    pub lang: String,
    pub accepted: Vec<String>,
    /// Where the evidence is (`dev/01 titles-dev/n02 …`).
    pub evidence: Vec<String>,
    /// Line number in the file, for messages.
    pub line: usize,
}

/// Reads a gold list; an ill-formed line is an error naming it.
pub fn read_gold(path: &Path) -> Result<Vec<Gold>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let bad = |why: &str| format!("{}:{}: {why}: {line:?}", path.display(), i + 1);
        if cols.len() != 4 {
            return Err(bad("expected 4 tab-separated columns"));
        }
        if cols[1] != "zh" && cols[1] != "en" {
            return Err(bad("the language is zh or en"));
        }
        let accepted: Vec<String> = cols[2].split('|').map(|s| s.trim().to_string()).collect();
        if cols[0].trim().is_empty()
            || accepted.iter().any(|a| a.is_empty() || a.matches("{name}").count() > 1)
        {
            return Err(bad("empty phrase or rendering, or more than one {name} slot"));
        }
        out.push(Gold {
            phrase: cols[0].trim().to_string(),
            lang: cols[1].to_string(),
            accepted,
            evidence: cols[3].split_whitespace().map(str::to_string).collect(),
            line: i + 1,
        });
    }
    Ok(out)
}

/// Whitespace collapsed to single spaces, trimmed, first letter lower-cased.
fn normal(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = collapsed.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether `text` is `pattern` with its one `{name}` slot replaced by one or
/// more words (both already normalised).
fn fills(pattern: &str, text: &str) -> bool {
    let Some((prefix, suffix)) = pattern.split_once("{name}") else { return false };
    if text.len() < prefix.len() + suffix.len() || !text.starts_with(prefix) || !text.ends_with(suffix) {
        return false;
    }
    let middle = &text[prefix.len()..text.len() - suffix.len()];
    // A word each side of the slot: a slot between spaces takes whole words.
    let whole = (prefix.is_empty() || !prefix.ends_with(' ') || !middle.starts_with(' '))
        && (suffix.is_empty() || !suffix.starts_with(' ') || !middle.ends_with(' '));
    // A filler of punctuation only is no word (`{name} = '` of a possessive).
    middle.contains(char::is_alphanumeric) && !middle.contains("{name}") && whole
}

/// The English words of an administration's level that a `{name}` slot may
/// hold besides the place's name ("Yuchi Municipal", "Lanshan Provincial"):
/// those written right after `{name}` in corpora/titles/dev.tsv and
/// dev2.tsv (Municipal 81 times, County 21, Provincial 18, Town 5,
/// Subdistrict 3, Prefectural 1) and their kin. Any other capitalised word
/// is part of the body's name ("{name} Bureau" is not "{name} Public
/// Security Bureau"; session 16 review).
const LEVEL_WORDS: &[&str] = &[
    "Municipal",
    "Provincial",
    "County",
    "District",
    "Town",
    "Township",
    "Subdistrict",
    "Prefectural",
    "Prefecture",
    "City",
    "Province",
    "Village",
];

/// Whether two patterns, each with one `{name}` slot, can be filled to the
/// same text when one slot also holds what the other pattern spells out next
/// to its own slot, provided that is place words: English level words
/// ([`LEVEL_WORDS`]; `{name} Development and Reform Commission`, whose slot
/// holds "Yuchi Municipal" and "Lanshan Provincial", against `{name}
/// Municipal Development and Reform Commission`) or Chinese level characters
/// (`{name}` against `{name}市`). A slot stands for a place's name, so it
/// never absorbs lower-case words ("director of the {name} Commission" does
/// not cover "director of the {name} Development and Reform Commission") nor
/// other words of the body's name.
fn slots_agree(p: &str, a: &str) -> bool {
    let (Some((p1, p2)), Some((a1, a2))) = (p.split_once("{name}"), a.split_once("{name}")) else {
        return false;
    };
    // What the slot of the pattern with the shorter side absorbs of the other.
    let absorbed = |short: &str, long: &str, front: bool| -> Option<String> {
        let ok = if front { long.starts_with(short) } else { long.ends_with(short) };
        ok.then(|| if front { &long[short.len()..] } else { &long[..long.len() - short.len()] }.to_string())
    };
    let side = |x: &str, y: &str, front: bool| {
        if x.len() <= y.len() {
            absorbed(x, y, front)
        } else {
            absorbed(y, x, front)
        }
    };
    let place_words = |t: &str| {
        t.split_whitespace().all(|w| LEVEL_WORDS.contains(&w))
            || t.chars().all(|c| "省市县区镇乡".contains(c))
    };
    matches!((side(p1, a1, true), side(p2, a2, false)), (Some(x), Some(y)) if place_words(&x) && place_words(&y))
}

/// The matching rule of the module docs.
pub fn matches(prediction: &str, accepted: &str) -> bool {
    let (p, a) = (normal(prediction), normal(accepted));
    p == a || fills(&a, &p) || fills(&p, &a) || slots_agree(&p, &a)
}

/// What concord answered for one phrase.
#[derive(Clone, Debug)]
pub struct Answer {
    /// `renderings[0].text`, if any.
    pub best: Option<String>,
    /// Every rendering's text, best first (at most `--renderings`).
    pub all: Vec<String>,
    /// Whether the renderings carry `fillers` (the aligned-span renderings).
    pub has_fillers: bool,
}

/// How many renderings a miss is looked for in: a title whose accepted
/// rendering is second to fifth is a ranking miss, one that is not among
/// them a miss of the spans themselves.
pub const RANKED: usize = 5;

/// Runs `tmalign concord --json --renderings RANKED --tm memory PHRASE`.
pub fn concord(bin: &Path, memory: &Path, phrase: &str) -> Result<Answer, String> {
    let out = Command::new(bin)
        .args(["concord", "--json", "--renderings", &RANKED.to_string(), "--tm"])
        .arg(memory)
        .arg("--")
        .arg(phrase)
        .output()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    if !out.status.success() {
        return Err(format!("concord {phrase:?} failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("concord {phrase:?}: not JSON: {e}"))?;
    let renderings = json.get("renderings").and_then(|r| r.as_array()).cloned().unwrap_or_default();
    Ok(Answer {
        best: renderings.first().and_then(|r| r.get("text")).and_then(|t| t.as_str()).map(str::to_string),
        has_fillers: renderings.iter().any(|r| r.get("fillers").is_some()),
        all: renderings.iter().filter_map(|r| r.get("text")?.as_str().map(str::to_string)).collect(),
    })
}

/// The score of one list.
#[derive(Clone, Debug, Default)]
pub struct Score {
    pub total: usize,
    pub correct: usize,
    /// Misses whose accepted rendering is among the first [`RANKED`].
    pub ranked_lower: usize,
    /// Whether any answer carried `fillers`.
    pub has_fillers: bool,
    /// (phrase, lang, best answer or "-", accepted renderings) of each miss.
    pub misses: Vec<(String, String, String, String)>,
}

impl Score {
    pub fn accuracy(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }
}

/// Scores a gold list against a memory.
pub fn score(bin: &Path, memory: &Path, gold: &[Gold]) -> Result<Score, String> {
    let mut s = Score::default();
    for g in gold {
        let answer = concord(bin, memory, &g.phrase)?;
        s.total += 1;
        s.has_fillers |= answer.has_fillers;
        match &answer.best {
            Some(best) if g.accepted.iter().any(|a| matches(best, a)) => s.correct += 1,
            best => {
                s.ranked_lower +=
                    usize::from(answer.all.iter().any(|r| g.accepted.iter().any(|a| matches(r, a))));
                s.misses.push((
                    g.phrase.clone(),
                    g.lang.clone(),
                    best.clone().unwrap_or_else(|| "-".into()),
                    g.accepted.join(" | "),
                ))
            }
        }
    }
    Ok(s)
}

/// Builds the memory of `corpora` (batch, then index) in `dir`; returns the index.
pub fn build_memory(bin: &Path, corpora: &Path, dir: &Path) -> Result<PathBuf, String> {
    let tmx = dir.join("corpora.tmx");
    let tmi = dir.join("corpora.tmi");
    for args in [
        vec!["batch".into(), corpora.display().to_string(), "-o".into(), tmx.display().to_string()],
        vec!["index".into(), tmx.display().to_string(), "-o".into(), tmi.display().to_string()],
    ] {
        let out = Command::new(bin).args(&args).output().map_err(|e| format!("{}: {e}", bin.display()))?;
        // `batch` exits 1 when it left out a pair it judged unrelated or
        // truncated (two of corpora/dev4 since session 11) but wrote the rest.
        let partial = args[0] == "batch" && out.status.code() == Some(1) && tmx.exists();
        if !out.status.success() && !partial {
            return Err(format!("tmalign {} failed: {}", args[0], String::from_utf8_lossy(&out.stderr)));
        }
    }
    Ok(tmi)
}

/// The report: a Markdown table of the lists, then the misses of those
/// whose flag is set.
pub fn report(scores: &[(&str, &Score, bool)]) -> String {
    let mut out = String::from(
        "| list | entries | best rendering right | accuracy | misses ranked 2nd-5th |\n|---|---|---|---|---|\n",
    );
    for (name, s, _) in scores {
        out.push_str(&format!(
            "| {name} | {} | {} | {:.1}% | {} |\n",
            s.total,
            s.correct,
            100.0 * s.accuracy(),
            s.ranked_lower
        ));
    }
    for (name, s, _) in scores.iter().filter(|x| x.2) {
        for (phrase, lang, best, accepted) in &s.misses {
            out.push_str(&format!("miss {name} [{lang}] {phrase}: got {best:?}; accepted {accepted}\n"));
        }
    }
    out
}

fn main() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let (mut tm, mut bin, mut held_out_misses, mut dev_only, mut list) =
        (None, root.join("target/release/tmalign"), false, false, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--tm" => tm = args.next().map(PathBuf::from),
            "--bin" => bin = args.next().map(PathBuf::from).ok_or("--bin needs a path")?,
            "--show-held-out-misses" => held_out_misses = true,
            "--dev-only" => dev_only = true,
            "--list" => list = Some(args.next().map(PathBuf::from).ok_or("--list needs a file")?),
            _ => {
                return Err(format!(
                    "unknown argument {a:?} (use --tm MEMORY, --bin PATH, --show-held-out-misses, --dev-only, --list FILE)"
                ))
            }
        }
    }
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let tm = match tm {
        Some(tm) => tm,
        None => build_memory(&bin, &root.join("corpora"), scratch.path())?,
    };
    if let Some(list) = list {
        let s = score(&bin, &tm, &read_gold(&list)?)?;
        print!("{}", report(&[(&list.display().to_string(), &s, true)]));
        return Ok(());
    }
    let dev = score(&bin, &tm, &read_gold(&root.join("corpora/titles/dev.tsv"))?)?;
    let dev2 = score(&bin, &tm, &read_gold(&root.join("corpora/titles/dev2.tsv"))?)?;
    let dev3 = score(&bin, &tm, &read_gold(&root.join("corpora/titles/dev3.tsv"))?)?;
    if dev_only {
        print!("{}", report(&[("dev", &dev, true), ("dev2", &dev2, true), ("dev3", &dev3, true)]));
        return Ok(());
    }
    let test = score(&bin, &tm, &read_gold(&root.join("corpora/titles/test.tsv"))?)?;
    let test2 = score(&bin, &tm, &read_gold(&root.join("corpora/titles/test2.tsv"))?)?;
    let test3 = score(&bin, &tm, &read_gold(&root.join("corpora/titles/test3.tsv"))?)?;
    let test4 = score(&bin, &tm, &read_gold(&root.join("corpora/titles/test4.tsv"))?)?;
    print!(
        "{}",
        report(&[
            ("dev", &dev, true),
            ("dev2", &dev2, true),
            ("dev3", &dev3, true),
            ("test (held out)", &test, held_out_misses),
            ("test2 (held out)", &test2, held_out_misses),
            ("test3 (held out)", &test3, held_out_misses),
            ("test4 (held out)", &test4, held_out_misses),
        ])
    );
    Ok(())
}
