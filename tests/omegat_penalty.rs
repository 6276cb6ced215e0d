//! The doubtful memory as OmegaT uses it: in `tm/penalty-30/` its units are
//! offered as fuzzy matches with a 30% penalty and never inserted, while the
//! main memory in `tm/auto/` fills the sentences it has.
//!
//! OmegaT 3.6 reads penalty folders (FindMatches looks for `penalty-NN` in
//! a memory's path) and its console-translate mode inserts only what
//! `tm/auto/` (and `tm/enforce/`) hold. The test translates the Chinese
//! documents of corpora/dev twice: once with the doubtful memory in
//! `tm/penalty-30/`, where none of its units may appear in the output, and
//! once with it in `tm/auto/`, where they must (otherwise the first run
//! would prove nothing).
//!
//! Needs `omegat`. Without it the test says loudly that it skipped, except
//! under CI (`CI` set), where it fails (tests/common's `require_omegat`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::OmegatProject;
use tmalign::lang::Lang;
use tmalign::tmx::{read_file, Unit};

fn dev() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev")
}

fn units(path: &Path) -> Vec<Unit> {
    read_file(path).unwrap().map(|u| u.unwrap()).collect()
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

/// An OmegaT project translating the Chinese dev documents with `main` in
/// tm/auto and `doubtful` in `doubtful_dir` (relative to the project);
/// returns the translated documents run together.
fn translate(work: &Path, main: &Path, doubtful: &Path, doubtful_dir: &str) -> String {
    let project = OmegatProject::create(work, "zh", "en");
    fs::create_dir_all(project.root.join(doubtful_dir)).unwrap();
    for e in fs::read_dir(dev()).unwrap() {
        let path = e.unwrap().path();
        if path.to_string_lossy().ends_with(".zh.txt") {
            fs::copy(&path, project.root.join("source").join(path.file_name().unwrap())).unwrap();
        }
    }
    fs::copy(main, project.root.join("tm/auto/main.tmx")).unwrap();
    fs::copy(doubtful, project.root.join(doubtful_dir).join("doubtful.tmx")).unwrap();
    project.run("console-translate", &[]);
    let mut text = String::new();
    for e in fs::read_dir(project.root.join("target")).unwrap() {
        text.push_str(&fs::read_to_string(e.unwrap().path()).unwrap());
    }
    assert!(!text.is_empty(), "omegat wrote no target document");
    squeeze(&text)
}

/// Targets of the doubtful units that OmegaT put into the documents: those
/// found in the output that no main unit also has as its target.
fn inserted(output: &str, doubtful: &[Unit], main: &[Unit]) -> Vec<String> {
    let main_targets: Vec<String> = main.iter().filter_map(|u| u.text(Lang::En)).map(squeeze).collect();
    doubtful
        .iter()
        .filter_map(|u| u.text(Lang::En))
        .map(squeeze)
        .filter(|t| !t.is_empty() && output.contains(t.as_str()) && !main_targets.contains(t))
        .collect()
}

#[test]
fn omegat_never_inserts_a_doubtful_unit_from_a_penalty_folder() {
    if !common::require_omegat("omegat_penalty") {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    fs::create_dir_all(&input).unwrap();
    for e in fs::read_dir(dev()).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "txt") {
            fs::copy(&path, input.join(path.file_name().unwrap())).unwrap();
        }
    }
    let (main, doubtful) = (work.path().join("main.tmx"), work.path().join("doubtful.tmx"));
    let status = Command::new(env!("CARGO_BIN_EXE_tmalign"))
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&main)
        .arg("--doubtful")
        .arg(&doubtful)
        .status()
        .unwrap();
    assert!(status.success());
    let (main_units, doubtful_units) = (units(&main), units(&doubtful));
    assert!(!doubtful_units.is_empty(), "corpora/dev gave no doubtful unit to test with");

    let penalised = translate(&work.path().join("p"), &main, &doubtful, "tm/penalty-30");
    let wrongly = inserted(&penalised, &doubtful_units, &main_units);
    assert!(wrongly.is_empty(), "doubtful units inserted from tm/penalty-30: {wrongly:?}");
    // The main memory did fill the documents.
    let filled =
        main_units.iter().filter_map(|u| u.text(Lang::En)).filter(|t| penalised.contains(&squeeze(t)));
    assert!(filled.count() > 100, "the main memory in tm/auto filled little");

    // The same units in tm/auto are inserted: the check above can see them.
    let control = translate(&work.path().join("c"), &main, &doubtful, "tm/auto/doubtful");
    assert!(
        !inserted(&control, &doubtful_units, &main_units).is_empty(),
        "no doubtful unit was inserted even from tm/auto: the test proves nothing"
    );
}
