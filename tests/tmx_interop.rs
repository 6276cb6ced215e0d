//! tmalign's TMX as other tools see it: valid against the TMX 1.4 DTD
//! (`xmllint --dtdvalid`) and loaded by translate-toolkit's `tmxfile` with
//! every text intact.
//!
//! Needs `xmllint`, Python's `translate` package and the DTD (path in
//! `TMX14_DTD`, else `target/ci/tmx14.dtd`; `.ci/fetch-tmx14-dtd` puts it
//! there). `.ci/run` installs all three. Without them the test says loudly
//! that it skipped, except under CI (`CI` set), where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use tmalign::align::{Alignment, Document, ScoredBead};
use tmalign::bead::Bead;
use tmalign::export::tmx::{TmxExporter, TmxOptions};
use tmalign::export::Exporter;
use tmalign::lang::Lang;
use tmalign::segment::Sentence;

fn doc(name: &str, lang: Lang, texts: &[String]) -> Document {
    let sentences =
        texts.iter().map(|t| Sentence { text: t.clone(), start: 0, end: t.len(), paragraph: 0 }).collect();
    Document::new(name, lang, sentences)
}

/// Source and target sentences that stress escaping, cleaning and size.
fn hostile_pairs() -> Vec<(String, String)> {
    vec![
        ("中国 & 美国".into(), "China & the US".into()),
        ("价格<100>元".into(), "a price <100> yuan".into()),
        ("他说：“好”".into(), "He said \"yes\" and 'no'".into()),
        ("控制\u{1}字符\u{1F}".into(), "control\u{7} chars\u{FFFF}".into()),
        ("表情😀".into(), "emoji 👍🏽 ]]>".into()),
        ("长".repeat(10_000), "long ".repeat(2_000)),
    ]
}

fn dtd_path() -> Option<PathBuf> {
    let from_env = std::env::var_os("TMX14_DTD").map(PathBuf::from);
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci/tmx14.dtd");
    from_env.or(Some(default)).filter(|p| p.is_file())
}

fn tool_works(cmd: &mut Command) -> bool {
    cmd.output().map(|o| o.status.success()).unwrap_or(false)
}

/// Whether the external tools are here; panics under CI when they are not.
fn tools() -> Option<PathBuf> {
    let dtd = dtd_path();
    let xmllint = tool_works(Command::new("xmllint").arg("--version"));
    let ttk = tool_works(Command::new("python3").args(["-c", "import translate.storage.tmx"]));
    match (dtd, xmllint, ttk) {
        (Some(dtd), true, true) => Some(dtd),
        (dtd, xmllint, ttk) => {
            let msg = format!(
                "TMX interop tools missing: DTD {}, xmllint {xmllint}, translate-toolkit {ttk} \
                 (run .ci/fetch-tmx14-dtd, install libxml2-utils and translate-toolkit)",
                dtd.map_or("not found".to_string(), |p| p.display().to_string())
            );
            if std::env::var_os("CI").is_some() {
                panic!("{msg}");
            }
            eprintln!("\n*** SKIPPED tmx_interop: {msg} ***\n");
            None
        }
    }
}

const LOAD: &str = r#"
import json, sys
from translate.storage import tmx
with open(sys.argv[1], "rb") as f:
    store = tmx.tmxfile(f)
print(json.dumps([[u.source, u.target] for u in store.units if u.source is not None]))
"#;

/// Checks `file` against the DTD with xmllint and returns the (source,
/// target) texts translate-toolkit reads from it.
fn validate_and_load(dtd: &Path, file: &Path) -> Vec<(String, String)> {
    let lint = Command::new("xmllint").arg("--noout").arg("--dtdvalid").arg(dtd).arg(file).output().unwrap();
    assert!(lint.status.success(), "xmllint: {}", String::from_utf8_lossy(&lint.stderr));
    let load = Command::new("python3").args(["-c", LOAD]).arg(file).output().unwrap();
    assert!(load.status.success(), "translate-toolkit: {}", String::from_utf8_lossy(&load.stderr));
    serde_json::from_slice(&load.stdout).unwrap()
}

#[test]
fn tmalign_tmx_is_dtd_valid_and_loads_in_translate_toolkit() {
    let Some(dtd) = tools() else { return };
    let pairs = hostile_pairs();
    let (src, tgt): (Vec<String>, Vec<String>) = pairs.iter().cloned().unzip();
    let mut beads: Vec<ScoredBead> = (0..pairs.len())
        .map(|i| ScoredBead { bead: Bead::new([i], [i]), score: 0.8, anchors: vec![] })
        .collect();
    // An omission: left out by default.
    let mut src_docs = src.clone();
    src_docs.push("没有译文。".into());
    beads.push(ScoredBead { bead: Bead::new([pairs.len()], []), score: 0.1, anchors: vec![] });
    let alignment = Alignment {
        source: doc("news & <views>.zh.txt", Lang::Zh, &src_docs),
        target: doc("news.en.txt", Lang::En, &tgt),
        beads,
    };

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.tmx");
    let mut out = Vec::new();
    TmxExporter::new(TmxOptions::default()).write(&alignment, &mut out).unwrap();
    std::fs::write(&file, &out).unwrap();

    let loaded = validate_and_load(&dtd, &file);
    let expected: Vec<(String, String)> =
        pairs.iter().map(|(s, t)| (tmalign::tmx::clean_text(s).0, tmalign::tmx::clean_text(t).0)).collect();
    assert_eq!(loaded.len(), expected.len());
    for (got, want) in loaded.iter().zip(&expected) {
        assert_eq!(got, want);
    }
    // The control characters are gone, everything else is there.
    assert_eq!(loaded[3], ("控制字符".to_string(), "control chars".to_string()));
    assert_eq!(loaded[5].0.chars().count(), 10_000);
}

const SAVE: &str = r#"
import json, sys
from translate.storage import tmx
pairs = json.load(open(sys.argv[1], encoding="utf-8"))
store = tmx.tmxfile(sourcelanguage="zh-CN", targetlanguage="en-US")
for source, target in pairs:
    store.addtranslation(source, "zh-CN", target, "en-US")
store.savefile(sys.argv[2])
"#;

#[test]
fn translate_toolkit_tmx_reads_back_in_tmalign() {
    if tools().is_none() {
        return;
    }
    // translate-toolkit refuses control characters itself, so none here.
    let pairs: Vec<(String, String)> =
        hostile_pairs().into_iter().filter(|(s, _)| !s.contains('\u{1}')).collect();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("pairs.json");
    let file = dir.path().join("ttk.tmx");
    std::fs::write(&json, serde_json::to_vec(&pairs).unwrap()).unwrap();
    let save = Command::new("python3").args(["-c", SAVE]).arg(&json).arg(&file).output().unwrap();
    assert!(save.status.success(), "translate-toolkit: {}", String::from_utf8_lossy(&save.stderr));

    let units: Vec<_> = tmalign::tmx::read_file(&file).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(units.len(), pairs.len());
    for (unit, (source, target)) in units.iter().zip(&pairs) {
        assert_eq!(unit.text(Lang::Zh), Some(source.as_str()));
        assert_eq!(unit.text(Lang::En), Some(target.as_str()));
    }
}

#[test]
fn corpora_memory_is_dtd_valid_and_every_unit_matches_the_aligned_pair() {
    let Some(dtd) = tools() else { return };
    let corpora = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("corpora.tmx");
    let batch =
        Command::new(env!("CARGO_BIN_EXE_tmalign")).arg("batch").arg(&corpora).arg("-o").arg(&file).output();
    let batch = batch.unwrap();
    assert!(batch.status.success(), "batch: {}", String::from_utf8_lossy(&batch.stderr));

    let loaded = validate_and_load(&dtd, &file);

    // The same pairs, as `align --format tsv` prints them, document by document.
    let mut expected = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&corpora)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".zh.txt").map(str::to_string))
        .collect();
    names.sort();
    for name in &names {
        let tsv = Command::new(env!("CARGO_BIN_EXE_tmalign"))
            .args(["align", "--format", "tsv"])
            .arg(corpora.join(format!("{name}.zh.txt")))
            .arg(corpora.join(format!("{name}.en.txt")))
            .output()
            .unwrap();
        assert!(tsv.status.success());
        for line in String::from_utf8(tsv.stdout).unwrap().lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if !cols[0].is_empty() && !cols[1].is_empty() {
                expected.push((cols[0].to_string(), cols[1].to_string()));
            }
        }
    }
    assert!(expected.len() > 200, "only {} aligned pairs", expected.len());
    // The memory keeps the line breaks of wrapped sentences (TSV gives them
    // on one line) and adds a joined unit after each run of beads that a CAT
    // tool reads as one segment: every aligned pair is there, in order, and
    // every other unit joins consecutive pairs.
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let glue = |parts: &[(String, String)]| {
        let zh: String = parts.iter().map(|p| p.0.as_str()).collect();
        let en = parts.iter().map(|p| p.1.as_str()).collect::<Vec<_>>().join(" ");
        (zh, en)
    };
    let mut next = 0;
    for (zh, en) in &loaded {
        let unit = (flat(zh), flat(en));
        if next < expected.len() && unit == expected[next] {
            next += 1;
            continue;
        }
        let joined = (2..=next).any(|n| glue(&expected[next - n..next]) == unit);
        assert!(joined, "unit {unit:?} is neither the next aligned pair nor a join of the ones before it");
    }
    assert_eq!(next, expected.len(), "aligned pairs missing from the memory");
}

#[test]
fn a_merge_of_omegat_style_and_tmalign_memories_is_dtd_valid_and_loads() {
    let Some(dtd) = tools() else { return };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpora = root.join("corpora/dev");
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("memory.tmx");
    let merged = dir.path().join("merged.tmx");
    let tmalign = || Command::new(env!("CARGO_BIN_EXE_tmalign"));
    let align = tmalign()
        .args(["align", "--format", "tmx"])
        .arg(corpora.join("05-party-meeting.zh.txt"))
        .arg(corpora.join("05-party-meeting.en.txt"))
        .arg("-o")
        .arg(&memory)
        .output()
        .unwrap();
    assert!(align.status.success(), "align: {}", String::from_utf8_lossy(&align.stderr));
    // OmegaT's project memory is TMX 1.1 (`lang`, not `xml:lang`): the merge must still be 1.4.
    let omegat = dir.path().join("omegat.tmx");
    let fixture = std::fs::read_to_string(root.join("tests/fixtures/omegat_project_save.tmx")).unwrap();
    std::fs::write(&omegat, fixture.replace("xml:lang=", "lang=")).unwrap();
    let merge = tmalign().arg("merge").arg(&omegat).arg(&memory).arg("-o").arg(&merged).output().unwrap();
    assert!(merge.status.success(), "merge: {}", String::from_utf8_lossy(&merge.stderr));
    let loaded = validate_and_load(&dtd, &merged);
    let units = tmalign::tmx::read_file(&merged).unwrap().count();
    assert_eq!(loaded.len(), units);
}
