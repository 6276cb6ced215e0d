//! How well a memory made by `tmalign batch` serves a real CAT tool.
//!
//! OmegaT (console mode, default segmentation rules, memory in `tm/auto` so
//! exact matches are inserted) translates the documents of a gold set with
//! the memory `tmalign batch` makes of those same documents. Each gold
//! sentence that stands alone on its side of a bead (1-1 or 1-n) is then
//! looked up in OmegaT's output: filled with its gold translation, filled
//! with something else (wrong), or left as it was. Sentences of n-1 beads
//! have no sentence-level translation and are not counted.
//!
//! Each test also prints the ceiling that OmegaT's own rules set: a source
//! sentence its default rules cut inside (English `on Oct. 24 ...`: they
//! break after any full stop and space but a few abbreviations) while
//! tmalign keeps it whole can be filled by no sentence-level unit. Those
//! rules, from OmegaT's jar, are applied with `segment --srx`'s engine,
//! which `tests/segment_srx.rs` holds equal to OmegaT's on corpora/.
//!
//! The thresholds sit below the figures measured on the held-out split
//! (docs/EVALUATION.md gives them with the command); the dev split is not
//! asserted here since it was tuned on.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::OmegatProject;
use tmalign::lang::Lang;
use tmalign::segment::{self, srx::SrxRules, Options};

/// Fill counts for one direction of one gold set.
#[derive(Debug, Default)]
struct Fill {
    correct: usize,
    wrong: usize,
    unfilled: usize,
    counted: usize,
    /// Counted sentences OmegaT cuts inside where tmalign does not.
    cut_by_omegat: usize,
    /// Source sentences the translation leaves out (gold 1-0 beads).
    left_out: usize,
    /// Of those, the ones OmegaT replaced with something from the memory:
    /// the memory paired a sentence that has no translation (a wrong fill
    /// that `wrong` does not count, since it counts translated sentences).
    left_out_filled: usize,
}

fn ids(s: &str) -> Vec<usize> {
    s.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .filter(|x| !x.trim().is_empty())
        .map(|x| x.trim().parse().unwrap())
        .collect()
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

/// Whether OmegaT's `rules` cut `sentence` where tmalign's default rules
/// leave it whole.
fn cut_by_omegat(sentence: &str, lang: Lang, rules: &SrxRules) -> bool {
    let with_rules = Options { srx: Some(rules), ..Options::default() };
    segment::segment(sentence, lang).len() == 1 && segment::segment_with(sentence, lang, with_rules).len() > 1
}

fn fill(gold: &Path, source: &str, target: &str, rules: &SrxRules) -> Fill {
    let lang = if source == "zh" { Lang::Zh } else { Lang::En };
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    fs::create_dir_all(&docs).unwrap();
    let project = OmegatProject::create(work.path(), source, target);
    let mut names: Vec<String> = fs::read_dir(gold)
        .unwrap()
        .filter_map(|e| {
            e.unwrap().file_name().to_str().and_then(|n| n.strip_suffix(".gold")).map(String::from)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{}: expected at least 10 gold pairs", gold.display());
    for name in &names {
        for lang in ["zh", "en"] {
            let file = format!("{name}.{lang}.txt");
            fs::copy(gold.join(&file), docs.join(&file)).unwrap();
        }
        let file = format!("{name}.{source}.txt");
        fs::copy(gold.join(&file), project.root.join("source").join(&file)).unwrap();
    }
    let batch = Command::new(env!("CARGO_BIN_EXE_tmalign"))
        .arg("batch")
        .arg(&docs)
        .args(["--source-lang", source, "--target-lang", target, "-o"])
        .arg(project.root.join("tm/auto/memory.tmx"))
        .output()
        .unwrap();
    assert!(
        batch.status.code().is_some_and(|c| c <= 1),
        "batch failed: {}",
        String::from_utf8_lossy(&batch.stderr)
    );
    project.run("console-translate", &[]);

    let mut f = Fill::default();
    for name in &names {
        let sentences = |lang: &str| -> Vec<String> {
            fs::read_to_string(gold.join(format!("{name}.{lang}.sent")))
                .unwrap()
                .lines()
                .map(str::to_string)
                .collect()
        };
        let (src_sent, tgt_sent) = (sentences(source), sentences(target));
        let out = project.root.join("target").join(format!("{name}.{source}.txt"));
        let translated = squeeze(&fs::read_to_string(&out).unwrap());
        for line in fs::read_to_string(gold.join(format!("{name}.gold"))).unwrap().lines() {
            let (zh, en) = line.split_once(':').unwrap();
            let (s, t) = if source == "zh" { (ids(zh), ids(en)) } else { (ids(en), ids(zh)) };
            if s.len() == 1 && t.is_empty() {
                f.left_out += 1;
                f.left_out_filled += usize::from(!translated.contains(&squeeze(&src_sent[s[0]])));
            }
            if s.len() != 1 || t.is_empty() {
                continue;
            }
            f.counted += 1;
            f.cut_by_omegat += usize::from(cut_by_omegat(&src_sent[s[0]], lang, rules));
            let want = squeeze(&t.iter().map(|&k| tgt_sent[k].as_str()).collect::<Vec<_>>().join(" "));
            if translated.contains(&want) {
                f.correct += 1;
            } else if translated.contains(&squeeze(&src_sent[s[0]])) {
                f.unfilled += 1;
            } else {
                f.wrong += 1;
            }
        }
    }
    f
}

fn check(split: &str, source: &str, target: &str, min_fill: f64, max_wrong: f64, max_left_out_filled: f64) {
    if !common::require_omegat("omegat_fill") {
        return;
    }
    let Some(jar) = common::require_omegat_jar("omegat_fill") else { return };
    let work = tempfile::tempdir().unwrap();
    let srx = common::from_omegat_jar(&jar, common::OMEGAT_DEFAULT_RULES, work.path());
    let rules =
        SrxRules::load(&srx, &[(Lang::Zh, "zh-CN"), (Lang::En, "en-US")]).expect("OmegaT's rules load");
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora").join(split);
    let f = fill(&gold, source, target, &rules);
    let (rate, wrong) = (f.correct as f64 / f.counted as f64, f.wrong as f64 / f.counted as f64);
    let ceiling = (f.counted - f.cut_by_omegat) as f64 / f.counted as f64;
    let left_out_filled = f.left_out_filled as f64 / f.left_out.max(1) as f64;
    eprintln!(
        "omegat fill corpora/{split} {source}->{target}: {f:?} ({rate:.3} filled, {wrong:.3} wrong; \
         OmegaT's own cuts leave {ceiling:.3} fillable)"
    );
    assert!(
        rate >= min_fill,
        "corpora/{split} {source}->{target}: {rate:.3} of sentences filled, want >= {min_fill}"
    );
    assert!(
        wrong <= max_wrong,
        "corpora/{split} {source}->{target}: {wrong:.3} wrong fills, want <= {max_wrong}"
    );
    assert!(
        left_out_filled <= max_left_out_filled,
        "corpora/{split} {source}->{target}: {left_out_filled:.3} of the sentences the translation leaves \
         out filled from the memory, want <= {max_left_out_filled}"
    );
}

// Measured once on the held-out corpora/test of session 8 (u01-u12, new
// pairs nobody had run a tool on), 2026-12-05: zh->en 225/241 filled
// (0.934), 1 wrong; en->zh 181/205 (0.883), 2 wrong. Issue #12 asks for
// 0.95 and 0.90 with no wrong fill: not met, and the floors sit below the
// measured values so that a regression fails. Session 9 and session 10
// (2026-12-05, measured once each after the session's changes): zh->en
// 226/241 (0.938), 1 wrong; en->zh 181/205 (0.883), 2 wrong. End of
// session 10, with abbreviated English dates as anchors: 228/241 (0.946)
// and 183/205 (0.893), 1 and 2 wrong. Session 11 (lone person names): the
// same. Session 14, measured once after its changes (OmegaT 3.6): zh->en
// 235/241 (0.975), 1 wrong; en->zh 187/205 (0.912), 2 wrong. Counted for
// the first time then, the sentences the translation leaves out that OmegaT
// filled all the same (a unit pairing a left-out sentence with another's
// translation: wrong fills the counts above miss): zh->en 6 of 30, en->zh
// 4 of 17. Session 15 (credit lines pair only with credit lines), measured
// once: fills unchanged, left-out sentences filled 3 of 30 and 1 of 17. The
// floors sit about 0.025 below the fill rates, the ceilings on left-out
// fills about one sentence in ten above what was measured.
#[test]
fn omegat_fills_held_out_chinese_documents_from_the_batch_memory() {
    check("test", "zh", "en", 0.95, 0.015, 0.2);
}

#[test]
fn omegat_fills_held_out_english_documents_from_the_batch_memory() {
    check("test", "en", "zh", 0.89, 0.02, 0.15);
}

// corpora/test2 (w01-w10, written in session 10), first measured at the end
// of session 10: zh->en 168/181 (0.928), 1 wrong; en->zh 161/176 (0.915),
// 2 wrong, with 8 English sentences cut inside by OmegaT itself (ceiling
// 0.955). Session 11, measured once after its lone person names: zh->en
// 169/181 (0.934), 1 wrong; en->zh 161/176, 2 wrong. Session 14: zh->en
// 171/181 (0.945), 1 wrong, left-out sentences filled 4 of 28; en->zh
// 163/176 (0.926), 2 wrong, 3 of 10. Session 15: the same fills and
// left-out counts.
#[test]
fn omegat_fills_second_held_out_chinese_documents_from_the_batch_memory() {
    check("test2", "zh", "en", 0.92, 0.015, 0.25);
}

#[test]
fn omegat_fills_second_held_out_english_documents_from_the_batch_memory() {
    check("test2", "en", "zh", 0.90, 0.02, 0.45);
}
