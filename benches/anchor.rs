//! Anchoring throughput on real sentences.
//!
//! Reads the MAC-Dev sentences from `../shared/data/mac-dev` (or
//! `TMALIGN_BENCH_DIR`); each benchmark anchors every sentence of one
//! language once, so time per sentence = reported time / sentence count
//! (printed at start).

use std::path::PathBuf;
use std::sync::OnceLock;

use tmalign::anchor::{Anchor, AnchorKind, Anchorer};
use tmalign::lang::Lang;

mod common;

fn sentences(lang: Lang) -> &'static [String] {
    static ZH: OnceLock<Vec<String>> = OnceLock::new();
    static EN: OnceLock<Vec<String>> = OnceLock::new();
    let cell = if lang == Lang::Zh { &ZH } else { &EN };
    cell.get_or_init(|| {
        let root = std::env::var_os("TMALIGN_BENCH_DIR")
            .map(PathBuf::from)
            .or_else(|| common::shared("data/mac-dev", "anchor bench", "timing the embedded sentences only"))
            .unwrap_or_default();
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
    bead_evidence(&anchorer);
    divan::main();
}

/// How often a gold bead shares an anchor of each kind, against the same
/// Chinese side paired with the English side of the bead five places on:
/// the margin the aligner gets from each kind of evidence.
fn bead_evidence(anchorer: &Anchorer) {
    let root = std::env::var_os("TMALIGN_BENCH_DIR")
        .map(PathBuf::from)
        .or_else(|| common::shared("data/mac-dev", "anchor bench", "no evidence table"));
    let Some(root) = root else { return };
    let Ok(dir) = std::fs::read_dir(root.join("gold")) else { return };
    let ids = |s: &str| -> Vec<usize> { s.split(',').filter_map(|x| x.trim().parse().ok()).collect() };
    let mut beads: Vec<(Vec<Anchor>, Vec<Anchor>)> = Vec::new();
    for entry in dir.flatten() {
        let name = entry.file_name().to_string_lossy().trim_end_matches(".align").to_string();
        let read = |lang: &str| std::fs::read_to_string(root.join(lang).join(&name)).unwrap_or_default();
        let (zh, en) = (read("zh"), read("en"));
        let zh: Vec<&str> = zh.lines().collect();
        let en: Vec<&str> = en.lines().collect();
        let gold = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for line in gold.lines() {
            let Some((z, e)) = line.split_once(':') else { continue };
            let join = |side: &[&str], ids: Vec<usize>| {
                ids.iter().filter_map(|&i| side.get(i)).copied().collect::<Vec<_>>().join(" ")
            };
            let z = join(&zh, ids(z.trim_matches(|c| c == '[' || c == ']')));
            let e = join(&en, ids(e.trim_matches(|c| c == '[' || c == ']')));
            if !z.is_empty() && !e.is_empty() {
                beads.push((anchorer.anchors(&z, Lang::Zh), anchorer.anchors(&e, Lang::En)));
            }
        }
    }
    let shares = |z: &[Anchor], e: &[Anchor], kind: AnchorKind| {
        z.iter().filter(|a| a.kind == kind).any(|a| e.iter().any(|b| b.kind == kind && b.key == a.key))
    };
    let n = beads.len();
    for kind in [AnchorKind::Number, AnchorKind::Name, AnchorKind::Term] {
        let gold = beads.iter().filter(|(z, e)| shares(z, e, kind)).count();
        let wrong = (0..n).filter(|&i| shares(&beads[i].0, &beads[(i + 5) % n].1, kind)).count();
        println!(
            "{kind:?}: shared by {:.1}% of {n} gold beads, {:.1}% of mismatched pairs",
            100.0 * gold as f64 / n as f64,
            100.0 * wrong as f64 / n as f64
        );
    }
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
