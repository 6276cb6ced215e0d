//! OmegaT loads the glossaries tmalign writes: the tab-separated `.txt`,
//! the `.csv` and the TBX-Basic `.tbx`, each with every entry, its terms
//! unchanged and its comment.
//!
//! The files are read by OmegaT's own glossary code: a small Java program
//! (tests/fixtures/omegat/LoadGlossary.java), compiled here with `javac`
//! against OmegaT's jar, calls the method that OmegaT runs on every file of
//! a project's glossary folder (it picks the reader by extension). The TBX
//! file is also checked with `xmllint`: well-formed, and valid against the
//! TBX schema that OmegaT's jar carries (schemas/tbx.xsd, from which its
//! TBX reader is generated), plus the TBX-Basic structure with XPath.
//!
//! Needs `java`, `javac`, OmegaT's jar (`OMEGAT_JAR`, else
//! `/usr/share/omegat/OmegaT.jar`) and `xmllint`: under CI a missing one
//! fails the test, elsewhere it prints SKIPPED.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tmalign::export::glossary::{self, GlossaryEntry};

mod common;

/// OmegaT's jar, when java, javac and the jar are all here (see
/// `common::require`).
fn java_and_omegat(test: &str) -> Option<PathBuf> {
    if !common::require(test, "java", &["-version"]) || !common::require(test, "javac", &["-version"]) {
        return None;
    }
    common::require_omegat_jar(test)
}

/// Entries with what a glossary file has to survive: Chinese, a comma and
/// quotes (CSV), markup characters (TBX), a tab and a line break inside a
/// term (tab-separated), a source starting with `#` (a comment line to
/// OmegaT), and an empty example.
fn entries() -> Vec<GlossaryEntry> {
    let e = |source: &str, target: &str, count, score, example: &str| GlossaryEntry {
        source: source.into(),
        target: target.into(),
        count,
        score,
        example: example.into(),
    };
    vec![
        e("常务副市长", "executive vice-mayor", 4, 0.91, "常务副市长王建国主持会议。"),
        e(
            "市人力资源和社会保障局",
            "Municipal Human Resources and Social Security Bureau",
            2,
            0.8,
            "市人力资源和社会保障局局长李红出席。",
        ),
        e("市委书记", "secretary of the CPC {name} Municipal Committee", 7, 0.75, ""),
        e("研发中心", "R&D <centre>, \"Lianyungang\"", 1, 0.4, "研发\t中心\n成立。"),
        e("#一号", "No. 1", 1, 0.3, "example, with \"quotes\""),
    ]
}

/// (source, target, comment) of each entry as OmegaT read each file.
type Loaded = Vec<(String, Vec<(String, String, String)>)>;

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Runs OmegaT's glossary loading on `files`, with `java_options` (e.g. a
/// default encoding) before the class name.
fn omegat_load(jar: &Path, dir: &Path, java_options: &[&str], files: &[PathBuf]) -> Loaded {
    let classes = dir.join("classes");
    fs::create_dir_all(&classes).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/omegat/LoadGlossary.java");
    let javac = Command::new("javac")
        .arg("-cp")
        .arg(jar)
        .arg("-d")
        .arg(&classes)
        .arg(&source)
        .output()
        .expect("run javac");
    assert!(javac.status.success(), "javac failed: {}", String::from_utf8_lossy(&javac.stderr));
    let project = dir.join("project");
    fs::create_dir_all(project.join("glossary")).unwrap();
    let classpath = format!("{}:{}", classes.display(), jar.display());
    let out = Command::new("java")
        .args(java_options)
        .arg("-cp")
        .arg(&classpath)
        .arg("LoadGlossary")
        .args(["zh-CN", "en-US"])
        .arg(&project)
        .args(files)
        .env("HOME", dir)
        .output()
        .expect("run java");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    assert!(
        out.status.success(),
        "OmegaT's glossary loader failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut loaded: Loaded = Vec::new();
    for line in stdout.lines() {
        let fields: Vec<String> = line.split('\t').map(unescape).collect();
        match fields[0].as_str() {
            "FILE" => loaded.push((fields[1].clone(), Vec::new())),
            "ENTRY" => {
                loaded.last_mut().unwrap().1.push((fields[1].clone(), fields[2].clone(), fields[3].clone()))
            }
            _ => {}
        }
    }
    assert_eq!(loaded.len(), files.len(), "{stdout}");
    loaded
}

fn write_all(dir: &Path, names: &[&str]) -> Vec<PathBuf> {
    names
        .iter()
        .map(|name| {
            let path = dir.join(name);
            let summary = glossary::write(&path, "zh-CN", "en-US", &entries(), &[]).unwrap();
            let tab_separated =
                glossary::GlossaryFormat::for_path(&path) == Some(glossary::GlossaryFormat::Tsv);
            let expected_skipped = usize::from(tab_separated);
            assert_eq!(summary.skipped.len(), expected_skipped, "{name}: {summary:?}");
            path
        })
        .collect()
}

/// The entries OmegaT should show: terms cleaned of the tab and line break.
fn assert_read_whole(file: &str, got: &[(String, String, String)], with_hash_entry: bool) {
    let mut want = vec![
        ("常务副市长", "executive vice-mayor", "seen 4 times, score 0.910; e.g. 常务副市长王建国主持会议。"),
        (
            "市人力资源和社会保障局",
            "Municipal Human Resources and Social Security Bureau",
            "seen 2 times, score 0.800; e.g. 市人力资源和社会保障局局长李红出席。",
        ),
        ("市委书记", "secretary of the CPC {name} Municipal Committee", "seen 7 times, score 0.750"),
        ("研发中心", "R&D <centre>, \"Lianyungang\"", "seen 1 time, score 0.400; e.g. 研发 中心 成立。"),
    ];
    if with_hash_entry {
        want.push(("#一号", "No. 1", "seen 1 time, score 0.300; e.g. example, with \"quotes\""));
    }
    assert_eq!(got.len(), want.len(), "{file}: OmegaT read {got:#?}");
    for ((source, target, comment), (ws, wt, wc)) in got.iter().zip(&want) {
        assert_eq!((source.as_str(), target.as_str()), (*ws, *wt), "{file}");
        assert_eq!(comment.trim(), *wc, "{file}: comment");
    }
}

#[test]
fn omegat_loads_every_entry_of_the_tab_separated_csv_and_tbx_glossaries() {
    let Some(jar) = java_and_omegat("omegat_loads_every_entry_of_the_tab_separated_csv_and_tbx_glossaries")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = write_all(dir.path(), &["glossary.txt", "glossary.utf8", "glossary.csv", "glossary.tbx"]);
    let loaded = omegat_load(&jar, dir.path(), &[], &files);
    for (file, got) in &loaded {
        // The tab-separated files leave out the entry whose source starts
        // with `#` (reported by the writer); CSV quotes it, TBX has no such rule.
        let tab_separated = file.ends_with(".txt") || file.ends_with(".utf8");
        assert_read_whole(file, got, !tab_separated);
    }
}

#[test]
fn omegat_reads_a_txt_glossary_as_utf8_where_the_system_encoding_is_not() {
    // OmegaT guesses the encoding of a .txt glossary and falls back to the
    // system's (a Windows machine's is rarely UTF-8). The writer's UTF-8
    // with a byte order mark must come through whatever the system says.
    let Some(jar) = java_and_omegat("omegat_reads_a_txt_glossary_as_utf8_where_the_system_encoding_is_not")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = write_all(dir.path(), &["glossary.txt", "glossary.csv"]);
    let loaded = omegat_load(&jar, dir.path(), &["-Dfile.encoding=ISO-8859-1"], &files);
    for (file, got) in &loaded {
        assert_read_whole(file, got, file.ends_with(".csv"));
    }
}

/// Runs xmllint with `args`; returns its standard output.
fn xmllint(args: &[&str], file: &Path) -> String {
    let out = Command::new("xmllint").args(args).arg(file).output().expect("run xmllint");
    assert!(
        out.status.success(),
        "xmllint {args:?} {} failed: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_tbx_glossary_is_well_formed_valid_and_shaped_as_tbx_basic() {
    let test = "the_tbx_glossary_is_well_formed_valid_and_shaped_as_tbx_basic";
    if !common::require(test, "xmllint", &["--version"]) {
        return;
    }
    let Some(jar) = java_and_omegat(test) else { return };
    let dir = tempfile::tempdir().unwrap();
    let tbx = write_all(dir.path(), &["glossary.tbx"]).remove(0);
    xmllint(&["--noout"], &tbx);
    // The schema OmegaT's TBX reader was generated from, and the xml: namespace it imports.
    common::from_omegat_jar(&jar, "schemas/xml.xsd", dir.path());
    let schema = common::from_omegat_jar(&jar, "schemas/tbx.xsd", dir.path());
    xmllint(&["--noout", "--schema", schema.to_str().unwrap()], &tbx);
    let count = |xpath: &str| xmllint(&["--xpath", &format!("count({xpath})")], &tbx).trim().to_string();
    assert_eq!(count("/martif[@type='TBX-Basic']/martifHeader/fileDesc/sourceDesc/p"), "1");
    assert_eq!(count("/martif/martifHeader/encodingDesc/p[@type='XCSURI']"), "1");
    assert_eq!(count("/martif/text/body/termEntry"), "5");
    assert_eq!(count("/martif/text/body/termEntry[@id and note and count(langSet) = 2]"), "5");
    assert_eq!(count("//termEntry/langSet[1][@xml:lang='zh-CN']/tig/term"), "5");
    assert_eq!(count("//termEntry/langSet[2][@xml:lang='en-US']/tig/term"), "5");
    assert_eq!(count("//tig[count(term) != 1]"), "0");
}
