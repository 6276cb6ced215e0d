//! The place named before a phrase, which a rendering writes as its
//! `{name}` slot.

use super::*;

/// English words for the level of an administration ("Municipal" for `市`
/// …), as official translations capitalise them after a place's name: the
/// words written right after `{name}` in corpora/titles/dev.tsv and
/// dev2.tsv (Municipal 81 times, County 21, Provincial 18, Town 5,
/// Subdistrict 3, Prefectural 1) and their kin.
/// examples/title_eval.rs keeps its own copy for its slot rule, so that
/// the scorer does not read the code it scores.
pub const LEVEL_WORDS: &[&str] = &[
    "Municipal",
    "Provincial",
    "County",
    "District",
    "Town",
    "Township",
    "Subdistrict",
    "Prefectural",
    "Prefecture",
    "City",
    "Province",
    "Village",
];

/// A name slot without the level word it ends with: "Dongling Municipal"
/// in "secretary of the Dongling Municipal Commission for Discipline
/// Inspection" is the place "Dongling" and a word of the title, which the
/// other cities' hits spell out beside their slot.
pub(super) fn name_without_level(tgt: &str, slot: Range<usize>) -> Range<usize> {
    let text = &tgt[slot.clone()];
    match text.trim_end().rsplit_once(char::is_whitespace) {
        Some((name, last)) if LEVEL_WORDS.contains(&last) && !name.trim().is_empty() => {
            slot.start..slot.start + name.trim_end().len()
        }
        _ => slot,
    }
}

/// The place name written right before an English span that renders a
/// Chinese phrase opening with a level character ([`LEVEL_HAN`]): in
/// "the Suzhou Municipal Health Commission" for `市卫生健康委员会`, `市` is
/// "Suzhou Municipal", so the rendering is "{name} Municipal Health
/// Commission", grouped with the same body of every other city. The span
/// itself keeps its edge (the hand-linked spans leave an edge name out);
/// only the rendering takes the slot. One to three capitalised pinyin
/// words, the span not the first word of the text (an ASCII space before
/// it); a place at the very start of the text counts.
pub(super) fn place_before(
    src: &str,
    at: Range<usize>,
    tgt: &str,
    start: usize,
    lang: Lang,
) -> Option<Range<usize>> {
    // The span names a body ("Municipal Health Commission"), not an office
    // ("director of the …"), whose name before it is its holder's.
    let first = tgt[start..].split_whitespace().next().unwrap_or("").to_lowercase();
    // The span may also open with the level word of the character right
    // before the phrase ("Municipal" of the `市` before `行政审批局`), when
    // a capitalised name follows it (not "Town emergency rescue team").
    let level_before = src[..at.start].ends_with(LEVEL_HAN);
    let level_first = level_before
        && LEVEL_WORDS.iter().any(|w| {
            tgt[start..]
                .strip_prefix(&format!("{w} "))
                .is_some_and(|rest| rest.starts_with(char::is_uppercase))
        });
    if lang != Lang::Zh
        || !(src[at].starts_with(LEVEL_HAN) || level_first)
        || !tgt[..start].ends_with(' ')
        || !tgt[start..].starts_with(char::is_uppercase)
        || head_words().any(|h| first.starts_with(h))
    {
        return None;
    }
    let end = tgt[..start].trim_end().len();
    let place_word = |word: &str| {
        word.starts_with(char::is_uppercase)
            && word.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '’' || c == '-')
            && !word.ends_with("'s")
            && !word.ends_with("’s")
            && is_pinyin(word)
    };
    let (mut first_word, mut cursor) = (end, end);
    for _ in 0..3 {
        // After the whole space character: a no-break or ideographic
        // space is more than one byte.
        let word_start = tgt[..cursor].trim_end_matches(|c: char| !c.is_whitespace()).len();
        if !place_word(&tgt[word_start..cursor]) {
            break;
        }
        first_word = word_start;
        // A place of several words goes on over one ASCII space only.
        match tgt[..word_start].strip_suffix(' ') {
            Some(rest) if !rest.is_empty() && !rest.ends_with(char::is_whitespace) => cursor = rest.len(),
            _ => break,
        }
    }
    (first_word < end).then_some(first_word..end)
}
