//! Hostile input never panics and stays fast enough to finish.

use tmalign::anchor::Anchorer;
use tmalign::lang::Lang;

fn both(a: &Anchorer, text: &str) {
    let _ = a.anchors(text, Lang::Zh);
    let _ = a.anchors(text, Lang::En);
}

#[test]
fn empty_and_blank_input_has_no_anchors() {
    let a = Anchorer::new();
    assert!(a.anchors("", Lang::Zh).is_empty());
    assert!(a.anchors("   \t", Lang::En).is_empty());
}

#[test]
fn control_characters_do_not_panic() {
    let a = Anchorer::new();
    both(&a, "\u{0}\u{1}\u{7f}5\u{0}万\u{202e}July\u{feff}10\r\n第\u{0}二十");
}

#[test]
fn a_five_thousand_digit_number_is_skipped_whole() {
    let a = Anchorer::new();
    let long = "9".repeat(5000);
    let found = a.anchors(&format!("{long} and 12 percent"), Lang::En);
    assert!(found.iter().all(|x| x.surface.len() < 100), "{found:?}");
    assert!(found.iter().any(|x| x.surface == "12 percent"));
    let zh_long = "九".repeat(5000);
    both(&a, &format!("{zh_long}万亿"));
    both(&a, &format!("1.{long}亿"));
    both(&a, &"1,000,".repeat(1000));
}

#[test]
fn a_megabyte_line_is_handled() {
    let a = Anchorer::new();
    let line = "连云港市2023年7月10日新增就业5.5万人, Lianyungang July 10 55,000 jobs. ".repeat(12_000);
    assert!(line.len() > 1_000_000);
    assert!(!a.anchors(&line, Lang::Zh).is_empty());
    assert!(!a.anchors(&line, Lang::En).is_empty());
}

#[test]
fn ranges_of_scale_words_alone_do_not_panic() {
    let a = Anchorer::new();
    both(&a, "million billion trillion hundred thousand percent - to 至 万 亿 百分之 第 月 日");
    both(&a, "ninety ninety ninety trillion trillion trillion trillion trillion trillion");
}

proptest::proptest! {
    #[test]
    fn any_text_yields_anchors_whose_surfaces_are_in_it(text in "[0-9a-zA-Z 一二三十百千万亿两点第月日年%,.\\-至重庆连云港Chongqing\\PC]{0,80}") {
        let a = Anchorer::new();
        for lang in [Lang::Zh, Lang::En] {
            for anchor in a.anchors(&text, lang) {
                proptest::prop_assert!(text.contains(&anchor.surface), "{anchor:?} not in {text:?}");
            }
        }
    }
}
