//! Alignment throughput on long synthetic document pairs.
//!
//! The pairs are made of real bead texts: the hand-aligned beads of MAC-Dev
//! (`../shared/data/mac-dev`, 38% of them not 1-1; the news pairs of
//! `corpora/dev` when MAC-Dev is not beside the checkout), drawn at random and
//! chained until the Chinese side has the requested number of sentences, so
//! the aligner meets merges, splits and omissions at their natural rate. The
//! sizes 10k, 30k and 100k show whether the time grows linearly.
//!
//! `cargo bench --bench align` (about two minutes).
//!
//! `TMALIGN_BENCH_WRITE=DIR cargo bench --bench align` instead writes the
//! pairs as presegmented files `DIR/zh.N` and `DIR/en.N` (N = 10000, 30000,
//! 100000), with their gold beads as `DIR/gold.N`, and stops, so that the
//! CLI can be timed and scored on them, e.g.
//! `/usr/bin/time -v tmalign align --presegmented DIR/zh.100000 DIR/en.100000 -o DIR/pred.100000`
//! then `tmalign eval DIR/gold.100000 DIR/pred.100000`.
//! The files carry no paragraph breaks (a presegmented file has none), so
//! the CLI aligns them with paragraph evidence off, unlike the in-process bench.

use std::fs;
use std::path::{Path, PathBuf};

use tmalign::align::{align, align_with, AlignOptions, Document};
use tmalign::anchor::Anchorer;
use tmalign::bead::{parse_beads, Bead};
use tmalign::lang::Lang;
use tmalign::segment::Sentence;

mod common;

fn main() {
    if let Some(dir) = std::env::var_os("TMALIGN_BENCH_WRITE") {
        write_pairs(Path::new(&dir));
        return;
    }
    divan::main();
}

fn write_pairs(dir: &Path) {
    fs::create_dir_all(dir).expect("cannot create the output directory");
    for n in [10_000, 30_000, 100_000] {
        let (zh, en, gold) = synthetic(n);
        let beads: String = gold.iter().map(|b| format!("{b}\n")).collect();
        fs::write(dir.join(format!("gold.{n}")), beads).expect("cannot write the gold beads");
        for (doc, name) in [(zh, format!("zh.{n}")), (en, format!("en.{n}"))] {
            let mut text = String::new();
            for s in &doc.sentences {
                text.push_str(&s.text);
                text.push('\n');
            }
            let path = dir.join(name);
            fs::write(&path, text).expect("cannot write a bench document");
            println!("{}: {} sentences", path.display(), doc.sentences.len());
        }
    }
}

/// (Chinese sentences, English sentences) of every gold bead of MAC-Dev.
fn mac_beads() -> Vec<(Vec<String>, Vec<String>)> {
    // MAC-Dev (literary, 38% of beads not 1-1) when it is there, else the
    // news pairs of corpora/dev, which ship with the repository.
    // The files of one document: Chinese sentences, English sentences, gold beads.
    type Files = fn(&str) -> [String; 3];
    let (root, docs, layout): (PathBuf, Vec<String>, Files) =
        match common::shared("data/mac-dev", "align bench", "drawing beads from corpora/dev instead") {
            Some(root) => {
                (root, ["001", "002", "003", "004", "005", "006"].map(String::from).to_vec(), |d| {
                    [format!("zh/{d}"), format!("en/{d}"), format!("gold/{d}.align")]
                })
            }
            None => {
                let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev");
                let mut docs: Vec<String> = fs::read_dir(&root)
                    .expect("corpora/dev")
                    .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".gold").map(String::from))
                    .collect();
                docs.sort();
                (root, docs, |d| [format!("{d}.zh.sent"), format!("{d}.en.sent"), format!("{d}.gold")])
            }
        };
    let mut out = Vec::new();
    for doc in &docs {
        let read = |p: &str| fs::read_to_string(root.join(p)).unwrap_or_default();
        let [zh_file, en_file, gold_file] = layout(doc);
        let zh: Vec<String> = read(&zh_file).lines().map(String::from).collect();
        let en: Vec<String> = read(&en_file).lines().map(String::from).collect();
        for b in parse_beads(&read(&gold_file)).unwrap_or_default() {
            let pick = |v: &[String], ids: &[usize]| ids.iter().filter_map(|&i| v.get(i).cloned()).collect();
            out.push((pick(&zh, &b.src), pick(&en, &b.tgt)));
        }
    }
    out
}

/// A pair of at least `n` Chinese sentences and its gold beads.
fn synthetic(n: usize) -> (Document, Document, Vec<Bead>) {
    let beads = mac_beads();
    assert!(!beads.is_empty(), "MAC-Dev not found");
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let (mut zh, mut en, mut gold) = (Vec::new(), Vec::new(), Vec::new());
    while zh.len() < n {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let (z, e) = &beads[(x >> 33) as usize % beads.len()];
        gold.push(Bead::new(
            (zh.len()..zh.len() + z.len()).collect::<Vec<_>>(),
            (en.len()..en.len() + e.len()).collect::<Vec<_>>(),
        ));
        zh.extend(z.iter().cloned());
        en.extend(e.iter().cloned());
    }
    let doc = |lang, v: Vec<String>| {
        let sentences = v
            .into_iter()
            .enumerate()
            .map(|(i, t)| Sentence { end: t.len(), text: t, start: 0, paragraph: i / 20 })
            .collect();
        Document::new("synthetic", lang, sentences)
    };
    (doc(Lang::Zh, zh), doc(Lang::En, en), gold)
}

/// Length and anchors only (`--lexicon-passes 0`): the path every document takes first, and the
/// whole alignment of documents above `MAX_LEXICON_SENTENCES`.
#[divan::bench(args = [10_000, 30_000, 100_000], sample_count = 1, sample_size = 1)]
fn length_and_anchors(bencher: divan::Bencher, n: usize) {
    let anchorer = Anchorer::new();
    let opts = AlignOptions { lexicon_passes: 0 };
    bencher
        .with_inputs(|| {
            let (s, t, _) = synthetic(n);
            (s, t)
        })
        .counter(divan::counter::ItemsCount::new(n))
        .bench_values(|(s, t)| align_with(s, t, &anchorer, &opts));
}

/// The default alignment, with the two learned-lexicon passes.
#[divan::bench(args = [10_000, 30_000, 100_000], sample_count = 1, sample_size = 1)]
fn with_learned_lexicon(bencher: divan::Bencher, n: usize) {
    let anchorer = Anchorer::new();
    bencher
        .with_inputs(|| {
            let (s, t, _) = synthetic(n);
            (s, t)
        })
        .counter(divan::counter::ItemsCount::new(n))
        .bench_values(|(s, t)| align(s, t, &anchorer));
}
