//! Chinese punctuation classes for the segmenter.
//!
//! The full-width marks are three bytes long in UTF-8; the scanner only needs
//! to recognise a handful of them, so they are matched as `char`s once the
//! scanner has stopped on their lead byte.

/// Marks that end a Chinese sentence (the full-width period also ends an
/// English one typed with a Chinese keyboard).
pub(crate) fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '．' | '｡')
}

/// The two ellipsis characters; a pair of them is the Chinese ellipsis.
pub(crate) fn is_ellipsis(c: char) -> bool {
    matches!(c, '…' | '⋯')
}

/// Closing quotes and brackets that stay with the sentence before them.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | '》' | '〉' | '】' | '〕' | ')' | ']' | '"' | '\'' | '»')
}

/// Pronouns that open a short speech attribution after a quotation.
const PRONOUNS: &[char] = &['他', '她', '我', '你', '它'];

/// Verbs of saying that close a speech attribution.
const SAYING: &[&str] =
    &["回答", "表示", "补充", "说道", "问道", "喊道", "笑道", "说", "问", "答", "道", "喊", "叫"];

/// True when `rest` opens with a speech attribution such as 她回答。 or 他们说，
/// — pronoun, saying verb, then punctuation — which belongs to the quotation
/// before it rather than starting a new sentence.
pub(crate) fn starts_with_attribution(rest: &str) -> bool {
    let mut it = rest.chars();
    if !it.next().is_some_and(|c| PRONOUNS.contains(&c)) {
        return false;
    }
    let mut tail = it.as_str();
    tail = tail.strip_prefix('们').unwrap_or(tail);
    for verb in SAYING {
        if let Some(after) = tail.strip_prefix(verb) {
            return after.chars().next().is_none_or(|c| matches!(c, '。' | '，' | '：' | '！' | '？' | '；'));
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribution_needs_pronoun_verb_and_punctuation() {
        assert!(starts_with_attribution("她回答。随后"));
        assert!(starts_with_attribution("他们说，"));
        assert!(!starts_with_attribution("我们说服了他。"));
        assert!(!starts_with_attribution("他愣住了。"));
    }
}
