//! Segment text as TMX stores it.
//!
//! A memory is searched and compared by its text, so every segment we write is
//! brought to one form: Unicode NFC (a precomposed and a decomposed "é" are the
//! same sentence), whitespace runs collapsed to one space (a lone ideographic
//! space kept, and runs of tabs alone) and trimmed (line breaks inside a sentence are layout, not
//! content), and characters that XML
//! 1.0 cannot carry at all removed and counted, since no escape can save them.

use unicode_normalization::UnicodeNormalization;

/// True for characters XML 1.0 does not allow anywhere in a document.
/// (Lone surrogates cannot occur in a Rust `str`.)
pub(crate) fn is_xml_illegal(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Cleans a segment; returns the clean text and the number of characters
/// removed because XML 1.0 forbids them.
pub fn clean_text(raw: &str) -> (String, u64) {
    let mut out = String::with_capacity(raw.len());
    let removed = clean_text_into(raw, &mut out);
    (out, removed)
}

/// [`clean_text`] into a reused buffer (cleared first).
pub fn clean_text_into(raw: &str, out: &mut String) -> u64 {
    out.clear();
    let mut removed = 0u64;
    // The gap to write before the next character: a run of whitespace becomes
    // one space, or one line break when it holds one (a segment wrapped over
    // lines in its file keeps the break, as the CAT tool's segment does).
    let mut gap: Option<char> = None;
    // How many tabs the run holds while it is tabs only: a table's column
    // breaks, kept as they stand (two for an empty cell).
    let mut tabs = 0usize;
    let kept = raw.chars().filter(|&c| {
        let illegal = is_xml_illegal(c);
        removed += u64::from(illegal);
        !illegal
    });
    // Text already in NFC (nearly all) skips the decomposition and
    // recomposition (half of `index`'s duplicate check in the session 21
    // review's callgrind run, docs/BENCHMARKS.md). The
    // check reads the text as kept: a forbidden character removed from
    // between a letter and its combining mark leaves them to compose.
    let nfc = unicode_normalization::is_nfc_quick(raw.chars().filter(|&c| !is_xml_illegal(c)))
        == unicode_normalization::IsNormalized::Yes;
    let mut push = |c: char| {
        if c.is_whitespace() {
            if !out.is_empty() {
                let line_break = matches!(c, '\n' | '\r') || gap == Some('\n');
                gap = Some(match gap {
                    // A lone ideographic space stays, as in the segmenter's
                    // sentences (see `segment::collapse_whitespace_into`),
                    // and so do tabs alone, a table's column breaks: CAT
                    // tools keep both in the segment and match it exactly
                    // (session 22, a new user's table in OmegaT).
                    None if c == '\u{3000}' => c,
                    None | Some('\t') if c == '\t' && (gap.is_none() || tabs > 0) => {
                        tabs += 1;
                        '\t'
                    }
                    _ if line_break => '\n',
                    _ => ' ',
                });
                if gap != Some('\t') {
                    tabs = 0;
                }
            }
        } else {
            match gap.take() {
                Some('\t') => out.extend(std::iter::repeat_n('\t', tabs)),
                Some(g) => out.push(g),
                None => {}
            }
            tabs = 0;
            out.push(c);
        }
    };
    if nfc {
        kept.for_each(&mut push);
    } else {
        kept.nfc().for_each(&mut push);
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_normalised_as_they_stand_once_a_forbidden_character_between_them_is_removed() {
        // Composed: a letter and its accent.
        assert_eq!(clean_text("e\u{0}\u{301}"), ("\u{e9}".to_string(), 1));
        // Reordered: two marks of other classes (230, then 220), which only
        // the removed NUL kept apart, come out in canonical order.
        assert_eq!(clean_text("a\u{346}\u{0}\u{316}").0, "a\u{316}\u{346}");
    }

    #[test]
    fn whitespace_runs_collapse_to_a_space_or_a_line_break_and_ends_are_trimmed() {
        assert_eq!(clean_text("  a \t b\u{3000}\u{3000}c  ").0, "a b c");
        // A lone ideographic space is kept, as CAT tools keep it.
        assert_eq!(clean_text("\u{3000}甲\u{3000}乙\u{3000}").0, "甲\u{3000}乙");
        assert_eq!(clean_text("  a \t\n b\r\n\r\nc \n ").0, "a\nb\nc");
        // Tabs alone are a table's column breaks, kept (two for an empty
        // cell); with a space or a line break in the run they are layout.
        assert_eq!(clean_text("指标\t数值 \t增速\t\t5%\t\n合计").0, "指标\t数值 增速\t\t5%\n合计");
    }

    #[test]
    fn decomposed_letters_become_precomposed() {
        assert_eq!(clean_text("e\u{301}t\u{E9}").0, "\u{E9}t\u{E9}");
    }

    #[test]
    fn control_characters_are_removed_and_counted() {
        let (t, n) = clean_text("a\u{0}b\u{1B}c\u{FFFF} d");
        assert_eq!(t, "abc d");
        assert_eq!(n, 3);
    }

    #[test]
    fn markup_characters_are_kept_as_text() {
        assert_eq!(clean_text("<a href=\"x\">&amp;</a>").0, "<a href=\"x\">&amp;</a>");
    }
}
