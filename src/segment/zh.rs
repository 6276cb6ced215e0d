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

/// Full-width opening quotes and brackets, which start a sentence as a Han character does.
pub(crate) fn is_opener(c: char) -> bool {
    matches!(c, '“' | '‘' | '「' | '『' | '（' | '《' | '【' | '〔')
}

/// Characters that carry a clause on after an ellipsis instead of starting
/// a new sentence: the list ender 等, particles that attach to what comes
/// before (的 地 得 了 着 过 之), conjunctions (和 与 及 或 而 但 却 则), and
/// the adverbs and copula that need a subject already given (也 都 还 再 又
/// 就 才 便 不 没 是 很 更 最). A new sentence after an ellipsis opens with
/// its subject or a time word instead (`……记者看到`, `……今年`).
pub(crate) fn continues_clause(c: char) -> bool {
    matches!(
        c,
        '等' | '的'
            | '地'
            | '得'
            | '了'
            | '着'
            | '过'
            | '之'
            | '和'
            | '与'
            | '及'
            | '或'
            | '而'
            | '但'
            | '却'
            | '则'
            | '也'
            | '都'
            | '还'
            | '再'
            | '又'
            | '就'
            | '才'
            | '便'
            | '不'
            | '没'
            | '是'
            | '很'
            | '更'
            | '最'
    )
}

/// Pronouns that open a short speech attribution after a quotation.
const PRONOUNS: &[char] = &['他', '她', '我', '你', '它'];

/// Verbs of saying that close a speech attribution.
const SAYING: &[&str] =
    &["回答", "表示", "补充", "说道", "问道", "喊道", "笑道", "说", "问", "答", "道", "喊", "叫"];

/// True when `rest` opens with a speech attribution such as 她回答。 or 他们说，“
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
            let mut rest = after.chars();
            // The attribution ends there (她说。), or it hands over to the next
            // part of the quotation (他说，“…). After 他表示，合肥将… the
            // pronoun opens a sentence of reported speech instead.
            return match rest.next() {
                None | Some('。' | '！' | '？') => true,
                Some('，' | '：' | '；') => rest.next().is_some_and(is_opener),
                _ => false,
            };
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
        assert!(starts_with_attribution("他们说，“走吧。”"));
        assert!(!starts_with_attribution("他表示，合肥将深化改革。"));
        assert!(!starts_with_attribution("我们说服了他。"));
        assert!(!starts_with_attribution("他愣住了。"));
    }
}
