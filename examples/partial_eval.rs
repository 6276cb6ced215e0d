//! Measures the partial re-check (`tmalign::verify::align_and_check`) on
//! gold pairs made partial, and makes sure it finds no partial translation
//! where there is none.
//!
//! `cargo run --release --example partial_eval -- GOLD_DIR [GOLD_DIR…]`
//!
//! Each pair of every directory (its `.sent` files and `.gold` beads) is
//! made partial by keeping only the first or the last 50 or 70 % of one
//! side's sentences, the Chinese or the English: the other side is then
//! translated in part, and the gold beads say which of its sentences the
//! kept ones translate. For each copy: the verdict, whether the coverage
//! found starts and ends within one sentence of the gold one, and the
//! precision and recall of the beads that pair sentences on both sides.
//! Then every pairing of one document's Chinese with another's English,
//! all directories together, goes through the same function: a pairing
//! found partial is a wrong pairing let in.

mod gold;

use std::collections::HashSet;
use std::path::PathBuf;

use rayon::prelude::*;

use gold::{names, read};

use tmalign::align::{AlignOptions, Document};
use tmalign::anchor::Anchorer;
use tmalign::bead::{parse_beads, Bead};
use tmalign::lang::Lang;
use tmalign::verify::{align_and_check, Side, Verdict};

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

fn doc(lang: Lang, lines: &[String]) -> Document {
    Document::from_texts("", lang, &lines.iter().map(String::as_str).collect::<Vec<_>>())
}

struct Pair {
    name: String,
    zh: Vec<String>,
    en: Vec<String>,
    gold: Vec<Bead>,
}

/// One partial copy: which side keeps which sentences.
#[derive(Clone, Copy)]
struct Cut {
    /// The side whose sentences are dropped (it is the translation that stops).
    short: Side,
    head: bool,
    share: f64,
}

#[derive(Default)]
struct Tally {
    copies: usize,
    partial: usize,
    other: std::collections::BTreeMap<&'static str, usize>,
    coverage_right: usize,
    predicted: usize,
    right: usize,
    gold: usize,
    /// The same for the copies aligned whole, without the re-check.
    plain: usize,
    plain_right: usize,
}

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: partial_eval GOLD_DIR [GOLD_DIR…]");
        std::process::exit(2);
    }
    let pairs: Vec<Pair> = dirs
        .iter()
        .flat_map(|d| {
            let tag = d.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
            names(d).into_iter().map(move |n| Pair {
                name: format!("{tag}/{n}"),
                zh: lines(&read(d, &n, "zh.sent")),
                en: lines(&read(d, &n, "en.sent")),
                gold: parse_beads(&read(d, &n, "gold")).expect("parse gold"),
            })
        })
        .collect();
    let anchorer = Anchorer::new();
    let opts = AlignOptions::default();
    let cuts: Vec<Cut> = [Side::Source, Side::Target]
        .into_iter()
        .flat_map(|short| {
            [true, false].into_iter().flat_map(move |head| [0.5, 0.7].map(|share| Cut { short, head, share }))
        })
        .collect();
    let jobs: Vec<(usize, Cut)> = (0..pairs.len()).flat_map(|p| cuts.iter().map(move |c| (p, *c))).collect();
    // Chinese is the source, English the target; `short` names the side cut.
    let results: Vec<(String, Verdict, bool, [usize; 5])> = jobs
        .par_iter()
        .map(|&(p, cut)| {
            let pair = &pairs[p];
            let n = if cut.short == Side::Source { pair.zh.len() } else { pair.en.len() };
            let k = ((n as f64 * cut.share).round() as usize).clamp(1, n);
            let kept = if cut.head { 0..k } else { n - k..n };
            let (zh, en) = match cut.short {
                Side::Source => (pair.zh[kept.clone()].to_vec(), pair.en.clone()),
                Side::Target => (pair.zh.clone(), pair.en[kept.clone()].to_vec()),
            };
            // The gold beads of the copy: those whose cut side lies in what is
            // kept, renumbered; the long side's coverage is what they pair.
            let ids = |b: &Bead| if cut.short == Side::Source { b.src.clone() } else { b.tgt.clone() };
            let long_ids = |b: &Bead| if cut.short == Side::Source { b.tgt.clone() } else { b.src.clone() };
            let gold: Vec<Bead> = pair
                .gold
                .iter()
                .filter(|b| !b.is_null() && ids(b).iter().all(|i| kept.contains(i)))
                .map(|b| {
                    let shift = |v: &[usize]| v.iter().map(|i| i - kept.start).collect::<Vec<_>>();
                    match cut.short {
                        Side::Source => Bead::new(shift(&b.src), b.tgt.clone()),
                        Side::Target => Bead::new(b.src.clone(), shift(&b.tgt)),
                    }
                })
                .collect();
            let covered: Vec<usize> = gold.iter().flat_map(long_ids).collect();
            let want = (covered.iter().min().copied(), covered.iter().max().map(|m| m + 1));
            let (alignment, _, check) = align_and_check(
                doc(Lang::Zh, &zh),
                doc(Lang::En, &en),
                &anchorer,
                &opts,
                &mut |_| {},
                false,
                false,
            );
            // The same copy aligned whole, as before the re-check.
            let plain = tmalign::align::align_with(doc(Lang::Zh, &zh), doc(Lang::En, &en), &anchorer, &opts);
            let plain: HashSet<Bead> =
                plain.beads.iter().filter(|b| !b.bead.is_null()).map(|b| b.bead.clone()).collect();
            let found = check.coverage.map(|c| (c.start, c.end));
            let near = |a: usize, b: usize| a.abs_diff(b) <= 1;
            let coverage_right = match (found, want) {
                (Some((s, e)), (Some(ws), Some(we))) => near(s, ws) && near(e, we),
                _ => false,
            };
            let predicted: HashSet<Bead> =
                alignment.beads.iter().filter(|b| !b.bead.is_null()).map(|b| b.bead.clone()).collect();
            let gold_set: HashSet<Bead> = gold.into_iter().collect();
            let right = predicted.intersection(&gold_set).count();
            let plain_right = plain.intersection(&gold_set).count();
            let label = format!(
                "{} {} {} {:.0}%",
                pair.name,
                if cut.short == Side::Source { "zh" } else { "en" },
                if cut.head { "head" } else { "tail" },
                cut.share * 100.0
            );
            (
                label,
                check.verdict,
                coverage_right,
                [predicted.len(), right, gold_set.len(), plain.len(), plain_right],
            )
        })
        .collect();
    let mut tally = Tally::default();
    for (label, verdict, coverage_right, [predicted, right, gold, plain, plain_right]) in &results {
        println!(
            "{label:<45} {:<10} coverage {} beads {right}/{predicted} of {gold}",
            verdict.as_str(),
            if *coverage_right { "right" } else { "WRONG" }
        );
        tally.copies += 1;
        if *verdict == Verdict::Partial {
            tally.partial += 1;
        } else {
            *tally.other.entry(verdict.as_str()).or_insert(0) += 1;
        }
        tally.coverage_right += usize::from(*coverage_right);
        tally.predicted += predicted;
        tally.right += right;
        tally.gold += gold;
        tally.plain += plain;
        tally.plain_right += plain_right;
    }
    let prf = |right: usize, predicted: usize| {
        let p = right as f64 / predicted.max(1) as f64;
        let r = right as f64 / tally.gold.max(1) as f64;
        format!("precision {p:.3} recall {r:.3} F1 {:.3}", 2.0 * p * r / (p + r).max(f64::MIN_POSITIVE))
    };
    println!(
        "partial copies: {} ; found partial {} (others {:?}); coverage within one sentence {} ; beads {} (aligned whole: {})",
        tally.copies,
        tally.partial,
        tally.other,
        tally.coverage_right,
        prf(tally.right, tally.predicted),
        prf(tally.plain_right, tally.plain)
    );
    // Pairings: every Chinese with every other English.
    let pairings: Vec<(usize, usize)> = (0..pairs.len())
        .flat_map(|i| (0..pairs.len()).filter(move |&j| j != i).map(move |j| (i, j)))
        .collect();
    let verdicts: Vec<(usize, usize, Verdict)> = pairings
        .par_iter()
        .map(|&(i, j)| {
            let (_, _, c) = align_and_check(
                doc(Lang::Zh, &pairs[i].zh),
                doc(Lang::En, &pairs[j].en),
                &anchorer,
                &opts,
                &mut |_| {},
                false,
                false,
            );
            (i, j, c.verdict)
        })
        .collect();
    let mut let_in = 0;
    for (i, j, v) in &verdicts {
        if !v.is_suspect() && *v != Verdict::Unchecked {
            let_in += 1;
            println!("LET IN: {} x {}: {}", pairs[*i].name, pairs[*j].name, v.as_str());
        }
    }
    println!("pairings: {} ; let in (ok or partial) {let_in}", verdicts.len());
}
