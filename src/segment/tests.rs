//! One test per segmentation rule, on sentences written for these tests.

use super::*;

fn en(text: &str) -> Vec<String> {
    segment(text, Lang::En).into_iter().map(|s| s.text).collect()
}

fn zh(text: &str) -> Vec<String> {
    segment(text, Lang::Zh).into_iter().map(|s| s.text).collect()
}

#[test]
fn period_question_and_exclamation_end_sentences() {
    assert_eq!(
        en("The port opened. Did ships come? They did!"),
        ["The port opened.", "Did ships come?", "They did!"]
    );
}

#[test]
fn titles_before_names_never_end_a_sentence() {
    assert_eq!(
        en("Mr. Wang met Dr. Li and Prof. Zhou at St. Mary's."),
        ["Mr. Wang met Dr. Li and Prof. Zhou at St. Mary's."]
    );
}

#[test]
fn company_suffix_inside_a_sentence_is_kept() {
    assert_eq!(
        en("Jiangsu Port Co., Ltd. signed with Acme Inc. on Friday."),
        ["Jiangsu Port Co., Ltd. signed with Acme Inc. on Friday."]
    );
}

#[test]
fn company_suffix_ends_a_sentence_before_a_common_opener() {
    assert_eq!(
        en("The order went to Acme Inc. The company confirmed it."),
        ["The order went to Acme Inc.", "The company confirmed it."]
    );
}

#[test]
fn country_initialism_before_a_name_is_kept() {
    assert_eq!(
        en("She met U.S. Navy officers and U.K. Treasury staff."),
        ["She met U.S. Navy officers and U.K. Treasury staff."]
    );
}

#[test]
fn country_initialism_at_sentence_end_splits_before_opener() {
    assert_eq!(
        en("Exports rose in the U.S. They fell in Europe."),
        ["Exports rose in the U.S.", "They fell in Europe."]
    );
}

#[test]
fn month_abbreviations_before_dates_are_kept() {
    assert_eq!(
        en("Work began on Sept. 3 and ended on Dec. 20 last year."),
        ["Work began on Sept. 3 and ended on Dec. 20 last year."]
    );
}

#[test]
fn clock_abbreviation_ends_a_sentence_before_a_capital() {
    assert_eq!(
        en("The ferry left at 7 a.m. Passengers were calm."),
        ["The ferry left at 7 a.m.", "Passengers were calm."]
    );
}

#[test]
fn number_abbreviation_before_digits_is_kept() {
    assert_eq!(en("Document No. 12 was issued."), ["Document No. 12 was issued."]);
}

#[test]
fn initials_of_a_name_are_kept() {
    assert_eq!(
        en("A book by J. R. R. Tolkien was read aloud."),
        ["A book by J. R. R. Tolkien was read aloud."]
    );
}

#[test]
fn pronoun_i_after_a_lowercase_word_ends_a_sentence() {
    assert_eq!(en("The winner was I. Nobody else came."), ["The winner was I.", "Nobody else came."]);
}

#[test]
fn decimals_and_thousands_do_not_split() {
    assert_eq!(
        en("Output grew 5.5 percent to 55,000 tons. Prices held."),
        ["Output grew 5.5 percent to 55,000 tons.", "Prices held."]
    );
}

#[test]
fn number_at_sentence_end_splits() {
    assert_eq!(
        en("The total was 3,200. Next year it may double."),
        ["The total was 3,200.", "Next year it may double."]
    );
}

#[test]
fn ellipsis_before_lowercase_continues_the_sentence() {
    assert_eq!(
        en("We waited... and waited. Then rain came."),
        ["We waited... and waited.", "Then rain came."]
    );
}

#[test]
fn ellipsis_before_capital_ends_the_sentence() {
    assert_eq!(en("We waited... Then rain came."), ["We waited...", "Then rain came."]);
}

#[test]
fn closing_quote_after_stop_stays_with_its_sentence() {
    assert_eq!(
        en("He said, \"We are ready.\" The crowd cheered."),
        ["He said, \"We are ready.\"", "The crowd cheered."]
    );
}

#[test]
fn sentences_inside_a_quotation_are_cut_as_cat_tools_cut_them() {
    assert_eq!(en("\"Stop here. Wait for me,\" she said."), ["\"Stop here.", "Wait for me,\" she said."]);
    assert_eq!(
        en("\"Exports rose. Imports fell,\" she said. \"We expected it.\""),
        ["\"Exports rose.", "Imports fell,\" she said.", "\"We expected it.\""]
    );
    // A lower-case word after the stop still continues the sentence.
    assert_eq!(
        en("\"Go home!\" he shouted. \"Why?\" she asked."),
        ["\"Go home!\" he shouted.", "\"Why?\" she asked."]
    );
}

#[test]
fn a_month_abbreviation_before_a_day_at_a_sentence_end_keeps_the_date_whole() {
    assert_eq!(
        en("The fair opened on Mar. 7. Visitors came from 40 countries."),
        ["The fair opened on Mar. 7.", "Visitors came from 40 countries."]
    );
    assert_eq!(
        en("It closed on Sept. 3. The next one opens Dec. 26. Tickets are free."),
        ["It closed on Sept. 3.", "The next one opens Dec. 26.", "Tickets are free."]
    );
    assert_eq!(
        en("NANJING, Feb. 18 (Xinhua) -- The port grew."),
        ["NANJING, Feb. 18 (Xinhua) -- The port grew."]
    );
    // Before a capitalised word a month abbreviation ends its sentence.
    assert_eq!(
        en("The fair ends in Oct. Visitors may apply now."),
        ["The fair ends in Oct.", "Visitors may apply now."]
    );
}

#[test]
fn a_country_or_company_abbreviation_ends_its_sentence_before_a_chinese_name() {
    assert_eq!(
        en("It was sold in Canada and the U.S. Li Ming, the firm's manager, said sales grew."),
        ["It was sold in Canada and the U.S.", "Li Ming, the firm's manager, said sales grew."]
    );
    assert_eq!(
        en("The deal went to Jiangsu Port Co. Zhang Wei signed it."),
        ["The deal went to Jiangsu Port Co.", "Zhang Wei signed it."]
    );
    assert_eq!(en("The U.S. Government agreed."), ["The U.S. Government agreed."]);
}

#[test]
fn closing_bracket_after_stop_stays_with_its_sentence() {
    assert_eq!(
        en("The plan passed (after two votes.) Work starts soon."),
        ["The plan passed (after two votes.)", "Work starts soon."]
    );
}

#[test]
fn exclamation_before_lowercase_continues() {
    assert_eq!(en("Stop! he shouted at the gate."), ["Stop! he shouted at the gate."]);
}

#[test]
fn missing_space_between_sentences_still_splits() {
    assert_eq!(en("The road closed.Traffic moved west."), ["The road closed.", "Traffic moved west."]);
}

#[test]
fn email_and_web_addresses_do_not_split() {
    assert_eq!(
        en("Write to info.Desk@example.org or see www.city.Gov.cn today."),
        ["Write to info.Desk@example.org or see www.city.Gov.cn today."]
    );
}

#[test]
fn numbered_list_items_are_sentences() {
    assert_eq!(
        en("1. Build roads 2. Train workers 3. Open schools"),
        ["1. Build roads", "2. Train workers", "3. Open schools"]
    );
}

#[test]
fn footnote_number_after_stop_stays_with_the_sentence() {
    assert_eq!(en("The port grew fast.12 Its rival shrank."), ["The port grew fast.12", "Its rival shrank."]);
}

#[test]
fn blank_line_is_a_paragraph_break() {
    let s = segment("Headline Without Stop\n  \nFirst sentence. Second one.", Lang::En);
    let got: Vec<_> = s.iter().map(|s| (s.text.as_str(), s.paragraph)).collect();
    assert_eq!(got, [("Headline Without Stop", 0), ("First sentence.", 1), ("Second one.", 1)]);
}

#[test]
fn single_line_break_inside_a_sentence_becomes_a_space() {
    assert_eq!(
        en("The city has\nbuilt a new   port.\r\nIt is busy."),
        ["The city has built a new port.", "It is busy."]
    );
}

#[test]
fn credit_line_is_not_split_at_colon_or_comma() {
    assert_eq!(
        en("Source: Xinhua Daily, reporter Ji Fengzhu\n\nThe city grew."),
        ["Source: Xinhua Daily, reporter Ji Fengzhu", "The city grew."]
    );
}

#[test]
fn numbered_chinese_heading_is_its_own_sentence() {
    assert_eq!(zh("一、总体要求\n坚持稳中求进工作总基调。"), ["一、总体要求", "坚持稳中求进工作总基调。"]);
    assert_eq!(zh("十二、保障措施\n各部门要加强协调。"), ["十二、保障措施", "各部门要加强协调。"]);
    // A list of items joined by 、 is still a wrapped sentence, not a heading.
    assert_eq!(zh("会议研究了就业、教育、\n医疗等问题。").len(), 1);
}

#[test]
fn heading_line_without_stop_is_its_own_sentence() {
    assert_eq!(
        en("Port City Reports Growth\nThe harbour handled more ships."),
        ["Port City Reports Growth", "The harbour handled more ships."]
    );
    // Headline style keeps long prepositions in lower case.
    assert_eq!(
        en("Mayor Meets Delegation from Partner City\nOn June 3, the mayor met them."),
        ["Mayor Meets Delegation from Partner City", "On June 3, the mayor met them."]
    );
    // A hard-wrapped line of running text is no heading.
    assert_eq!(en("The mayor met a delegation from\nPartner City on June 3.").len(), 1);
}

#[test]
fn lines_of_a_paragraph_without_stops_are_separate_entries() {
    assert_eq!(en("opening hours\nticket office\n"), ["opening hours", "ticket office"]);
}

#[test]
fn bare_punctuation_is_one_sentence() {
    assert_eq!(en("? ? ?"), ["? ? ?"]);
}

#[test]
fn chinese_stops_end_sentences() {
    assert_eq!(zh("港口扩建了。船多吗？很多！"), ["港口扩建了。", "船多吗？", "很多！"]);
}

#[test]
fn chinese_stop_runs_stay_together() {
    assert_eq!(zh("真的吗？！是的。"), ["真的吗？！", "是的。"]);
}

#[test]
fn chinese_closing_quote_stays_with_the_sentence() {
    assert_eq!(zh("市长说：“我们要加快发展。”会议结束。"), ["市长说：“我们要加快发展。”", "会议结束。"]);
}

#[test]
fn chinese_quotations_are_cut_after_each_inner_sentence() {
    assert_eq!(zh("他说：「先修路。再建港。」大家同意。"), ["他说：「先修路。", "再建港。」", "大家同意。"]);
    assert_eq!(
        zh("他说：“今年要抓项目。明年要见成效。”他说。"),
        ["他说：“今年要抓项目。", "明年要见成效。”他说。"]
    );
}

#[test]
fn chinese_ellipsis_before_a_new_subject_ends_the_sentence() {
    assert_eq!(
        zh("车间里机器轰鸣……记者看到，工人们正在装配。"),
        ["车间里机器轰鸣……", "记者看到，工人们正在装配。"]
    );
    // A list or a clause carried on after the ellipsis stays one sentence.
    assert_eq!(zh("苹果、梨……等水果都丰收了。"), ["苹果、梨……等水果都丰收了。"]);
    assert_eq!(zh("先看第一部分……再看第二部分。"), ["先看第一部分……再看第二部分。"]);
}

#[test]
fn ascii_stops_between_han_characters_end_chinese_sentences() {
    assert_eq!(zh("会议于3月召开.代表共80人.“明年再见!”"), ["会议于3月召开.", "代表共80人.", "“明年再见!”"]);
    // Decimal points and Latin abbreviations are not stops.
    assert_eq!(zh("达到5.5万人，符合U.S.标准。"), ["达到5.5万人，符合U.S.标准。"]);
}

#[test]
fn a_title_sequence_cut_short_ends_at_an_old_mac_line_break() {
    // The OSC scan reads the text before its lone CRs become line breaks:
    // it blanked the rest of a CR-only file (review of session 20).
    assert_eq!(en("Done. \u{1b}]0;cut short\rNext one.\rLast one."), ["Done.", "Next one.", "Last one."]);
}

#[test]
fn control_characters_and_lone_carriage_returns_are_layout() {
    let s = segment("First line.\rSecond line.\r\rNew para.\r", Lang::En);
    let got: Vec<(&str, usize, usize)> = s.iter().map(|s| (s.text.as_str(), s.start, s.paragraph)).collect();
    assert_eq!(got, [("First line.", 0, 0), ("Second line.", 12, 0), ("New para.", 26, 1)]);
    assert_eq!(en("Done.\0Next one."), ["Done.", "Next one."]);
    assert_eq!(zh("好。\0下一句。\u{7}"), ["好。", "下一句。"]);
    // A terminal's colour sequence goes whole, not only its ESC; offsets stay.
    let s = segment("当\u{1b}[1;31m地企业\u{1b}[0m增长。Red [31m stays.", Lang::Zh);
    let got: Vec<(&str, usize)> = s.iter().map(|s| (s.text.as_str(), s.start)).collect();
    assert_eq!(got, [("当 地企业 增长。", 0), ("Red [31m stays.", 32)]);
    assert_eq!(en("Growth was 5%. \u{1b}[3"), ["Growth was 5%."]);
    // A window title or a hyperlink (OSC, ended by BEL or ESC \\) goes whole too.
    assert_eq!(
        en("\u{1b}]0;report\u{7}Done. \u{1b}]8;;http://x.cn\u{1b}\\Next one."),
        ["Done.", "Next one."]
    );
    assert_eq!(en("Done. \u{1b}]0;cut short"), ["Done."]);
    assert_eq!(en("Done. \u{1b}]0;cut short\nNext one."), ["Done.", "Next one."]);
}

#[test]
fn chinese_speech_attribution_after_a_quote_is_kept() {
    assert_eq!(zh("「明天见。」她说。随后散会。"), ["「明天见。」她说。", "随后散会。"]);
    // A named speaker, or a manner word before the verb, is still an attribution.
    assert_eq!(zh("“路修好了。”陈海燕说。随后散会。"), ["“路修好了。”陈海燕说。", "随后散会。"]);
    assert_eq!(zh("“我读过。今天看到了。”他笑着说。"), ["“我读过。", "今天看到了。”他笑着说。"]);
    // A clause that goes on to report speech is a new sentence.
    assert_eq!(zh("“路修好了。”他说，明年还要建港。"), ["“路修好了。”", "他说，明年还要建港。"]);
}

#[test]
fn chinese_comma_colon_and_semicolon_never_end_a_sentence() {
    assert_eq!(zh("一是修路，二是建港；三是：育人、引才。"), ["一是修路，二是建港；三是：育人、引才。"]);
}

#[test]
fn chinese_book_title_is_never_split() {
    assert_eq!(zh("他读了《奋斗吧！青年》这本书。很好。"), ["他读了《奋斗吧！青年》这本书。", "很好。"]);
}

#[test]
fn chinese_ellipsis_inside_a_sentence_does_not_split() {
    assert_eq!(zh("先修路……再建港。然后招商。"), ["先修路……再建港。", "然后招商。"]);
}

#[test]
fn chinese_ellipsis_before_a_closing_quote_ends_the_sentence() {
    assert_eq!(zh("他说：“还有很多……”大家笑了。"), ["他说：“还有很多……”", "大家笑了。"]);
}

#[test]
fn chinese_decimal_points_do_not_split() {
    assert_eq!(
        zh("增长5.5万吨，占比４．５％。符合U.S.标准。"),
        ["增长5.5万吨，占比４．５％。", "符合U.S.标准。"]
    );
}

#[test]
fn english_inside_chinese_uses_english_rules() {
    assert_eq!(
        zh("会议在北京举行。Mr. Smith spoke first. 随后讨论。"),
        ["会议在北京举行。", "Mr. Smith spoke first.", "随后讨论。"]
    );
}

#[test]
fn offsets_point_into_the_input() {
    let text = "  First one.\n\nSecond\r\none. ";
    for s in segment(text, Lang::En) {
        assert_eq!(collapse_whitespace(&text[s.start..s.end]), s.text);
    }
    let spans: Vec<_> = spans(text, Lang::En).iter().map(|s| (s.start, s.end)).collect();
    assert_eq!(spans, [(2, 12), (14, 26)]);
}

#[test]
fn empty_and_blank_input_give_no_sentences() {
    assert!(segment("", Lang::En).is_empty());
    assert!(segment(" \n\n \t ", Lang::Zh).is_empty());
}

#[test]
fn whitespace_collapses_including_unicode_spaces() {
    assert_eq!(collapse_whitespace(" a\u{3000}\u{a0} b\n\nc "), "a b c");
}

#[test]
fn hostile_input_does_not_panic() {
    let mut big = "「“'\"《(".repeat(50_000);
    big.push_str(&"a.".repeat(100_000));
    big.push('\u{0}');
    big.push_str("。！？…\u{7}");
    for lang in [Lang::En, Lang::Zh] {
        let s = segment(&big, lang);
        assert!(s.iter().all(|s| s.start <= s.end && s.end <= big.len()));
    }
}

proptest::proptest! {
    #[test]
    fn spans_are_ordered_trimmed_and_on_char_boundaries(text in "[a-zA-Z .!?\"'()\\n。！？”“「」《》，0-9…]{0,200}") {
        for lang in [Lang::En, Lang::Zh] {
            let mut last = 0;
            for s in segment(&text, lang) {
                proptest::prop_assert!(s.start >= last && s.start < s.end);
                proptest::prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                proptest::prop_assert!(!s.text.is_empty());
                last = s.end;
            }
        }
    }
}

#[test]
fn hard_wrapped_lines_ending_in_a_name_are_joined() {
    assert_eq!(
        en("Guests included Wang\nJianhua, the mayor. Members of the Party\nCommittee came too."),
        ["Guests included Wang Jianhua, the mayor.", "Members of the Party Committee came too."]
    );
}

#[test]
fn chinese_headline_line_is_its_own_sentence() {
    assert_eq!(
        zh("港口建设再上新台阶\n今年港口吞吐量增长，效益提升。"),
        ["港口建设再上新台阶", "今年港口吞吐量增长，效益提升。"]
    );
}

#[test]
fn collapsing_keeps_curly_quotes_and_replaces_em_spaces() {
    assert_eq!(collapse_whitespace("a “b” c"), "a “b” c");
    assert_eq!(collapse_whitespace("a\u{2003}“b”\u{3000}c"), "a “b”\u{3000}c");
}

#[test]
fn roman_numeral_list_items_are_sentences() {
    assert_eq!(
        en("(i) Build the dock. (ii) Dredge the channel. (iii) Open the gate."),
        ["(i) Build the dock.", "(ii) Dredge the channel.", "(iii) Open the gate."]
    );
}

#[test]
fn bulleted_lines_are_separate_items() {
    assert_eq!(
        en("Tasks for this year\n• Build the dock\n• Hire staff\n• Open the gate"),
        ["Tasks for this year", "• Build the dock", "• Hire staff", "• Open the gate"]
    );
}

#[test]
fn parenthetical_remark_after_a_stop_stays_attached() {
    assert_eq!(
        en("He agreed at once. (Nobody was surprised.)"),
        ["He agreed at once. (Nobody was surprised.)"]
    );
}

#[test]
fn a_mark_inside_a_square_bracket_does_not_end_the_sentence() {
    assert_eq!(
        en("The log reads [14:02 gate open? 14:05] and stops. Ships left."),
        ["The log reads [14:02 gate open? 14:05] and stops.", "Ships left."]
    );
    // A bracket that closes right after the mark ends with it.
    assert_eq!(zh("这是注释[见附录。]下一句。"), ["这是注释[见附录。]", "下一句。"]);
}

#[test]
fn a_sentence_ending_in_an_abbreviation_is_cut_before_a_new_speaker() {
    // The name wraps onto the next line; a surname alone before "said"; an honorific.
    assert_eq!(
        en("It was built by Acme Co., Ltd. Zhou\nHaiyan, the engineer, said so."),
        ["It was built by Acme Co., Ltd.", "Zhou Haiyan, the engineer, said so."]
    );
    assert_eq!(
        en("Parts go to the U.K. Gao said sales rose."),
        ["Parts go to the U.K.", "Gao said sales rose."]
    );
    assert_eq!(
        en("They met in the U.S. Ms. Berg, a buyer, came."),
        ["They met in the U.S.", "Ms. Berg, a buyer, came."]
    );
    // An office title or an institution goes on with the name.
    assert_eq!(en("He met U.S. Rep. Smith today."), ["He met U.S. Rep. Smith today."]);
    assert_eq!(en("The U.S. Congress said no."), ["The U.S. Congress said no."]);
}

#[test]
fn a_company_or_country_abbreviation_ends_its_sentence_before_a_word_outside_the_name() {
    // What follows a legal form or a country's initials starts a new
    // sentence unless it is an office or an institution of that name.
    assert_eq!(
        en("The boilers came from Hengrun Thermal Co., Ltd. Harbin, a northern city, was first."),
        ["The boilers came from Hengrun Thermal Co., Ltd.", "Harbin, a northern city, was first."]
    );
    assert_eq!(
        en("Its tea now sells in Japan and the U.S. Prices have risen by a third."),
        ["Its tea now sells in Japan and the U.S.", "Prices have risen by a third."]
    );
    assert_eq!(
        en("Ships left for the E.U. Freight rates fell."),
        ["Ships left for the E.U.", "Freight rates fell."]
    );
    assert_eq!(en("Acme Inc. CEO Jan Berg spoke."), ["Acme Inc. CEO Jan Berg spoke."]);
    assert_eq!(en("The U.N. Security Council met."), ["The U.N. Security Council met."]);
    assert_eq!(en("Bauer GmbH & Co. KG won the bid."), ["Bauer GmbH & Co. KG won the bid."]);
    assert_eq!(en("Xinhe Co. Ltd. Chairman Li spoke."), ["Xinhe Co. Ltd. Chairman Li spoke."]);
}

#[test]
fn a_lone_ideographic_space_is_kept_as_a_cat_tool_keeps_it() {
    assert_eq!(
        collapse_whitespace("来源：新华日报\u{3000}发布时间：2026-11-18"),
        "来源：新华日报\u{3000}发布时间：2026-11-18"
    );
    // Runs and other spaces still become one ASCII space; ends are trimmed.
    assert_eq!(collapse_whitespace("\u{3000}\u{3000}甲\u{3000}\u{3000}乙\u{3000}"), "甲 乙");
    assert_eq!(collapse_whitespace("甲\u{3000}\n乙"), "甲 乙");
}

#[test]
fn a_wrapped_line_of_prose_ending_in_a_long_preposition_is_no_heading() {
    // review21: "with" at the end of a line is where prose wraps; a
    // headline never ends in a preposition.
    assert_eq!(en("Mayor Zhang Wei met with\nPartner City officials on June 3.").len(), 1);
    assert_eq!(en("Officials Said That\nExports Rose Sharply in the third quarter.").len(), 1);
}
