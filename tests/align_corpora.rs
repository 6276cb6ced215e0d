//! The aligner on the bilingual news pairs of `corpora/`, both ways, from
//! presegmented `.sent` files and, on the dev splits, from raw `.txt` files.
//!
//! `corpora/dev/` and `corpora/dev2/` are the splits the aligner was tuned
//! on (strict F1 0.972 and 0.947 presegmented, 0.981 and 0.966 raw,
//! 2026-12-05); `corpora/test/` is held out and never tuned on (0.910
//! presegmented, measured once in session 8 when its twelve pairs were
//! new). Each threshold sits an honest margin below its figure, so a change
//! that costs a bead or two still passes and a real regression does not
//! (`cargo test --release --test align_corpora -- --nocapture` prints them).

use std::fs;
use std::path::Path;

use tmalign::align::{align, Document};
use tmalign::anchor::Anchorer;
use tmalign::bead::{parse_beads, Bead};
use tmalign::eval::{score, Counts};
use tmalign::lang::Lang;
use tmalign::segment::{segment, Sentence};

fn sentences_of_lines(text: &str) -> Vec<Sentence> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Sentence { text: l.trim().to_string(), start: 0, end: 0, paragraph: 0 })
        .collect()
}

fn doc(lang: Lang, sentences: Vec<Sentence>) -> Document {
    Document::new(lang.code(), lang, sentences)
}

fn swap(beads: &[Bead]) -> Vec<Bead> {
    beads.iter().map(|b| Bead::new(b.tgt.clone(), b.src.clone())).collect()
}

/// Strict F1 over every pair of `corpora/SPLIT`: presegmented (both
/// directions) and, with `with_raw`, from the raw text (the
/// segmenter must then reproduce the gold sentences exactly).
fn corpora_strict_f1(split: &str, with_raw: bool) -> (f64, f64) {
    let (preseg, raw) = corpora_counts(split, with_raw, 8);
    (preseg.scores().f1_strict, raw.scores().f1_strict)
}

/// The counts behind [`corpora_strict_f1`], from at least `min_pairs` pairs.
fn corpora_counts(split: &str, with_raw: bool, min_pairs: usize) -> (Counts, Counts) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora").join(split);
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| {
                    e.file_name().to_str().and_then(|n| n.strip_suffix(".gold")).map(String::from)
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    assert!(
        names.len() >= min_pairs,
        "found {} pairs in corpora/{split}, need at least {min_pairs}",
        names.len()
    );
    let anchorer = Anchorer::new();
    let (mut preseg, mut raw) = (Counts::default(), Counts::default());
    for name in &names {
        let read = |ext: &str| fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap();
        let gold = parse_beads(&read("gold")).unwrap();
        let (zs, es) = (sentences_of_lines(&read("zh.sent")), sentences_of_lines(&read("en.sent")));
        let zh_en = align(doc(Lang::Zh, zs.clone()), doc(Lang::En, es.clone()), &anchorer);
        let en_zh = align(doc(Lang::En, es.clone()), doc(Lang::Zh, zs.clone()), &anchorer);
        preseg.add(&score(&gold, &zh_en.beads.iter().map(|b| b.bead.clone()).collect::<Vec<_>>()));
        preseg.add(&score(&swap(&gold), &en_zh.beads.iter().map(|b| b.bead.clone()).collect::<Vec<_>>()));
        if !with_raw {
            continue;
        }
        // Raw text: the gold ids refer to the .sent sentences, so the segmenter must reproduce them.
        let (zr, er) = (segment(&read("zh.txt"), Lang::Zh), segment(&read("en.txt"), Lang::En));
        let texts = |v: &[Sentence]| v.iter().map(|s| s.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&zr), texts(&zs), "{name}: Chinese segmentation differs from {name}.zh.sent");
        assert_eq!(texts(&er), texts(&es), "{name}: English segmentation differs from {name}.en.sent");
        let a = align(doc(Lang::Zh, zr), doc(Lang::En, er), &anchorer);
        raw.add(&score(&gold, &a.beads.iter().map(|b| b.bead.clone()).collect::<Vec<_>>()));
    }
    (preseg, raw)
}

/// The Chinese and English sentences of `corpora/SPLIT/NAME` (from the
/// `.sent` files, or segmented from the raw text) and the beads `align`
/// gives them, Chinese to English.
fn pair_beads(split: &str, name: &str, raw: bool) -> (Vec<Sentence>, Vec<Sentence>, Vec<Bead>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora").join(split);
    let read = |ext: &str| fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap();
    let (zh, en) = if raw {
        (segment(&read("zh.txt"), Lang::Zh), segment(&read("en.txt"), Lang::En))
    } else {
        (sentences_of_lines(&read("zh.sent")), sentences_of_lines(&read("en.sent")))
    };
    let a = align(doc(Lang::Zh, zh.clone()), doc(Lang::En, en.clone()), &Anchorer::new());
    (zh, en, a.beads.into_iter().map(|b| b.bead).collect())
}

fn assert_has_beads(beads: &[Bead], wanted: &[Bead]) {
    for want in wanted {
        assert!(beads.contains(want), "{want:?} not in {beads:?}");
    }
}

#[test]
fn aligning_english_to_chinese_mirrors_aligning_chinese_to_english() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev");
    let anchorer = Anchorer::new();
    for name in ["02-port-logistics", "05-party-meeting", "08-foreign-trade"] {
        let read = |ext: &str| fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap();
        let (zs, es) = (sentences_of_lines(&read("zh.sent")), sentences_of_lines(&read("en.sent")));
        let beads = |a: tmalign::align::Alignment| a.beads.into_iter().map(|b| b.bead).collect::<Vec<_>>();
        let zh_en = beads(align(doc(Lang::Zh, zs.clone()), doc(Lang::En, es.clone()), &anchorer));
        let en_zh = beads(align(doc(Lang::En, es), doc(Lang::Zh, zs), &anchorer));
        assert_eq!(swap(&en_zh), zh_en, "{name}");
    }
}

#[test]
fn dev_news_pairs_keep_their_tuned_strict_f1_both_ways_raw_and_presegmented() {
    let (p, r) = corpora_strict_f1("dev", true);
    eprintln!("corpora/dev strict F1: presegmented {p:.3}, raw {r:.3}");
    assert!(p >= 0.955, "presegmented strict F1 {p:.3}");
    assert!(r >= 0.955, "raw strict F1 {r:.3}");
}

#[test]
fn second_dev_news_pairs_keep_their_tuned_strict_f1_raw_and_presegmented() {
    let (p, r) = corpora_strict_f1("dev2", true);
    // Session 10: 0.975 presegmented, 0.985 raw (0.952 and 0.966 before its
    // domain words); the floors fail a return to session 9's figures.
    eprintln!("corpora/dev2 strict F1: presegmented {p:.3}, raw {r:.3}");
    assert!(p >= 0.96, "presegmented strict F1 {p:.3}");
    assert!(r >= 0.97, "raw strict F1 {r:.3}");
}

#[test]
fn held_out_news_pairs_align_above_their_floor() {
    // Measured once per session: 0.910 (session 8), 0.905 (session 9),
    // 0.899 (session 10, after its domain words and cost changes, chosen
    // on the dev sets: dev2 0.952 -> 0.975, dev3 0.865 -> 0.915), 0.903
    // once abbreviated English dates (Nov. 5) became anchors, 0.903 in
    // session 11 (lone person names), 0.903 in session 12 (lone weight in
    // the null discount; every bead type as before).
    let (p, _) = corpora_strict_f1("test", false);
    eprintln!("corpora/test strict F1: presegmented {p:.3}");
    assert!(p >= 0.89, "presegmented strict F1 {p:.3}");
}

#[test]
fn second_held_out_news_pairs_align_above_their_floor() {
    // corpora/test2 (w01-w10), written in session 10 and first measured at
    // its end, after all of that session's changes: 0.871 (2-1 beads found
    // 0.61, omitted sentences 0.57). Never tuned on. Session 11, measured
    // once after its lone person names: 0.882 (2-1 0.67, omitted 0.64).
    // Session 12, once after the lone weight in the null discount: 0.882.
    let (p, _) = corpora_strict_f1("test2", false);
    eprintln!("corpora/test2 strict F1: presegmented {p:.3}");
    assert!(p >= 0.86, "presegmented strict F1 {p:.3}");
}

#[test]
fn abridged_dev_pairs_leave_out_what_the_abridged_side_omits() {
    // Tuned on (session 9, 2026-12-05): strict F1 0.934 Chinese to English
    // presegmented; null beads found exactly 0.860 (1-0, 43) and 0.833
    // (0-1, 12), from 0.919, 0.744 and 0.583 before the unrelated surcharge.
    // Counted both ways, 1-0 and 0-1 swap places. Session 15, with the
    // lexical passes' length ratio from the aligned sentences: 0.971, null
    // beads found 0.909 of 110 (0.941 and 0.855 before); the floors fail a
    // return to the ratio of the totals.
    let (c, _) = corpora_counts("abridged-dev", false, 5);
    let f1 = c.scores().f1_strict;
    let nulls = ["1-0", "0-1"]
        .iter()
        .filter_map(|t| c.by_type.get(*t))
        .fold((0, 0), |(g, f), t| (g + t.gold, f + t.found));
    let recall = nulls.1 as f64 / nulls.0.max(1) as f64;
    eprintln!("corpora/abridged-dev strict F1 {f1:.3}, null beads found {recall:.3} of {}", nulls.0);
    assert!(f1 >= 0.955, "presegmented strict F1 {f1:.3}");
    assert!(recall >= 0.89, "null beads found exactly {recall:.3}");
}

#[test]
fn an_omitted_chinese_sentence_is_not_glued_onto_an_abridged_editions_long_english() {
    // corpora/abridged-dev a02: the English drops a fifth of the Chinese,
    // so the pair's totals give the English too little length per Chinese
    // unit, and 恒通集团有关负责人表示，… (zh 25), which the English leaves
    // out, was glued to the sentence before it as a 2-1 bead: the English
    // of zh 24 looked too long for it alone. With the lexical passes'
    // ratio taken from the aligned sentences (session 15) it is left out.
    let (zh, _, beads) = pair_beads("abridged-dev", "a02-qinzhou-port", false);
    assert!(zh[25].text.starts_with("恒通集团有关负责人表示"));
    assert_has_beads(&beads, &[Bead::new(vec![24], vec![25]), Bead::new(vec![25], vec![])]);
}

#[test]
fn third_dev_news_pairs_keep_their_tuned_strict_f1_presegmented() {
    // corpora/dev3 (v01-v12, the hardest news set: 43 % of its gold beads
    // are not 1-1), tuned on from session 10: 0.911 presegmented Chinese to
    // English (align_eval.py), both ways here; 0.865 at the start of
    // session 10, 0.907 after its domain words alone.
    let (p, _) = corpora_strict_f1("dev3", false);
    eprintln!("corpora/dev3 strict F1: presegmented {p:.3}");
    assert!(p >= 0.90, "presegmented strict F1 {p:.3}");
}

#[test]
fn chinese_topic_sentences_join_the_english_sentence_that_folds_them_in() {
    // A Chinese paragraph opening with a short topic sentence (工业生产稳中有进。)
    // that the English folds into its next sentence ("Industrial production
    // picked up, with …") is a 2-1 bead. Left out as a 1-0 bead, the
    // English sentence went into the memory with the second Chinese
    // sentence alone: a wrong OmegaT fill of the English document. They
    // share a term since the domain list gives 工业生产 and 消费 their
    // English (session 10; corpora/dev2 t04, raw text).
    let (zh, _, beads) = pair_beads("dev2", "t04-stats-wuxi-economy", true);
    assert!(zh[4].text.starts_with("工业生产稳中有进") && zh[12].text.starts_with("消费市场回暖向好"));
    assert_has_beads(&beads, &[Bead::new(vec![4, 5], vec![6]), Bead::new(vec![12, 13], vec![14])]);
}

#[test]
fn a_quotation_whose_speaker_moved_to_its_end_is_aligned_sentence_by_sentence() {
    // 来自美国的游客艾米丽·卡特说：“我在书上读到兵马俑已经很多年了。亲眼看到它们，还是让我说不出话来。”
    // against "\"I had read about … for years. Seeing them …,\" said Emily
    // Carter, a teacher from the U.S." (dev3 v06, raw text): the speaker's
    // name and country fit the last English sentence, so the 2-2 bead that
    // is split into two 1-1 beads lost to [5,6]:[5,6] [7,8]:[7], its first
    // English sentence glued to the bead before (session 20).
    let (zh, _, beads) = pair_beads("dev3", "v06-holiday-xian-mayday", true);
    assert!(zh[7].text.starts_with("来自美国的游客") && zh[5].text.starts_with("景区实行实名制"));
    let one = |z: usize, e: usize| Bead::new(vec![z], vec![e]);
    assert_has_beads(&beads, &[Bead::new(vec![5], vec![]), one(6, 5), one(7, 6), one(8, 7)]);
}

#[test]
fn fourth_dev_news_pairs_keep_their_strict_f1_presegmented() {
    // corpora/dev4 (x01-x10, written in session 11 before any tuning):
    // 0.918 presegmented Chinese to English (align_eval.py) when first
    // measured, 0.927 with the lone person names of session 11, 0.930 with
    // session 12's lone weight in the null discount.
    let (p, _) = corpora_strict_f1("dev4", false);
    eprintln!("corpora/dev4 strict F1: presegmented {p:.3}");
    assert!(p >= 0.91, "presegmented strict F1 {p:.3}");
}

#[test]
fn fifth_dev_news_pairs_keep_their_strict_f1_raw_and_presegmented() {
    // corpora/dev5 (y01-y10, written in session 18 for issue #12 before any
    // tool ran on them: folded questions, 答：可以。 merges and short lead-ins
    // as 2-1 beads, left-out general statements as 1-0). First measured on
    // main b0386cd: 0.867 presegmented, both ways here and Chinese to
    // English in align_eval.py (1-0 found 0.455, 2-1 0.737), 0.899 raw; the
    // floors sit about 0.03 below. Raw also checks that the segmenter
    // reproduces the gold split.
    let (p, r) = corpora_strict_f1("dev5", true);
    eprintln!("corpora/dev5 strict F1: presegmented {p:.3}, raw {r:.3}");
    assert!(p >= 0.84, "presegmented strict F1 {p:.3}");
    assert!(r >= 0.87, "raw strict F1 {r:.3}");
}

#[test]
fn sixth_dev_news_pairs_keep_their_strict_f1_raw_and_presegmented() {
    // corpora/dev6 (z01-z08, written in session 20 before any tool ran on
    // them: speaker-first Chinese quotations against English with the
    // speaker after them, 问：/答： merges and splits, topic sentences glued
    // or left out by meaning, an abridged edition). First measured untuned
    // on main d29b6f6: raw 0.895 Chinese to English (score_align.py); here
    // both ways: presegmented 0.878, raw 0.895 with the session's code,
    // floors about 0.03 below.
    let (p, r) = corpora_strict_f1("dev6", true);
    eprintln!("corpora/dev6 strict F1: presegmented {p:.3}, raw {r:.3}");
    assert!(p >= 0.85, "presegmented strict F1 {p:.3}");
    assert!(r >= 0.865, "raw strict F1 {r:.3}");
}

#[test]
fn a_sentence_naming_people_the_english_never_names_is_left_out_not_glued_on() {
    // 省领导王芳、刘振华、陈斌、马国强出席。 (dev3 v10) and 开幕式由长春市市长陈国栋主持。
    // (dev4 x02): the English drops the attendee list and the chair. Their
    // names' pinyin is nowhere in the English, so they are content the
    // translation lacks (lone keys, like a figure it never gives); weighing
    // nothing, they were glued onto the bead of the sentence before.
    let anchorer = Anchorer::new();
    for (split, name, left_out, before) in [
        ("dev3", "v10-award-xian-science", 3, Bead::new(vec![2], vec![2])),
        ("dev4", "x02-fair-changchun-auto", 25, Bead::new(vec![24], vec![22])),
    ] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora").join(split);
        let read = |ext: &str| fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap();
        let (zs, es) = (sentences_of_lines(&read("zh.sent")), sentences_of_lines(&read("en.sent")));
        let a = align(doc(Lang::Zh, zs), doc(Lang::En, es), &anchorer);
        let beads: Vec<Bead> = a.beads.into_iter().map(|b| b.bead).collect();
        for want in [Bead::new(vec![left_out], vec![]), before] {
            assert!(beads.contains(&want), "{name}: {want:?} not in {beads:?}");
        }
    }
}

#[test]
fn an_omitted_sentence_of_figures_the_english_never_gives_is_not_paired_with_an_added_line() {
    // 应出席代表328名，实到代表309名，符合法定人数。 (dev4 x01): the English
    // drops the attendance figures and adds a background line on the county
    // in their place. The figures are nowhere in the English (lone); before
    // session 12 they did not lower the price of leaving the sentence out,
    // which then cost more than pairing it with the background line (1-1).
    let (zs, es, beads) = pair_beads("dev4", "x01-workreport-yishui-county", false);
    assert!(
        zs[3].text.starts_with("应出席代表328名") && es[3].text.starts_with("Yishui, a mountainous county")
    );
    assert_has_beads(&beads, &[Bead::new(vec![3], vec![]), Bead::new(vec![], vec![3])]);
}
