//! Dictionary terms match across languages.

use tmalign::anchor::{AnchorKind, Anchorer};
use tmalign::lang::Lang;

fn shared_terms(zh: &str, en: &str) -> Vec<(String, String)> {
    let a = Anchorer::new();
    let z: Vec<_> = a.anchors(zh, Lang::Zh).into_iter().filter(|x| x.kind == AnchorKind::Term).collect();
    let e: Vec<_> = a.anchors(en, Lang::En).into_iter().filter(|x| x.kind == AnchorKind::Term).collect();
    let mut out = Vec::new();
    for x in &e {
        for y in z.iter().filter(|y| y.key == x.key) {
            out.push((y.surface.clone(), x.surface.clone()));
        }
    }
    out
}

fn shares(zh: &str, en: &str, zh_term: &str, en_term: &str) -> bool {
    let found = shared_terms(zh, en);
    found.iter().any(|(z, e)| z == zh_term && e == en_term)
}

#[test]
fn port_matches_its_chinese_headword() {
    assert!(shares("加快建设港口", "build the port faster", "港口", "port"));
}

#[test]
fn plural_english_words_match_like_singular_ones() {
    assert!(shares("建设港口", "ports were built", "港口", "ports"));
}

#[test]
fn multiword_english_terms_match() {
    assert!(shares("市委常委会召开会议", "the Standing Committee met", "常委会", "Standing Committee"));
    assert!(shares("党委书记", "Party committee secretary", "党委", "Party committee"));
}

#[test]
fn domain_terms_absent_from_cedict_match() {
    assert!(shares("发展物流和就业", "logistics and employment grew", "物流", "logistics"));
    assert!(shares("发展物流和就业", "logistics and employment grew", "就业", "employment"));
}

#[test]
fn stopwords_alone_yield_no_terms() {
    let a = Anchorer::new();
    let found = a.anchors("it is of the and to be", Lang::En);
    assert!(found.iter().all(|x| x.kind != AnchorKind::Term), "{found:?}");
}

#[test]
fn unrelated_sentences_share_no_terms() {
    assert!(shared_terms("加快建设港口", "the weather was sunny").is_empty());
}

/// Session 10: the words of economic news that CC-CEDICT does not give for
/// the English (`consumption` only as 摄入 用量 结核, `industrial` only as
/// 产业, `tourist` without 旅游), from the domain list. Without them a
/// Chinese topic sentence (`消费市场回暖向好。`) shared nothing with the
/// English sentence it is folded into and was left out as a null bead.
#[test]
fn economic_news_words_missing_from_cedict_match_from_the_domain_list() {
    let en = "Consumption recovered, with retail sales of consumer goods up 5.9 percent.";
    assert!(shares("消费市场回暖向好。", en, "消费", "Consumption"));
    assert!(shares("消费市场回暖向好。", en, "回暖", "recovered"));
    assert!(shares(
        "工业生产稳中有进。",
        "Industrial production picked up.",
        "工业生产",
        "Industrial production"
    ));
    assert!(shares("所有旅游景区暂停开放。", "Tourist sites were shut as well.", "景区", "Tourist sites"));
    assert!(shares("各地全力转移避险群众。", "The city moved 53,000 people.", "转移", "moved"));
    assert!(shares(
        "对二手房交易",
        "For second-hand homes, a property can change hands.",
        "二手房",
        "second-hand homes"
    ));
}
