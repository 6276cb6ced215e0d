//! `tmalign merge` keeps everything it reads: every attribute, note and prop
//! of units and variants, inline codes with their content, whatever the
//! input's encoding. Units are compared as parsed trees (attribute order,
//! escapes and indentation aside), with the header defaults each relied on.

#[path = "common/tmx_tree.rs"]
mod tmx_tree;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use tmx_tree::{assert_lossless_merge, parse, Element};

fn tmalign() -> Command {
    let mut cmd = Command::cargo_bin("tmalign").unwrap();
    cmd.env("SOURCE_DATE_EPOCH", "1700000000");
    cmd
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/omegat_project_save.tmx")
}

/// A tmalign memory of one corpus document, as `align --format tmx` writes it.
fn tmalign_memory(dir: &Path) -> PathBuf {
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev");
    let out = dir.join("memory.tmx");
    tmalign()
        .args(["align", "--format", "tmx", "--creation-id", "alice"])
        .arg(corpora.join("05-party-meeting.zh.txt"))
        .arg(corpora.join("05-party-meeting.en.txt"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

fn merge(inputs: &[&Path], out: &Path) {
    tmalign().arg("merge").args(inputs).arg("-o").arg(out).assert().success();
}

fn count(units: &[Element], pred: impl Fn(&Element) -> bool) -> usize {
    units.iter().filter(|u| pred(u)).count()
}

#[test]
fn merging_an_omegat_memory_with_a_tmalign_one_keeps_every_attribute_note_and_inline_code() {
    let dir = tempfile::tempdir().unwrap();
    let memory = tmalign_memory(dir.path());
    let merged = dir.path().join("merged.tmx");
    merge(&[&fixture(), &memory], &merged);
    assert_lossless_merge(&[&fixture(), &memory], &merged);

    // The comparison covers what this test is about: both inputs' kinds of
    // metadata are there to be lost.
    let out = parse(&std::fs::read(&merged).unwrap()).units;
    for code in ["bpt", "ept", "ph", "sub", "it", "ut", "hi"] {
        assert!(out.iter().any(|u| u.contains(code)), "no <{code}> in the merged memory");
    }
    assert!(count(&out, |u| u.attribute("creationid") == Some("alice")) > 20);
    assert!(count(&out, |u| u.elements("tuv").any(|v| v.attribute("changeid").is_some())) >= 4);
    assert!(count(&out, |u| u.elements("tuv").any(|v| v.elements("note").next().is_some())) == 1);
    // The OmegaT units now say who made them, since the header above them is tmalign's.
    assert_eq!(count(&out, |u| u.attribute("o-tmf") == Some("OmegaT TMX")), 5);
}

#[test]
fn the_merged_header_keeps_the_first_inputs_notes_and_props() {
    let dir = tempfile::tempdir().unwrap();
    let memory = tmalign_memory(dir.path());
    let merged = dir.path().join("merged.tmx");
    merge(&[&fixture(), &memory], &merged);
    let header = parse(&std::fs::read(&merged).unwrap()).header;
    assert_eq!(header.attribute("creationtool"), Some("tmalign"));
    assert_eq!(header.attribute("srclang"), Some("zh-CN"));
    assert_eq!(header.attribute("creationdate"), Some("20231114T221320Z"));
    let input = parse(&std::fs::read(fixture()).unwrap()).header;
    assert_eq!(header.children, input.children);

    // Second in line, the same memory's header children are not kept.
    merge(&[&memory, &fixture()], &merged);
    assert!(parse(&std::fs::read(&merged).unwrap()).header.children.is_empty());
}

#[test]
fn the_first_of_two_duplicate_units_is_kept_whole() {
    let dir = tempfile::tempdir().unwrap();
    let memory = tmalign_memory(dir.path());
    let merged = dir.path().join("merged.tmx");
    let is_dup = |u: &&Element| {
        u.elements("tuv")
            .next()
            .is_some_and(|v| v.text().trim() == "全会充分肯定了市委常委会过去一年的工作。")
    };
    let fixture = fixture();
    let orders: [(Vec<&Path>, Option<&str>); 2] =
        [(vec![&fixture, &memory], Some("li.wei")), (vec![&memory, &fixture], None)];
    for (inputs, changeid) in orders {
        merge(&inputs, &merged);
        assert_lossless_merge(&inputs, &merged);
        let units = parse(&std::fs::read(&merged).unwrap()).units;
        let dups: Vec<&Element> = units.iter().filter(is_dup).collect();
        assert_eq!(dups.len(), 1);
        let target = dups[0].elements("tuv").nth(1).unwrap();
        assert_eq!(target.attribute("changeid"), changeid);
    }
}

#[test]
fn a_utf16_memory_is_merged_into_the_same_units_in_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(fixture()).unwrap().replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let input = dir.path().join("utf16.tmx");
    std::fs::write(&input, utf16).unwrap();
    let merged = dir.path().join("merged.tmx");
    merge(&[&input], &merged);
    let bytes = std::fs::read(&merged).unwrap();
    let out = String::from_utf8(bytes).expect("UTF-8 output");
    assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(out.contains("宿迁市行政中心"));
    assert_lossless_merge(&[&input], &merged);
}

#[test]
fn units_sharing_a_tuid_are_kept_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let memory = tmalign_memory(dir.path());
    // The same document aligned again after an edit: same tuids, other texts.
    let text = std::fs::read_to_string(&memory).unwrap();
    let edited = dir.path().join("edited.tmx");
    std::fs::write(&edited, text.replace("</seg></tuv>\n    </tu>", " (edited)</seg></tuv>\n    </tu>"))
        .unwrap();
    let merged = dir.path().join("merged.tmx");
    let units = parse(&std::fs::read(&memory).unwrap()).units.len();
    tmalign()
        .arg("merge")
        .arg(&memory)
        .arg(&edited)
        .arg("-o")
        .arg(&merged)
        .assert()
        .success()
        .stderr(predicates::str::contains(format!("{units} units written have the tuid of an earlier unit")));
    assert_lossless_merge(&[&memory, &edited], &merged);
    // A copy of the same memory: its units are duplicates, not units that
    // share a tuid (the same file named twice is refused outright).
    let copy = dir.path().join("copy.tmx");
    std::fs::copy(&memory, &copy).unwrap();
    tmalign()
        .arg("merge")
        .arg(&memory)
        .arg(&copy)
        .arg("-o")
        .arg(&merged)
        .assert()
        .success()
        .stderr(predicates::str::contains("tuid").not());
}
