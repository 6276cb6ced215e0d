//! User glossaries: parsing errors name the line, and pairs match.

use tmalign::anchor::{AnchorKind, Anchorer, Glossary, GlossaryError};
use tmalign::lang::Lang;

const GLOSSARY: &str =
    "# official titles\n高质量发展\thigh-quality development\n\n徐圩新区\tXuwei New Area\r\n";

fn glossary_keys(a: &Anchorer, text: &str, lang: Lang) -> Vec<u64> {
    a.anchors(text, lang).into_iter().filter(|x| x.kind == AnchorKind::Glossary).map(|x| x.key).collect()
}

#[test]
fn glossary_pair_is_found_on_both_sides() {
    let a = Anchorer::with_glossary(Glossary::from_tsv(GLOSSARY).unwrap());
    let zh = glossary_keys(&a, "推动高质量发展", Lang::Zh);
    let en = glossary_keys(&a, "to promote High-Quality Development", Lang::En);
    assert_eq!(zh.len(), 1);
    assert_eq!(zh, en);
}

#[test]
fn different_pairs_have_different_keys() {
    let a = Anchorer::with_glossary(Glossary::from_tsv(GLOSSARY).unwrap());
    let zh = glossary_keys(&a, "徐圩新区", Lang::Zh);
    let en = glossary_keys(&a, "high-quality development", Lang::En);
    assert_eq!((zh.len(), en.len()), (1, 1));
    assert_ne!(zh, en);
}

#[test]
fn english_terms_match_only_at_word_boundaries() {
    let g = Glossary::from_tsv("港\tport\n").unwrap();
    let a = Anchorer::with_glossary(g);
    assert!(glossary_keys(&a, "the report", Lang::En).is_empty());
    assert_eq!(glossary_keys(&a, "the Port.", Lang::En).len(), 1);
}

#[test]
fn comments_and_blank_lines_are_skipped() {
    assert_eq!(Glossary::from_tsv(GLOSSARY).unwrap().len(), 2);
}

#[test]
fn a_line_without_tab_is_reported_with_its_number() {
    let err = Glossary::from_tsv("港口\tport\n物流 logistics\n").unwrap_err();
    assert_eq!(err, GlossaryError::MissingTab { line: 2 });
    assert!(err.to_string().contains("line 2"));
}

#[test]
fn empty_sides_and_extra_fields_are_errors() {
    assert_eq!(
        Glossary::from_tsv("\tport").unwrap_err(),
        GlossaryError::EmptyTerm { line: 1, side: "Chinese" }
    );
    assert_eq!(
        Glossary::from_tsv("港口\t  ").unwrap_err(),
        GlossaryError::EmptyTerm { line: 1, side: "English" }
    );
    assert_eq!(Glossary::from_tsv("港口\tport\tx").unwrap_err(), GlossaryError::ExtraField { line: 1 });
}
