//! Concordance: every unit that contains a phrase, and how it was rendered.
//!
//! Candidates are the units whose postings hold every key of the phrase (a
//! unit containing the phrase holds each of its grams at least as often): the
//! rarest list is intersected with the others by galloping, so a long list is
//! only read around the few ids that survive. The candidates are then taken in
//! unit order, so that `--limit` keeps the first units of the memory, and each
//! is checked by
//! looking for the phrase's folded tokens as a contiguous run of the unit's
//! tokens. This makes English matches word-bounded and case-insensitive and
//! Chinese matches plain substrings (a Han character is one token).
//!
//! How each hit renders the phrase, and the renderings summed over the
//! hits, come from the word links: see [`super::rendering`].

use std::ops::Range;

use super::index::{gram_lens, Memory};
use super::tokenize::{occurrence_keys, tokenize, tokenize_into};
use super::MemoryError;
use crate::lang::Lang;

/// One unit containing the phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub unit: u32,
    /// Byte spans of the phrase in the unit's text, in order.
    pub spans: Vec<Range<usize>>,
}

/// Finds every unit whose `lang` side contains `phrase` (at most `limit`);
/// an error when the index is found damaged on the way.
pub fn find(mem: &Memory, phrase: &str, lang: Lang, limit: usize) -> Result<Vec<Occurrence>, MemoryError> {
    let needle: Vec<u64> = tokenize(phrase).iter().map(|t| t.hash).collect();
    if needle.is_empty() {
        return Ok(Vec::new());
    }
    let mut keys = Vec::new();
    // The longest grams the phrase has are the most selective.
    if let Some(&q) = gram_lens(lang).iter().find(|&&q| q <= needle.len()) {
        occurrence_keys(&needle, q, &mut keys);
    }
    let mut lists: Vec<_> = keys.iter().map(|&k| mem.postings(lang, k)).collect();
    lists.sort_by_key(|p| p.len());
    let candidates: Vec<u32> = match lists.split_first() {
        Some((first, rest)) => {
            let mut ids: Vec<u32> = first.iter().collect();
            for p in rest {
                let mut at = 0;
                // Galloping pays when the list is much longer than the
                // survivors; otherwise stepping through it is cheaper.
                let gallop = ids.len().saturating_mul(8) < p.len();
                ids.retain(|&id| {
                    if gallop {
                        at = p.seek(at, id);
                    } else {
                        while at < p.len() && p.get(at) < id {
                            at += 1;
                        }
                    }
                    at < p.len() && p.get(at) == id
                });
                if ids.is_empty() {
                    break;
                }
            }
            let mut units: Vec<u32> = ids.into_iter().map(|id| mem.unit_of(lang, id)).collect();
            units.sort_unstable();
            units
        }
        // No key (cannot happen while single tokens are indexed): look at every unit.
        None => (0..mem.len() as u32).collect(),
    };
    let mut toks = Vec::new();
    let mut out = Vec::new();
    for u in candidates {
        let text = mem.text(u as usize, lang)?;
        tokenize_into(text, &mut toks);
        let mut spans = Vec::new();
        let mut i = 0;
        while i + needle.len() <= toks.len() {
            if toks[i..i + needle.len()].iter().zip(&needle).all(|(t, &h)| t.hash == h) {
                spans.push(toks[i].span.start..toks[i + needle.len() - 1].span.end);
                i += needle.len();
            } else {
                i += 1;
            }
        }
        if !spans.is_empty() {
            out.push(Occurrence { unit: u, spans });
            if out.len() >= limit {
                break;
            }
        }
    }
    mem.check()?;
    Ok(out)
}

/// Words a rendering neither starts nor ends with. "s" is the tail of a
/// possessive ("Lianyungang's" is three tokens).
pub const FUNCTION_WORDS: &[&str] = &[
    "a", "also", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "s", "said", "that", "the", "this", "to", "was", "were", "which",
    "will", "with", "would",
];

/// How many units of the memory may hold `text` on their `lang` side: the
/// shortest postings list among its keys, an upper bound that is exact for a
/// text of one gram, and cheap enough to ask for every candidate rendering.
/// Damage found on the way is left for [`Memory::check`].
pub fn frequency_bound(mem: &Memory, text: &str, lang: Lang) -> usize {
    let tokens: Vec<u64> = tokenize(text).iter().map(|t| t.hash).collect();
    let mut keys = Vec::new();
    if let Some(&q) = gram_lens(lang).iter().find(|&&q| q <= tokens.len()) {
        occurrence_keys(&tokens, q, &mut keys);
    }
    keys.iter().map(|&k| mem.postings(lang, k).len()).min().unwrap_or(mem.len())
}
