//! How a phrase was rendered across a memory: the aligned spans of its hits,
//! grouped into renderings with a name slot.
//!
//! This is the library entry point that `concord`, `lookup` (for a term) and
//! `glossary` share.
//!
//! # From links to a span
//!
//! Each hit of the phrase covers some tokens of its side; the word links of
//! the unit ([`super::wordalign`], stored in the index) lead to tokens of the
//! other side ("own" tokens). Tokens of the other side linked only to tokens
//! outside the phrase ("foreign") split the candidates, so that a stray link
//! (`常` of `市委常委` next to `常务副市长`) cannot stretch the span over the
//! neighbouring title, with one exception: a foreign run that is a name
//! (capitalised pinyin words in English, checked with
//! [`crate::anchor::name::split_pinyin`]; up to four Han characters in
//! Chinese) is kept, as the translation moved it into the title: `市委书记` in
//! `淮安市委书记` renders as "secretary of the CPC Huai'an Municipal
//! Committee", where "Huai'an" is linked to `淮安`. It becomes the
//! rendering's `{name}` slot. Of the pieces left, the one whose own tokens
//! cover the most tokens of the phrase wins (then the shortest), trimmed to
//! its first and last own token: the minimal phrase pair of phrase-based
//! translation (no unlinked words added at the edges).
//!
//! # Grouping
//!
//! Renderings are grouped without regard to case, shown in their most
//! frequent spelling. English renderings that differ only in one run of one
//! to three capitalised words ("… CPC Huai'an Municipal Committee", "… CPC
//! Nantong Municipal Committee") are merged under a template with a
//! `{name}` slot when at least two different names fill it. The score of a
//! rendering is the sum of its hits' strengths (the share of the phrase's
//! tokens its span covers).

use std::collections::HashMap;
use std::ops::Range;

use super::concord::{find, Occurrence, FUNCTION_WORDS};
use super::index::Memory;
use super::tokenize::{tokenize, Kind, Token};
use super::MemoryError;
use crate::lang::Lang;

/// One way a phrase was rendered in the memory.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Rendering {
    /// The rendering in its original case; a place or person name that
    /// varies between hits is written as the slot `{name}`.
    pub text: String,
    /// How many hits carry it.
    pub count: usize,
    /// The observed values of the `{name}` slot (empty when there is none).
    pub fillers: Vec<String>,
    /// Unit numbers (0-based, as in the index) of hits carrying it.
    pub examples: Vec<u32>,
    /// Ranking score, higher first (count weighted by alignment strength).
    pub score: f64,
}

/// The part of a unit's other side that renders one occurrence of the phrase.
#[derive(Clone, Debug, PartialEq)]
pub struct Aligned {
    /// Byte span in the other side's text.
    pub span: Range<usize>,
    /// Byte span of the name slot inside the text, if any.
    pub slot: Option<Range<usize>>,
    /// Share of the phrase's tokens that the span's links cover.
    pub strength: f64,
}

/// Hits read to count renderings (the first ones in unit order). Each costs
/// tokenizing both sides of its unit and reading its links: 2,000 made
/// `concord 'party committee'` take 85 ms of CPU at 1M generated units
/// (228 ms wall on the loaded machine), over the 50 ms target.
pub const MAX_HITS: usize = 300;
/// Examples kept per rendering.
pub const MAX_EXAMPLES: usize = 5;
/// Most tokens a rendering may span per token of the phrase (plus
/// [`SPAN_SLACK`]): a span longer than that is the trace of a stray link.
/// "secretary of the CPC Huai'an Municipal Committee" is 9 tokens for the
/// 4 characters of 市委书记; 3 per token kept every title of corpora/dev.
pub const SPAN_PER_TOKEN: usize = 3;
/// See [`SPAN_PER_TOKEN`].
pub const SPAN_SLACK: usize = 4;

/// The aligned span of the other side for phrase span `phrase` (bytes of the
/// `lang` side of unit `u`); `None` when no token of the phrase is linked.
pub fn aligned_span(
    mem: &Memory,
    u: u32,
    lang: Lang,
    phrase: Range<usize>,
) -> Result<Option<Aligned>, MemoryError> {
    let src = mem.text(u as usize, lang)?;
    let tgt = mem.text(u as usize, lang.other())?;
    let links = mem.links(u as usize);
    mem.check()?;
    Ok(span_from_links(src, tgt, &links, lang, phrase))
}

/// [`aligned_span`] on given texts and links (`(zh, en)` token numbers).
pub fn span_from_links(
    src: &str,
    tgt: &str,
    links: &[(u16, u16)],
    lang: Lang,
    phrase: Range<usize>,
) -> Option<Aligned> {
    let (st, tt) = (tokenize(src), tokenize(tgt));
    let inside: Vec<usize> = st
        .iter()
        .enumerate()
        .filter(|(_, t)| t.span.start >= phrase.start && t.span.end <= phrase.end && t.kind != Kind::Punct)
        .map(|(i, _)| i)
        .collect();
    let (lo, hi) = (*inside.first()?, *inside.last()?);
    // Links as (source token, target token), dropping any that point
    // outside the texts (a damaged or foreign index).
    let pairs: Vec<(usize, usize)> = links
        .iter()
        .map(|&(z, e)| if lang == Lang::Zh { (z as usize, e as usize) } else { (e as usize, z as usize) })
        .filter(|&(s, t)| s < st.len() && t < tt.len())
        .collect();
    if !pairs.iter().any(|&(s, _)| (lo..=hi).contains(&s)) {
        return None;
    }
    // Each target token: linked to the phrase (own), only outside it
    // (foreign), or not at all.
    let mut own_src: Vec<Vec<usize>> = vec![Vec::new(); tt.len()];
    let mut foreign = vec![false; tt.len()];
    for &(s, t) in &pairs {
        if (lo..=hi).contains(&s) {
            own_src[t].push(s);
        } else {
            foreign[t] = true;
        }
    }
    let is_foreign = |t: usize| foreign[t] && own_src[t].is_empty();
    // Runs of foreign tokens (punctuation inside a run kept with it): a
    // name-like run may be a slot, any other splits the candidates.
    let mut breaks = vec![false; tt.len()];
    let mut names: Vec<Range<usize>> = Vec::new();
    let mut t = 0;
    while t < tt.len() {
        if !is_foreign(t) {
            t += 1;
            continue;
        }
        let mut end = t + 1;
        while end < tt.len() {
            if is_foreign(end) {
                end += 1;
            } else if tt[end].kind == Kind::Punct
                && end + 1 < tt.len()
                && is_foreign(end + 1)
                && tt[end].span.end == tt[end + 1].span.start
                && tt[end - 1].span.end == tt[end].span.start
            {
                // An apostrophe or hyphen inside a word (Huai'an).
                end += 2;
            } else {
                break;
            }
        }
        let text = &tgt[tt[t].span.start..tt[end - 1].span.end];
        // A Chinese run is a name when the English words it is linked to are.
        let name = match lang.other() {
            Lang::En => is_name_like(text, &tt[t..end], Lang::En),
            Lang::Zh => {
                let partners: Vec<usize> =
                    pairs.iter().filter(|&&(_, x)| (t..end).contains(&x)).map(|&(s, _)| s).collect();
                is_name_like(text, &tt[t..end], Lang::Zh)
                    && !partners.is_empty()
                    && partners.iter().all(|&s| {
                        let w = &src[st[s].span.clone()];
                        w.chars().next().is_some_and(char::is_uppercase) && is_pinyin(w)
                    })
            }
        };
        if name {
            names.push(t..end);
        } else {
            breaks[t..end].iter_mut().for_each(|b| *b = true);
        }
        t = end;
    }
    // Segments between breaks, trimmed to their own tokens; the best covers
    // the most tokens of the phrase, then is the shortest.
    let mut best: Option<(usize, usize, usize)> = None; // (covered, first, last)
    let mut seg_start = 0;
    let ends = breaks.iter().enumerate().filter(|(_, &b)| b).map(|(t, _)| t).chain([tt.len()]);
    for t in ends {
        let own: Vec<usize> = (seg_start..t).filter(|&k| !own_src[k].is_empty()).collect();
        if let (Some(&a), Some(&b)) = (own.first(), own.last()) {
            let mut covered: Vec<usize> = own.iter().flat_map(|&k| own_src[k].iter().copied()).collect();
            covered.sort_unstable();
            covered.dedup();
            let better = match best {
                None => true,
                Some((c, x, y)) => covered.len() > c || (covered.len() == c && b - a < y - x),
            };
            if better {
                best = Some((covered.len(), a, b));
            }
        }
        seg_start = t + 1;
    }
    let (covered, mut tmin, mut tmax) = best?;
    // English function words at the edges ("mayor of") are links of little
    // weight; the rendering is the content between them.
    if lang.other() == Lang::En {
        let function = |k: usize| {
            tt[k].kind != Kind::Word
                || FUNCTION_WORDS.contains(&tgt[tt[k].span.clone()].to_lowercase().as_str())
        };
        while tmin < tmax && function(tmax) {
            tmax -= 1;
        }
        while tmin < tmax && function(tmin) {
            tmin += 1;
        }
    }
    if tmax - tmin + 1 > SPAN_PER_TOKEN * inside.len() + SPAN_SLACK {
        return None;
    }
    let slot = names
        .iter()
        .find(|r| r.start > tmin && r.end <= tmax)
        .map(|r| tt[r.start].span.start..tt[r.end - 1].span.end);
    let strength = covered as f64 / inside.len() as f64;
    Some(Aligned { span: tt[tmin].span.start..tt[tmax].span.end, slot, strength })
}

/// Whether a word could be a romanised Chinese name: it splits into pinyin
/// syllables ([`crate::anchor::name::split_pinyin`]). Title words
/// ("Municipal", "Party", "CPC") do not.
fn is_pinyin(word: &str) -> bool {
    let w = word.trim_end_matches("'s").trim_end_matches("’s").to_lowercase();
    !crate::anchor::name::split_pinyin(&w).is_empty()
}

/// Whether a run of target tokens looks like a name: capitalised pinyin
/// words for English, Han characters for Chinese, at most three words or
/// four characters.
fn is_name_like(text: &str, run: &[Token], lang: Lang) -> bool {
    match lang {
        Lang::En => {
            let words: Vec<&str> = text.split_whitespace().collect();
            !words.is_empty()
                && words.len() <= 3
                && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) && is_pinyin(w))
        }
        Lang::Zh => run.len() <= 4 && run.iter().all(|t| t.kind == Kind::Han),
    }
}

/// Most Han characters of a term (a long organisation name:
/// 连云港市人力资源和社会保障局 is 14).
pub const TERM_MAX_HAN: usize = 20;
/// Most words of an English term.
pub const TERM_MAX_WORDS: usize = 10;

/// Whether a query reads as a term (a title, a name) rather than a sentence:
/// short, and without sentence punctuation.
pub fn is_term(text: &str) -> bool {
    let text = text.trim();
    if text.is_empty() || text.chars().any(|c| "。！？；!?;，,：:".contains(c)) {
        return false;
    }
    let toks = tokenize(text);
    let han = toks.iter().filter(|t| t.kind == Kind::Han).count();
    let words = toks.iter().filter(|t| t.kind == Kind::Word).count();
    han + words > 0 && han <= TERM_MAX_HAN && words <= TERM_MAX_WORDS && !text.ends_with('.')
}

/// A hit's rendering before grouping.
struct Found {
    unit: u32,
    text: String,
    filler: Option<String>,
    strength: f64,
}

/// The renderings of `phrase` (written in `lang`) on the other side of the
/// memory, best first, at most `limit`. Reads the first [`MAX_HITS`] hits.
pub fn renderings_of(
    mem: &Memory,
    phrase: &str,
    lang: Lang,
    limit: usize,
) -> Result<Vec<Rendering>, MemoryError> {
    let occ = find(mem, phrase, lang, MAX_HITS)?;
    let mut found = Vec::new();
    for o in &occ {
        collect(mem, o, lang, &mut found)?;
    }
    mem.check()?;
    Ok(group(found, lang.other(), limit))
}

/// The aligned spans of every span of one occurrence, in order.
pub fn aligned_spans(mem: &Memory, o: &Occurrence, lang: Lang) -> Result<Vec<Option<Aligned>>, MemoryError> {
    let src = mem.text(o.unit as usize, lang)?;
    let tgt = mem.text(o.unit as usize, lang.other())?;
    let links = mem.links(o.unit as usize);
    mem.check()?;
    Ok(o.spans.iter().map(|s| span_from_links(src, tgt, &links, lang, s.clone())).collect())
}

fn collect(mem: &Memory, o: &Occurrence, lang: Lang, out: &mut Vec<Found>) -> Result<(), MemoryError> {
    let tgt = mem.text(o.unit as usize, lang.other())?;
    for a in aligned_spans(mem, o, lang)?.into_iter().flatten() {
        let (text, filler) = match &a.slot {
            Some(s) => (
                format!("{}{{name}}{}", &tgt[a.span.start..s.start], &tgt[s.end..a.span.end]),
                Some(tgt[s.clone()].to_string()),
            ),
            None => (tgt[a.span.clone()].to_string(), None),
        };
        out.push(Found { unit: o.unit, text, filler, strength: a.strength });
    }
    Ok(())
}

/// A group of hits under one rendering.
#[derive(Default)]
struct Group {
    spellings: HashMap<String, usize>,
    fillers: Vec<String>,
    units: Vec<u32>,
    count: usize,
    score: f64,
}

impl Group {
    fn add(&mut self, f: &Found) {
        *self.spellings.entry(f.text.clone()).or_default() += 1;
        if let Some(x) = &f.filler {
            if !self.fillers.contains(x) {
                self.fillers.push(x.clone());
            }
        }
        if self.units.len() < MAX_EXAMPLES && !self.units.contains(&f.unit) {
            self.units.push(f.unit);
        }
        self.count += 1;
        self.score += f.strength;
    }

    fn text(&self) -> String {
        let mut v: Vec<(&String, &usize)> = self.spellings.iter().collect();
        // Most frequent, then the one starting in lower case (a title in
        // running text rather than at the start of a sentence), then by text.
        v.sort_by(|a, b| {
            b.1.cmp(a.1)
                .then(a.0.starts_with(char::is_uppercase).cmp(&b.0.starts_with(char::is_uppercase)))
                .then(a.0.cmp(b.0))
        });
        v.first().map(|x| x.0.clone()).unwrap_or_default()
    }
}

/// The key under which spellings are grouped.
fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// English templates of a rendering: each run of one to three capitalised
/// pinyin words (not the first word) replaced by `{name}`, with the run.
fn templates(text: &str) -> Vec<(String, String)> {
    let words: Vec<&str> = text.split(' ').collect();
    let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase) && is_pinyin(w);
    let mut out = Vec::new();
    for a in 1..words.len() {
        for b in a + 1..=(a + 3).min(words.len()) {
            if !words[a..b].iter().all(|w| cap(w)) {
                break;
            }
            let t = [&words[..a], &["{name}"], &words[b..]].concat().join(" ");
            out.push((t, words[a..b].join(" ")));
        }
    }
    out
}

fn group(found: Vec<Found>, target: Lang, limit: usize) -> Vec<Rendering> {
    // Slot-free English renderings that share a template with another name.
    let mut by_template: HashMap<String, Vec<(usize, String)>> = HashMap::new();
    if target == Lang::En {
        for (k, f) in found.iter().enumerate() {
            if f.filler.is_none() {
                for (t, filler) in templates(&f.text) {
                    by_template.entry(fold(&t)).or_default().push((k, filler));
                }
            }
        }
    }
    let mut template_of: Vec<Option<(String, String)>> = vec![None; found.len()];
    // Templates with the most hits first, then the shortest names.
    let mut ts: Vec<(String, Vec<(usize, String)>)> = by_template
        .into_iter()
        .filter(|(_, v)| {
            let mut names: Vec<String> = v.iter().map(|x| fold(&x.1)).collect();
            names.sort_unstable();
            names.dedup();
            names.len() >= 2
        })
        .collect();
    ts.sort_by(|a, b| {
        b.1.len()
            .cmp(&a.1.len())
            .then(a.1.iter().map(|x| x.1.len()).sum::<usize>().cmp(&b.1.iter().map(|x| x.1.len()).sum()))
            .then(a.0.cmp(&b.0))
    });
    for (t, v) in &ts {
        for (k, filler) in v {
            if template_of[*k].is_none() {
                template_of[*k] = Some((t.clone(), filler.clone()));
            }
        }
    }
    let mut groups: HashMap<String, Group> = HashMap::new();
    for (k, mut f) in found.into_iter().enumerate() {
        if let Some((_, filler)) = &template_of[k] {
            // Rebuild the template in this hit's own case.
            let orig = templates(&f.text).into_iter().find(|(_, x)| x == filler);
            if let Some((t, x)) = orig {
                f.text = t;
                f.filler = Some(x);
            }
        }
        groups.entry(fold(&f.text)).or_default().add(&f);
    }
    let mut out: Vec<Rendering> = groups
        .into_values()
        .map(|g| Rendering {
            text: g.text(),
            count: g.count,
            fillers: g.fillers.clone(),
            examples: g.units.clone(),
            score: g.score,
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.count.cmp(&a.count)).then(a.text.cmp(&b.text)));
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links_for(src: &str, tgt: &str, pairs: &[(&str, &str)]) -> Vec<(u16, u16)> {
        // (zh token text, en token text) → token numbers, first occurrence.
        let (st, tt) = (tokenize(src), tokenize(tgt));
        pairs
            .iter()
            .map(|(z, e)| {
                let zi = st.iter().position(|t| &src[t.span.clone()] == *z).unwrap();
                let ei = tt.iter().position(|t| &tgt[t.span.clone()] == *e).unwrap();
                (zi as u16, ei as u16)
            })
            .collect()
    }

    #[test]
    fn a_name_linked_outside_the_phrase_becomes_the_slot() {
        let zh = "淮安市委书记出席。";
        let en = "The secretary of the CPC Huai'an Municipal Committee attended.";
        let links = links_for(
            zh,
            en,
            &[
                ("淮", "Huai"),
                ("安", "an"),
                ("市", "Municipal"),
                ("委", "Committee"),
                ("书", "secretary"),
                ("记", "secretary"),
                ("出", "attended"),
            ],
        );
        let start = zh.find("市委书记").unwrap();
        let a = span_from_links(zh, en, &links, Lang::Zh, start..start + "市委书记".len()).unwrap();
        assert_eq!(&en[a.span.clone()], "secretary of the CPC Huai'an Municipal Committee");
        assert_eq!(&en[a.slot.unwrap()], "Huai'an");
        assert_eq!(a.strength, 1.0);
    }

    #[test]
    fn titles_are_terms_and_sentences_are_not() {
        for t in [
            "人力资源和社会保障局",
            "市委书记",
            "Municipal Human Resources and Social Security Bureau",
            "executive vice-mayor",
        ] {
            assert!(is_term(t), "{t}");
        }
        for t in ["港口吞吐量增长了百分之五。", "The port grew.", "", "，", "a b c d e f g h i j k"]
        {
            assert!(!is_term(t), "{t}");
        }
    }

    #[test]
    fn an_unlinked_phrase_has_no_rendering() {
        let a = span_from_links("港口", "port", &[], Lang::Zh, 0..6);
        assert!(a.is_none());
    }

    #[test]
    fn renderings_differing_in_a_name_share_one_slot() {
        let f = |unit, text: &str| Found { unit, text: text.into(), filler: None, strength: 1.0 };
        let found = vec![
            f(0, "secretary of the CPC Huai'an Municipal Committee"),
            f(1, "secretary of the CPC Nantong Municipal Committee"),
            f(2, "secretary of the CPC Nantong Municipal Committee"),
            f(3, "party secretary"),
        ];
        let r = group(found, Lang::En, 5);
        assert_eq!(r[0].text, "secretary of the CPC {name} Municipal Committee");
        assert_eq!(r[0].count, 3);
        assert_eq!(r[0].fillers, ["Huai'an", "Nantong"]);
        assert_eq!(r[0].examples, [0, 1, 2]);
        assert_eq!(r[1].text, "party secretary");
    }

    #[test]
    fn case_variants_group_under_the_running_text_spelling() {
        let f = |unit, text: &str| Found { unit, text: text.into(), filler: None, strength: 1.0 };
        let r = group(vec![f(0, "Executive vice-mayor"), f(1, "executive vice-mayor")], Lang::En, 5);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].text, "executive vice-mayor");
        assert_eq!(r[0].count, 2);
    }
}
