//! `tmalign segment --srx` with OmegaT's own default rules cuts every
//! document of corpora/dev, dev2, dev3, dev4, dev5, dev6, test and test2 (those that exist) into exactly
//! the segments OmegaT 3.6 makes of it, in order, in both languages.
//!
//! OmegaT's rules are GPL, so they are not in the repository: the test takes
//! `defaultRules.srx` out of OmegaT's jar (`OMEGAT_JAR`, else
//! `/usr/share/omegat/OmegaT.jar`). OmegaT's segments, in order, come from
//! two console runs on a project whose `source/` holds the documents: the
//! first writes a pseudo-translation memory of every distinct segment; each
//! translation is then wrapped in ⟦ ⟧ and the memory put in `tm/auto`, so
//! the second run (`console-translate`) writes every document back as its
//! segments between markers.
//!
//! Needs `omegat` on the PATH and its jar (the project helpers of
//! `tests/common` run it). Without them the test says loudly that it
//! skipped, except under CI (`CI` set), where it fails.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const OPEN: char = '⟦';
const CLOSE: char = '⟧';

mod common;

/// The `.LANG.txt` documents of the corpus directories that exist.
fn documents(lang: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
    let mut docs = Vec::new();
    for dir in ["dev", "dev2", "dev3", "dev4", "dev5", "dev6", "test", "test2"] {
        let Ok(entries) = fs::read_dir(root.join(dir)) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.to_string_lossy().ends_with(&format!(".{lang}.txt")) {
                docs.push(p);
            }
        }
    }
    docs.sort();
    docs
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Wraps the translation (the last `<seg>`) of every `<tu>` in markers.
fn mark_translations(tmx: &str) -> String {
    let mut out = String::with_capacity(tmx.len() + tmx.len() / 8);
    let mut rest = tmx;
    while let Some(end) = rest.find("</tu>") {
        let tu = &rest[..end];
        match (tu.rfind("<seg>"), tu.rfind("</seg>")) {
            (Some(a), Some(z)) if a < z => {
                out.push_str(&tu[..a + 5]);
                out.push(OPEN);
                out.push_str(&tu[a + 5..z]);
                out.push(CLOSE);
                out.push_str(&tu[z..]);
            }
            _ => out.push_str(tu),
        }
        rest = &rest[end..];
        out.push_str(&rest[..5]);
        rest = &rest[5..];
    }
    out.push_str(rest);
    out
}

/// OmegaT's segments of each document, in order (whitespace collapsed).
fn omegat_segments(work: &Path, lang: &str, docs: &[PathBuf]) -> Vec<Vec<String>> {
    let other = if lang == "zh" { "en" } else { "zh" };
    let dir = work.join(lang);
    let project = common::OmegatProject::create(&dir, lang, other);
    for (i, d) in docs.iter().enumerate() {
        fs::copy(d, project.root.join(format!("source/{i:03}.txt"))).expect("copy document");
    }
    let pseudo = dir.join("pseudo.tmx");
    project.run(
        "console-createpseudotranslatetmx",
        &[&format!("--pseudotranslatetmx={}", pseudo.display()), "--pseudotranslatetype=equal"],
    );
    let tmx = fs::read_to_string(&pseudo).expect("read the pseudo-translation memory");
    fs::write(project.root.join("tm/auto/marked.tmx"), mark_translations(&tmx)).expect("write marked memory");
    project.run("console-translate", &[]);

    (0..docs.len())
        .map(|i| {
            let target =
                fs::read_to_string(project.root.join(format!("target/{i:03}.txt"))).expect("read target");
            let mut segs = Vec::new();
            let mut rest = target.as_str();
            while let Some(a) = rest.find(OPEN) {
                let outside = &rest[..a];
                assert!(
                    outside.trim().is_empty(),
                    "{}: OmegaT left text untranslated: {outside:?}",
                    docs[i].display()
                );
                let after = &rest[a + OPEN.len_utf8()..];
                let z = after.find(CLOSE).expect("closing marker");
                segs.push(collapse(&after[..z]));
                rest = &after[z + CLOSE.len_utf8()..];
            }
            assert!(rest.trim().is_empty(), "{}: OmegaT left text untranslated: {rest:?}", docs[i].display());
            segs
        })
        .collect()
}

fn tmalign_segments(rules: &Path, lang: &str, doc: &Path) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_tmalign"))
        .args(["segment", "--lang", lang, "--srx"])
        .arg(rules)
        .arg(doc)
        .output()
        .expect("run tmalign");
    assert!(out.status.success(), "tmalign segment failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output").lines().map(collapse).collect()
}

#[test]
fn srx_segments_equal_omegats_on_every_corpus_document() {
    if !common::require_omegat("segment_srx") {
        return;
    }
    let Some(jar) = common::require_omegat_jar("segment_srx") else { return };
    let work = tempfile::tempdir().expect("temp dir");
    let rules = common::from_omegat_jar(&jar, common::OMEGAT_DEFAULT_RULES, work.path());
    for lang in ["zh", "en"] {
        let docs = documents(lang);
        assert!(docs.len() >= 10, "corpora/dev should hold at least ten {lang} documents");
        let expected = omegat_segments(work.path(), lang, &docs);
        let mut total = 0;
        for (doc, want) in docs.iter().zip(&expected) {
            let got = tmalign_segments(&rules, lang, doc);
            if let Some(i) = (0..got.len().max(want.len())).find(|&i| got.get(i) != want.get(i)) {
                panic!(
                    "{}: segment {i} differs\n tmalign: {:?}\n  omegat: {:?}",
                    doc.display(),
                    got.get(i),
                    want.get(i)
                );
            }
            total += got.len();
        }
        eprintln!("segment_srx: {lang}: {} documents, {total} segments, all equal to OmegaT's", docs.len());
    }
}

#[test]
fn every_language_of_omegats_default_rules_compiles() {
    let Some(jar) = common::require_omegat_jar("segment_srx") else { return };
    let work = tempfile::tempdir().expect("temp dir");
    let rules = common::from_omegat_jar(&jar, common::OMEGAT_DEFAULT_RULES, work.path());
    let file = tmalign::segment::srx::SrxFile::load(&rules).expect("read the rules");
    // The languages OmegaT 3.6 ships rules for (their map patterns are `CA.*`, `DE.*`…).
    for tag in ["ca", "de-DE", "en-GB", "es", "fi", "fr-FR", "it", "ja", "nl", "pl", "ru", "sv", "zh-TW"] {
        if let Err(e) = file.language_rules(tag) {
            panic!("{tag}: {e}");
        }
    }
}

// ---------------------------------------------------------------------------
// `--srx` on the command line, with small rule files written here (no OmegaT needed).

/// Rules breaking after `|` only, for the language codes matched by `zh` and `en`.
fn bar_rules(dir: &Path, zh: &str, en: &str) -> PathBuf {
    let path = dir.join("bar.srx");
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="yes"/>
  <body>
    <languagerules>
      <languagerule languagerulename="Bar">
        <rule break="yes"><beforebreak>\|</beforebreak><afterbreak>.</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern="{zh}" languagerulename="Bar"/>
      <languagemap languagepattern="{en}" languagerulename="Bar"/>
    </maprules>
  </body>
</srx>
"#
    );
    fs::write(&path, xml).expect("write rules");
    path
}

fn tmalign() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("tmalign").expect("binary")
}

#[test]
fn srx_rules_replace_the_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    let rules = bar_rules(dir.path(), "ZH.*", "EN.*");
    tmalign()
        .args(["segment", "--lang", "en", "--srx"])
        .arg(&rules)
        .write_stdin("Ships came. Trade rose.| Then more.")
        .assert()
        .success()
        .stdout("Ships came. Trade rose.|\nThen more.\n");
}

#[test]
fn a_missing_srx_file_exits_2_naming_it() {
    tmalign()
        .args(["segment", "--srx", "/no/such/rules.srx"])
        .write_stdin("Text.")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("/no/such/rules.srx"));
}

#[test]
fn malformed_srx_exits_2_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.srx");
    fs::write(&path, "<srx version=\"2.0\">\n<body>\n<languagerules>\n</body>\n").unwrap();
    let out = tmalign().args(["segment", "--srx"]).arg(&path).write_stdin("Text.").assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("broken.srx:4: malformed SRX"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn an_unsupported_rule_regex_exits_2_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let rules = bar_rules(dir.path(), "ZH.*", "EN.*");
    let xml = fs::read_to_string(&rules).unwrap().replace(r"\|", r"\p{InCJKSymbolsAndPunctuation}");
    let line = xml.lines().position(|l| l.contains("InCJK")).unwrap() + 1;
    fs::write(&rules, xml).unwrap();
    let out =
        tmalign().args(["segment", "--lang", "zh", "--srx"]).arg(&rules).write_stdin("甲。").assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains(&format!("bar.srx:{line}: rule regex not supported: ")), "{err}");
}

#[test]
fn a_language_the_map_does_not_cover_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let rules = bar_rules(dir.path(), "FR.*", "EN.*");
    tmalign()
        .args(["segment", "--lang", "zh", "--srx"])
        .arg(&rules)
        .write_stdin("甲。乙。")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no segmentation rules for language zh-CN"));
}

#[test]
fn align_cuts_the_source_with_the_srx_rules_and_keeps_the_target_sentences_whole() {
    let dir = tempfile::tempdir().unwrap();
    let rules = bar_rules(dir.path(), "ZH.*", "EN.*");
    let (zh, en) = (dir.path().join("a.zh.txt"), dir.path().join("a.en.txt"));
    fs::write(&zh, "港口扩建了。船多了。\n").unwrap();
    fs::write(&en, "The port grew. More ships came.\n").unwrap();
    let align = |extra: &[&str], zh: &Path, en: &Path| {
        let out = tmalign().arg("align").args(extra).arg(zh).arg(en).assert().success();
        String::from_utf8_lossy(&out.get_output().stdout).into_owned()
    };
    let srx = ["--srx", rules.to_str().unwrap()];
    assert_eq!(align(&[], &zh, &en), "[0]:[0]\n[1]:[1]\n");
    // No `|` in the source: one segment; the target keeps its two sentences.
    assert_eq!(align(&srx, &zh, &en), "[0]:[0,1]\n");
    // A rule that cuts inside an English sentence (as OmegaT's cut `on
    // Nov. 17.` after `Nov.`) cuts an English source, never an English target.
    fs::write(&zh, "港口扩建了。|船多了。\n").unwrap();
    fs::write(&en, "The port grew at Nov.| 17 more ships came.\n").unwrap();
    assert_eq!(align(&srx, &zh, &en), "[0,1]:[0]\n");
    assert_eq!(align(&srx, &en, &zh), "[0]:[0]\n[1]:[1]\n");
}

#[test]
fn the_map_is_matched_against_the_tmx_tags_given() {
    let dir = tempfile::tempdir().unwrap();
    let rules = bar_rules(dir.path(), "ZH-TW", "EN.*");
    let (zh, en) = (dir.path().join("a.zh.txt"), dir.path().join("a.en.txt"));
    fs::write(&zh, "港口扩建了。\n").unwrap();
    fs::write(&en, "The port grew.\n").unwrap();
    let run =
        |tag: &[&str]| tmalign().args(["align", "--srx"]).arg(&rules).args(tag).arg(&zh).arg(&en).assert();
    run(&[]).code(2).stderr(predicates::str::contains("zh-CN"));
    run(&["--source-tag", "zh-TW"]).success();
}

#[test]
fn batch_writes_units_cut_by_the_srx_rules() {
    let dir = tempfile::tempdir().unwrap();
    let rules = bar_rules(dir.path(), "ZH.*", "EN.*");
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("a.zh.txt"), "港口扩建了。船多了。\n").unwrap();
    fs::write(docs.join("a.en.txt"), "The port grew. More ships came.\n").unwrap();
    let out = dir.path().join("memory.tmx");
    tmalign().arg("batch").arg(&docs).arg("-o").arg(&out).arg("--srx").arg(&rules).assert().success();
    let tmx = fs::read_to_string(&out).unwrap();
    assert!(tmx.contains("<seg>港口扩建了。船多了。</seg>"), "{tmx}");
    assert!(tmx.contains("<seg>The port grew. More ships came.</seg>"), "{tmx}");
}
