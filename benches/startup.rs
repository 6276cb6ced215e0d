//! What a short `tmalign align` costs: start-up and a chapter-sized pair.
//!
//! * `library_*`: the path `tmalign align` takes (load and segment both
//!   files, find anchors, align with the default options, write the beads
//!   to memory), in process. Its first iteration includes opening the
//!   built-in lexicon, which is now a few header reads.
//! * `process_*`: the built binary run as a process, as a user or a script
//!   runs it: start-up included (exec, allocator, thread pool, lexicon).
//!
//! * `process_24_short_pairs`: 24 chapter-sized pairs, one process each
//!   after the other, as a script aligning a folder of chapters runs them.
//!
//! The one-sentence pair is written here; the short pair is the raw text of
//! the first seven documents of corpora/dev, concatenated (206 Chinese and
//! 254 English sentences once segmented); the 24 pairs are seven consecutive
//! documents of corpora/dev and corpora/dev2 each (in turn from each of the
//! 22, wrapping around), so the bench needs nothing outside the repository.
//! docs/BENCHMARKS.md has the figures.
//!
//! `cargo bench --bench startup` (under a minute; needs a release build of
//! the binary, which cargo bench makes).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tmalign::align::{align_with, AlignOptions, Document, Layout};
use tmalign::anchor::Anchorer;
use tmalign::export::{exporter, ExportOptions, Format};

fn main() {
    divan::main();
}

/// Documents of corpora/dev in the short pair.
const SHORT_DOCS: usize = 7;

/// (Chinese file, English file) of a pair, written once into a temporary directory.
fn pair(which: &str) -> (PathBuf, PathBuf) {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("cannot make a temporary directory");
        fs::write(dir.path().join("one.zh"), "连云港是一个港口城市。\n").unwrap();
        fs::write(dir.path().join("one.en"), "Lianyungang is a port city.\n").unwrap();
        let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev");
        for lang in ["zh", "en"] {
            let mut docs: Vec<PathBuf> = fs::read_dir(&dev)
                .expect("corpora/dev is missing")
                .map(|e| e.unwrap().path())
                .filter(|p| p.to_string_lossy().ends_with(&format!(".{lang}.txt")))
                .collect();
            docs.sort();
            let text: String =
                docs.iter().take(SHORT_DOCS).map(|p| fs::read_to_string(p).unwrap() + "\n\n").collect();
            fs::write(dir.path().join(format!("short.{lang}")), text).unwrap();
        }
        write_chapters(dir.path());
        dir
    });
    (dir.path().join(format!("{which}.zh")), dir.path().join(format!("{which}.en")))
}

/// Pairs of chapters in the bench's directory (`chapter.K.zh`, `chapter.K.en`).
const CHAPTERS: usize = 24;

/// Writes the [`CHAPTERS`] pairs: pair `k` joins the seven documents of
/// corpora/dev and corpora/dev2 from the `k`-th on (in name order, wrapping
/// around), a blank line between documents.
fn write_chapters(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
    let mut docs: Vec<PathBuf> = ["dev", "dev2"]
        .iter()
        .flat_map(|set| fs::read_dir(root.join(set)).expect("corpora/dev or corpora/dev2 is missing"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".zh.txt"))
        .map(|p| PathBuf::from(p.to_string_lossy().trim_end_matches(".zh.txt")))
        .collect();
    docs.sort_by_key(|p| p.file_name().map(|n| n.to_os_string()));
    for k in 0..CHAPTERS {
        for lang in ["zh", "en"] {
            let text: String = (0..SHORT_DOCS)
                .map(|o| &docs[(k + o) % docs.len()])
                .map(|d| fs::read_to_string(format!("{}.{lang}.txt", d.display())).unwrap() + "\n\n")
                .collect();
            fs::write(dir.join(format!("chapter.{k}.{lang}")), text).unwrap();
        }
    }
}

/// `tmalign align ZH EN` without the process: what `cli::align::run` does.
fn align_files(zh: &Path, en: &Path) -> Vec<u8> {
    let source = Document::load(zh, None, Layout::Raw).unwrap();
    let target = Document::load(en, None, Layout::Raw).unwrap();
    let alignment = align_with(source, target, &Anchorer::new(), &AlignOptions::default());
    let mut out = Vec::new();
    exporter(Format::Beads, &ExportOptions::default()).write(&alignment, &mut out).unwrap();
    out
}

fn run_binary(zh: &Path, en: &Path) -> usize {
    let out = Command::new(env!("CARGO_BIN_EXE_tmalign"))
        .arg("align")
        .arg(zh)
        .arg(en)
        .output()
        .expect("cannot run tmalign");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout.len()
}

#[divan::bench(sample_count = 50)]
fn library_one_sentence_pair() -> Vec<u8> {
    let (zh, en) = pair("one");
    align_files(&zh, &en)
}

#[divan::bench(sample_count = 20)]
fn library_short_pair() -> Vec<u8> {
    let (zh, en) = pair("short");
    align_files(&zh, &en)
}

#[divan::bench(sample_count = 30)]
fn process_one_sentence_pair() -> usize {
    let (zh, en) = pair("one");
    run_binary(&zh, &en)
}

#[divan::bench(sample_count = 10)]
fn process_short_pair() -> usize {
    let (zh, en) = pair("short");
    run_binary(&zh, &en)
}

#[divan::bench(sample_count = 5)]
fn process_24_short_pairs() -> usize {
    let (zh, _) = pair("one");
    let dir = zh.parent().expect("the pairs have a directory");
    (0..CHAPTERS)
        .map(|k| run_binary(&dir.join(format!("chapter.{k}.zh")), &dir.join(format!("chapter.{k}.en"))))
        .sum()
}
