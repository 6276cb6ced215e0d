//! Helpers shared by the tests that drive a real CAT tool.
//!
//! A test that needs an external program calls [`require`]: under CI (`CI`
//! set) a missing program fails the test, elsewhere the test prints a loud
//! SKIPPED line and returns, so a developer without the program still runs
//! the rest of the suite.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether `program` runs (`program --version` or the given probe); panics
/// under CI when it does not, prints SKIPPED and returns false elsewhere.
pub fn require(test: &str, program: &str, probe: &[&str]) -> bool {
    let works =
        Command::new(program).args(probe).output().is_ok_and(|o| o.status.success() || !o.stdout.is_empty());
    if !works {
        let msg = format!("`{program}` is not installed (`bash .ci/run` installs it)");
        if std::env::var_os("CI").is_some() {
            panic!("{test}: {msg}");
        }
        eprintln!("\n*** SKIPPED {test}: {msg} ***\n");
    }
    works
}

/// Whether OmegaT's console mode is available (see [`require`]).
pub fn require_omegat(test: &str) -> bool {
    require(test, "omegat", &["--help"])
}

/// OmegaT's jar: `OMEGAT_JAR`, else where Debian's `omegat` puts it.
fn omegat_jar() -> PathBuf {
    std::env::var_os("OMEGAT_JAR")
        .map_or_else(|| PathBuf::from("/usr/share/omegat/OmegaT.jar"), PathBuf::from)
}

/// The path of OmegaT's jar, if it is there; panics under CI when it is
/// not, prints SKIPPED and returns `None` elsewhere.
pub fn require_omegat_jar(test: &str) -> Option<PathBuf> {
    let jar = omegat_jar();
    if jar.is_file() {
        return Some(jar);
    }
    let msg =
        format!("OmegaT's jar is not at {} (set OMEGAT_JAR; `bash .ci/run` installs omegat)", jar.display());
    if std::env::var_os("CI").is_some() {
        panic!("{test}: {msg}");
    }
    eprintln!("\n*** SKIPPED {test}: {msg} ***\n");
    None
}

/// Copies the file `name` out of OmegaT's jar into `dir` and returns its
/// path there. OmegaT's rules and schemas are GPL, so the repository does
/// not carry them.
pub fn from_omegat_jar(jar: &Path, name: &str, dir: &Path) -> PathBuf {
    let mut zip = zip::ZipArchive::new(fs::File::open(jar).expect("open the OmegaT jar"))
        .expect("the OmegaT jar is a zip file");
    let mut entry = zip.by_name(name).unwrap_or_else(|e| panic!("{name} in the OmegaT jar: {e}"));
    let out = dir.join(Path::new(name).file_name().expect("a file name"));
    let mut f = fs::File::create(&out).expect("create the extracted file");
    std::io::copy(&mut entry, &mut f).expect("extract from the OmegaT jar");
    out
}

/// Where OmegaT's default segmentation rules are in its jar.
pub const OMEGAT_DEFAULT_RULES: &str = "org/omegat/core/segmentation/defaultRules.srx";

/// An OmegaT project on disk: `source/`, `target/`, `tm/`, `omegat/` and
/// a project file with sentence segmentation and OmegaT's default rules.
pub struct OmegatProject {
    pub root: PathBuf,
}

impl OmegatProject {
    /// Creates the project under `dir` for `source` → `target` (`zh` or `en`).
    pub fn create(dir: &Path, source: &str, target: &str) -> OmegatProject {
        let root = dir.join("omt");
        for sub in ["source", "target", "tm/auto", "glossary", "dictionary", "omegat"] {
            fs::create_dir_all(root.join(sub)).unwrap();
        }
        let tag = |l: &str| if l == "zh" { "zh-CN" } else { "en-US" };
        let tokenizer =
            |l: &str| if l == "zh" { "LuceneSmartChineseTokenizer" } else { "LuceneEnglishTokenizer" };
        let project = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat><project version="1.0"><source_dir>__DEFAULT__</source_dir><target_dir>__DEFAULT__</target_dir>
<tm_dir>__DEFAULT__</tm_dir><glossary_dir>__DEFAULT__</glossary_dir><glossary_file>__DEFAULT__</glossary_file>
<dictionary_dir>__DEFAULT__</dictionary_dir><source_lang>{}</source_lang><target_lang>{}</target_lang>
<source_tok>org.omegat.tokenizer.{}</source_tok><target_tok>org.omegat.tokenizer.{}</target_tok>
<sentence_seg>true</sentence_seg><support_default_translations>true</support_default_translations>
<remove_tags>false</remove_tags></project></omegat>
"#,
            tag(source),
            tag(target),
            tokenizer(source),
            tokenizer(target)
        );
        fs::write(root.join("omegat.project"), project).unwrap();
        OmegatProject { root }
    }

    /// Runs OmegaT in console mode (`console-translate` and the like) with
    /// its home in a scratch folder beside the project; panics with OmegaT's
    /// last lines when it fails.
    pub fn run(&self, mode: &str, extra: &[&str]) {
        let home = self.root.with_file_name("home");
        fs::create_dir_all(&home).unwrap();
        let out = Command::new("omegat")
            .arg(format!("--mode={mode}"))
            .args(extra)
            .arg(&self.root)
            .env("HOME", &home)
            .output()
            .expect("run omegat");
        let log = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "omegat --mode={mode} failed: {}",
            log.lines().rev().take(5).collect::<Vec<_>>().join(" | ")
        );
    }
}

/// A presegmented pair of over 2,000 beads: the dev corpus's gold
/// sentences, eight times over.
pub fn large_pair(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let mut texts = [String::new(), String::new()];
    let mut names: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for _ in 0..8 {
        for p in &names {
            let name = p.to_string_lossy();
            let side = if name.ends_with(".zh.sent") {
                0
            } else if name.ends_with(".en.sent") {
                1
            } else {
                continue;
            };
            texts[side].push_str(&std::fs::read_to_string(p).unwrap());
        }
    }
    let (zh, en) = (dir.join("big.zh"), dir.join("big.en"));
    std::fs::write(&zh, &texts[0]).unwrap();
    std::fs::write(&en, &texts[1]).unwrap();
    (zh, en, dir.join("big.html"))
}
