//! Measures what the pair check (`tmalign::verify`) and the doubtful
//! threshold (`tmalign::align::DOUBTFUL_BELOW`) are set from.
//!
//! `cargo run --release --example verify_calibrate -- corpora/dev [OTHER_GOLD_DIR…] [--mac MAC_DEV_DIR] [--across]`
//!
//! For each gold directory: the check's figures on every true pair, on
//! every pairing of one pair's Chinese with another pair's English, on
//! copies with one side cut at 40, 50, 60 and 70% of its characters, and on
//! long documents (five articles run together, against their translations
//! and against five others); with `--mac`, on MAC-Dev's chapters and their
//! pairings. With `--across`, every pairing of one document's Chinese with
//! any document's English across all the directories given, once from the
//! gold `.sent` files (`--presegmented`) and once from the raw text: two
//! notices of one kind in different sets share more than two articles of
//! one set do. A summary by class follows. Then, for thresholds from 0 to 0.9,
//! the precision and recall
//! of the memory that keeps only beads scoring at or above it (a kept bead
//! is right when it is a gold bead; recall is over the gold beads that pair
//! sentences on both sides), aligning the gold `.sent` files. Other
//! directories get the same figures, for reporting only.

mod gold;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use gold::{names, read};

use tmalign::align::{align, Alignment, Document};
use tmalign::anchor::Anchorer;
use tmalign::bead::{parse_beads, Bead};
use tmalign::lang::Lang;
use tmalign::segment::{segment, Sentence};
use tmalign::verify::{check, Check, Verdict, MIN_LIFT};

fn raw(name: &str, lang: Lang, text: &str) -> Document {
    Document::new(name, lang, segment(text, lang))
}

fn lines(lang: Lang, text: &str) -> Document {
    let sentences = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Sentence { text: l.trim().to_string(), start: 0, end: 0, paragraph: 0 })
        .collect();
    Document::new("", lang, sentences)
}

/// The first `share` of `text`'s characters.
fn cut(text: &str, share: f64) -> String {
    let n = text.chars().count();
    text.chars().take((n as f64 * share) as usize).collect()
}

fn row(label: &str, c: &Check) {
    println!(
        "{label:<50} {:<9} zh {:.2}/{:.2} en {:.2}/{:.2} lift {:.2} z {:.1} edge {:.2} imb {:.2} n {} {}",
        c.verdict.as_str(),
        c.source.support,
        c.source.chance,
        c.target.support,
        c.target.chance,
        c.lift(),
        c.z(),
        c.edge(),
        c.imbalance(),
        c.source_sentences,
        c.target_sentences
    );
}

/// Every check made, by class (`true`, `cross`, `truncated`, …).
type Seen = Vec<(String, Check)>;

fn summary(seen: &Seen) {
    let mut classes: Vec<&str> = Vec::new();
    for (c, _) in seen {
        if !classes.contains(&c.as_str()) {
            classes.push(c);
        }
    }
    println!("class                    n    lift            z              edge + imbalance       verdicts ok/unrelated/truncated/unchecked");
    for class in classes {
        let v: Vec<&Check> = seen.iter().filter(|(c, _)| c == class).map(|(_, c)| c).collect();
        let span = |f: &dyn Fn(&Check) -> f64| {
            let lo = v.iter().map(|c| f(c)).fold(f64::INFINITY, f64::min);
            let hi = v.iter().map(|c| f(c)).fold(f64::NEG_INFINITY, f64::max);
            format!("{lo:>6.2} .. {hi:<6.2}")
        };
        let count = |x: Verdict| v.iter().filter(|c| c.verdict == x).count();
        println!(
            "{class:<22} {:>4}  {}  {}  {}  {}/{}/{}/{}",
            v.len(),
            span(&|c| c.lift()),
            span(&|c| c.z()),
            span(&|c| c.edge() + c.imbalance()),
            count(Verdict::Ok),
            count(Verdict::Unrelated),
            count(Verdict::Truncated),
            count(Verdict::Unchecked)
        );
    }
}

fn pair_checks(dir: &Path, anchorer: &Anchorer, seen: &mut Seen) {
    let tag = dir.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
    let names = names(dir);
    let zh: Vec<String> = names.iter().map(|n| read(dir, n, "zh.txt")).collect();
    let en: Vec<String> = names.iter().map(|n| read(dir, n, "en.txt")).collect();
    let run = |z: &str, e: &str| -> Check {
        let a: Alignment = align(raw("zh", Lang::Zh, z), raw("en", Lang::En, e), anchorer);
        check(&a, anchorer)
    };
    for (i, n) in names.iter().enumerate() {
        let c = run(&zh[i], &en[i]);
        row(n, &c);
        seen.push((format!("{tag} true"), c));
    }
    for i in 0..names.len() {
        for j in 0..names.len() {
            if i != j {
                let c = run(&zh[i], &en[j]);
                row(&format!("{} x {}", names[i], names[j]), &c);
                seen.push((format!("{tag} cross"), c));
            }
        }
    }
    for (i, n) in names.iter().enumerate() {
        for share in [0.4, 0.5, 0.6, 0.7] {
            for side in ["zh", "en"] {
                let c = if side == "zh" {
                    run(&cut(&zh[i], share), &en[i])
                } else {
                    run(&zh[i], &cut(&en[i], share))
                };
                row(&format!("{n} {side} cut at {:.0}%", share * 100.0), &c);
                let class = if c.lift() >= MIN_LIFT { "truncated (lift ok)" } else { "truncated (low lift)" };
                seen.push((format!("{tag} {class}"), c));
            }
        }
    }
    // Long documents: five articles run together against the same five
    // translated, and against the other five.
    if names.len() >= 10 {
        for k in 0..5 {
            let pick = |side: &[String], off: usize| -> String {
                (0..5).map(|i| side[(i + off) % names.len()].as_str()).collect::<Vec<_>>().join("\n")
            };
            let c = run(&pick(&zh, k), &pick(&en, k));
            row(&format!("five from {k}"), &c);
            seen.push((format!("{tag} long true"), c));
            let c = run(&pick(&zh, k), &pick(&en, k + 5));
            row(&format!("five from {k} x five from {}", k + 5), &c);
            seen.push((format!("{tag} long cross"), c));
        }
    }
}

/// Every pairing across `dirs` (see the module doc), presegmented and raw.
fn across_checks(dirs: &[PathBuf], anchorer: &Anchorer, seen: &mut Seen) {
    let docs: Vec<(String, [String; 4])> = dirs
        .iter()
        .flat_map(|d| {
            let tag = d.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
            names(d).into_iter().map(move |n| {
                let files = ["zh.txt", "en.txt", "zh.sent", "en.sent"].map(|e| read(d, &n, e));
                (format!("{tag}/{n}"), files)
            })
        })
        .collect();
    let jobs: Vec<(usize, usize, bool)> = (0..docs.len())
        .flat_map(|i| (0..docs.len()).flat_map(move |j| [(i, j, true), (i, j, false)]))
        .collect();
    let checks: Vec<Check> = jobs
        .par_iter()
        .map(|&(i, j, presegmented)| {
            let (zh, en) = (&docs[i].1, &docs[j].1);
            let a = if presegmented {
                align(lines(Lang::Zh, &zh[2]), lines(Lang::En, &en[3]), anchorer)
            } else {
                align(raw("zh", Lang::Zh, &zh[0]), raw("en", Lang::En, &en[1]), anchorer)
            };
            check(&a, anchorer)
        })
        .collect();
    for (&(i, j, presegmented), c) in jobs.iter().zip(checks) {
        let mode = if presegmented { "presegmented" } else { "raw" };
        let class = if i == j { "true" } else { "cross" };
        if i == j || c.verdict != Verdict::Unrelated {
            row(&format!("{} x {} ({mode})", docs[i].0, docs[j].0), &c);
        }
        seen.push((format!("across {mode} {class}"), c));
    }
}

/// MAC-Dev (`zh/NNN`, `en/NNN`, one sentence per line): chapters of novels,
/// a translation far freer than news, and their pairings with each other.
fn mac_checks(mac: &Path, anchorer: &Anchorer, seen: &mut Seen) {
    let mut names: Vec<String> = std::fs::read_dir(mac.join("zh"))
        .expect("read MAC zh")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    let load =
        |lang: &str, n: &str| std::fs::read_to_string(mac.join(lang).join(n)).expect("read a MAC file");
    for n in &names {
        for m in &names {
            let a = align(lines(Lang::Zh, &load("zh", n)), lines(Lang::En, &load("en", m)), anchorer);
            let c = check(&a, anchorer);
            row(&format!("mac {n} x {m}"), &c);
            seen.push((if n == m { "mac-dev true" } else { "mac-dev cross" }.to_string(), c));
        }
    }
}

fn tiers(dir: &Path, anchorer: &Anchorer) {
    let mut scored: Vec<(f32, bool)> = Vec::new();
    let mut with_support: Vec<(f32, f64, bool)> = Vec::new();
    let mut gold_total = 0usize;
    for n in names(dir) {
        let gold: Vec<Bead> = parse_beads(&read(dir, &n, "gold")).expect("parse gold");
        let gold: std::collections::HashSet<Bead> = gold.into_iter().filter(|b| !b.is_null()).collect();
        gold_total += gold.len();
        let a = align(
            lines(Lang::Zh, &read(dir, &n, "zh.sent")),
            lines(Lang::En, &read(dir, &n, "en.sent")),
            anchorer,
        );
        let support = tmalign::verify::bead_support(&a, anchorer);
        for (k, b) in a.beads.iter().enumerate() {
            if b.bead.is_null() {
                continue;
            }
            let right = gold.contains(&b.bead);
            let near_null =
                [k.wrapping_sub(1), k + 1].iter().any(|&i| a.beads.get(i).is_some_and(|x| x.bead.is_null()));
            if std::env::var_os("SHOW_WRONG").is_some() && (!right || near_null) {
                println!(
                    "{} {n} {} score {:.2} near_null {near_null} anchors {:?}",
                    if right { "RIGHT" } else { "WRONG" },
                    b.bead,
                    b.score,
                    b.anchors
                );
            }
            scored.push((b.score, right));
            with_support.push((b.score, support[k], right));
        }
    }
    let wrong_all = scored.iter().filter(|s| !s.1).count();
    println!(
        "== {}: {} predicted 1+:1+ beads, {} wrong; {} gold",
        dir.display(),
        scored.len(),
        wrong_all,
        gold_total
    );
    println!("threshold  main  right  wrong  precision  recall  doubtful(right/wrong)");
    for t in 0..=18 {
        let t = t as f32 * 0.05;
        let kept: Vec<&(f32, bool)> = scored.iter().filter(|s| s.0 >= t).collect();
        let right = kept.iter().filter(|s| s.1).count();
        let wrong = kept.len() - right;
        let out_right = scored.iter().filter(|s| s.0 < t && s.1).count();
        let out_wrong = scored.iter().filter(|s| s.0 < t && !s.1).count();
        println!(
            "{t:>9.2}  {:>4}  {right:>5}  {wrong:>5}  {:>9.3}  {:>6.3}  {out_right}/{out_wrong}",
            kept.len(),
            right as f64 / kept.len().max(1) as f64,
            right as f64 / gold_total.max(1) as f64
        );
    }
    println!("with the anchor rule (beads sharing no anchor are doubtful whatever their score):");
    println!("threshold  main  right  wrong  precision  recall  doubtful(right/wrong)");
    for t in 0..=18 {
        let t = t as f32 * 0.05;
        let doubtful = |s: &&(f32, f64, bool)| s.0 < t || s.1 <= 0.0;
        let kept: Vec<_> = with_support.iter().filter(|s| !doubtful(s)).collect();
        let right = kept.iter().filter(|s| s.2).count();
        let out: Vec<_> = with_support.iter().filter(doubtful).collect();
        let out_right = out.iter().filter(|s| s.2).count();
        println!(
            "{t:>9.2}  {:>4}  {right:>5}  {:>5}  {:>9.3}  {:>6.3}  {out_right}/{}",
            kept.len(),
            kept.len() - right,
            right as f64 / kept.len().max(1) as f64,
            right as f64 / gold_total.max(1) as f64,
            out.len() - out_right
        );
    }
    let shipped = with_support.iter().filter(|s| !tmalign::verify::is_doubtful(s.0, s.1)).collect::<Vec<_>>();
    let right = shipped.iter().filter(|s| s.2).count();
    println!(
        "shipped rule (DOUBTFUL_BELOW {}): main {} beads, {} wrong, precision {:.3}, recall {:.3}",
        tmalign::align::DOUBTFUL_BELOW,
        shipped.len(),
        shipped.len() - right,
        right as f64 / shipped.len().max(1) as f64,
        right as f64 / gold_total.max(1) as f64
    );
    let mut wrong: Vec<f32> = scored.iter().filter(|s| !s.1).map(|s| s.0).collect();
    wrong.sort_by(f32::total_cmp);
    println!("scores of wrong beads: {wrong:?}");
}

fn main() {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut mac = None;
    let mut across = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--mac" {
            mac = args.next().map(PathBuf::from);
        } else if a == "--across" {
            across = true;
        } else {
            dirs.push(PathBuf::from(a));
        }
    }
    if dirs.is_empty() {
        eprintln!("usage: verify_calibrate GOLD_DIR [OTHER_GOLD_DIR…] [--mac MAC_DEV_DIR] [--across]");
        std::process::exit(2);
    }
    let anchorer = Anchorer::new();
    let mut seen = Seen::new();
    for d in &dirs {
        println!("##### {}", d.display());
        pair_checks(d, &anchorer, &mut seen);
    }
    if let Some(m) = &mac {
        mac_checks(m, &anchorer, &mut seen);
    }
    if across {
        println!("##### across the directories");
        across_checks(&dirs, &anchorer, &mut seen);
    }
    println!("##### pair check summary");
    summary(&seen);
    for d in &dirs {
        tiers(d, &anchorer);
    }
}
