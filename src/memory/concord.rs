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
//! The summary answers "how is this usually rendered": it counts, for each
//! n-gram of the translations (2–8 Han characters, or 1–4 English words not
//! starting or ending with a function word), how many hits contain it, and
//! ranks them by how much more often they occur with the phrase than in the
//! memory at large (the Dice coefficient of the two sets of units, the
//! memory-wide count bounded from the postings). Raw counts alone would put
//! "city" or "进一" first, since they occur in a large share of any memory.

use std::collections::HashMap;
use std::ops::Range;

use super::index::{gram_lens, Memory};
use super::tokenize::{occurrence_keys, tokenize, tokenize_into, Kind};
use super::MemoryError;
use crate::lang::{is_han, Lang};

/// One unit containing the phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub unit: u32,
    /// Byte spans of the phrase in the unit's text, in order.
    pub spans: Vec<Range<usize>>,
}

/// A frequent rendering and the number of hits whose translation holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendering {
    pub text: String,
    pub count: usize,
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
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "a", "also", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "s", "said", "that", "the", "this", "to", "was", "were", "which",
    "will", "with", "would",
];

/// The n-grams of one translation that may be a rendering, deduplicated.
fn candidates(text: &str, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    match lang {
        Lang::Zh => {
            let runs: Vec<Vec<char>> = text
                .split(|c: char| !is_han(c))
                .filter(|r| !r.is_empty())
                .map(|r| r.chars().collect())
                .collect();
            for r in runs {
                for n in 2..=8.min(r.len()) {
                    for w in r.windows(n) {
                        if w[0] != '的' && w[n - 1] != '的' {
                            out.push(w.iter().collect());
                        }
                    }
                }
            }
        }
        Lang::En => {
            let words: Vec<String> = tokenize(text)
                .into_iter()
                .filter(|t| t.kind == Kind::Word)
                .map(|t| text[t.span].to_lowercase())
                .collect();
            for n in 1..=4.min(words.len()) {
                for w in words.windows(n) {
                    let bad = |s: &String| FUNCTION_WORDS.contains(&s.as_str());
                    if !bad(&w[0]) && !bad(&w[n - 1]) {
                        out.push(w.join(" "));
                    }
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Bigram overlap above which two renderings are shown as one.
const NEAR_DUPLICATE: f64 = 0.5;

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

/// The renderings most associated with the phrase across the translations
/// `targets` of its hits; `frequency(c)` is the number of units of the whole
/// memory whose translation holds `c` (at least the hits' own).
pub fn renderings<'a>(
    targets: impl IntoIterator<Item = &'a str>,
    lang: Lang,
    top: usize,
    frequency: impl Fn(&str) -> usize,
) -> Vec<Rendering> {
    let mut df: HashMap<String, usize> = HashMap::new();
    let mut hits = 0;
    for t in targets {
        hits += 1;
        for c in candidates(t, lang) {
            *df.entry(c).or_default() += 1;
        }
    }
    let floor = if hits > 1 { 2 } else { 1 };
    let mut all: Vec<(String, usize, f64)> = df
        .into_iter()
        .filter(|(_, c)| *c >= floor)
        .map(|(text, count)| {
            let dice = 2.0 * count as f64 / (hits + frequency(&text).max(count)) as f64;
            (text, count, dice)
        })
        .collect();
    all.sort_by(|a, b| {
        b.2.total_cmp(&a.2)
            .then(b.1.cmp(&a.1))
            .then(b.0.chars().count().cmp(&a.0.chars().count()))
            .then(a.0.cmp(&b.0))
    });
    let mut chosen: Vec<Rendering> = Vec::new();
    for (text, count, _) in all {
        if chosen.len() >= top {
            break;
        }
        // A fragment of a rendering already shown, or an overlapping variant of
        // it (Sørensen–Dice over character bigrams), would only repeat it.
        if chosen
            .iter()
            .any(|c| c.text.contains(&text) || strsim::sorensen_dice(&c.text, &text) > NEAR_DUPLICATE)
        {
            continue;
        }
        chosen.push(Rendering { text, count });
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_variants_of_a_rendering_are_shown_once() {
        let targets = [
            "The Human Resources and Social Security Bureau said jobs grew.",
            "Officials of the Human Resources and Social Security Bureau met.",
        ];
        let r = renderings(targets, Lang::En, 5, |_| 2);
        // Renderings are at most four words long.
        assert!("human resources and social security bureau".contains(&r[0].text), "{}", r[0].text);
        assert_eq!((r[0].text.split(' ').count(), r[0].count), (4, 2));
        for other in &r[1..] {
            assert!(strsim::sorensen_dice(&r[0].text, &other.text) <= NEAR_DUPLICATE, "{}", other.text);
        }
    }

    #[test]
    fn a_rendering_common_everywhere_ranks_below_one_tied_to_the_phrase() {
        // Both hits say "city" and "working committee"; the memory has "city"
        // in a thousand units but "working committee" only in these two.
        let targets = ["The city's Working Committee met.", "The Working Committee told the city."];
        let freq = |c: &str| if c == "city" { 1000 } else { 2 };
        let r = renderings(targets, Lang::En, 5, freq);
        assert_eq!(r[0].text, "working committee");
        assert!(r.iter().position(|x| x.text == "city").is_none_or(|p| p > 0));
    }
}
