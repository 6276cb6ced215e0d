//! Turns `english<TAB>headword headword…` tables into the lexicon's compact
//! form: two finite-state transducers and three flat arrays.
//!
//! `build.rs` runs this on `data/*.tsv` and the binary embeds the result,
//! so a run reads the dictionary in place instead of parsing 70,000 lines
//! (see the parent module for why). [`super::Lexicon::from_tsv`] runs the
//! same code at run time on other tables. Like `words.rs` the file is
//! shared with `build.rs` through `#[path]`, so it may only use `std`,
//! `fst` and its sibling `words`.
//!
//! The form:
//!
//! * `english`: an fst map from a stemmed English phrase, its words joined
//!   by one space (the words are ASCII letters only, so the join is
//!   unambiguous), to `first << 32 | count`, a run of `ids`;
//! * `ids`: headword ids, little-endian `u32`, each run in the order the
//!   tables first gave the headwords for that phrase;
//! * `headwords`: an fst set of every headword some kept phrase points to;
//!   a headword's id is its rank in this set, in byte order;
//! * `heads`, `head_ends`: the headwords' bytes end to end, and where each
//!   ends (little-endian `u32`), so an id gives back its headword.

use std::collections::BTreeMap;

use super::words::{is_stopword, words, MAX_WORDS};

/// The compact lexicon as bytes; see the module doc for the layout.
pub struct Tables {
    pub english: Vec<u8>,
    pub headwords: Vec<u8>,
    pub ids: Vec<u8>,
    pub heads: Vec<u8>,
    pub head_ends: Vec<u8>,
}

/// Compiles `english<TAB>headword headword…` tables; lines starting with
/// `#` are comments, lines without a tab or whose English is empty, longer
/// than [`MAX_WORDS`] words or a lone stopword are skipped.
pub fn compile(tables: &[&str]) -> Result<Tables, fst::Error> {
    // Phrase → its headwords, each once, in the order first given.
    let mut phrases: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for table in tables {
        for line in table.lines() {
            if line.starts_with('#') {
                continue;
            }
            let Some((en, zh)) = line.split_once('\t') else { continue };
            let phrase: Vec<String> = words(en).into_iter().map(|(_, _, w)| w).collect();
            if phrase.is_empty() || phrase.len() > MAX_WORDS || (phrase.len() == 1 && is_stopword(&phrase[0]))
            {
                continue;
            }
            let entry = phrases.entry(phrase.join(" ")).or_default();
            for h in zh.split(' ').filter(|h| !h.is_empty()) {
                if !entry.contains(&h) {
                    entry.push(h);
                }
            }
        }
    }
    let mut heads: Vec<&str> = phrases.values().flatten().copied().collect();
    heads.sort_unstable();
    heads.dedup();

    let mut english = fst::MapBuilder::memory();
    let mut ids = Vec::new();
    for (phrase, hs) in &phrases {
        let first = (ids.len() / 4) as u64;
        for h in hs {
            let id = heads.binary_search(h).unwrap_or_default() as u32;
            ids.extend_from_slice(&id.to_le_bytes());
        }
        english.insert(phrase, first << 32 | hs.len() as u64)?;
    }
    let mut headwords = fst::SetBuilder::memory();
    let (mut bytes, mut ends) = (Vec::new(), Vec::new());
    for h in &heads {
        headwords.insert(h)?;
        bytes.extend_from_slice(h.as_bytes());
        ends.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    }
    Ok(Tables {
        english: english.into_inner()?,
        headwords: headwords.into_inner()?,
        ids,
        heads: bytes,
        head_ends: ends,
    })
}
