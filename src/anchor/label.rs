//! Question and answer labels: `问：` = `Q:`, `答：` = `A:`.
//!
//! Press offices publish interviews and policy explainers as questions and
//! answers, and the English edition keeps the labels. An answer often opens
//! with a short reply that the English folds into its next sentence
//! (`答：不是。市民既可以……` → `A: No, they can buy …`): the reply shares no
//! figure, name or term with anything, and left on its own it became a
//! sentence the English leaves out, while the memory paired the English
//! answer with the second Chinese sentence alone. The label is what the two
//! share, so it is an anchor.
//!
//! A label counts only at the start of a sentence and only with its colon:
//! a `Q` or `A` anywhere else is a letter, and `问` or `答` anywhere else a
//! word of the sentence. Keys are term keys in a namespace no dictionary
//! headword can take (a leading NUL).

use super::{AnchorKey, AnchorKind, KeyHasher};
use crate::lang::Lang;

/// The labels: what starts a Chinese sentence, what starts an English one.
const LABELS: &[(&str, &str)] = &[("问", "Q"), ("答", "A")];

/// The key of a label, by its English letter.
fn label_key(english: &str) -> AnchorKey {
    KeyHasher::new(AnchorKind::Term).bytes(b"\0label:").bytes(english.as_bytes()).finish()
}

/// Calls `visit` with the label anchor of `text`, if it opens with one.
pub(crate) fn visit_anchors<F: FnMut(AnchorKind, AnchorKey, &str)>(text: &str, lang: Lang, visit: &mut F) {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    for &(zh, en) in LABELS {
        let head = if lang == Lang::Zh { zh } else { en };
        let Some(after) = rest.strip_prefix(head) else { continue };
        let after = after.trim_start_matches([' ', '\u{3000}']);
        if let Some(colon) = after.chars().next().filter(|c| matches!(c, ':' | '：')) {
            let end = text.len() - after.len() + colon.len_utf8();
            visit(AnchorKind::Term, label_key(en), &text[start..end]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str, lang: Lang) -> Vec<(AnchorKey, String)> {
        let mut out = Vec::new();
        visit_anchors(text, lang, &mut |_, key, surface: &str| out.push((key, surface.to_string())));
        out
    }

    #[test]
    fn an_answer_label_is_shared_by_the_two_languages() {
        let zh = labels("答：不是。", Lang::Zh);
        let en = labels("A: No, they can buy at any shop.", Lang::En);
        assert_eq!(zh.len(), 1);
        assert_eq!(zh[0].0, en[0].0);
        assert_eq!((zh[0].1.as_str(), en[0].1.as_str()), ("答：", "A:"));
        let q = labels("  问:哪些车可以参加？", Lang::Zh);
        assert_eq!(q[0].0, labels("Q : Which bicycles qualify?", Lang::En)[0].0);
        assert_ne!(q[0].0, zh[0].0);
    }

    #[test]
    fn a_letter_or_a_word_that_does_not_open_the_sentence_with_a_colon_is_no_label() {
        for (text, lang) in [
            ("A new bridge opened.", Lang::En),
            ("As of May: 20 shops.", Lang::En),
            ("Plan A: build the road.", Lang::En),
            ("答复：已收到。", Lang::Zh),
            ("他答：可以。", Lang::Zh),
            ("问题是什么？", Lang::Zh),
        ] {
            assert!(labels(text, lang).is_empty(), "{text}");
        }
    }
}
