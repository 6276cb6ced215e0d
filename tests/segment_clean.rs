//! The clean-up pass before segmentation: one test per kind of noise, on
//! sentences written for these tests, and the offsets of the cleaned
//! sentences mapped back to the input.

use proptest::prelude::*;
use tmalign::lang::Lang;
use tmalign::segment::{segment, segment_with, Options, Sentence};

fn en(text: &str) -> Vec<String> {
    segment(text, Lang::En).into_iter().map(|s| s.text).collect()
}

/// The input words a sentence's offsets point at, whitespace-collapsed.
fn source_of<'a>(input: &'a str, s: &Sentence) -> &'a str {
    &input[s.start..s.end]
}

#[test]
fn block_tags_break_paragraphs_and_inline_tags_vanish() {
    assert_eq!(
        en("<div><p>The harbour opened in May. Ships came.</p><p>Trade <b>rose</b></p></div>"),
        ["The harbour opened in May.", "Ships came.", "Trade rose"]
    );
    assert_eq!(
        en("The <b>new</b> berth <em>opened</em>. It is deep."),
        ["The new berth opened.", "It is deep."]
    );
}

#[test]
fn comments_scripts_and_styles_are_dropped_with_their_content() {
    assert_eq!(
        en("<style>p{color:red}</style><!-- nav. Menu. --><script>var a = 'x. Y';</script>Cargo grew. Exports too."),
        ["Cargo grew.", "Exports too."]
    );
}

#[test]
fn html_entities_are_decoded() {
    assert_eq!(
        en("Fish &amp; chips cost &#36;5.&nbsp;Tea is &#x20AC;2."),
        ["Fish & chips cost $5.", "Tea is €2."]
    );
    // Any HTML5 name, however long, not only the common ones.
    assert_eq!(
        en("The caf&eacute; opened &frac12; an hour late &CounterClockwiseContourIntegral; today."),
        ["The café opened ½ an hour late ∳ today."]
    );
}

#[test]
fn text_that_only_resembles_markup_is_kept() {
    assert_eq!(
        en("If x < y and y > z then stop. Press <Ctrl> and AT&T &unknown; stays."),
        ["If x < y and y > z then stop.", "Press <Ctrl> and AT&T &unknown; stays."]
    );
}

#[test]
fn cat_tool_codes_are_dropped_with_the_native_codes_they_hold() {
    assert_eq!(en("Click{b^&lt;i&gt;b^} Print{b^&lt;/i&gt;b^} to start."), ["Click Print to start."]);
    assert_eq!(
        en(r#"<bpt i="1">&lt;u&gt;</bpt>Harbour<ept i="1">&lt;/u&gt;</ept> report"#),
        ["Harbour report"]
    );
}

#[test]
fn dot_leaders_go_with_their_page_numbers() {
    assert_eq!(
        en("Contents\nIntroduction ........ 1\nPort History.......12\nAppendix ..... iv\n"),
        ["Contents", "Introduction", "Port History", "Appendix"]
    );
}

#[test]
fn dots_glued_between_words_become_a_space() {
    assert_eq!(en("The ship........sailed away."), ["The ship sailed away."]);
    // An ellipsis is not filler.
    assert_eq!(en("Wait.... The ship sailed."), ["Wait....", "The ship sailed."]);
}

#[test]
fn ruler_lines_become_paragraph_breaks() {
    let got = segment("First part ends here\n----------\nSecond part begins.", Lang::En);
    let texts: Vec<_> = got.iter().map(|s| (s.text.as_str(), s.paragraph)).collect();
    assert_eq!(texts, [("First part ends here", 0), ("Second part begins.", 1)]);
    assert_eq!(en("##########Notes##########"), ["Notes"]);
    // Short dash runs are punctuation.
    assert_eq!(en("The berth -- the new one -- opened."), ["The berth -- the new one -- opened."]);
}

#[test]
fn letter_spaced_words_are_joined() {
    assert_eq!(en("The word h a r b o u r is spaced."), ["The word harbour is spaced."]);
    assert_eq!(en("P\nO\nR\nT\n"), ["PORT"]);
    // Three single letters are words, not a spaced one.
    assert_eq!(en("Pick a b c now."), ["Pick a b c now."]);
}

#[test]
fn a_full_stop_alone_at_the_start_of_a_line_joins_the_line_before() {
    assert_eq!(en("The fees are listed below\n.\nCall us."), ["The fees are listed below.", "Call us."]);
    assert_eq!(en("The fees are listed below\n. Call us."), ["The fees are listed below.", "Call us."]);
    // A spaced ellipsis opening a line stays apart from the line before.
    assert_eq!(en("It was late.\n. . . The ship sailed."), ["It was late.", ". . . The ship sailed."]);
}

#[test]
fn line_breaks_typed_as_text_become_line_breaks() {
    assert_eq!(en(r"First line. \n Second line."), ["First line.", "Second line."]);
    assert_eq!(en(r"First line. \r\nSecond line."), ["First line.", "Second line."]);
    // Paths and TeX commands keep their backslashes.
    assert_eq!(
        en(r"C:\new\report.txt is here, \newline too."),
        [r"C:\new\report.txt is here, \newline too."]
    );
}

#[test]
fn tex_quotes_become_plain_quotes() {
    assert_eq!(en("He said, ``Go now.'' She went."), ["He said, \"Go now.\"", "She went."]);
    assert_eq!(en("`Fine,' she said. Use `ls` here."), ["'Fine,' she said.", "Use `ls` here."]);
}

#[test]
fn clean_up_can_be_turned_off() {
    let got = segment_with("<p>Ships came.</p>", Lang::En, Options { clean: false, ..Default::default() });
    assert_eq!(got.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(), ["<p>Ships came.</p>"]);
}

#[test]
fn offsets_of_cleaned_sentences_point_into_the_input() {
    let input = "<h1>Port news</h1>\n<p>Ships &amp; boats came. <em>Trade</em> rose.</p>";
    let got = segment(input, Lang::En);
    let spans: Vec<_> = got.iter().map(|s| (s.text.as_str(), source_of(input, s))).collect();
    assert_eq!(
        spans,
        [
            ("Port news", "Port news"),
            ("Ships & boats came.", "Ships &amp; boats came."),
            // A span starts at the first character of the sentence, after any tag.
            ("Trade rose.", "Trade</em> rose."),
        ]
    );
}

#[test]
fn offsets_cover_joined_letters_and_a_joined_full_stop() {
    let input = "W\nH\nAR\nF\n\nSee the fees\n.\n";
    let got = segment(input, Lang::En);
    let spans: Vec<_> = got.iter().map(|s| (s.text.as_str(), source_of(input, s))).collect();
    assert_eq!(spans, [("WHARF", "W\nH\nAR\nF"), ("See the fees.", "See the fees\n.")]);
}

#[test]
fn offsets_are_unchanged_for_clean_text() {
    let input = "The port grew. Trade rose.";
    let with = segment(input, Lang::En);
    let without = segment_with(input, Lang::En, Options { clean: false, ..Default::default() });
    assert_eq!(with, without);
}

/// Pieces of noise and prose to build hostile inputs from.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "<p>",
        "</p>",
        "<b>",
        "<!-- x -->",
        "<script>a.b</script>",
        "&amp;",
        "&#8217;",
        "&#xZZ;",
        "{b^",
        "^}",
        "``",
        "''",
        "`",
        "'",
        r"\n",
        r"\ r",
        "......",
        "12",
        "\n",
        "\n\n",
        "-----",
        "==========",
        " ",
        "a ",
        "W\n",
        "港口。",
        "Ships came.",
        " Trade rose! ",
        ".",
        "[",
        "]",
        "é",
    ])
}

proptest! {
    #[test]
    fn sentence_offsets_are_ordered_char_boundaries_of_the_input(parts in prop::collection::vec(piece(), 0..40)) {
        let input: String = parts.concat();
        for lang in [Lang::En, Lang::Zh] {
            let mut last = 0;
            for s in segment(&input, lang) {
                prop_assert!(s.start >= last && s.start < s.end && s.end <= input.len(), "{s:?} in {input:?}");
                prop_assert!(input.is_char_boundary(s.start) && input.is_char_boundary(s.end));
                last = s.end;
            }
        }
    }
}

#[test]
fn openers_that_never_close_are_left_as_text_even_by_the_thousand() {
    assert_eq!(en("Keep <!-- this and {x^ that."), ["Keep <!-- this and {x^ that."]);
    // Each opener looking to the end of the text again would take minutes here.
    let hostile = "<script>{a^<!--``".repeat(50_000);
    let got = segment(&hostile, Lang::En);
    assert_eq!(got.last().map(|s| s.end), Some(hostile.len()));
}
