//! Anchoring throughput on real sentences.
//!
//! Reads the MAC-Dev sentences from `../shared/data/mac-dev` (or
//! `TMALIGN_BENCH_DIR`); each benchmark anchors every sentence of one
//! language once, so time per sentence = reported time / sentence count
//! (printed at start).

use std::path::PathBuf;
use std::sync::OnceLock;

use tmalign::anchor::Anchorer;
use tmalign::lang::Lang;

fn sentences(lang: Lang) -> &'static [String] {
    static ZH: OnceLock<Vec<String>> = OnceLock::new();
    static EN: OnceLock<Vec<String>> = OnceLock::new();
    let cell = if lang == Lang::Zh { &ZH } else { &EN };
    cell.get_or_init(|| {
        let root = std::env::var_os("TMALIGN_BENCH_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("../shared/data/mac-dev"));
        let mut out = Vec::new();
        if let Ok(dir) = std::fs::read_dir(root.join(lang.code())) {
            for entry in dir.flatten() {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    out.extend(text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string));
                }
            }
        }
        if out.is_empty() {
            out.push(match lang {
                Lang::Zh => {
                    "连云港市委书记马世光7月10日表示，全年新增就业5.5万人，投资12.6亿元。".to_string()
                }
                Lang::En => "On July 10, Ma Shiguang said Lianyungang added 55,000 jobs.".to_string(),
            });
        }
        out
    })
}

fn main() {
    let anchorer = Anchorer::new();
    for lang in [Lang::Zh, Lang::En] {
        let s = sentences(lang);
        let mut by_kind = std::collections::BTreeMap::new();
        for t in s {
            for a in anchorer.anchors(t, lang) {
                *by_kind.entry(a.kind).or_insert(0usize) += 1;
            }
        }
        let per: Vec<String> =
            by_kind.iter().map(|(k, n)| format!("{k:?} {:.1}", *n as f64 / s.len() as f64)).collect();
        println!("{lang}: {} sentences; anchors per sentence: {}", s.len(), per.join(", "));
    }
    divan::main();
}

#[divan::bench(args = [Lang::Zh, Lang::En], sample_count = 20)]
fn all_sentences(bencher: divan::Bencher, lang: Lang) {
    let anchorer = Anchorer::new();
    let s = sentences(lang);
    bencher.bench(|| s.iter().map(|t| anchorer.anchors(divan::black_box(t), lang).len()).sum::<usize>());
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn build_lexicon() -> tmalign::anchor::Lexicon {
    tmalign::anchor::Lexicon::from_tsv(&[include_str!("../data/cedict-en-zh.tsv")])
}
