//! `tmalign eval` against figures worked out by hand with score_align.py's rules.

use assert_cmd::Command;
use std::fs;
use std::path::PathBuf;

/// A temporary folder (kept alive by the first value) holding empty `gold/`
/// and `pred/` folders.
fn gold_and_pred() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let (g, p) = (d.path().join("gold"), d.path().join("pred"));
    fs::create_dir_all(&g).unwrap();
    fs::create_dir_all(&p).unwrap();
    (d, g, p)
}

#[test]
fn directory_scores_match_hand_computed_values() {
    let (_d, g, p) = gold_and_pred();
    // Document 001: gold [0]:[0,1] [1]:[2]; predicted [0]:[0] []:[1] [1]:[2].
    fs::write(g.join("001.align"), "[0]:[0,1]\n[1]:[2]\n").unwrap();
    fs::write(p.join("001"), "[0]:[0]\n[]:[1]\n[1]:[2]\n").unwrap();
    // Document 002: a perfect prediction of [0]:[0] [1,2]:[1].
    fs::write(g.join("002.align"), "[0]:[0]\n[1,2]:[1]\n").unwrap();
    fs::write(p.join("002.align"), "[0]:[0]\n[1,2]:[1]\n").unwrap();
    let out = Command::cargo_bin("tmalign")
        .unwrap()
        .args(["eval", "--json", "--by-type"])
        .arg(&g)
        .arg(&p)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = |k: &str| v[k].as_f64().unwrap();
    // Precision: 3 strict hits of 5 predicted beads; lax adds [0]:[0] -> 4 of 5.
    assert!((f("precision_strict") - 3.0 / 5.0).abs() < 1e-12);
    assert!((f("precision_lax") - 4.0 / 5.0).abs() < 1e-12);
    // Recall: gold beads 4, strict hits 3, lax hits 4.
    assert!((f("recall_strict") - 3.0 / 4.0).abs() < 1e-12);
    assert!((f("recall_lax") - 1.0).abs() < 1e-12);
    let (p_s, r_s) = (0.6, 0.75);
    assert!((f("f1_strict") - 2.0 * p_s * r_s / (p_s + r_s)).abs() < 1e-12);
    // Exact: 3 matches, 5 predicted, 4 gold.
    assert_eq!(v["n_exact_match"], 3);
    assert!((f("recall_exact") - 0.75).abs() < 1e-12);
    assert_eq!(v["by_type"]["1-2"]["gold"], 1);
    assert_eq!(v["by_type"]["1-2"]["found"], 0);
    assert_eq!(v["by_type"]["2-1"]["found"], 1);
}

#[test]
fn missing_prediction_is_an_error() {
    let (_d, g, p) = gold_and_pred();
    fs::write(g.join("001.align"), "[0]:[0]\n").unwrap();
    let out = Command::cargo_bin("tmalign").unwrap().arg("eval").arg(&g).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no prediction for the gold document(s)"));
}

#[test]
fn project_folder_is_gold_as_it_is_and_other_files_are_passed_over() {
    // A corpora/-style folder: documents, sentence files and NAME.gold side by
    // side; predictions written as NAME.beads next to a memory.
    let (_d, g, p) = gold_and_pred();
    for ext in ["zh.txt", "en.txt", "zh.sent", "en.sent"] {
        fs::write(g.join(format!("01-port.{ext}")), "甲。\n").unwrap();
    }
    fs::write(g.join("01-port.gold"), "[0]:[0]\n[1]:[1,2]\n").unwrap();
    fs::write(p.join("01-port.beads"), "[0]:[0]\n[1]:[1]\n[]:[2]\n").unwrap();
    fs::write(p.join("all.tmx"), "<tmx/>").unwrap();
    let out =
        Command::cargo_bin("tmalign").unwrap().args(["eval", "--json"]).arg(&g).arg(&p).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning"), "non-bead files were taken for beads: {err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // One of the two gold beads predicted exactly.
    assert!((v["recall_strict"].as_f64().unwrap() - 0.5).abs() < 1e-12);
}

#[test]
fn two_bead_files_for_one_document_are_refused() {
    let (_d, g, p) = gold_and_pred();
    fs::write(g.join("001.gold"), "[0]:[0]\n").unwrap();
    fs::write(p.join("001"), "[0]:[0]\n").unwrap();
    fs::write(p.join("001.beads"), "[]:[0]\n").unwrap();
    let out = Command::cargo_bin("tmalign").unwrap().arg("eval").arg(&g).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("two bead files for document 001"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn a_folder_without_bead_files_is_an_error() {
    let (_d, g, p) = gold_and_pred();
    fs::write(g.join("a.zh.txt"), "甲。\n").unwrap();
    let out = Command::cargo_bin("tmalign").unwrap().arg("eval").arg(&g).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no gold bead files"));
}
