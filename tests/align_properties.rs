//! Every alignment is an ordered partition of both sides, whatever the input.

use proptest::prelude::*;
use tmalign::align::{align, Alignment, Document};
use tmalign::anchor::Anchorer;
use tmalign::lang::Lang;
use tmalign::segment::Sentence;

fn doc(lang: Lang, texts: &[String]) -> Document {
    let sentences = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Sentence { text: t.clone(), start: 0, end: t.len(), paragraph: i / 7 })
        .collect();
    Document::new("p", lang, sentences)
}

/// Checks that the beads use every sentence of each side exactly once, in order.
fn assert_ordered_partition(a: &Alignment) {
    let (mut next_s, mut next_t) = (0, 0);
    for b in &a.beads {
        assert!(!(b.bead.src.is_empty() && b.bead.tgt.is_empty()), "empty bead");
        for &i in &b.bead.src {
            assert_eq!(i, next_s, "source ids out of order in {}", b.bead);
            next_s += 1;
        }
        for &j in &b.bead.tgt {
            assert_eq!(j, next_t, "target ids out of order in {}", b.bead);
            next_t += 1;
        }
        assert!((0.0..=1.0).contains(&b.score));
    }
    assert_eq!(next_s, a.source.sentences.len());
    assert_eq!(next_t, a.target.sentences.len());
}

fn zh_sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!["港", "口", "发", "展", "2023", "年", "，", "市", "长", "。"]),
        1..30,
    )
    .prop_map(|v| v.concat())
}

fn en_sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!["port", "the", "city", "2023", "grew", "mayor", "55,000", "."]),
        1..40,
    )
    .prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn alignment_is_an_ordered_partition(
        zh in prop::collection::vec(zh_sentence(), 0..40),
        en in prop::collection::vec(en_sentence(), 0..40),
    ) {
        let a = align(doc(Lang::Zh, &zh), doc(Lang::En, &en), &Anchorer::new());
        assert_ordered_partition(&a);
    }

    #[test]
    fn reversed_direction_is_an_ordered_partition_too(
        zh in prop::collection::vec(zh_sentence(), 1..30),
        en in prop::collection::vec(en_sentence(), 1..30),
    ) {
        let a = align(doc(Lang::En, &en), doc(Lang::Zh, &zh), &Anchorer::new());
        assert_ordered_partition(&a);
    }
}

#[test]
fn one_side_a_hundred_times_longer_still_partitions() {
    let zh: Vec<String> = (0..12).map(|i| format!("第{i}句话讲港口发展。")).collect();
    let en: Vec<String> = (0..1200).map(|i| format!("Sentence {i} is about the port.")).collect();
    let a = align(doc(Lang::Zh, &zh), doc(Lang::En, &en), &Anchorer::new());
    assert_ordered_partition(&a);
    let a = align(doc(Lang::En, &en), doc(Lang::Zh, &zh), &Anchorer::new());
    assert_ordered_partition(&a);
}

#[test]
fn long_documents_take_the_windowed_search_and_still_partition() {
    // 800 × 832 cells exceed the full-grid limit, so this exercises the coarse-to-fine search.
    let zh: Vec<String> = (0..800).map(|i| format!("第{i}年港口吞吐量增长了{}%。", i % 17)).collect();
    let mut en: Vec<String> =
        (0..800).map(|i| format!("In year {i} port throughput grew {}%.", i % 17)).collect();
    for k in (0..32).rev() {
        en.insert(k * 25, "An added remark.".to_string());
    }
    let a = align(doc(Lang::Zh, &zh), doc(Lang::En, &en), &Anchorer::new());
    assert_ordered_partition(&a);
    let one_one = a.beads.iter().filter(|b| b.bead.src.len() == 1 && b.bead.tgt.len() == 1).count();
    assert!(one_one >= 730, "only {one_one} 1-1 beads");
}

#[test]
fn a_one_megabyte_sentence_does_not_panic() {
    let huge = "港".repeat(350_000);
    let a = align(
        doc(Lang::Zh, &[huge, "短句。".into()]),
        doc(Lang::En, &["A short one.".into()]),
        &Anchorer::new(),
    );
    assert_ordered_partition(&a);
}
