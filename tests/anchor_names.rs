//! Names match across languages through every pinyin reading.

use tmalign::anchor::{AnchorKind, Anchorer};
use tmalign::lang::Lang;

fn shared_names(zh: &str, en: &str) -> Vec<(String, String)> {
    let a = Anchorer::new();
    let z: Vec<_> = a.anchors(zh, Lang::Zh).into_iter().filter(|x| x.kind == AnchorKind::Name).collect();
    let e: Vec<_> = a.anchors(en, Lang::En).into_iter().filter(|x| x.kind == AnchorKind::Name).collect();
    let mut out = Vec::new();
    for x in &e {
        for y in z.iter().filter(|y| y.key == x.key) {
            out.push((y.surface.clone(), x.surface.clone()));
        }
    }
    out
}

fn matches(zh: &str, en: &str, zh_name: &str, en_name: &str) -> bool {
    shared_names(zh, en).iter().any(|(z, e)| z == zh_name && e == en_name)
}

#[test]
fn chongqing_matches_through_the_rarer_reading_of_zhong() {
    assert!(matches("重庆市召开会议", "A meeting was held in Chongqing", "重庆", "Chongqing"));
}

#[test]
fn xiamen_matches_through_the_rarer_reading_of_sha() {
    assert!(matches("厦门港", "Xiamen Port", "厦门", "Xiamen"));
}

#[test]
fn shan_as_a_surname_matches_in_a_personal_name() {
    assert!(matches("单晓明表示", "Shan Xiaoming said", "单晓明", "Shan Xiaoming"));
}

#[test]
fn zeng_as_a_surname_matches_in_a_personal_name() {
    assert!(matches("曾国平出席", "Zeng Guoping attended", "曾国平", "Zeng Guoping"));
}

#[test]
fn joined_place_names_match() {
    assert!(matches("连云港徐圩新区", "Xuwei New Area of Lianyungang", "连云港", "Lianyungang"));
    assert!(matches("连云港徐圩新区", "Xuwei New Area of Lianyungang", "徐圩", "Xuwei"));
}

#[test]
fn two_word_personal_names_match() {
    assert!(matches("左雪梅同志", "Comrade Zuo Xuemei", "左雪梅", "Zuo Xuemei"));
    assert!(matches("马世光说", "Ma Shiguang said", "马世光", "Ma Shiguang"));
}

#[test]
fn ordinary_english_words_are_not_names() {
    let a = Anchorer::new();
    let found = a.anchors("The Party Central Committee held a meeting", Lang::En);
    assert!(found.iter().all(|x| x.kind != AnchorKind::Name), "{found:?}");
}

#[test]
fn unrelated_names_do_not_match() {
    assert!(shared_names("连云港", "Xiamen").is_empty());
}

#[test]
fn a_long_chinese_sentence_yields_a_bounded_number_of_name_keys() {
    let a = Anchorer::new();
    let s = "连云港市委书记马世光在徐圩新区调研时强调要坚定不移推进高质量发展加快建设现代化港口城市为全省发展大局作出新贡献";
    assert!(s.chars().count() >= 55);
    let n = a.anchors(s, Lang::Zh).iter().filter(|x| x.kind == AnchorKind::Name).count();
    assert!(n < 600, "{n} name keys");
}

#[test]
fn an_apostrophe_marks_a_syllable_boundary() {
    assert!(matches("西安市", "in Xi'an", "西安", "Xi'an"));
    assert!(matches("西安市", "in Xi’an", "西安", "Xi’an"));
}
