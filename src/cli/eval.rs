//! `tmalign eval`: scores predicted beads against gold beads.
//!
//! GOLD and PRED are two bead files, or two directories whose bead files are
//! paired by name. In a directory a bead file is one named `NAME`, `NAME.gold`,
//! `NAME.align` or `NAME.beads`, and `NAME` is what pairs it: gold `001.align`
//! matches prediction `001`, as score_align.py pairs them, and a project folder
//! such as corpora/dev (documents, sentence files and `NAME.gold` side by side)
//! can be given as GOLD as it is. Other files are not beads and are passed
//! over. Every gold file needs a prediction; predictions without gold are
//! ignored with a warning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use tmalign::bead::{parse_beads, Bead};
use tmalign::eval::{partition_warnings, score, Counts};
use tmalign::input;

/// Arguments of `tmalign eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Gold bead file or directory.
    pub gold: PathBuf,
    /// Predicted bead file or directory.
    pub pred: PathBuf,
    /// Print the corpus scores as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also print exact recall by gold bead type.
    #[arg(long)]
    pub by_type: bool,
}

fn read_beads(path: &Path) -> anyhow::Result<Vec<Bead>> {
    let t = input::read_text(Some(path))?;
    parse_beads(&t.text).map_err(|(line, e)| anyhow::anyhow!("{}:{line}: {e}", t.name))
}

/// Suffixes a bead file may carry in a directory, stripped to pair gold and
/// prediction: the project's gold files, score_align.py's and `tmalign align
/// --format beads` output as users name it.
const BEAD_SUFFIXES: [&str; 3] = [".gold", ".align", ".beads"];

/// The pairing name of a bead file, or `None` for a file that is not one
/// (a document, a sentence file, a memory: any other extension).
fn bead_name(file: &str) -> Option<&str> {
    if file.starts_with('.') {
        return None;
    }
    if let Some(name) = BEAD_SUFFIXES.iter().find_map(|s| file.strip_suffix(s)) {
        return (!name.is_empty()).then_some(name);
    }
    (!file.contains('.')).then_some(file)
}

fn listing(dir: &Path) -> anyhow::Result<BTreeMap<String, PathBuf>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).with_context(|| dir.display().to_string())? {
        let e = e.with_context(|| dir.display().to_string())?;
        let file = e.file_name().to_string_lossy().into_owned();
        if let Some(name) = bead_name(&file) {
            if e.path().is_file() {
                if let Some(other) = out.insert(name.to_string(), e.path()) {
                    anyhow::bail!(
                        "{}: two bead files for document {name}: {} and {file}",
                        dir.display(),
                        other.file_name().unwrap_or_default().to_string_lossy()
                    );
                }
            }
        }
    }
    Ok(out)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pairs: Vec<(String, PathBuf, PathBuf)> = if args.gold.is_dir() {
        anyhow::ensure!(
            args.pred.is_dir(),
            "{}: gold is a directory, so the prediction must be one too",
            args.pred.display()
        );
        let gold = listing(&args.gold)?;
        let pred = listing(&args.pred)?;
        let names = |v: Vec<&String>| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
        let missing: Vec<&String> = gold.keys().filter(|k| !pred.contains_key(*k)).collect();
        anyhow::ensure!(
            missing.is_empty(),
            "{}: no prediction for the gold document(s) {} of {}",
            args.pred.display(),
            names(missing),
            args.gold.display()
        );
        let extra: Vec<&String> = pred.keys().filter(|k| !gold.contains_key(*k)).collect();
        if !extra.is_empty() {
            eprintln!(
                "tmalign: warning: {}: predictions without gold in {} ignored: {}",
                args.pred.display(),
                args.gold.display(),
                names(extra)
            );
        }
        gold.into_iter().filter_map(|(k, g)| pred.get(&k).map(|p| (k, g, p.clone()))).collect()
    } else {
        vec![(args.gold.display().to_string(), args.gold.clone(), args.pred.clone())]
    };
    anyhow::ensure!(
        !pairs.is_empty(),
        "{}: no gold bead files (named NAME, NAME.gold, NAME.align or NAME.beads)",
        args.gold.display()
    );
    let mut total = Counts::default();
    for (doc, g, p) in &pairs {
        let gold = read_beads(g)?;
        let pred = read_beads(p)?;
        for w in partition_warnings(&gold, &pred) {
            eprintln!("tmalign: warning: {doc}: {w}");
        }
        total.add(&score(&gold, &pred));
    }
    let s = total.scores();
    let mut text = String::new();
    if args.json {
        let mut v = serde_json::to_value(s)?;
        if args.by_type {
            v["by_type"] = serde_json::to_value(&total.by_type)?;
        }
        text = serde_json::to_string_pretty(&v)? + "\n";
    } else {
        use std::fmt::Write as _;
        writeln!(
            text,
            "documents: {}  gold beads: {}  predicted beads: {}  exact matches: {}",
            pairs.len(),
            s.n_gold_beads,
            s.n_test_beads,
            s.n_exact_match
        )?;
        writeln!(text, "            |  strict |     lax |   exact")?;
        for (k, a, b, c) in [
            ("precision", s.precision_strict, s.precision_lax, s.precision_exact),
            ("recall", s.recall_strict, s.recall_lax, s.recall_exact),
            ("f1", s.f1_strict, s.f1_lax, s.f1_exact),
        ] {
            writeln!(text, "{k:<11} |   {a:.3} |   {b:.3} |   {c:.3}")?;
        }
        if args.by_type {
            writeln!(text, "\ngold type  count  found_exactly")?;
            for (t, c) in total.types_by_frequency() {
                let r = if c.gold == 0 { 0.0 } else { c.found as f64 / c.gold as f64 };
                writeln!(text, "{t:<9} {:6}  {r:.3}", c.gold)?;
            }
        }
    }
    super::output::write_atomic(None, |out| Ok(out.write_all(text.as_bytes())?))?;
    Ok(ExitCode::SUCCESS)
}
