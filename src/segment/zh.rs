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

/// Verbs of saying that close a speech attribution, longest first so that
/// 说道 is not read as 说 followed by 道.
const SAYING: &[&str] = &[
    "回答", "表示", "补充", "介绍", "强调", "指出", "说道", "问道", "喊道", "笑道", "说", "问", "答", "道",
    "喊", "叫",
];

/// The longest attribution kept with its quotation, in characters. A
/// speaker's name with an organisation, a title and a manner word
/// (`一汽研发总院工程师孙宇航说`, 13; `市人力资源和社会保障局局长王伟说`, 16)
/// fits; a whole reported sentence, which has a comma, does not. Chosen from
/// the shape of the attributions in news copy: 12, the first value, cut the
/// 13-character one of corpora/dev4 off its quotation, which OmegaT keeps
/// together (its rules never break after a closing quote).
const ATTRIBUTION_MAX_CHARS: usize = 20;

/// True when `rest` opens with a short speech attribution such as 她说。,
/// 顾立群说。, 他笑着说。 or 他们说，“ — a clause of at most
/// [`ATTRIBUTION_MAX_CHARS`] Han characters ending in a verb of saying, then
/// a stop, the end of the text, or a comma or colon handing over to the next
/// part of the quotation. Such a clause belongs to the quotation before it,
/// and CAT tools' default rules, which do not break after a closing quote
/// followed by text, keep it there too. After 他表示，合肥将… the clause
/// opens a sentence of reported speech instead.
pub(crate) fn starts_with_attribution(rest: &str) -> bool {
    let end = rest.char_indices().find(|&(_, c)| !crate::lang::is_han(c)).map_or(rest.len(), |(i, _)| i);
    let clause = &rest[..end];
    let chars = clause.chars().count();
    if chars == 0 || chars > ATTRIBUTION_MAX_CHARS || !SAYING.iter().any(|v| clause.ends_with(v)) {
        return false;
    }
    let mut after = rest[end..].chars();
    match after.next() {
        None | Some('。' | '！' | '？') => true,
        Some('，' | '：') => after.next().is_some_and(is_opener),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribution_is_a_short_clause_ending_in_a_saying_verb() {
        assert!(starts_with_attribution("她回答。随后"));
        assert!(starts_with_attribution("他们说，“走吧。”"));
        assert!(starts_with_attribution("陈海燕说。"));
        assert!(starts_with_attribution("他笑着说。随后"));
        assert!(starts_with_attribution("副市长周明补充道。"));
        assert!(starts_with_attribution("市人力资源和社会保障局局长王伟说。"));
        assert!(!starts_with_attribution("记者在现场看到，工人们正在装配设备时说。"));
        assert!(!starts_with_attribution("他说，今年将继续推进。"));
        assert!(!starts_with_attribution("会议要求各地抓好落实。"));
        assert!(!starts_with_attribution("他表示，合肥将深化改革。"));
        assert!(!starts_with_attribution("我们说服了他。"));
        assert!(!starts_with_attribution("他愣住了。"));
    }
}
