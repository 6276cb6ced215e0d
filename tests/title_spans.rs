//! The word links on hand-linked title occurrences
//! (corpora/titles/spans-dev.tsv, dev): for each Chinese title in one unit,
//! the English span a person marked. The scoring code is
//! examples/span_eval.rs (`cargo run --release --example span_eval`); see
//! docs/EVALUATION.md, "Title lookup", session 13.

use std::path::Path;

#[path = "../examples/span_eval.rs"]
mod span_eval;

use tmalign::memory::Memory;

/// Floors below session 13's figures on the memory of corpora/ (branch
/// s13-titles: zh→en 50/57 spans exact, mean overlap F1 0.973; link
/// precision 0.966, recall 0.729; main 26fc932 before the session's link
/// changes: 46/57, 0.893, 0.929, 0.682). A few rows of margin, so that a
/// change that loses spans fails.
const EXACT_MIN: usize = 47;
const OVERLAP_MIN: f64 = 0.93;
const PRECISION_MIN: f64 = 0.93;
const RECALL_MIN: f64 = 0.69;
/// English to Chinese: 47 of 62 exact in session 19 (44 before a Chinese
/// span dropped a grammar character at its ends).
const EN_ZH_EXACT_MIN: usize = 45;

#[test]
fn word_links_give_the_hand_marked_span_of_most_title_occurrences() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = assert_cmd::cargo::cargo_bin("tmalign");
    let dir = tempfile::tempdir().unwrap();
    let tm = span_eval::title_eval::build_memory(&bin, &root.join("corpora"), dir.path()).unwrap();
    let mem = Memory::open(&tm).unwrap();
    let rows = span_eval::read_rows(&root.join("corpora/titles/spans-dev.tsv")).unwrap();
    assert!(rows.len() >= 50, "{} rows", rows.len());
    let s = span_eval::score(&mem, &rows).unwrap();
    println!("{}", span_eval::report(&s));
    assert!(s.missing.is_empty(), "rows whose unit the memory lacks (lines): {:?}", s.missing);
    let overlap = s.zh_en.f1_sum / s.zh_en.rows as f64;
    assert!(s.zh_en.exact >= EXACT_MIN, "{} of {} spans exact", s.zh_en.exact, s.zh_en.rows);
    assert!(overlap >= OVERLAP_MIN, "overlap F1 {overlap:.3}");
    assert!(s.link_precision() >= PRECISION_MIN, "link precision {:.3}", s.link_precision());
    assert!(s.link_recall() >= RECALL_MIN, "link recall {:.3}", s.link_recall());
    assert!(s.en_zh.exact >= EN_ZH_EXACT_MIN, "en→zh: {} of {} spans exact", s.en_zh.exact, s.en_zh.rows);
}

#[test]
fn a_hand_linked_row_marks_one_span_on_each_side() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.tsv");
    std::fs::write(&good, "# comment\ndev/x\t任命[[市长]]王强\t[[mayor]] Wang Qiang\n").unwrap();
    let rows = span_eval::read_rows(&good).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0].zh.0[rows[0].zh.1.clone()], "市长");
    assert_eq!(&rows[0].en.0[rows[0].en.1.clone()], "mayor");
    for bad in
        ["dev/x\t任命市长王强\t[[mayor]]\n", "dev/x\t[[市长]]\t[[mayor]] [[Wang]]\n", "dev/x\t[[市长]]\n"]
    {
        let p = dir.path().join("bad.tsv");
        std::fs::write(&p, bad).unwrap();
        let err = span_eval::read_rows(&p).unwrap_err();
        assert!(err.contains("bad.tsv:1"), "{err}");
    }
}
