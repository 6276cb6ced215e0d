//! Names: romanised English words matched to Han characters through pinyin.
//!
//! An English edition writes place and person names in pinyin without tones
//! (`Lianyungang`, `Xuwei`, `Zuo Xuemei`), so a name anchor is the toneless
//! syllable sequence itself:
//!
//! * English side: a capitalised word (or two adjacent ones, for a personal
//!   name such as `Ma Shiguang`) is split into pinyin syllables in every way
//!   the syllable table allows; only words that split completely count, so
//!   `Party` or `Central` never become names. Each split gives a key.
//! * Chinese side: every window of 2–4 Han characters gives a key for each
//!   combination of the characters' readings, so polyphones match whichever
//!   reading the name uses (`重庆` is read `chong qing`, `厦门` `xia men`).
//!   Windows never cross characters that do not occur in names (的, 是, 年…),
//!   which keeps a 60-character sentence to a few hundred keys.
//!
//! The readings come from the `pinyin` crate; the syllable table is every
//! toneless reading it knows, collected at build time.

mod syllables;

use pinyin::{Pinyin, ToPinyinMulti};
use syllables::normalise;

use super::{AnchorKey, AnchorKind, KeyHasher};
use crate::lang::{is_han, Lang};

/// Longest name, in syllables, on either side.
const MAX_SYLLABLES: usize = 4;
/// Reading combinations kept per window; rarer ones beyond it are dropped.
const MAX_COMBINATIONS: usize = 16;
/// Ways of splitting one English name that are kept.
const MAX_SPLITS: usize = 8;

/// The toneless pinyin syllables, as written in English (ü as u), sorted:
/// collected from the `pinyin` crate by `build.rs` (see [`syllables`]).
static SYLLABLES: &[&str] = include!(concat!(env!("OUT_DIR"), "/syllables.rs"));

fn is_syllable(s: &str) -> bool {
    SYLLABLES.binary_search(&s).is_ok()
}

/// The distinct toneless readings of a character, at most four (the
/// rarest readings of the few characters with more are dropped).
#[derive(Clone, Copy, Default)]
struct Readings {
    list: [&'static str; 4],
    len: u8,
}

impl Readings {
    fn of(c: char) -> Readings {
        let mut r = Readings::default();
        if let Some(multi) = c.to_pinyin_multi() {
            for p in multi.into_iter().map(Pinyin::plain) {
                let s = normalise(p);
                if (r.len as usize) < r.list.len() && !r.as_slice().contains(&s) {
                    r.list[r.len as usize] = s;
                    r.len += 1;
                }
            }
        }
        r
    }

    fn as_slice(&self) -> &[&'static str] {
        &self.list[..self.len as usize]
    }
}

/// Characters that never stand inside a name: function words, calendar
/// and administrative suffixes. Windows stop at them.
fn is_stop(c: char) -> bool {
    "的了是在和与及等对将把被这那们也都就而或于之其为以从向个有不着过并但所该此各每年月日时第市省县区"
        .contains(c)
}

pub(crate) fn syllable_key(syllables: &[&str]) -> u64 {
    let mut h = KeyHasher::new(AnchorKind::Name);
    for s in syllables {
        h.bytes(s.as_bytes());
    }
    h.finish()
}

pub(crate) fn visit_anchors<F: FnMut(AnchorKind, AnchorKey, &str)>(text: &str, lang: Lang, out: &mut F) {
    match lang {
        Lang::Zh => visit_chinese(text, out),
        Lang::En => visit_english(text, out),
    }
}

fn visit_chinese<F: FnMut(AnchorKind, AnchorKey, &str)>(text: &str, out: &mut F) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut cache: Vec<Option<Readings>> = vec![None; chars.len()];
    for start in 0..chars.len() {
        let mut partial: Vec<KeyHasher> = vec![KeyHasher::new(AnchorKind::Name)];
        for k in 0..MAX_SYLLABLES {
            let Some(&(_, c)) = chars.get(start + k) else { break };
            if !is_han(c) || is_stop(c) {
                break;
            }
            let rs = *cache[start + k].get_or_insert_with(|| Readings::of(c));
            let rs = rs.as_slice();
            if rs.is_empty() {
                break;
            }
            let mut next = Vec::with_capacity((partial.len() * rs.len()).min(MAX_COMBINATIONS));
            'outer: for h in &partial {
                for r in rs {
                    if next.len() >= MAX_COMBINATIONS {
                        break 'outer;
                    }
                    let mut h2 = h.clone();
                    h2.bytes(r.as_bytes());
                    next.push(h2);
                }
            }
            partial = next;
            if k >= 1 {
                let end = chars.get(start + k + 1).map_or(text.len(), |&(b, _)| b);
                let surface = text.get(chars[start].0..end).unwrap_or("");
                for h in &partial {
                    out(AnchorKind::Name, h.finish(), surface);
                }
            }
        }
    }
}

/// Every way of writing `word` (lowercase) as pinyin syllables, up to
/// `MAX_SPLITS` ways of at most `MAX_SYLLABLES` syllables. An
/// apostrophe is a forced boundary (`xi'an`); elsewhere a syllable after
/// the first may not start with a vowel, since pinyin spelling would have
/// put an apostrophe there (so `zuo` is not `zu o`).
pub fn split_pinyin(word: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new()];
    if word.is_empty() || word.len() > 8 * MAX_SYLLABLES {
        return Vec::new();
    }
    for part in word.split(['\'', '’']) {
        let mut part_splits = Vec::new();
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase()) {
            walk(part, &mut Vec::new(), &mut part_splits);
        }
        let mut next = Vec::new();
        for head in &out {
            for tail in &part_splits {
                if head.len() + tail.len() <= MAX_SYLLABLES && next.len() < MAX_SPLITS {
                    next.push(head.iter().chain(tail.iter()).copied().collect());
                }
            }
        }
        out = next;
        if out.is_empty() {
            break;
        }
    }
    out
}

fn walk<'a>(rest: &'a str, stack: &mut Vec<&'a str>, out: &mut Vec<Vec<&'a str>>) {
    if out.len() >= MAX_SPLITS {
        return;
    }
    if rest.is_empty() {
        out.push(stack.clone());
        return;
    }
    if stack.len() >= MAX_SYLLABLES || (!stack.is_empty() && rest.starts_with(['a', 'e', 'o'])) {
        return;
    }
    // Longest first: the natural reading of `Xian` is `xian`, not `xi an`.
    for len in (1..=rest.len().min(6)).rev() {
        let Some(head) = rest.get(..len) else { continue };
        if is_syllable(head) {
            stack.push(head);
            walk(&rest[len..], stack, out);
            stack.pop();
        }
    }
}

/// A capitalised word: `Lianyungang`, `Xi'an`, not `party` or `CPC`.
fn name_word(w: &str) -> Option<String> {
    let mut cs = w.chars().filter(|c| !matches!(c, '\'' | '’'));
    let first = cs.next()?;
    if !first.is_ascii_uppercase() || !cs.all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    Some(w.to_ascii_lowercase())
}

fn visit_english<F: FnMut(AnchorKind, AnchorKey, &str)>(text: &str, out: &mut F) {
    // (start, end, splits) of each alphabetic word, in order.
    let mut words: Vec<(usize, usize, Vec<Vec<&str>>)> = Vec::new();
    let mut lowered: Vec<String> = Vec::new();
    let mut spans = Vec::new();
    let mut start = None;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        // An apostrophe between letters marks a syllable boundary (Xi'an).
        let inner_apostrophe = matches!(c, '\'' | '’')
            && start.is_some()
            && bytes.get(i + c.len_utf8()).is_some_and(u8::is_ascii_lowercase);
        match (start, c.is_ascii_alphabetic() || inner_apostrophe) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    for &(s, e) in &spans {
        lowered.push(text.get(s..e).and_then(name_word).unwrap_or_default());
    }
    for (k, &(s, e)) in spans.iter().enumerate() {
        words.push((s, e, split_pinyin(&lowered[k])));
    }
    for (k, (s, e, splits)) in words.iter().enumerate() {
        let surface = text.get(*s..*e).unwrap_or("");
        for split in splits.iter().filter(|sp| sp.len() >= 2) {
            out(AnchorKind::Name, syllable_key(split), surface);
        }
        // A personal name in two words: Ma Shiguang, Zuo Xuemei.
        let Some((s2, e2, next)) = words.get(k + 1) else { continue };
        if splits.is_empty() || next.is_empty() || text.get(*e..*s2) != Some(" ") {
            continue;
        }
        let surface = text.get(*s..*e2).unwrap_or("");
        for a in splits {
            for b in next {
                if a.len() + b.len() <= MAX_SYLLABLES {
                    let joined: Vec<&str> = a.iter().chain(b.iter()).copied().collect();
                    out(AnchorKind::Name, syllable_key(&joined), surface);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_that_are_not_pinyin_do_not_split() {
        assert!(split_pinyin("party").is_empty());
        assert!(split_pinyin("central").is_empty());
    }

    #[test]
    fn a_later_syllable_cannot_start_with_a_vowel() {
        assert!(!split_pinyin("zuo").contains(&vec!["zu", "o"]));
        assert!(!split_pinyin("lianyungang").contains(&vec!["li", "an", "yun", "gang"]));
        assert!(split_pinyin("xi'an").contains(&vec!["xi", "an"]));
    }

    #[test]
    fn joined_place_names_split_into_syllables() {
        assert!(split_pinyin("lianyungang").contains(&vec!["lian", "yun", "gang"]));
        assert!(split_pinyin("xuwei").contains(&vec!["xu", "wei"]));
    }

    #[test]
    fn embedded_syllable_table_is_what_the_pinyin_crate_gives() {
        assert_eq!(SYLLABLES, syllables::collect());
        assert!(is_syllable("zhuang") && is_syllable("lu") && !is_syllable("lv"));
    }

    #[test]
    fn polyphone_readings_include_the_name_reading() {
        assert!(Readings::of('重').as_slice().contains(&"chong"));
        assert!(Readings::of('单').as_slice().contains(&"shan"));
    }
}
