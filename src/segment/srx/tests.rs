//! SRX reading and the OmegaT segmentation semantics, on small rule files
//! written for these tests.

use super::*;

/// An SRX file with `header` and the given language rules and map entries.
fn srx(header: &str, languagerules: &str, maps: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  {header}
  <body>
    <languagerules>
{languagerules}
    </languagerules>
    <maprules>
{maps}
    </maprules>
  </body>
</srx>
"#
    )
}

fn rule(brk: bool, before: &str, after: &str) -> String {
    let b = if brk { "yes" } else { "no" };
    format!("<rule break=\"{b}\"><beforebreak>{before}</beforebreak><afterbreak>{after}</afterbreak></rule>")
}

fn lr(name: &str, rules: &[String]) -> String {
    format!("<languagerule languagerulename=\"{name}\">{}</languagerule>", rules.concat())
}

fn map(pattern: &str, name: &str) -> String {
    format!("<languagemap languagepattern=\"{pattern}\" languagerulename=\"{name}\"/>")
}

fn rules_for(xml: &str, tag: &str) -> Result<LanguageRules, SrxError> {
    SrxFile::parse("rules.srx", xml)?.language_rules(tag)
}

fn cut(rules: &LanguageRules, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_span(text, rules, |s| out.push(text[s.start..s.end].to_string()));
    out
}

/// Rules for `en` made of `rules` only.
fn en_rules(rules: &[String]) -> LanguageRules {
    let xml = srx("<header/>", &lr("English", rules), &map("EN.*", "English"));
    rules_for(&xml, "en-US").unwrap()
}

fn sentence_break() -> String {
    rule(true, r"[\.\?\!]+", r"\s")
}

#[test]
fn break_rule_cuts_where_before_and_after_meet() {
    let r = en_rules(&[sentence_break()]);
    assert_eq!(cut(&r, "Ships came. Trains left! Why?"), ["Ships came.", "Trains left!", "Why?"]);
}

#[test]
fn an_earlier_no_break_rule_wins_over_a_later_break_rule() {
    let r = en_rules(&[rule(false, r"\bDr\.", r"\s"), sentence_break()]);
    assert_eq!(cut(&r, "Dr. Li came. He left."), ["Dr. Li came.", "He left."]);
}

#[test]
fn a_later_no_break_rule_loses_to_an_earlier_break_rule() {
    let r = en_rules(&[sentence_break(), rule(false, r"\bDr\.", r"\s")]);
    assert_eq!(cut(&r, "Dr. Li came."), ["Dr.", "Li came."]);
}

#[test]
fn without_any_matching_rule_nothing_is_cut() {
    let r = en_rules(&[rule(true, "。", ".")]);
    assert_eq!(cut(&r, "Ships came. Trains left."), ["Ships came. Trains left."]);
}

#[test]
fn an_empty_beforebreak_lets_the_afterbreak_alone_decide() {
    // Break before every capital Q, whatever precedes it.
    let r = en_rules(&["<rule break=\"yes\"><beforebreak/><afterbreak>Q</afterbreak></rule>".to_string()]);
    assert_eq!(cut(&r, "aaQbbQcc"), ["aa", "Qbb", "Qcc"]);
    let missing = en_rules(&["<rule><afterbreak>Q</afterbreak></rule>".to_string()]);
    assert_eq!(cut(&missing, "aaQbbQcc"), ["aa", "Qbb", "Qcc"]);
}

#[test]
fn an_empty_afterbreak_breaks_after_every_beforebreak_match() {
    let r =
        en_rules(
            &["<rule break=\"yes\"><beforebreak>;</beforebreak><afterbreak></afterbreak></rule>".into()],
        );
    assert_eq!(cut(&r, "a;b;c"), ["a;", "b;", "c"]);
}

#[test]
fn beforebreak_matches_do_not_overlap_as_in_omegat() {
    // Java's find loop sees "!!!" as one match: no break inside the run.
    let r = en_rules(&[rule(true, r"!+", r".")]);
    assert_eq!(cut(&r, "Hey!!!You"), ["Hey!!!", "You"]);
}

#[test]
fn segments_are_trimmed_but_keep_no_break_spaces_inside_the_paragraph() {
    let r = en_rules(&[sentence_break()]);
    let text = "One.  \u{a0}Two. \u{3000}Three.";
    assert_eq!(cut(&r, text), ["One.", "\u{a0}Two.", "Three."]);
}

#[test]
fn paragraphs_end_at_empty_lines_only() {
    let r = en_rules(&[sentence_break()]);
    let text = "Title\n\nA hard\nwrapped line\n\t\nstill the same\n\nLast";
    let mut paragraphs = Vec::new();
    for_each_span(text, &r, |s| paragraphs.push((text[s.start..s.end].to_string(), s.paragraph)));
    assert_eq!(
        paragraphs,
        [
            ("Title".to_string(), 0),
            ("A hard\nwrapped line\n\t\nstill the same".to_string(), 1),
            ("Last".to_string(), 2)
        ]
    );
}

#[test]
fn blank_lines_before_a_paragraph_are_not_part_of_it() {
    let r = en_rules(&[rule(true, r"\n", " +")]);
    // The space-only line opens nothing: no segment for it and no break.
    assert_eq!(cut(&r, "A\n\n   \nB\n  C"), ["A", "B", "C"]);
}

#[test]
fn carriage_returns_are_line_feeds_to_the_rules() {
    let r = en_rules(&[rule(true, r"\.\n", r".")]);
    let text = "One.\r\nTwo.\rThree.";
    assert_eq!(cut(&r, text), ["One.", "Two.", "Three."]);
}

#[test]
fn spans_point_into_the_input() {
    let r = en_rules(&[sentence_break()]);
    let text = "\n\n  First one.\r\n Second one. \n";
    let mut spans = Vec::new();
    for_each_span(text, &r, |s| spans.push((s.start, s.end)));
    assert_eq!(spans, [(4, 14), (17, 28)]);
}

#[test]
fn cascade_uses_every_matching_map_entry_in_order() {
    let rules = lr("Ab", &[rule(false, r"\bDr\.", r"\s")]) + &lr("All", &[sentence_break()]);
    let maps = map("EN.*", "Ab") + &map(".*", "All");
    for header in ["<header/>", "<header cascade=\"yes\"/>"] {
        let r = rules_for(&srx(header, &rules, &maps), "en-US").unwrap();
        assert_eq!(cut(&r, "Dr. Li came. He left."), ["Dr. Li came.", "He left."], "{header}");
    }
}

#[test]
fn without_cascade_only_the_first_matching_entry_counts() {
    let rules = lr("Ab", &[rule(false, r"\bDr\.", r"\s")]) + &lr("All", &[sentence_break()]);
    let maps = map("EN.*", "Ab") + &map(".*", "All");
    let r = rules_for(&srx("<header cascade=\"no\"/>", &rules, &maps), "en-US").unwrap();
    assert_eq!(cut(&r, "Dr. Li came. He left."), ["Dr. Li came. He left."]);
    // A language the first entry does not match falls to the next one.
    let zh = rules_for(&srx("<header cascade=\"no\"/>", &rules, &maps), "zh-CN").unwrap();
    assert_eq!(cut(&zh, "Dr. Li came. He left."), ["Dr.", "Li came.", "He left."]);
}

#[test]
fn language_patterns_match_the_whole_code_ignoring_case() {
    let rules = lr("Zh", &[rule(true, "。", ".")]);
    let xml = srx("<header/>", &rules, &map("ZH-CN", "Zh"));
    assert!(rules_for(&xml, "zh-CN").is_ok());
    assert!(rules_for(&xml, "zh_cn").is_ok());
    // `ZH` alone does not match the whole of zh-CN.
    let short = srx("<header/>", &rules, &map("ZH", "Zh"));
    assert!(matches!(rules_for(&short, "zh-CN"), Err(SrxError::NoRules { .. })));
}

#[test]
fn a_language_without_rules_is_an_error_naming_file_and_code() {
    let xml = srx("<header/>", &lr("English", &[sentence_break()]), &map("EN.*", "English"));
    let err = rules_for(&xml, "zh-CN").unwrap_err();
    assert_eq!(err.to_string(), "rules.srx: no segmentation rules for language zh-CN");
}

#[test]
fn an_unsupported_regex_names_the_file_and_the_line_of_the_rule() {
    let rules = lr("English", &[sentence_break(), "\n".to_string() + &rule(true, r"\p{InGreek}", ".")]);
    let xml = srx("<header/>", &rules, &map("EN.*", "English"));
    let line = xml.lines().position(|l| l.contains("InGreek")).unwrap() + 1;
    let err = rules_for(&xml, "en-US").unwrap_err().to_string();
    assert!(err.starts_with(&format!("rules.srx:{line}: rule regex not supported: ")), "{err}");
    assert!(err.contains("InGreek") && !err.contains('\n'), "{err}");
}

#[test]
fn a_regex_the_engine_rejects_is_reported_with_its_line() {
    let rules = lr("English", &["\n".to_string() + &rule(true, "(unclosed", ".")]);
    let xml = srx("<header/>", &rules, &map("EN.*", "English"));
    let line = xml.lines().position(|l| l.contains("(unclosed")).unwrap() + 1;
    let err = rules_for(&xml, "en-US").unwrap_err().to_string();
    assert!(err.starts_with(&format!("rules.srx:{line}: rule regex not supported: ")), "{err}");
}

#[test]
fn malformed_xml_is_an_error_with_a_line() {
    let xml = "<srx version=\"2.0\">\n<header/>\n<body><languagerules>\n</body></srx>\n";
    let err = SrxFile::parse("bad.srx", xml).unwrap_err().to_string();
    assert!(err.starts_with("bad.srx:4: malformed SRX: "), "{err}");
}

#[test]
fn a_file_that_is_not_srx_is_refused() {
    let err = SrxFile::parse("x.srx", "<tmx version=\"1.4\"/>").unwrap_err().to_string();
    assert!(err.contains("not an SRX file"), "{err}");
    assert!(SrxFile::parse("x.srx", "").is_err());
}

#[test]
fn a_map_entry_naming_a_missing_languagerule_is_an_error() {
    let xml = srx("<header/>", &lr("English", &[sentence_break()]), &map(".*", "Nope"));
    let err = rules_for(&xml, "en-US").unwrap_err().to_string();
    assert!(err.contains("Nope"), "{err}");
}

#[test]
fn entities_in_regexes_are_resolved() {
    let r = en_rules(&[rule(true, "&lt;br/&gt;", ".")]);
    assert_eq!(cut(&r, "one<br/>two"), ["one<br/>", "two"]);
}

#[test]
fn java_classes_are_ascii_only() {
    // Java's \s does not match the ideographic space or a no-break space.
    let r = en_rules(&[rule(true, r"\.", r"\s")]);
    assert_eq!(cut(&r, "A.\u{3000}B.\u{a0}C. D"), ["A.\u{3000}B.\u{a0}C.", "D"]);
    let d = en_rules(&[rule(true, r"\d", ".")]);
    assert_eq!(cut(&d, "x٣y1z"), ["x٣y1", "z"]);
}

#[test]
fn dot_matches_line_breaks_as_omegat_compiles_with_dotall() {
    let r = en_rules(&[rule(true, "x.", "y")]);
    assert_eq!(cut(&r, "ax\nyb"), ["ax", "yb"]);
}

#[test]
fn java_spellings_are_translated() {
    for (java, rust) in [
        (r"\u00A0", r"\x{A0}"),
        (r"\Q.*\E", r"\.\*"),
        (r"[\s\d]", r"[[\t\n\x0B\x0C\r ][0-9]]"),
        (r"\p{IsLatin}", r"\p{Latin}"),
        (r"\p{Punct}", r"[!-/:-@\[-`{-\~]"),
        (r"a$", r"a(?:(?=(?:\r\n|[\n\r\x{85}\x{2028}\x{2029}])?\z))"),
        (r"(?iu)e\.g\.", r"(?i)e\.g\."),
        (r"[a--]", r"[a\--]"),
    ] {
        assert_eq!(java_to_rust(java, false).unwrap(), rust, "{java}");
    }
    for bad in [r"a*+b", r"\p{InGreek}", r"\X", r"\y"] {
        assert!(java_to_rust(bad, false).is_err(), "{bad}");
    }
}

#[test]
fn lookaround_is_supported() {
    let r = en_rules(&[rule(true, r"(?&lt;!Dr)\.", r"\s(?=[A-Z])")]);
    assert_eq!(cut(&r, "Dr. Li came. He left. and so"), ["Dr. Li came.", "He left. and so"]);
}

#[test]
fn the_numbered_heading_anchor_matches_only_at_the_paragraph_start() {
    let r = en_rules(&[rule(true, r"^\s*\p{Nd}+[\p{Nd}\.\)\]]+\s+", r"\p{Lu}")]);
    assert_eq!(cut(&r, "1.2 Intro text\n\nsee 3.4 Intro"), ["1.2", "Intro text", "see 3.4 Intro"]);
}

#[test]
fn a_million_byte_line_is_cut_in_linear_time() {
    let r = en_rules(&[
        rule(false, r"\bDr\.", r"\s"),
        sentence_break(),
        "<rule><afterbreak>Q</afterbreak></rule>".into(),
    ]);
    let text = "Ships came to the port. ".repeat(1 << 16); // 1.5 MB, one line
    let started = std::time::Instant::now();
    let n = cut(&r, &text).len();
    assert_eq!(n, 1 << 16);
    // Quadratic work on this line would take minutes; linear takes well under a second.
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
}

#[test]
fn characters_xml_cannot_hold_are_spaces_to_the_rules() {
    let r = en_rules(&[rule(true, "x", " ")]);
    assert_eq!(cut(&r, "x\u{1}y"), ["x", "y"]);
    let text = "x\u{FFFF}y";
    let mut spans = Vec::new();
    for_each_span(text, &r, |s| spans.push((s.start, s.end)));
    assert_eq!(spans, [(0, 1), (4, 5)]);
}
