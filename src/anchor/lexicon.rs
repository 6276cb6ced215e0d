//! Dictionary terms: English words whose Chinese translation is present.
//!
//! The key of a term anchor is the Chinese headword. A Chinese sentence
//! yields the keys of every headword it contains (found in one pass by an
//! Aho–Corasick automaton, overlapping matches included, so `港口` yields
//! both `港` and `港口`); an English sentence yields, for each content word
//! and each run of two or three words, the keys of the headwords the
//! dictionary gives as its translations. `港口` in one sentence and `port`
//! in the other thus share the key of `港口`.
//!
//! English is compared after a crude suffix stemming (`ports` → `port`,
//! `meetings` → `meet`) applied identically to the dictionary and to the
//! text, so it need not be linguistically right, only consistent.
//!
//! The data is `data/cedict-en-zh.tsv`, derived from CC-CEDICT (see
//! `data/README.md` for the licence and how it was built), and
//! `data/domain-en-zh.tsv`, a short list for the genre. Both are compiled
//! into the binary and indexed once, on first use.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::{AnchorKey, AnchorKind, KeyHasher, KeyMix};
use crate::lang::Lang;

const CEDICT: &str = include_str!("../../data/cedict-en-zh.tsv");
const DOMAIN: &str = include_str!("../../data/domain-en-zh.tsv");

/// Longest English phrase looked up, in words.
const MAX_WORDS: usize = 3;

/// English words too common or too vague to be evidence on their own.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "being",
    "but", "by", "can", "could", "did", "do", "doe", "for", "from", "get", "go", "had", "has", "have", "he",
    "her", "his", "i", "if", "in", "into", "is", "it", "its", "make", "more", "most", "much", "new", "no",
    "not", "of", "on", "one", "or", "other", "our", "out", "over", "said", "say", "she", "should", "so",
    "some", "such", "take", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "up", "upon", "us", "very", "was", "we", "well", "were", "what", "when", "which", "while",
    "who", "will", "with", "would", "year", "you",
];

type PhraseMap = HashMap<u64, Vec<u32>, BuildHasherDefault<KeyMix>>;

/// Hashes a phrase word by word, so every prefix of a run of words has its
/// hash without building the joined string.
#[derive(Clone)]
struct PhraseHash(KeyHasher);

impl PhraseHash {
    fn new() -> PhraseHash {
        PhraseHash(KeyHasher::new(AnchorKind::Term))
    }
    fn push(&mut self, word: &str) -> u64 {
        self.0.word(0x5EED).bytes(word.as_bytes());
        self.0.finish()
    }
}

/// The headword index and the English-to-headword table.
pub struct Lexicon {
    /// Hash of a stemmed English phrase → headword ids.
    english: PhraseMap,
    /// Anchor key of each headword id.
    keys: Vec<AnchorKey>,
    /// Finds headwords in Chinese text; pattern id = headword id.
    headwords: Option<AhoCorasick>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("english", &self.english.len())
            .field("headwords", &self.keys.len())
            .finish()
    }
}

/// The key of a term anchor: the Chinese headword.
pub fn term_key(headword: &str) -> AnchorKey {
    KeyHasher::new(AnchorKind::Term).bytes(headword.as_bytes()).finish()
}

/// Crude suffix stripping, applied the same way to dictionary and text.
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    let n = w.len();
    if n > 4 && w.ends_with("ies") {
        w.truncate(n - 3);
        w.push('y');
    } else if w.ends_with("sses") {
        w.truncate(n - 2);
    } else if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.truncate(n - 1);
    }
    let n = w.len();
    if n > 5 && w.ends_with("ing") {
        w.truncate(n - 3);
    } else if n > 4 && w.ends_with("ed") {
        w.truncate(n - 2);
    }
    w
}

/// Lowercase ASCII words of a text with their byte spans; a possessive
/// `'s` is dropped so that `people's congress` reads as two words.
fn words(text: &str) -> Vec<(usize, usize, String)> {
    let mut out: Vec<(usize, usize, String)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphabetic() {
            let s = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            let w = text.get(s..i).unwrap_or("").to_ascii_lowercase();
            let possessive_s = w == "s"
                && s > 0
                && (text[..s].ends_with('\'') || text[..s].ends_with('’'))
                && out.last().is_some_and(|&(_, e, _)| text[e..s].chars().count() == 1);
            if !possessive_s && w.len() <= 30 {
                out.push((s, i, stem(&w)));
            }
        } else {
            i += 1;
        }
    }
    out
}

fn is_stopword(w: &str) -> bool {
    STOPWORDS.binary_search(&w).is_ok()
}

impl Lexicon {
    /// The built-in lexicon (CC-CEDICT plus the domain list), built on first use.
    pub fn builtin() -> &'static Lexicon {
        static BUILTIN: OnceLock<Lexicon> = OnceLock::new();
        BUILTIN.get_or_init(|| Lexicon::from_tsv(&[CEDICT, DOMAIN]))
    }

    /// Builds a lexicon from `english<TAB>headword headword…` tables;
    /// comment lines start with `#`, malformed lines are skipped (the
    /// tables are compiled in, so they are tested rather than reported).
    pub fn from_tsv(tables: &[&str]) -> Lexicon {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut heads: Vec<&str> = Vec::new();
        let mut english = PhraseMap::default();
        for table in tables {
            for line in table.lines() {
                if line.starts_with('#') {
                    continue;
                }
                let Some((en, zh)) = line.split_once('\t') else { continue };
                let phrase: Vec<String> = words(en).into_iter().map(|(_, _, w)| w).collect();
                if phrase.is_empty()
                    || phrase.len() > MAX_WORDS
                    || (phrase.len() == 1 && is_stopword(&phrase[0]))
                {
                    continue;
                }
                let mut hash = PhraseHash::new();
                let key = phrase.iter().fold(0, |_, w| hash.push(w));
                let entry = english.entry(key).or_default();
                for h in zh.split(' ').filter(|h| !h.is_empty()) {
                    let next = heads.len() as u32;
                    let id = *ids.entry(h).or_insert_with(|| {
                        heads.push(h);
                        next
                    });
                    if !entry.contains(&id) {
                        entry.push(id);
                    }
                }
            }
        }
        let keys = heads.iter().map(|h| term_key(h)).collect();
        let headwords = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&heads)
            .ok();
        Lexicon { english, keys, headwords }
    }

    pub(crate) fn visit_anchors<F: FnMut(AnchorKind, AnchorKey, &str)>(
        &self,
        text: &str,
        lang: Lang,
        out: &mut F,
    ) {
        match lang {
            Lang::Zh => {
                let Some(headwords) = &self.headwords else { return };
                for m in headwords.find_overlapping_iter(text) {
                    if let Some(&key) = self.keys.get(m.pattern().as_usize()) {
                        out(AnchorKind::Term, key, text.get(m.start()..m.end()).unwrap_or(""));
                    }
                }
            }
            Lang::En => {
                let ws = words(text);
                for start in 0..ws.len() {
                    let mut hash = PhraseHash::new();
                    for n in 0..MAX_WORDS {
                        let Some((_, end, w)) = ws.get(start + n) else { break };
                        let key = hash.push(w);
                        if n == 0 && is_stopword(w) {
                            continue;
                        }
                        let Some(ids) = self.english.get(&key) else { continue };
                        let surface = text.get(ws[start].0..*end).unwrap_or("");
                        for &id in ids {
                            if let Some(&key) = self.keys.get(id as usize) {
                                out(AnchorKind::Term, key, surface);
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn stemming_is_shared_by_plural_and_singular() {
        assert_eq!(stem("ports"), stem("port"));
        assert_eq!(stem("policies"), stem("policy"));
        assert_eq!(stem("logistics"), "logistic");
    }

    #[test]
    fn possessive_s_is_not_a_word() {
        let ws: Vec<String> = words("the people's congress").into_iter().map(|w| w.2).collect();
        assert_eq!(ws, ["the", "people", "congress"]);
    }
}
