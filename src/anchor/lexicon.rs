//! Dictionary terms: English words whose Chinese translation is present.
//!
//! The key of a term anchor is the Chinese headword. A Chinese sentence
//! yields the keys of every headword it contains, overlapping matches
//! included, so `港口` yields both `港` and `港口`; an English sentence
//! yields, for each content word and each run of two or three words, the
//! keys of the headwords the dictionary gives as its translations. `港口`
//! in one sentence and `port` in the other thus share the key of `港口`.
//!
//! English is compared after a crude suffix stemming (`ports` → `port`,
//! `meetings` → `meet`) applied identically to the dictionary and to the
//! text, so it need not be linguistically right, only consistent.
//!
//! The data is `data/cedict-en-zh.tsv`, derived from CC-CEDICT (see
//! `data/README.md` for the licence and how it was built), and
//! `data/domain-en-zh.tsv`, a short list for the genre.
//!
//! # Compiled at build time, read in place
//!
//! Parsing the 70,000 lines and building an Aho–Corasick automaton over
//! their 100,000 headwords took 0.15 s of CPU and 70 MB on every run, most
//! of the time of aligning a short document. `build.rs` now compiles the
//! tables (`compile`) into two finite-state transducers of the `fst`
//! crate and three flat arrays, which the binary embeds with
//! `include_bytes!`; opening them reads a header and nothing else, and a
//! run touches only the pages its words lead to. `fst` was chosen because
//! it is built for exactly this (large sorted string sets and maps stored
//! as bytes and searched without deserialising, by the author of `regex`
//! and `aho-corasick`), and its node-level API lets the Chinese side walk
//! the headword set from every character, which finds the same overlapping
//! matches the automaton found.
//!
//! The English table is keyed by the stemmed phrase itself, its words
//! joined by a space, where it used to be keyed by a 64-bit hash of the
//! words: the same lookups, without the (2^-64) chance of a collision.

mod compile;
mod words;

use std::borrow::Cow;
use std::sync::OnceLock;

use fst::raw::{Fst, Output};

use super::{AnchorKey, AnchorKind, KeyHasher};
use crate::lang::Lang;
pub use words::stem;
use words::{is_stopword, words, MAX_WORDS};

/// The compiled built-in tables (see `build.rs`).
mod builtin {
    macro_rules! table {
        ($name:literal) => {
            include_bytes!(concat!(env!("OUT_DIR"), "/", $name))
        };
    }
    pub static ENGLISH: &[u8] = table!("lexicon-english.fst");
    pub static HEADWORDS: &[u8] = table!("lexicon-headwords.fst");
    pub static IDS: &[u8] = table!("lexicon-ids.bin");
    pub static HEADS: &[u8] = table!("lexicon-heads.bin");
    pub static HEAD_ENDS: &[u8] = table!("lexicon-head-ends.bin");
}

type Bytes = Cow<'static, [u8]>;

/// The headword index and the English-to-headword table, in the compact
/// form of `compile`: borrowed from the binary for the built-in
/// lexicon, owned for one built at run time.
pub struct Lexicon {
    /// Stemmed English phrase → `first << 32 | count` into `ids`; `None`
    /// if the bytes were not an fst (a test checks the built-in ones are).
    english: Option<Fst<Bytes>>,
    /// Every headword; finds them in Chinese text.
    headwords: Option<Fst<Bytes>>,
    /// Headword ids (`u32`, little-endian), runs of them per phrase.
    ids: Bytes,
    /// Headword bytes end to end, and where each ends (`u32`, little-endian).
    heads: Bytes,
    head_ends: Bytes,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("english", &self.english.as_ref().map_or(0, Fst::len))
            .field("headwords", &self.headwords.as_ref().map_or(0, Fst::len))
            .finish()
    }
}

/// The key of a term anchor: the Chinese headword.
pub fn term_key(headword: &str) -> AnchorKey {
    term_key_of_bytes(headword.as_bytes())
}

fn term_key_of_bytes(headword: &[u8]) -> AnchorKey {
    KeyHasher::new(AnchorKind::Term).bytes(headword).finish()
}

/// The `i`-th little-endian `u32` of `bytes`.
fn u32_at(bytes: &[u8], i: usize) -> Option<u32> {
    let b = bytes.get(i.checked_mul(4)?..i.checked_mul(4)?.checked_add(4)?)?;
    Some(u32::from_le_bytes(b.try_into().ok()?))
}

impl Lexicon {
    /// The built-in lexicon (CC-CEDICT plus the domain list), compiled
    /// into the binary; opening it costs a few header reads.
    pub fn builtin() -> &'static Lexicon {
        static BUILTIN: OnceLock<Lexicon> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let parts =
                [builtin::ENGLISH, builtin::HEADWORDS, builtin::IDS, builtin::HEADS, builtin::HEAD_ENDS];
            Lexicon::from_parts(parts.map(Cow::Borrowed))
        })
    }

    /// Builds a lexicon from `english<TAB>headword headword…` tables;
    /// comment lines start with `#`, malformed lines are skipped (the
    /// built-in tables are compiled in, so they are tested rather than
    /// reported).
    pub fn from_tsv(tables: &[&str]) -> Lexicon {
        match compile::compile(tables) {
            Ok(t) => {
                Lexicon::from_parts([t.english, t.headwords, t.ids, t.heads, t.head_ends].map(Cow::Owned))
            }
            // The compiler inserts sorted keys into in-memory builders, and
            // unsorted keys or a failed write are the only ways fst fails.
            Err(_) => Lexicon::empty(),
        }
    }

    fn empty() -> Lexicon {
        Lexicon::from_parts([&[][..]; 5].map(Cow::Borrowed))
    }

    /// An unreadable fst part leaves that side of the lexicon empty.
    fn from_parts([english, headwords, ids, heads, head_ends]: [Bytes; 5]) -> Lexicon {
        Lexicon {
            english: Fst::new(english).ok(),
            headwords: Fst::new(headwords).ok(),
            ids,
            heads,
            head_ends,
        }
    }

    /// The bytes of headword `id`.
    fn head(&self, id: u32) -> Option<&[u8]> {
        let start = match id.checked_sub(1) {
            Some(prev) => u32_at(&self.head_ends, prev as usize)?,
            None => 0,
        };
        let end = u32_at(&self.head_ends, id as usize)?;
        self.heads.get(start as usize..end as usize)
    }

    pub(crate) fn visit_anchors<F: FnMut(AnchorKind, AnchorKey, &str)>(
        &self,
        text: &str,
        lang: Lang,
        out: &mut F,
    ) {
        match lang {
            Lang::Zh => self.visit_chinese(text, out),
            Lang::En => self.visit_english(text, out),
        }
    }

    /// Every occurrence of every headword, walking the headword set from
    /// each character. Reported by end, then longest first: the order of
    /// the overlapping Aho–Corasick search this replaced.
    fn visit_chinese<F: FnMut(AnchorKind, AnchorKey, &str)>(&self, text: &str, out: &mut F) {
        let Some(fst) = &self.headwords else { return };
        let bytes = text.as_bytes();
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (start, _) in text.char_indices() {
            let mut node = fst.root();
            for (i, &b) in bytes[start..].iter().enumerate() {
                let Some(t) = node.find_input(b) else { break };
                node = fst.node(node.transition_addr(t));
                // Headwords are whole UTF-8 strings, so one that ends
                // here ends on a character boundary.
                if node.is_final() {
                    found.push((start + i + 1, start));
                }
            }
        }
        found.sort_unstable();
        for (end, start) in found {
            let surface = text.get(start..end).unwrap_or("");
            out(AnchorKind::Term, term_key(surface), surface);
        }
    }

    /// Whether `word` is a headword of the dictionary.
    pub(crate) fn has_headword(&self, word: &str) -> bool {
        self.headwords.as_ref().is_some_and(|fst| fst.contains_key(word))
    }

    /// Whether the dictionary gives the whole of `english` (one word or
    /// phrase, any case, stemmed as the tables are) as a translation of
    /// `headword`: `大学` "University", `干部` "officials".
    pub(crate) fn translates(&self, headword: &str, english: &str) -> bool {
        let (english, key) = (english.trim(), term_key(headword));
        let mut found = false;
        self.visit_english(english, &mut |_, k, surface: &str| {
            found |= k == key && surface.len() == english.len()
        });
        found
    }

    /// The headwords the dictionary gives for one English word (lowercase,
    /// as the text has it; stemmed here as the tables are): `ports` →
    /// `港口`, `口岸`…. The aligner's word model takes them as its prior.
    pub(crate) fn headwords_of_word(&self, word: &str) -> Vec<&[u8]> {
        let Some(fst) = &self.english else { return Vec::new() };
        if is_stopword(word) {
            return Vec::new();
        }
        let Some(run) = fst.get(stem(word).as_bytes()) else { return Vec::new() };
        self.heads_of_run(run.value()).collect()
    }

    /// The headwords of a phrase-map value: a run of ids, the first in the
    /// high half and the count in the low half.
    fn heads_of_run(&self, run: u64) -> impl Iterator<Item = &[u8]> {
        let (first, count) = ((run >> 32) as usize, (run & 0xFFFF_FFFF) as usize);
        (first..first + count).filter_map(|i| u32_at(&self.ids, i).and_then(|id| self.head(id)))
    }

    /// For each word, the phrases of one to [`MAX_WORDS`] words starting
    /// there, looked up by walking the phrase map word by word.
    fn visit_english<F: FnMut(AnchorKind, AnchorKey, &str)>(&self, text: &str, out: &mut F) {
        let Some(fst) = &self.english else { return };
        let ws = words(text);
        for start in 0..ws.len() {
            let mut node = fst.root();
            let mut value = Output::zero();
            'phrase: for n in 0..MAX_WORDS {
                let Some((_, end, w)) = ws.get(start + n) else { break };
                let sep = if n == 0 { None } else { Some(b' ') };
                for b in sep.into_iter().chain(w.bytes()) {
                    let Some(t) = node.find_input(b) else { break 'phrase };
                    let tr = node.transition(t);
                    value = value.cat(tr.out);
                    node = fst.node(tr.addr);
                }
                if (n == 0 && is_stopword(w)) || !node.is_final() {
                    continue;
                }
                let surface = text.get(ws[start].0..*end).unwrap_or("");
                for head in self.heads_of_run(value.cat(node.final_output()).value()) {
                    out(AnchorKind::Term, term_key_of_bytes(head), surface);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::words::STOPWORDS;
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
        assert_eq!(stem("news"), "news");
    }

    /// Every anchor of each sentence, in order, as (key, surface).
    fn visited(lex: &Lexicon, texts: &[&str], lang: Lang) -> Vec<(AnchorKey, String)> {
        let mut out = Vec::new();
        for t in texts {
            lex.visit_anchors(t, lang, &mut |_, key, surface| out.push((key, surface.to_string())));
        }
        out
    }

    fn dev_sentences(lang: &str) -> Vec<&'static str> {
        let text = match lang {
            "zh" => include_str!("../../corpora/dev/01-lianyungang-speech.zh.sent"),
            _ => include_str!("../../corpora/dev/01-lianyungang-speech.en.sent"),
        };
        text.lines().collect()
    }

    #[test]
    fn builtin_tables_open_and_hold_the_whole_dictionary() {
        let lex = Lexicon::builtin();
        let english = lex.english.as_ref().map_or(0, Fst::len);
        let headwords = lex.headwords.as_ref().map_or(0, Fst::len);
        // data/cedict-en-zh.tsv has 69,641 entries, some merged by stemming.
        assert!(english > 50_000, "{english} English phrases");
        assert!(headwords > 50_000, "{headwords} headwords");
        assert_eq!(lex.head_ends.len(), 4 * headwords);
    }

    /// The embedded tables are what the library compiles from the TSV
    /// files at run time: build.rs ran the same code on the same data.
    #[test]
    fn builtin_lexicon_finds_what_the_tsv_tables_give() {
        let tsv = Lexicon::from_tsv(&[
            include_str!("../../data/cedict-en-zh.tsv"),
            include_str!("../../data/domain-en-zh.tsv"),
        ]);
        for (lang, code) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
            let texts = dev_sentences(code);
            let builtin = visited(Lexicon::builtin(), &texts, lang);
            assert!(builtin.len() > 100, "{code}: {}", builtin.len());
            assert_eq!(builtin, visited(&tsv, &texts, lang), "{code}");
        }
    }

    /// Walking the headword set from every character finds what the
    /// overlapping Aho–Corasick search over the same headwords found, in
    /// the same order (by end, longest first).
    #[test]
    fn chinese_matches_are_those_of_an_overlapping_automaton_in_its_order() {
        use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
        let texts = dev_sentences("zh");
        // The dictionary lines whose headwords occur in the text find in it
        // everything the whole dictionary finds, and keep the test quick.
        let table: String = include_str!("../../data/cedict-en-zh.tsv")
            .lines()
            .filter(|l| {
                l.split_once('\t')
                    .is_some_and(|(_, zh)| zh.split(' ').any(|h| texts.iter().any(|t| t.contains(h))))
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let lex = Lexicon::from_tsv(&[&table]);
        let heads: Vec<&[u8]> = (0..).map_while(|id| lex.head(id)).collect();
        assert!(heads.len() > 200, "{} headwords", heads.len());
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&heads)
            .unwrap();
        let mut expected = Vec::new();
        for t in &texts {
            for m in ac.find_overlapping_iter(*t) {
                let surface = &t[m.start()..m.end()];
                expected.push((term_key(surface), surface.to_string()));
            }
        }
        assert_eq!(visited(&lex, &texts, Lang::Zh), expected);
        assert!(expected.windows(2).any(|w| w[0].1.ends_with(&w[1].1[..])), "no overlapping matches tested");
    }

    #[test]
    fn english_phrases_of_one_to_three_words_are_found_and_stopwords_alone_are_not() {
        let lex =
            Lexicon::from_tsv(&["port\t港口\nstanding committee\t常委会\nthe\t这\nof the people\t人民\n"]);
        let found = visited(&lex, &["The Standing Committee of the people visited ports."], Lang::En);
        let surfaces: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
        assert_eq!(surfaces, ["Standing Committee", "of the people", "ports"]);
        assert_eq!(found[0].0, term_key("常委会"));
        assert_eq!(found[2].0, term_key("港口"));
    }

    #[test]
    fn an_empty_or_unreadable_lexicon_finds_nothing() {
        let bad = Lexicon::from_parts([&b"not an fst"[..]; 5].map(Cow::Borrowed));
        for lex in [Lexicon::from_tsv(&[]), Lexicon::empty(), bad] {
            assert!(visited(&lex, &["港口 port"], Lang::Zh).is_empty());
            assert!(visited(&lex, &["港口 port"], Lang::En).is_empty());
        }
    }

    #[test]
    fn public_interest_alone_is_no_litigation() {
        // "in the public interest" is `公益`; `公益诉讼` is the litigation.
        let litigation = term_key("公益诉讼");
        let alone = visited(Lexicon::builtin(), &["They acted in the public interest."], Lang::En);
        assert!(alone.iter().all(|a| a.0 != litigation), "{alone:?}");
        let named = visited(Lexicon::builtin(), &["The public interest litigation department"], Lang::En);
        assert!(named.iter().any(|a| a.0 == litigation), "{named:?}");
    }

    #[test]
    fn possessive_s_is_not_a_word() {
        let ws: Vec<String> = words("the people's congress").into_iter().map(|w| w.2).collect();
        assert_eq!(ws, ["the", "people", "congress"]);
    }
}
