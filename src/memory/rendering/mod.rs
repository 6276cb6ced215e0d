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
//! rendering's `{name}` slot. A piece's own token at its edge, a word apart
//! from the others, whose phrase tokens the others render too is a second
//! link to a wrong copy and is left out. Of the pieces left, the one whose
//! own tokens cover the most tokens of the phrase wins (then the shortest),
//! trimmed to its first and last own token: the minimal phrase pair of
//! phrase-based translation, before the title structure below adds to it.
//! For a head-final Chinese title the pieces are compared after that
//! addition, by what the completed span renders.
//!
//! # Title structure
//!
//! The minimal span is then shaped by how titles are built, since the links
//! of their function and head words are the weakest: the English head of a
//! head-final Chinese title ("director of the …" for `…局局长`,
//! [`TITLE_HEADS`]) is taken before the span, or the "of the …" after a span
//! that is the head alone; an English span runs on to the end of its
//! capitalised title ("… Rural Affairs") and back over a capitalised word
//! linked to the one character right before the phrase ("Municipal" for
//! `市`), which a head put before it moves into the `{name}` slot;
//! a title takes "chief" for a head in `长` and a place after "of Name"
//! that renders the rest of the phrase; a Chinese span drops a trailing
//! head the English phrase has no word for, completes an organisation word
//! ([`ORG_SUFFIXES`]), takes characters linked to a copy of a phrase
//! word it does not render yet and drops a grammar character at an end
//! (`为` of `任命…为`) that starts or ends no dictionary word there. English
//! function words and words linked to a copy of a phrase character
//! elsewhere in the unit do not cut a span.
//!
//! # Grouping
//!
//! Renderings are grouped without regard to case or to a hyphen between
//! two words ("vice-president", "vice president"), shown in their most
//! frequent spelling. English renderings that differ only in one run of one
//! to three capitalised words ("… CPC Huai'an Municipal Committee", "… CPC
//! Nantong Municipal Committee") are merged under a template with a
//! `{name}` slot when at least two different names fill it. The score of a
//! rendering is the sum of its hits' strengths (the share of the phrase's
//! tokens its span covers). Renderings that keep the phrase's title
//! structure (its head and `副` rendered, no head added:
//! [`structure_agrees`]) rank before those that do not, whatever their
//! counts: a span that lost "director of the" renders another office; then
//! those whose spans render both ends of the phrase
//! ([`Rendering::renders_whole`]); within each class the most frequent come
//! first.
//!
//! # Evidence from other units
//!
//! A span that leaves a part of a title's body unrendered takes the words
//! after it that render that part the way the memory renders it elsewhere
//! ([`extend_by_parts`]): "member of the Standing Committee" + "of the CPC
//! Qinglan County Committee" for `县委常委`, `县委` being "County Committee"
//! in other units.
//!
//! # Files
//!
//! This file holds the entry points (`renderings_of`, `renderings_from`,
//! `aligned_spans`, `extend_by_parts`) and what a hit becomes;
//! `span` builds one hit's span from its links, `title` holds what that
//! builder knows of titles (heads, modifiers, organisation words, levels),
//! `place` reads the place named before a phrase, and `group` sums the hits
//! into renderings.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::concord::{find, Occurrence, FUNCTION_WORDS};
use super::index::Memory;
use super::tokenize::{tokenize, Kind, Token};
use super::MemoryError;
use crate::lang::Lang;

mod group;
mod place;
mod span;
#[cfg(test)]
mod tests;
mod title;

use group::*;
use place::*;
use span::*;
use title::*;

pub use place::LEVEL_WORDS;
pub use span::{
    span_from_links, APPOSITION_WORDS, BRIDGE_BEFORE, BRIDGE_REACH, HEAD_AFTER, HEAD_BODY_CHARS, HEAD_REACH,
    LEGAL_FORMS, MIN_ORG_HAN, NAME_MAX_HAN, NEXT_NAME_REACH, ORG_WORD_REACH, SERIAL_REACH, SPAN_PER_TOKEN,
    SPAN_SLACK, STRAY_DISTANCE, STRAY_GAP, STRAY_WINDOW,
};
pub(crate) use title::title_head;
pub use title::{structure_agrees, LEVEL_HAN, ORG_SUFFIXES, TITLE_HEADS};

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
    /// Ranking score (count weighted by alignment strength).
    pub score: f64,
    /// Whether it keeps the phrase's title structure ([`structure_agrees`]):
    /// those that do come first, then by count, then by score.
    pub structure: bool,
    /// Hits whose span renders both ends of the phrase ([`Aligned::whole`]):
    /// see [`Rendering::renders_whole`]; not printed.
    #[serde(skip)]
    pub whole: usize,
    /// Hits whose span renders the last end of the phrase
    /// ([`Aligned::last`]): see [`Rendering::renders_last`]; not printed.
    #[serde(skip)]
    pub last: usize,
}

impl Rendering {
    /// Whether its spans render both ends of the phrase ([`Aligned::whole`])
    /// in at least half its hits: otherwise it is a fragment of the
    /// phrase's rendering ("year" for `今年园区`, "bureau" for
    /// `市市场监管局`), which `concord` ranks after the whole ones and the
    /// glossary takes as no term's target.
    pub fn renders_whole(&self) -> bool {
        2 * self.whole >= self.count
    }

    /// Whether its spans render the last end of the phrase
    /// ([`Aligned::last`]) in at least half its hits. Of two fragments, the
    /// one that renders the end of a Chinese name renders its head (the
    /// body it names: "Transport Bureau" for `交通运输局`, whose `交通` the
    /// English folds into "Transport"), the other a modifier ("traffic"),
    /// so it ranks first.
    pub fn renders_last(&self) -> bool {
        2 * self.last >= self.count
    }
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
    /// Whether the span renders both ends of the phrase: one of its first two
    /// tokens, and one of its last two or the English word of its title head.
    pub whole: bool,
    /// Whether the span renders the last end of the phrase (one of its last
    /// two tokens or the English word of its title head), whole or not.
    pub last: bool,
    /// The longest run of two or more Han characters of a Chinese title's
    /// body (its head left out) that the span does not render, as a byte
    /// span of the phrase's side: what [`extend_by_parts`] looks up.
    pub rest: Option<Range<usize>>,
}

/// Hits read to count renderings (the first ones in unit order). Each costs
/// tokenizing both sides of its unit and reading its links: 2,000 made
/// `concord 'party committee'` take 85 ms of CPU at 1M generated units
/// (228 ms wall on the loaded machine), over the 50 ms target.
pub const MAX_HITS: usize = 300;
/// Examples kept per rendering.
pub const MAX_EXAMPLES: usize = 5;
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

/// Weight of a hit where the phrase is part of a longer word: a Chinese
/// title followed by an organisation suffix (`市委常委` in `市委常委会`, the
/// committee rather than its member) or an English word joined on by a
/// hyphen ("mayor" in "vice-mayor"). Such hits still count, far less: on
/// the 69 entries of corpora/titles/{dev,test}.tsv (2026-12-05) 0.25 and
/// 0.1 gave 69 best renderings right, 1 (no weighting) 68.
pub const PART_OF_WORD_WEIGHT: f64 = 0.25;

/// Most Han characters of a term (a long organisation name:
/// 连云港市人力资源和社会保障局 is 14).
pub const TERM_MAX_HAN: usize = 20;
/// Most words of an English term.
pub const TERM_MAX_WORDS: usize = 10;

/// Whether a query reads as a term (a title, a name) rather than a sentence:
/// short, and without sentence punctuation. The comma and full stops of a
/// company's legal form at its end ("… Group Co., Ltd.", [`LEGAL_FORMS`])
/// are part of the name, not sentence punctuation.
pub fn is_term(text: &str) -> bool {
    let whole = text.trim();
    let text = without_legal_form(whole);
    if text.is_empty() || text.chars().any(|c| "。！？；!?;，,：:".contains(c)) {
        return false;
    }
    let toks = tokenize(whole);
    let han = toks.iter().filter(|t| t.kind == Kind::Han).count();
    let words = toks.iter().filter(|t| t.kind == Kind::Word).count();
    han + words > 0 && han <= TERM_MAX_HAN && words <= TERM_MAX_WORDS && !text.ends_with('.')
}

/// `text` without the legal form of a company name it ends with
/// ([`LEGAL_FORMS`]: "Co., Ltd.", "Co. Ltd", "Co Ltd."), the space before
/// it left out; `text` itself when it ends with none.
fn without_legal_form(text: &str) -> &str {
    for (first, last) in LEGAL_FORMS {
        let Some(rest) = text.strip_suffix('.').unwrap_or(text).strip_suffix(last) else { continue };
        let rest = rest.trim_end();
        let rest = rest.strip_suffix(',').unwrap_or(rest);
        let rest = rest.strip_suffix('.').unwrap_or(rest);
        // The name before the form in title case, as a company's is: "The
        // committee met Linjiang Port Group Co., Ltd." is a sentence that
        // ends in one (session 21 review).
        let titled =
            |name: &str| name.split_whitespace().all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()));
        if let Some(name) = rest.strip_suffix(first).filter(|n| n.ends_with(char::is_whitespace) && titled(n))
        {
            return name.trim_end();
        }
    }
    text
}

/// A hit's rendering before grouping.
struct Found {
    unit: u32,
    text: String,
    filler: Option<String>,
    strength: f64,
    /// The span renders both ends of the phrase ([`Aligned::whole`]).
    whole: bool,
    /// The span renders the last end of the phrase ([`Aligned::last`]).
    last: bool,
    /// Whether the span starts a sentence or comes right before a name,
    /// where English capitalises a title whatever its usual spelling
    /// ("Executive Vice Mayor Xie Donghai").
    positional: bool,
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
    let mut aligned = occ.iter().map(|o| aligned_spans(mem, o, lang)).collect::<Result<Vec<_>, _>>()?;
    extend_by_parts(mem, &occ, &mut aligned, lang)?;
    renderings_from(mem, phrase, lang, &occ, &aligned, limit)
}

/// Hits of a part of a phrase read by [`extend_by_parts`] (the first in unit
/// order): a part is a short word (`县委`, `政协`) seen in many units, and
/// its usual renderings show in the first hundred.
pub const PART_HITS: usize = 100;
/// Most parts looked up for one phrase (the first hit's that needs one):
/// each costs a search and the alignment of up to [`PART_HITS`] hits, a
/// third of what the phrase's own [`MAX_HITS`] cost. Two changed nothing on
/// corpora/titles/dev.tsv (session 14), one bounds `concord`'s extra work.
pub const MAX_PARTS: usize = 1;
/// Renderings of a part that count as its established ones: those seen at
/// least this often, among its first five.
pub const PART_MIN_COUNT: usize = 2;

/// Evidence from other units for the part of a title a span misses.
///
/// A Chinese title's English span that leaves two or more characters of the
/// title's body unrendered (`县委` of `县委常委` in "member of the Standing
/// Committee", whose links went to another `县委` of the list) is followed
/// in the text, often, by "of (the)" and the missing part as the memory
/// renders it elsewhere: "… of the CPC Qinglan County Committee", where
/// `县委` is "County Committee" in seven other units; "chairwoman of the
/// Qinglan County Committee of the Chinese People's Political Consultative
/// Conference", `政协` being "Political Consultative Conference" in five.
/// The links of those words went elsewhere, but the recurring rendering of
/// the part vouches for them: the span takes "of (the)" and the capitalised
/// run after it when that run ends with an established rendering of the
/// part ([`PART_MIN_COUNT`] hits or more, two words or more).
pub fn extend_by_parts(
    mem: &Memory,
    occ: &[Occurrence],
    aligned: &mut [Vec<Option<Aligned>>],
    lang: Lang,
) -> Result<(), MemoryError> {
    if lang != Lang::Zh {
        return Ok(());
    }
    let mut parts: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    for (o, spans) in occ.iter().zip(aligned.iter_mut()).take(MAX_HITS) {
        for a in spans.iter_mut().flatten() {
            let Some(rest) = a.rest.clone() else { continue };
            let tgt = mem.text(o.unit as usize, Lang::En)?;
            let Some(run) = of_run(&tgt[a.span.end..]) else { continue };
            let part = mem.text(o.unit as usize, Lang::Zh)?[rest].to_string();
            if !parts.contains_key(&part) {
                if parts.len() >= MAX_PARTS {
                    continue;
                }
                let p_occ = find(mem, &part, Lang::Zh, PART_HITS)?;
                let p_aligned =
                    p_occ.iter().map(|o| aligned_spans(mem, o, Lang::Zh)).collect::<Result<Vec<_>, _>>()?;
                let known = renderings_from(mem, &part, Lang::Zh, &p_occ, &p_aligned, 5)?
                    .into_iter()
                    .filter(|r| r.count >= PART_MIN_COUNT && !r.text.contains("{name}"))
                    .map(|r| words_of(&r.text))
                    .filter(|w| w.len() >= 2)
                    .collect();
                parts.insert(part.clone(), known);
            }
            let run_words = words_of(&tgt[a.span.end..a.span.end + run]);
            if parts[&part].iter().any(|w| run_words.ends_with(w)) {
                a.span.end += run;
                a.whole = true;
                a.last = true;
            }
        }
    }
    mem.check()
}

/// Lower-case words of an English text, apostrophes and hyphens kept inside.
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The length in bytes of "of (the) Capitalised Run" at the start of `text`
/// (after its leading space), ending on the run's last capitalised word;
/// lower-case connectors ("and", "of", "for") are crossed only between
/// capitalised words, and the run stops at any other word or punctuation
/// but an in-word apostrophe or hyphen. `None` when `text` does not start so.
fn of_run(text: &str) -> Option<usize> {
    let toks = tokenize(text);
    let w = |k: usize| &text[toks[k].span.clone()];
    let cap = |k: usize| toks[k].kind == Kind::Word && w(k).starts_with(char::is_uppercase);
    let glued = |k: usize| k > 0 && toks[k - 1].span.end == toks[k].span.start;
    let mut k = 0;
    if toks.first().is_none_or(|_| !w(0).eq_ignore_ascii_case("of")) {
        return None;
    }
    k += 1;
    if k < toks.len() && w(k).eq_ignore_ascii_case("the") {
        k += 1;
    }
    let mut end = None;
    while k < toks.len() {
        if cap(k) {
            end = Some(toks[k].span.end);
        } else if toks[k].kind == Kind::Punct && glued(k) && k + 1 < toks.len() && glued(k + 1) {
            // "People's", "Urban-Rural": the word goes on.
        } else if toks[k].kind == Kind::Word && glued(k) && end.is_some() {
            end = Some(toks[k].span.end);
        } else if !(toks[k].kind == Kind::Word
            && CONNECTORS.contains(&w(k).to_lowercase().as_str())
            && k + 1 < toks.len()
            && cap(k + 1))
        {
            break;
        }
        k += 1;
    }
    end
}

/// [`renderings_of`] from occurrences in unit order (as
/// [`find`] gives them) and their [`aligned_spans`], found already: `concord`
/// lists the first hits and sums up the renderings of the first
/// [`MAX_HITS`] (those read beyond are ignored) with one search and one
/// alignment per hit. Joined units ([`super::index::Entry::joined`]) are
/// hits but count for no rendering: their sentences have units of their own.
pub fn renderings_from(
    mem: &Memory,
    phrase: &str,
    lang: Lang,
    occ: &[Occurrence],
    aligned: &[Vec<Option<Aligned>>],
    limit: usize,
) -> Result<Vec<Rendering>, MemoryError> {
    let mut found = Vec::new();
    for (o, a) in occ.iter().zip(aligned).take(MAX_HITS) {
        // A joined unit repeats the occurrence of the unit of its sentence.
        if !mem.is_joined(o.unit as usize) {
            collect(mem, o, a, lang, &mut found)?;
        }
    }
    mem.check()?;
    Ok(group(found, phrase, lang.other(), limit))
}

/// The aligned spans of every span of one occurrence, in order.
pub fn aligned_spans(mem: &Memory, o: &Occurrence, lang: Lang) -> Result<Vec<Option<Aligned>>, MemoryError> {
    let src = mem.text(o.unit as usize, lang)?;
    let tgt = mem.text(o.unit as usize, lang.other())?;
    let links = mem.links(o.unit as usize);
    mem.check()?;
    let (st, tt) = (tokenize(src), tokenize(tgt));
    Ok(o.spans.iter().map(|s| span_from_tokens(src, &st, tgt, &tt, &links, lang, s.clone())).collect())
}

fn collect(
    mem: &Memory,
    o: &Occurrence,
    aligned: &[Option<Aligned>],
    lang: Lang,
    out: &mut Vec<Found>,
) -> Result<(), MemoryError> {
    let src = mem.text(o.unit as usize, lang)?;
    let tgt = mem.text(o.unit as usize, lang.other())?;
    for (a, at) in aligned.iter().cloned().zip(&o.spans) {
        let Some(a) = a else { continue };
        let slot = a.slot.clone().map(|s| name_without_level(tgt, s));
        let (text, filler) = match (&slot, place_before(src, at.clone(), tgt, a.span.start, lang)) {
            (Some(s), _) => (
                format!("{}{{name}}{}", &tgt[a.span.start..s.start], &tgt[s.end..a.span.end]),
                Some(collapse(&tgt[s.clone()])),
            ),
            (None, Some(place)) => {
                (format!("{{name}} {}", &tgt[a.span.clone()]), Some(collapse(&tgt[place])))
            }
            (None, None) => (tgt[a.span.clone()].to_string(), None),
        };
        let weight = if part_of_word(src, at.clone(), lang) { PART_OF_WORD_WEIGHT } else { 1.0 };
        let before = tgt[..a.span.start].trim_end();
        let next = tgt[a.span.end..].split_whitespace().next().unwrap_or("");
        let positional = before.is_empty()
            || before.ends_with(['.', '!', '?', '"', '“', ':'])
            || (next.starts_with(char::is_uppercase) && is_pinyin(next.trim_end_matches([',', '.', ';'])))
            || headline(tgt);
        out.push(Found {
            unit: o.unit,
            text: collapse(&text),
            filler,
            strength: a.strength * weight,
            whole: a.whole,
            last: a.last,
            positional,
        });
    }
    Ok(())
}

/// Fewest long words (of [`HEADLINE_WORD_CHARS`] letters or more) an
/// English text needs to be read as a headline by `headline`: two
/// capitalised words say nothing, every name is written so.
pub const HEADLINE_MIN_WORDS: usize = 3;
/// Letters of the words `headline` counts: shorter ones ("of", "and",
/// "the", "in") stay in lower case in a title-case headline.
pub const HEADLINE_WORD_CHARS: usize = 4;

/// Whether an English text is a headline in title case ("Jiangchuan
/// Provincial Government Announces Personnel Changes"): every word of
/// [`HEADLINE_WORD_CHARS`] letters or more capitalised, at least
/// [`HEADLINE_MIN_WORDS`] of them. Its capitals are the headline's, not
/// the title's, so a rendering's spelling is not read from it (session
/// 16: `省人民政府` was shown as "Provincial Government" from one headline
/// against "provincial government" in running text).
fn headline(text: &str) -> bool {
    let mut long = 0;
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-')) {
        if w.chars().filter(|c| c.is_alphabetic()).count() >= HEADLINE_WORD_CHARS {
            // Running text has a long word in lower case early on.
            if !w.starts_with(char::is_uppercase) {
                return false;
            }
            long += 1;
        }
    }
    long >= HEADLINE_MIN_WORDS
}

/// Whitespace runs (a line break inside a title) as one space.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the occurrence `at` of a phrase in `text` is part of a longer
/// word (see [`PART_OF_WORD_WEIGHT`]): a Chinese title followed by an
/// organisation suffix or preceded by `副` it does not have, an English
/// phrase joined to a word by a hyphen.
fn part_of_word(text: &str, at: Range<usize>, lang: Lang) -> bool {
    let phrase = &text[at.clone()];
    let (before, after) = (text[..at.start].chars().next_back(), text[at.end..].chars().next());
    match lang {
        Lang::Zh => {
            let titled = TITLE_HEADS.iter().any(|(h, _)| phrase.ends_with(h));
            titled
                && (after.is_some_and(|c| ORG_SUFFIXES.contains(&c))
                    || (before == Some('副') && !phrase.starts_with('副')))
        }
        Lang::En => {
            let joined = |c: Option<char>, next: Option<char>| {
                c == Some('-') && next.is_some_and(char::is_alphanumeric)
            };
            joined(before, text[..at.start].chars().rev().nth(1))
                || joined(after, text[at.end..].chars().nth(1))
        }
    }
}

/// The byte ranges (in `text`) of the dictionary's Chinese headwords found
/// in `text[range]`. The lexicon reports each headword as a slice of the
/// text it was given, so its place is its offset in that slice; a word it
/// reported from anywhere else would be skipped, not misplaced.
pub(crate) fn dictionary_words(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let Some(window) = text.get(range.clone()) else { return Vec::new() };
    let base = window.as_ptr().addr();
    let mut out = Vec::new();
    crate::anchor::lexicon::Lexicon::builtin().visit_anchors(window, Lang::Zh, &mut |_, _, w: &str| {
        if let Some(at) = w.as_ptr().addr().checked_sub(base).filter(|&a| a + w.len() <= window.len()) {
            out.push(range.start + at..range.start + at + w.len());
        }
    });
    out
}
