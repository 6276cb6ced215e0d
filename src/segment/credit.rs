//! Credit lines: the editor, source, reporter, photographer and translator
//! lines that open or close a news item (`（责任编辑：王晓燕）`,
//! `Source: Xinhua Daily, reporter Ji Fengzhu`).
//!
//! Why the aligner needs them: a Chinese web edition closes with its editor's
//! name and an English edition with its source, and neither translates the
//! other. Both are short lines without keys at the end of the document, so
//! the search paired them as a 1-1 unit, and a CAT tool then filled the
//! editor line with the English source line. A credit line translates only a
//! credit line of a kind it names too (a source for a source, a reporter for
//! a reporter); [`credit_kinds`] says which kinds a line names, and the
//! aligner prices a bead whose two sides share none.

/// The editor (责任编辑, 编辑, "Editor:", "Edited by").
pub(crate) const EDITOR: u8 = 1;
/// The source publication (来源, "Source:").
pub(crate) const SOURCE: u8 = 1 << 1;
/// A reporter or correspondent (记者, 通讯员, "By", "reporter").
pub(crate) const REPORTER: u8 = 1 << 2;
/// A photographer (摄影, "Photo:").
pub(crate) const PHOTO: u8 = 1 << 3;
/// A translator (翻译, "Translated by").
pub(crate) const TRANSLATOR: u8 = 1 << 4;

/// Chinese credit labels and their kinds. Longer labels first, so that
/// 责任编辑 is read before 编辑.
const ZH_LABELS: &[(&str, u8)] = &[
    ("责任编辑", EDITOR),
    ("值班编辑", EDITOR),
    ("本文来源", SOURCE),
    ("信息来源", SOURCE),
    ("英文翻译", TRANSLATOR),
    ("编辑", EDITOR),
    ("编审", EDITOR),
    ("审核", EDITOR),
    ("审校", EDITOR),
    ("校对", EDITOR),
    ("终审", EDITOR),
    ("监制", EDITOR),
    ("来源", SOURCE),
    ("稿源", SOURCE),
    ("记者", REPORTER),
    ("通讯员", REPORTER),
    ("作者", REPORTER),
    ("撰稿", REPORTER),
    ("实习生", REPORTER),
    ("供稿", SOURCE),
    ("摄影", PHOTO),
    ("摄像", PHOTO),
    ("图片", PHOTO),
    ("翻译", TRANSLATOR),
    ("译者", TRANSLATOR),
    // 文/李明 图/王芳: one character is a label only before its slash.
    ("文/", REPORTER),
    ("文／", REPORTER),
    ("图/", PHOTO),
    ("图／", PHOTO),
];

/// English credit labels (lower case) that open a credit line, with the
/// separator that must follow them.
const EN_OPENERS: &[(&str, u8)] = &[
    ("source:", SOURCE),
    ("sources:", SOURCE),
    ("editor:", EDITOR),
    ("editors:", EDITOR),
    ("edited by ", EDITOR),
    ("proofread by ", EDITOR),
    ("reviewed by ", EDITOR),
    ("reporter:", REPORTER),
    ("reported by ", REPORTER),
    ("reporters:", REPORTER),
    ("written by ", REPORTER),
    ("by ", REPORTER),
    ("correspondent:", REPORTER),
    ("photo:", PHOTO),
    ("photos:", PHOTO),
    ("photo by ", PHOTO),
    ("photographer:", PHOTO),
    ("translated by ", TRANSLATOR),
    ("translator:", TRANSLATOR),
    ("translation:", TRANSLATOR),
];

/// Words inside an English credit line that name a further kind
/// (`Source: Lianyungang Daily, reporter Zeng Xiaowen`).
const EN_WORDS: &[(&str, u8)] = &[
    ("source", SOURCE),
    ("editor", EDITOR),
    ("reporter", REPORTER),
    ("reporters", REPORTER),
    ("correspondent", REPORTER),
    ("photo", PHOTO),
    ("translated", TRANSLATOR),
    ("translator", TRANSLATOR),
];

/// Longest line taken for a credit line, in characters: the longest of the
/// dev sets is corpora/dev 06's translator line (`Translated by the Foreign
/// Affairs Office of the Lianyungang Municipal People's Government`, 89);
/// a body sentence that opens with a label (记者从市统计局获悉，…) has a stop.
const MAX_CREDIT_CHARS: usize = 120;

/// Most words of an English line opening with "By" taken for a byline: the
/// dev sets' longest has 8 (`By Qian Yuhang and Feng Jia, Suqian Daily`),
/// a sentence opening with "By" (`By the end of June, …`) ends with a stop.
const MAX_BYLINE_WORDS: usize = 12;

/// The kinds of credit a line names (a union of [`EDITOR`], [`SOURCE`],
/// [`REPORTER`], [`PHOTO`], [`TRANSLATOR`]), or 0 when it is not a credit
/// line: a short line without a sentence stop inside that opens, after any
/// bracket, with a credit label.
pub(crate) fn credit_kinds(line: &str) -> u8 {
    let inner = line.trim().trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '（' | '）' | '(' | ')' | '【' | '】' | '[' | ']' | '〔' | '〕')
    });
    if inner.is_empty()
        || inner.chars().count() > MAX_CREDIT_CHARS
        || inner.contains(['。', '！', '？', '!', '?'])
        || inner.trim_end_matches('.').contains(". ")
    {
        return 0;
    }
    if inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        english_kinds(inner)
    } else {
        chinese_kinds(inner, one_bracket_group(line.trim()))
    }
}

/// Whether `line` is one bracketed group (`（苏州日报记者 孙佳怡）`), not a
/// numbered heading that opens with one (`（一）严格审核把关`).
fn one_bracket_group(line: &str) -> bool {
    let close = match line.chars().next() {
        Some('（') => '）',
        Some('(') => ')',
        Some('【') => '】',
        Some('[') => ']',
        Some('〔') => '〕',
        _ => return false,
    };
    line.ends_with(close) && line.find(close) == Some(line.len() - close.len_utf8())
}

fn chinese_kinds(inner: &str, bracketed: bool) -> u8 {
    // A line in brackets may name its paper first (（苏州日报记者 孙佳怡）,
    // （…办公室供稿）); any other line must open with a label followed by a
    // colon or a space (记者 吉凤竹), so that 记者从…获悉 and 编辑部 are not
    // read as credits.
    let opens = bracketed
        || ZH_LABELS.iter().any(|&(label, _)| {
            inner.strip_prefix(label).is_some_and(|rest| {
                label.ends_with(['/', '／']) || rest.starts_with(['：', ':', ' ', '\u{3000}', '／', '/'])
            })
        });
    if !opens {
        return 0;
    }
    // A photographer's credit ends with 摄 (（新华社记者 李明 摄）).
    let mut kinds = if inner.trim_end().ends_with('摄') { PHOTO } else { 0 };
    let mut rest = inner;
    while let Some(c) = rest.chars().next() {
        match ZH_LABELS.iter().find(|&&(label, _)| rest.starts_with(label)) {
            Some(&(label, kind)) => {
                kinds |= kind;
                rest = &rest[label.len()..];
            }
            None => rest = &rest[c.len_utf8()..],
        }
    }
    kinds
}

fn english_kinds(inner: &str) -> u8 {
    // Every English sentence without a stop inside gets here: the opener is
    // matched in place, and only a credit line is lowercased.
    let opens = |label: &str| inner.get(..label.len()).is_some_and(|p| p.eq_ignore_ascii_case(label));
    let Some(&(_, first)) = EN_OPENERS.iter().find(|&&(label, _)| opens(label)) else {
        return 0;
    };
    // "By" opens many sentences ("By 2025, …", "By Friday, officials had
    // …"); as a byline it is followed by a capitalised name, has no final
    // stop and few words (`By Wang Rui and Sun Haoran, Qingdao Daily`).
    if opens("by ") {
        let name = inner[3..].trim_start();
        if !name.starts_with(|c: char| c.is_uppercase())
            || inner.ends_with('.')
            || inner.split_whitespace().count() > MAX_BYLINE_WORDS
        {
            return 0;
        }
    }
    inner
        .to_lowercase()
        .split(|c: char| !c.is_alphabetic())
        .filter_map(|w| EN_WORDS.iter().find(|&&(word, _)| word == w).map(|&(_, k)| k))
        .fold(first, |kinds, k| kinds | k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_credit_lines_name_their_kinds() {
        assert_eq!(credit_kinds("（责任编辑：王晓燕）"), EDITOR);
        assert_eq!(credit_kinds("（来源：厦门日报 责任编辑：黄思琪）"), SOURCE | EDITOR);
        assert_eq!(credit_kinds("（来源：连云港日报 记者 曾晓雯 通讯员 单立新）"), SOURCE | REPORTER);
        assert_eq!(credit_kinds("【编辑：罗静】"), EDITOR);
        assert_eq!(credit_kinds("记者 李明 摄影 王芳"), REPORTER | PHOTO);
        assert_eq!(credit_kinds("（苏州日报记者 孙佳怡）"), REPORTER);
        assert_eq!(credit_kinds("（市人大常委会办公室供稿）"), SOURCE);
        assert_eq!(credit_kinds("（新华社记者 李明 摄）"), REPORTER | PHOTO);
        assert_eq!(credit_kinds("文/李明 图/王芳"), REPORTER | PHOTO);
    }

    #[test]
    fn chinese_body_sentences_are_not_credit_lines() {
        assert_eq!(credit_kinds("记者从市统计局获悉，全市经济运行稳中向好。"), 0);
        assert_eq!(credit_kinds("编辑部收到了很多读者来信"), 0);
        assert_eq!(credit_kinds("新华日报讯（记者 吉凤竹）习近平总书记的重要讲话引发强烈反响。"), 0);
        assert_eq!(credit_kinds("市长张伟出席会议"), 0);
        assert_eq!(credit_kinds("（完）"), 0);
        // Numbered headings open with a bracket but are no credit line.
        assert_eq!(credit_kinds("（一）拓宽资金来源渠道"), 0);
        assert_eq!(credit_kinds("（二）严格审核把关"), 0);
        assert_eq!(credit_kinds("（三）加强新闻记者队伍建设"), 0);
    }

    #[test]
    fn english_credit_lines_name_their_kinds() {
        assert_eq!(credit_kinds("Source: Xinhua Daily, reporter Ji Fengzhu"), SOURCE | REPORTER);
        assert_eq!(credit_kinds("Source: Nanjing Daily"), SOURCE);
        assert_eq!(credit_kinds("(Editor: Chen Siyuan)"), EDITOR);
        assert_eq!(
            credit_kinds("Translated by the Foreign Affairs Office of the city government"),
            TRANSLATOR
        );
        assert_eq!(credit_kinds("By Li Ming"), REPORTER);
        assert_eq!(credit_kinds("By Wang Rui and Sun Haoran, Qingdao Daily"), REPORTER);
        assert_eq!(credit_kinds("Reporter: Liu Siyuan; correspondent: Zhang Lei"), REPORTER);
        assert_eq!(credit_kinds("Reported by Sun Jiayi, Suzhou Daily"), REPORTER);
        assert_eq!(credit_kinds("Photo: Wang Fang"), PHOTO);
    }

    #[test]
    fn english_body_sentences_are_not_credit_lines() {
        assert_eq!(credit_kinds("By 2025, the city will have 40 new parks."), 0);
        assert_eq!(credit_kinds("By the end of June, exports had risen."), 0);
        assert_eq!(credit_kinds("By Friday, officials had evacuated 3,000 residents."), 0);
        assert_eq!(credit_kinds("Editor's note: the figures are preliminary"), 0);
        assert_eq!(credit_kinds("Sources said the plan was approved"), 0);
        assert_eq!(credit_kinds("Note: growth rates are at constant prices."), 0);
    }
}
