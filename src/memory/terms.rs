//! Glossary candidates: the titles, organisations and person names of a
//! memory, each with its rendering (what `tmalign glossary` writes).
//!
//! * **Titles and organisations** are Chinese runs ending in a title or
//!   organisation suffix ([`SUFFIXES`]: 书记, 市长, 主任, 委员会, 局, 办公室 …),
//!   two to [`MAX_CHARS`] characters long, seen in at least `min_count`
//!   units. Of the runs ending at one place, a run is kept only when the
//!   memory does not nearly always write the same character before it
//!   ([`LEFT_CLOSED`]): `保障局` is always `社会保障局`, so only the longer run is
//!   a candidate (nor is a run that mostly starts inside a dictionary
//!   word, `会主任` of `委员会主任`); runs starting with a function character (的, 和 …) count
//!   as that context (和社会保障局 closes 社会保障局) but are never candidates
//!   themselves, and a suffix that starts a longer one (局 of 局长, 委员 of
//!   委员会) ends no run, so 保障局局 and 改革委员 are no candidates. The
//!   most frequent [`ExtractOptions::max_terms`] are rendered with
//!   [`super::rendering::renderings_of`]; the best rendering is kept when the
//!   links cover at least [`MIN_STRENGTH`] of the hits.
//! * **Person and place names** are the name anchors the two sides of a unit
//!   share ([`crate::anchor`]: `方卫东` and "Fang Weidong" through pinyin):
//!   two to four Han characters and capitalised English words. A given
//!   name inside a full name of the same unit (卫东 of 方卫东) is no entry:
//!   several people share it.
//!
//! Entries are ranked by count times strength (the share of hits whose
//! links support the rendering).

use std::collections::HashMap;

use rayon::prelude::*;

use super::concord::find;
use super::index::Memory;
use super::rendering::{dictionary_words, renderings_of, title_head};
use super::MemoryError;
use crate::anchor::lexicon::Lexicon;
use crate::anchor::{AnchorKind, Anchorer};
use crate::lang::{is_han, Lang};

/// Endings of Chinese titles and organisation names, longest first where
/// one ends another.
pub const SUFFIXES: &[&str] = &[
    "副书记",
    "书记",
    "副市长",
    "市长",
    "副县长",
    "县长",
    "副区长",
    "区长",
    "副省长",
    "省长",
    "副主任",
    "主任",
    "副局长",
    "局长",
    "副厅长",
    "厅长",
    "副部长",
    "部长",
    "副主席",
    "主席",
    "秘书长",
    "委员会",
    "常委会",
    "常委",
    "委员",
    "办公室",
    "管理局",
    "局",
    "厅",
    "委",
    "部",
    "办",
    "中心",
    "协会",
    "集团",
    "公司",
    "大学",
    "学院",
    "医院",
    "银行",
    "政府",
    "法院",
    "检察院",
    "新区",
    "开发区",
    "园区",
];
/// Longest candidate, in characters (人力资源和社会保障局 is 10).
pub const MAX_CHARS: usize = 12;
/// A run is dropped when one character precedes it in more than this
/// share of its units (it is then a fragment of a longer name).
pub const LEFT_CLOSED: f64 = 0.8;
/// Characters a candidate never starts with.
const FUNCTION_CHARS: &str =
    "的和与及在是为对了等把将由向从并也都就要以其该各这那我你他她们个年月日之于或而被让使中上下";
/// Lowest share of hits whose links support a rendering for an entry.
pub const MIN_STRENGTH: f64 = 0.3;

/// What [`extract`] looks for.
#[derive(Clone, Copy, Debug)]
pub struct ExtractOptions {
    /// Fewest units a term must occur in.
    pub min_count: usize,
    /// Most titles and organisations rendered (the most frequent ones).
    pub max_terms: usize,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions { min_count: 2, max_terms: 500 }
    }
}

/// One candidate entry: Chinese term, English rendering.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub source: String,
    pub target: String,
    /// Units showing the pair.
    pub count: usize,
    /// Share of the term's hits that support the rendering (0–1).
    pub score: f64,
    /// An example unit (index number).
    pub example: u32,
    /// Whether it is a name (else a title or organisation).
    pub name: bool,
    /// For a rendering that names a place or person where it varies
    /// (`{name}`, taken out of [`Term::target`]), the rendering with the
    /// first name seen: "secretary of the CPC Huai'an Municipal Committee".
    pub slot_example: Option<String>,
}

/// Title and organisation candidates of one Chinese text, each once.
fn title_candidates(text: &str, out: &mut Vec<String>) {
    out.clear();
    let chars: Vec<char> = text.chars().collect();
    let mut end = 0;
    while end < chars.len() {
        if !is_han(chars[end]) {
            end += 1;
            continue;
        }
        // chars[..=end] ends a Han run at `end` when a suffix ends here,
        // unless that suffix is the start of a longer one (局 of 局长, 委员
        // of 委员会): 保障局局 and 改革委员 are no terms.
        for suffix in SUFFIXES {
            let n = suffix.chars().count();
            if end + 1 < n || !chars[end + 1 - n..=end].iter().copied().eq(suffix.chars()) {
                continue;
            }
            if begins_longer_suffix(&chars[end + 1 - n..], n) {
                break;
            }
            let mut start = end + 1 - n;
            // The suffix alone is a candidate when it is a title (two or more characters).
            loop {
                let len = end + 1 - start;
                // A run starting with a function character is counted too,
                // as the left context that closes the run after it (和 of
                // 和社会保障局), but [`extract`] never renders it.
                if len >= 2 {
                    out.push(chars[start..=end].iter().collect());
                }
                if start == 0 || len >= MAX_CHARS || !is_han(chars[start - 1]) {
                    break;
                }
                start -= 1;
            }
            break;
        }
        end += 1;
    }
    out.sort_unstable();
    out.dedup();
}

/// Whether `text`, which starts with a suffix of `n` characters, starts
/// with a longer suffix.
fn begins_longer_suffix(text: &[char], n: usize) -> bool {
    SUFFIXES.iter().any(|t| {
        t.chars().count() > n
            && text.len() >= t.chars().count()
            && text.iter().copied().zip(t.chars()).all(|(a, b)| a == b)
    })
}

/// Occurrences of a candidate read to tell whether it starts inside a word.
const WORD_START_SAMPLE: usize = 50;

/// Whether most occurrences of candidate `c` start or end inside a word (one
/// that begins before the candidate and runs into it, with none beginning
/// where it does; or one that begins inside it and runs past its end, with
/// none ending where it does). The words are those of the dictionary and the
/// person and place names the unit's two sides share ([`shared_names`]):
/// `会主任` of `委员会主任`, `委宣传部` of `县委宣传部` start inside a dictionary
/// word, `州大学` of `福州大学` and `云港中哈国际物流有限公司` of `连云港…`
/// inside a name the English spells ("Fuzhou", "Lianyungang"), `汽车零部`
/// ends inside `零部件`. Such pieces of a longer name have a first character
/// that varies, so the left-context test ([`LEFT_CLOSED`]) lets them through.
fn crosses_word(mem: &Memory, anchorer: &Anchorer, c: &str) -> Result<bool, MemoryError> {
    let (mut inside, mut total) = (0usize, 0usize);
    for o in find(mem, c, Lang::Zh, WORD_START_SAMPLE)? {
        let text = mem.text(o.unit as usize, Lang::Zh)?;
        let en = mem.text(o.unit as usize, Lang::En)?;
        let names: Vec<String> = shared_names(anchorer, text, en).into_iter().map(|(z, _)| z).collect();
        for s in &o.spans {
            total += 1;
            let from = text[..s.start].char_indices().rev().nth(3).map_or(0, |(i, _)| i);
            let to = text[s.end..].char_indices().nth(3).map_or(text.len(), |(i, _)| s.end + i);
            let first_end = s.start + text[s.start..].chars().next().map_or(0, char::len_utf8);
            let last_start = text[..s.end].char_indices().next_back().map_or(s.end, |(i, _)| i);
            let mut words = dictionary_words(text, from..to);
            for z in &names {
                let window = &text[from..to];
                words.extend(window.match_indices(z.as_str()).map(|(at, _)| from + at..from + at + z.len()));
            }
            let across_start = words.iter().any(|w| w.start < s.start && w.end > s.start);
            let starts_here = words.iter().any(|w| w.start == s.start && w.end > first_end);
            let across_end = words.iter().any(|w| w.start < s.end && w.start >= s.start && w.end > s.end);
            let ends_here = words.iter().any(|w| w.end == s.end && w.start < last_start);
            if (across_start && !starts_here) || (across_end && !ends_here) {
                inside += 1;
            }
        }
    }
    Ok(inside * 2 > total)
}

/// Characters that, standing as a word of their own inside a candidate
/// (covered by no dictionary word of it), show a clause rather than a name:
/// conjunctions, prepositions and particles (`则`, `由`, `在`, `暨`), verbs of
/// appointment (`任`), and measure words after a number (`家`, `届`, `次`).
/// `装备公司则依托实验室中心`, `全会由市委常委会`, `六次全体会议暨市委`, `任市长`,
/// `家社区卫生服务中心`. `和` is handled apart ([`coordinates_terms`]): it
/// joins the two halves of many names (`人力资源和社会保障局`).
const CLAUSE_CHARS: &str =
    "的与及在是为对了等把将由向从并也都就要以其该各这那之于或而被让使则暨任用凭曾经据家届次个名位项批";

/// Whether a grammar character ([`CLAUSE_CHARS`]) stands alone in candidate
/// `c`, or `c` joins two terms with `和`.
fn reads_as_clause(c: &str) -> bool {
    let words = dictionary_words(c, 0..c.len());
    let alone = c.char_indices().any(|(at, ch)| {
        CLAUSE_CHARS.contains(ch)
            && !words.iter().any(|w| w.start <= at && w.end >= at + ch.len_utf8() && w.len() > ch.len_utf8())
    });
    alone || coordinates_terms(c)
}

/// Whether `c` is two terms joined by `和` (`党委和政府`): the part before
/// `和` ends in a title or organisation suffix itself. In a name the part
/// before `和` is a field (`人力资源和社会保障局`, `发展和改革委员会`).
fn coordinates_terms(c: &str) -> bool {
    c.match_indices('和').any(|(at, _)| SUFFIXES.iter().any(|s| c[..at].ends_with(s)))
}

/// English words a term's rendering never holds: auxiliaries, pronouns,
/// verbs of saying and the prepositions of a clause. A rendering with one
/// ("Equipment drew on technical support from the laboratory center",
/// "session was presided over by…", "officials on their results") renders a
/// piece of a sentence, not a title or a name.
const CLAUSE_WORDS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "said", "says",
    "by", "from", "with", "behalf", "he", "she", "it", "its", "his", "her", "their", "they", "we", "our",
    "this", "that", "these", "those",
];

/// Whether an English rendering reads as a piece of a sentence.
fn clause_rendering(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .any(|w| CLAUSE_WORDS.iter().any(|x| x.eq_ignore_ascii_case(w)))
}

/// Whether term `c` with rendering `target` is a common word rather than a
/// title, an organisation or a name: one dictionary word that names no
/// office, rendered by a single English word that is one of the
/// dictionary's own senses of it (`大学` "University", `医院` "hospital",
/// `政府` "government", `干部` "officials"). Such a word is the generic part
/// of many names (`南京大学`, `华东理工大学`), not one body; a CAT tool's
/// dictionary has it already, and as a glossary entry it would be offered
/// on every name that ends with it. A rendering of several words is a
/// fixed term even when the dictionary has it (`公安局` "Public Security
/// Bureau"), and an office stays (`书记` "secretary", `省长` "governor"): a
/// title is what the glossary is for. An office is a title head
/// ([`title_head`]) or any word ending in `长`, "head of" (`省长`, `行长`);
/// no organisation word ends so.
///
/// Likewise a word of two characters whose second is an organisation
/// suffix of one character (`办`, `局`, `委` …) rendered in lower case
/// throughout: the names of bodies are capitalised (`侨办` "Overseas
/// Chinese Affairs Office", `市委` "Municipal Committee"), while `承办`,
/// `举办`, `主办` are verbs ("organized"; new-user trial, session 19).
fn common_word(c: &str, target: &str) -> bool {
    let office = title_head(c).is_some() || c.ends_with('长');
    let one_word = target.split_whitespace().count() == 1;
    let short_body = c.chars().count() == 2
        && SUFFIXES.iter().any(|s| s.chars().count() == 1 && c.ends_with(s))
        && !target.chars().any(char::is_uppercase);
    short_body || (!office && one_word && Lexicon::builtin().translates(c, target))
}

/// A rendering with its `{name}` slot taken out, as a glossary term: a CAT
/// tool shows the target term as it is, so it must be words, not a pattern.
/// "secretary of the CPC {name} Municipal Committee" becomes "secretary of
/// the CPC Municipal Committee" (how English writes the office when the
/// city is understood), "head of {name} Town" "head of the Town", "vice
/// governor of {name}" "vice governor"; `None` when nothing is left.
pub fn without_slot(text: &str) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    let mut it = text.split_whitespace().peekable();
    while let Some(w) = it.next() {
        if w == "{name}" {
            // "of {name} Town" → "of the Town"; "of {name}" at the end is cut below.
            if words.last().is_some_and(|p| p.eq_ignore_ascii_case("of")) && it.peek().is_some() {
                words.push("the");
            }
            continue;
        }
        if w.contains("{name}") {
            // The slot glued to a word ("{name}'s"): the word goes with it.
            continue;
        }
        words.push(w);
    }
    let edge = |w: &&str| ["of", "the", "and", "for", "in", "&"].iter().any(|x| x.eq_ignore_ascii_case(w));
    while words.last().is_some_and(edge) {
        words.pop();
    }
    while words.first().is_some_and(edge) {
        words.remove(0);
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Whether a candidate starts with a function character (it is then only
/// left context, see [`title_candidates`]).
fn starts_with_function_char(c: &str) -> bool {
    c.chars().next().is_some_and(|f| FUNCTION_CHARS.contains(f))
}

/// The glossary candidates of a memory, ranked best first.
pub fn extract(mem: &Memory, opts: ExtractOptions) -> Result<Vec<Term>, MemoryError> {
    let n = mem.len();
    const CHUNK: usize = 4096;
    // Units per title candidate, and per (Chinese, English) name pair.
    type Counts = (HashMap<String, (u32, u32)>, HashMap<(String, String), (u32, u32)>);
    let merge = |mut a: Counts, b: Counts| {
        for (k, (c, u)) in b.0 {
            let e = a.0.entry(k).or_insert((0, u));
            e.0 += c;
        }
        for (k, (c, u)) in b.1 {
            let e = a.1.entry(k).or_insert((0, u));
            e.0 += c;
        }
        a
    };
    let chunks: Vec<usize> = (0..n).step_by(CHUNK).collect();
    let (titles, names): Counts = chunks
        .par_iter()
        .map(|&from| {
            let anchorer = Anchorer::new();
            let mut counts: Counts = Default::default();
            let mut cands = Vec::new();
            for u in from..(from + CHUNK).min(n) {
                if u % CHUNK == 0 && u > 0 && mem.check().is_err() {
                    break;
                }
                // A joined unit's sentences are counted in their own units.
                if mem.is_joined(u) {
                    continue;
                }
                let (Some(zh), Some(en)) = (mem.text_or_empty(u, Lang::Zh), mem.text_or_empty(u, Lang::En))
                else {
                    continue;
                };
                title_candidates(zh, &mut cands);
                for c in cands.drain(..) {
                    counts.0.entry(c).or_insert((0, u as u32)).0 += 1;
                }
                for (z, e) in shared_names(&anchorer, zh, en) {
                    counts.1.entry((z, e)).or_insert((0, u as u32)).0 += 1;
                }
            }
            counts
        })
        .reduce(Counts::default, merge);
    mem.check()?;
    let min = opts.min_count.max(1) as u32;
    // Left-closed candidates only.
    let mut left_best: HashMap<String, u32> = HashMap::new();
    for (c, &(count, _)) in &titles {
        let mut it = c.chars();
        it.next();
        let rest: String = it.collect();
        if rest.chars().count() >= 2 {
            let e = left_best.entry(rest).or_default();
            *e = (*e).max(count);
        }
    }
    let mut cands: Vec<(&String, u32)> = titles
        .iter()
        .filter(|(c, &(count, _))| {
            count >= min
                && !starts_with_function_char(c)
                && (left_best.get(*c).copied().unwrap_or(0) as f64) <= LEFT_CLOSED * count as f64
        })
        .map(|(c, &(count, _))| (c, count))
        .collect();
    // A suffix glued to the next title (局 + 局长 of 保障局局长) is no term.
    cands.retain(|(c, _)| {
        let mut it = c.chars();
        let first = it.next().map(String::from).unwrap_or_default();
        let rest = it.as_str();
        !(SUFFIXES.contains(&first.as_str()) && (SUFFIXES.contains(&rest) || rest.chars().count() == 1))
    });
    // A run with a grammar character standing alone is a piece of a clause.
    cands.retain(|(c, _)| !reads_as_clause(c));
    cands.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    cands.truncate(opts.max_terms);
    let rendered: Vec<Option<Term>> = cands
        .par_iter()
        .map_init(Anchorer::new, |anchorer, &(c, count)| {
            // The glossary keeps the best supported rendering, by score
            // among those that keep the title structure (`concord` lists
            // them by count: "district head" (2 hits, score 2.0) for `区长`
            // rather than a bare "head" (3 hits, 1.125)).
            if crosses_word(mem, anchorer, c)? {
                return Ok(None);
            }
            let mut all = renderings_of(mem, c, Lang::Zh, usize::MAX)?;
            // Stable: equal scores keep the list's order (count, then spelling).
            all.sort_by(|a, b| b.structure.cmp(&a.structure).then(b.score.total_cmp(&a.score)));
            Ok(all.into_iter().next().and_then(|r| {
                let score = r.score / count.max(1) as f64;
                // A rendering that adds or drops the title's head ("director
                // of the … Transport Bureau" for `市交通运输局`) is no term of it.
                // A target that renders one end of the term only ("year" for
                // `今年园区`, "secretary" for `市委书记`) in most of its hits
                // is a fragment of the term's rendering.
                let fragment = !r.renders_whole();
                if r.count < min as usize
                    || score < MIN_STRENGTH
                    || clause_rendering(&r.text)
                    || !r.structure
                    || fragment
                    || common_word(c, &r.text)
                {
                    return None;
                }
                // A slot is written out as the first name seen in it.
                let slot_example = r.fillers.first().map(|f| r.text.replacen("{name}", f, 1));
                Some(Term {
                    source: c.clone(),
                    target: without_slot(&r.text)?,
                    count: r.count,
                    score: score.min(1.0),
                    example: r.examples.first().copied().unwrap_or(0),
                    name: false,
                    slot_example: slot_example.filter(|_| r.text.contains("{name}")),
                })
            }))
        })
        .collect::<Result<_, MemoryError>>()?;
    let mut out: Vec<Term> = rendered.into_iter().flatten().collect();
    // A run whose rendering is that of a shorter term it ends with, seen
    // more often, adds characters that render nothing: `任市长` ("mayor", the
    // `任` of "was appointed"), `主持召开市政府` ("municipal government"). Seen
    // as often, the shorter one is always inside the longer one, and the
    // longer is the term (its first characters are what the shorter one's
    // rendering took from outside it: `市` + `场监督管理局`, "Municipal …").
    let by_source: HashMap<String, (String, usize)> =
        out.iter().map(|t| (t.source.clone(), (t.target.to_lowercase(), t.count))).collect();
    let same_as_shorter = |t: &Term| {
        let target = t.target.to_lowercase();
        t.source.char_indices().skip(1).any(|(at, _)| {
            by_source.get(&t.source[at..]).is_some_and(|(tt, count)| *tt == target && *count > t.count)
        })
    };
    let same_as_longer = |t: &Term| {
        let target = t.target.to_lowercase();
        by_source.iter().any(|(s, (tt, count))| {
            s.len() > t.source.len() && s.ends_with(&t.source) && *tt == target && *count == t.count
        })
    };
    out.retain(|t| t.name || !(same_as_shorter(t) || same_as_longer(t)));
    // Names: the share of the Chinese name's pairs that this English form takes.
    let mut per_zh: HashMap<&str, u32> = HashMap::new();
    for ((z, _), &(c, _)) in &names {
        *per_zh.entry(z.as_str()).or_default() += c;
    }
    // A part of a longer name seen at least half as often ("卫东" of "方卫东").
    let part_of_longer = |z: &str, e: &str, count: u32| {
        names.iter().any(|((z2, e2), &(c2, _))| {
            z2.len() > z.len() && z2.contains(z) && e2.contains(e) && 2 * c2 >= count
        })
    };
    for ((z, e), &(count, unit)) in &names {
        if count >= min && !part_of_longer(z, e, count) {
            out.push(Term {
                source: z.clone(),
                target: e.clone(),
                count: count as usize,
                score: f64::from(count) / f64::from(per_zh[z.as_str()].max(1)),
                example: unit,
                name: true,
                slot_example: None,
            });
        }
    }
    out.sort_by(|a, b| {
        (b.count as f64 * b.score)
            .total_cmp(&(a.count as f64 * a.score))
            .then(a.source.cmp(&b.source))
            .then(a.target.cmp(&b.target))
    });
    mem.check()?;
    Ok(out)
}

/// The (Chinese, English) name pairs a unit's two sides share: name anchors
/// with equal keys, two to four Han characters against capitalised words;
/// for each English name the longest Chinese one.
fn shared_names(anchorer: &Anchorer, zh: &str, en: &str) -> Vec<(String, String)> {
    // Surfaces are slices of the text; kept as byte ranges.
    let mut zk: Vec<(u64, usize, usize)> = Vec::new();
    let base = zh.as_ptr().addr();
    anchorer.for_each_anchor(zh, Lang::Zh, |kind, key, s| {
        let chars = s.chars().count();
        if kind == AnchorKind::Name && (2..=4).contains(&chars) && s.chars().all(is_han) {
            let start = s.as_ptr().addr().wrapping_sub(base);
            zk.push((key, start, start + s.len()));
        }
    });
    if zk.is_empty() {
        return Vec::new();
    }
    zk.sort_unstable();
    let mut out: Vec<(String, String)> = Vec::new();
    anchorer.for_each_anchor(en, Lang::En, |kind, key, s| {
        if kind != AnchorKind::Name || !s.split_whitespace().all(|w| w.starts_with(char::is_uppercase)) {
            return;
        }
        let from = zk.partition_point(|z| z.0 < key);
        let longest = zk[from..].iter().take_while(|z| z.0 == key).max_by_key(|z| z.2 - z.1);
        if let Some(z) = longest.and_then(|z| zh.get(z.1..z.2)) {
            out.push((z.to_string(), s.to_string()));
        }
    });
    out.sort_unstable_by(|a, b| a.1.cmp(&b.1).then(b.0.len().cmp(&a.0.len())));
    out.dedup_by(|a, b| a.1 == b.1);
    // A given name inside a full name of the same unit ("Weidong" of "Wu
    // Weidong", 卫东 of 吴卫东) is that name's part, not an entry of its own.
    let whole = out.clone();
    out.retain(|(z, e)| {
        !whole.iter().any(|(z2, e2)| {
            z2.len() > z.len() && z2.contains(z.as_str()) && e2.split_whitespace().any(|w| w == e) && e2 != e
        })
    });
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_candidates_end_in_a_suffix_and_keep_function_characters_only_as_context() {
        let mut out = Vec::new();
        title_candidates("记者从淮安市人力资源和社会保障局获悉", &mut out);
        assert!(out.contains(&"人力资源和社会保障局".to_string()));
        assert!(
            out.contains(&"淮安市人力资源和社会保障局".to_string())
                || out.iter().all(|c| c.chars().count() <= MAX_CHARS)
        );
        // 和社会保障局 is there to close 社会保障局, never to be rendered.
        assert!(out.contains(&"和社会保障局".to_string()), "{out:?}");
        assert!(starts_with_function_char("和社会保障局") && !starts_with_function_char("社会保障局"));
        title_candidates("市委副书记、市长曾宪明", &mut out);
        assert!(out.contains(&"市委副书记".to_string()) && out.contains(&"市长".to_string()), "{out:?}");
    }

    #[test]
    fn a_suffix_that_starts_a_longer_one_ends_no_candidate() {
        let mut out = Vec::new();
        title_candidates("市财政局局长王海说，市发展和改革委员会", &mut out);
        assert!(
            out.contains(&"市财政局".to_string()) && out.contains(&"市财政局局长".to_string()),
            "{out:?}"
        );
        assert!(!out.contains(&"市财政局局".to_string()), "{out:?}");
        assert!(out.contains(&"市发展和改革委员会".to_string()), "{out:?}");
        assert!(!out.iter().any(|c| c.ends_with("委员")), "{out:?}");
    }

    #[test]
    fn a_slot_is_taken_out_of_a_glossary_target() {
        assert_eq!(
            without_slot("secretary of the CPC {name} Municipal Committee").as_deref(),
            Some("secretary of the CPC Municipal Committee")
        );
        assert_eq!(without_slot("head of {name} Town").as_deref(), Some("head of the Town"));
        assert_eq!(without_slot("vice governor of {name}").as_deref(), Some("vice governor"));
        assert_eq!(without_slot("{name} Health Commission").as_deref(), Some("Health Commission"));
        assert_eq!(without_slot("{name}"), None);
        assert_eq!(without_slot("mayor").as_deref(), Some("mayor"));
    }

    #[test]
    fn runs_with_a_grammar_character_standing_alone_read_as_clauses() {
        for clause in
            ["装备公司则依托实验室中心", "六次全体会议暨市委", "全会由市委常委会", "任市长", "党委和政府"]
        {
            assert!(reads_as_clause(clause), "{clause}");
        }
        // 任 of 主任, 和 joining the two halves of a name, 会 of 委员会.
        for term in
            ["市发展和改革委员会副主任", "人力资源和社会保障局", "市住房和城乡建设局局长", "县政协主席"]
        {
            assert!(!reads_as_clause(term), "{term}");
        }
    }

    #[test]
    fn renderings_with_a_verb_or_pronoun_are_pieces_of_sentences() {
        assert!(clause_rendering("Equipment drew on technical support from the laboratory center"));
        assert!(clause_rendering("session was presided over by the Standing Committee"));
        assert!(clause_rendering("officials on their results"));
        assert!(!clause_rendering("Municipal Bureau of Housing and Urban-Rural Development"));
        assert!(!clause_rendering("secretary of the CPC Huai'an Municipal Committee"));
    }

    #[test]
    fn a_common_dictionary_word_is_no_entry_but_an_office_or_a_fixed_name_is() {
        assert!(common_word("大学", "University"));
        assert!(common_word("医院", "hospital"));
        assert!(common_word("政府", "government"));
        // Offices stay, though the dictionary has them.
        assert!(!common_word("书记", "secretary"));
        assert!(!common_word("省长", "governor"));
        // A name, a fixed rendering of several words, a sense the dictionary lacks.
        assert!(!common_word("南京大学", "Nanjing University"));
        assert!(!common_word("公安局", "Public Security Bureau"));
        assert!(!common_word("大学", "college campus"));
        // Two characters ending in a body's suffix, in lower case: a verb.
        assert!(common_word("承办", "organized"));
        assert!(!common_word("侨办", "Overseas Chinese Affairs Office"));
        assert!(!common_word("市委", "Municipal Committee"));
    }

    #[test]
    fn a_name_shared_through_pinyin_is_paired() {
        let pairs = shared_names(&Anchorer::new(), "方卫东出席会议。", "Fang Weidong attended the meeting.");
        assert!(pairs.contains(&("方卫东".to_string(), "Fang Weidong".to_string())), "{pairs:?}");
        assert!(!pairs.iter().any(|(z, _)| z == "卫东"), "the given name is part of the full one: {pairs:?}");
    }
}
