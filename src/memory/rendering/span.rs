//! From a hit's word links to the span of the other side that renders the
//! phrase, shaped by how titles are built (see the parent module).

use super::*;

/// Most tokens a rendering may span per token of the phrase (plus
/// [`SPAN_SLACK`]): a span longer than that is the trace of a stray link.
/// "secretary of the CPC Huai'an Municipal Committee" is 9 tokens for the
/// 4 characters of 市委书记; 3 per token kept every title of corpora/dev.
pub const SPAN_PER_TOKEN: usize = 3;
/// See [`SPAN_PER_TOKEN`].
pub const SPAN_SLACK: usize = 4;

/// How far (in Chinese tokens) from the phrase a character must be for its
/// link to a word of an English name inside the span to be taken as a stray
/// one, and the window (tokens either side, on both sides) in which a
/// neighbouring link would support it (session 12; chosen on
/// corpora/titles/dev.tsv, see docs/DESIGN.md "Stray links").
pub const STRAY_DISTANCE: usize = 4;
/// See [`STRAY_DISTANCE`].
pub const STRAY_WINDOW: usize = 2;
/// A stray link is looked for only between two tokens linked to the phrase
/// at most this many tokens away on each side (in one clause).
pub const STRAY_GAP: usize = 6;

/// How many tokens before its span the English word of a Chinese title
/// head given alone (`局长`) is looked for: "director of the Lianyungang
/// Municipal Bureau" is six.
pub const HEAD_REACH: usize = 8;

/// How many tokens after its span the English head of a Chinese title is
/// looked for when the span holds only its modifiers: English puts the head
/// last ("deputy chief procurator" for `副检察长`, where the links reach
/// only "deputy").
pub const HEAD_AFTER: usize = 3;

/// How many characters after a Chinese span an organisation word that
/// completes it (`委员会` after `市监察`) may hold: the dictionary's
/// organisation endings (`委员会`, `办公室`, `管理局`) are at most four.
pub const ORG_WORD_REACH: usize = 4;

/// Fewest Han characters a Chinese rendering keeps when it drops a title
/// head the English phrase lacks: an organisation name has at least three
/// (`财政局`), so `市委常委` for "Standing Committee" keeps its `常委`.
pub const MIN_ORG_HAN: usize = 3;

/// Chinese characters that are mostly grammar (a preposition, a particle, a
/// conjunction): a link from one of them to a phrase word is weak evidence,
/// so a piece of the other side is chosen by its other links first
/// (`为` of `任命…为` linked to "procurator").
pub(super) const FUNCTION_HAN: &[char] =
    &['为', '的', '了', '在', '是', '与', '及', '等', '对', '将', '由', '被', '把', '向', '从', '于'];

/// Opening quotation marks and brackets: a rendering does not start with
/// one it does not close, and they do not hide the sentence start after a
/// full stop.
pub(super) const OPENING: &[char] = &['"', '“', '‘', '「', '『', '《', '(', '（', '[', '【'];
/// Abbreviations of organisation names and titles whose full stop is part
/// of the rendering ("International Logistics Co."), from the company and
/// hospital names of corpora/dev.
pub(super) const ABBREVIATIONS: &[&str] = &["Co", "Ltd", "Inc", "Corp", "No", "Dept", "Bros", "Jr"];
/// The English legal forms that close a company name, as (first word, last
/// word): "Co., Ltd." for `有限公司`, also written "Co. Ltd." or without the
/// last full stop. The whole form is one rendering, its comma ends no
/// clause (session 21: "Linjiang Port Group Co." was the rendering of
/// `临江港口集团有限公司`). "Co., Ltd" is the only form in the dev corpora (79
/// times in corpora/dev*).
pub const LEGAL_FORMS: &[(&str, &str)] = &[("Co", "Ltd")];
/// Punctuation that ends a clause: a rendering never runs over it.
pub(super) const CLAUSE_PUNCT: &[char] =
    &[',', '.', ';', ':', '!', '?', '，', '。', '、', '；', '：', '！', '？'];

/// English possessive determiners a title's "of" may be followed by instead
/// of "the" ("chairman of its board of supervisors").
pub(super) const POSSESSIVES: &[&str] = &["its", "their", "his", "her"];

/// English words for `副` (deputy) kept before a head word.
pub(super) const DEPUTY_WORDS: &[&str] = &["deputy", "vice", "executive"];

/// Lower-case words that join the words of an English title ("Bureau of
/// Agriculture and Rural Affairs").
pub(super) const CONNECTORS: &[&str] = &["and", "of", "for", "the", "&"];

/// Chinese conjunctions that join two parts of one name
/// (`住房和城乡建设局`, "Housing and Urban-Rural Development Bureau"): a
/// phrase holding one has an English "and" inside its rendering.
pub(super) const COORDINATORS: &[&str] = &["和", "与", "及"];
/// Marks that separate the items of a Chinese list (the enumeration comma).
const LIST_MARKS: &[char] = &['、'];

/// How many characters after a Chinese phrase the next organisation word
/// of a longer name may reach (`新闻办公室` after `人民政府` is five): an
/// English word after the span tied to those characters names that next
/// body ("… People's Government Information Office"), not the phrase.
pub const NEXT_NAME_REACH: usize = 6;

/// How many tokens after a comma inside an English name the "and" that
/// closes its list of one-word items may come ("Flood, Drought and Wind …"
/// is one token on; in "A, B, C, D and E" it is five).
pub const SERIAL_REACH: usize = 6;

/// How a target token relates to the phrase through the links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tie {
    /// Linked to a token of the phrase.
    Own,
    /// Not linked, or linked only outside the phrase with little weight (an
    /// English function word, or a copy elsewhere in the unit of one of the
    /// phrase's own tokens: the model put a link on the wrong `市委`).
    Free,
    /// Linked only to tokens outside the phrase, and meant: a boundary.
    Foreign,
}

/// [`aligned_span`] on given texts and links (`(zh, en)` token numbers).
pub fn span_from_links(
    src: &str,
    tgt: &str,
    links: &[(u16, u16)],
    lang: Lang,
    phrase: Range<usize>,
) -> Option<Aligned> {
    span_from_tokens(src, &tokenize(src), tgt, &tokenize(tgt), links, lang, phrase)
}

/// [`span_from_links`] given the texts' tokens as well: an occurrence with
/// several spans tokenizes its unit once.
pub(super) fn span_from_tokens(
    src: &str,
    st: &[Token],
    tgt: &str,
    tt: &[Token],
    links: &[(u16, u16)],
    lang: Lang,
    phrase: Range<usize>,
) -> Option<Aligned> {
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
        return if lang == Lang::Zh { title_by_apposition(st, tgt, tt, &pairs, lo..=hi) } else { None };
    }
    let word = |k: usize| &tgt[tt[k].span.clone()];
    let lower = |k: usize| word(k).to_lowercase();
    let phrase_words: Vec<&str> = (lo..=hi).map(|s| &src[st[s].span.clone()]).collect();
    // Each target token: own, free or foreign (see [`Tie`]).
    let mut own_src: Vec<Vec<usize>> = vec![Vec::new(); tt.len()];
    let mut outside: Vec<Vec<usize>> = vec![Vec::new(); tt.len()];
    for &(s, t) in &pairs {
        if (lo..=hi).contains(&s) {
            own_src[t].push(s);
        } else {
            outside[t].push(s);
        }
    }
    let en_target = lang.other() == Lang::En;
    // A stray link: a word of an English name (capitalised, or the end of
    // one: the "s" of "People's") tied only to characters away from the
    // phrase, each link alone, with no link of a neighbouring character to
    // a neighbouring word ("Development" of "Municipal Housing and
    // Urban-Rural Development Bureau" tied to the `发` of a later `发布会`
    // because `住建` abbreviates `住房和城乡建设`). Model 1 scores a word
    // against every character alike; a link that nothing around it
    // supports is that noise, not the next title of a list, whose words
    // come tied to their characters together.
    let linked: HashSet<(usize, usize)> = pairs.iter().copied().collect();
    let name_word = |t: usize| {
        tt[t].kind == Kind::Word
            && (word(t).starts_with(char::is_uppercase)
                || (t >= 2
                    && tt[t - 1].kind == Kind::Punct
                    && tt[t - 2].span.end == tt[t - 1].span.start
                    && tt[t - 1].span.end == tt[t].span.start
                    && word(t - 2).starts_with(char::is_uppercase)))
    };
    // Whether `t` lies between tokens linked to the phrase, a few tokens
    // each way inside one clause: a stray link matters only inside a span.
    let clause_mark =
        |k: usize| tt[k].kind == Kind::Punct && word(k).chars().all(|c| CLAUSE_PUNCT.contains(&c));
    let within = |t: usize| {
        let side = |ks: &mut dyn Iterator<Item = usize>| {
            ks.take_while(|&k| !clause_mark(k)).any(|k| !own_src[k].is_empty())
        };
        side(&mut (t.saturating_sub(STRAY_GAP)..t).rev())
            && side(&mut (t + 1..tt.len().min(t + 1 + STRAY_GAP)))
    };
    let stray = |t: usize| {
        name_word(t)
            && within(t)
            && outside[t].iter().all(|&s| {
                let far = s + STRAY_DISTANCE < lo || s > hi + STRAY_DISTANCE;
                let alone = !(s.saturating_sub(STRAY_WINDOW)..=s + STRAY_WINDOW).any(|s2| {
                    (t.saturating_sub(STRAY_WINDOW)..=t + STRAY_WINDOW)
                        .any(|t2| (s2, t2) != (s, t) && linked.contains(&(s2, t2)))
                });
                far && alone
            })
    };
    let han = |k: usize| tt[k].kind == Kind::Han;
    let tie: Vec<Tie> = (0..tt.len())
        .map(|t| {
            if !own_src[t].is_empty() {
                Tie::Own
            } else if outside[t].is_empty()
                || (en_target
                    && FUNCTION_WORDS.contains(&lower(t).as_str())
                    // not the tail of a word ("an" of "Huai'an")
                    && (t == 0 || tt[t - 1].span.end < tt[t].span.start))
                || outside[t].iter().any(|&s| phrase_words.contains(&&src[st[s].span.clone()]))
                || (en_target && stray(t))
            {
                Tie::Free
            } else {
                Tie::Foreign
            }
        })
        .collect();
    let is_foreign = |t: usize| tie[t] == Tie::Foreign;
    // Runs of foreign tokens (punctuation inside a run kept with it): an
    // English name-like run may be a slot, any other splits the candidates.
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
        // A Chinese title puts the holder's name after it (`书记林志强`):
        // only an English name sits inside a title.
        // A place and its level word ("Xuzhou Municipal" in "the 17th
        // Xuzhou Municipal People's Congress", both tied to the `徐州市`
        // before the phrase) between words of the phrase: the slot takes
        // the place, the rendering keeps the level word
        // (`name_without_level`). At the edge of a span they stay a break.
        let place_and_level = || {
            let (name, level) = text.rsplit_once(' ').unwrap_or(("", text));
            let own_before = (t.saturating_sub(3)..t).any(|k| !own_src[k].is_empty());
            LEVEL_WORDS.contains(&level)
                && own_before
                && end < tt.len()
                && !own_src[end].is_empty()
                && is_name_like(name, &tt[t..end - 1], Lang::En)
        };
        if en_target && (is_name_like(text, &tt[t..end], Lang::En) || place_and_level()) {
            names.push(t..end);
        } else {
            breaks[t..end].iter_mut().for_each(|b| *b = true);
        }
        t = end;
    }
    // An in-word hyphen, apostrophe or full stop of an English text
    // ("Urban-Rural", "People's", "U.S."), and in either language the
    // decimal point or separator of a number (`5.5万`, "55,000").
    let digits = |k: usize| word(k).chars().next().is_some_and(|c| c.is_ascii_digit());
    let in_word = |k: usize| {
        k > 0
            && k + 1 < tt.len()
            && tt[k - 1].span.end == tt[k].span.start
            && tt[k].span.end == tt[k + 1].span.start
            && (en_target || (digits(k - 1) && digits(k + 1)))
    };
    // Clause punctuation splits the candidates too: a rendering is inside
    // one clause ("…Commission. Chen Xiaomei became director of the…").
    // A full stop after an abbreviation ("No. 1 People's Hospital",
    // "Co. Ltd") or before a lower-case word or a number ends no clause.
    // The next word is looked for past opening quotes and brackets: in
    // `the city. "Mayor Zhou` the stop ends a sentence.
    let abbreviation = |k: usize| {
        let next = (k + 1..tt.len()).find(|&j| !word(j).chars().all(|c| OPENING.contains(&c)));
        word(k) == "."
            && k > 0
            && ((tt[k - 1].kind == Kind::Word
                && word(k - 1).starts_with(char::is_uppercase)
                && word(k - 1).chars().count() <= 3)
                || next.is_some_and(|j| !word(j).starts_with(char::is_uppercase)))
    };
    // A comma of a list of one-word items inside an English name
    // ("Municipal Flood, Drought and Wind Prevention Headquarters" for
    // `防汛防旱防风指挥部`): between two words that are both capitalised (and
    // no pinyin name) or both linked to the phrase, the items after it one
    // word each, separated by commas, up to the "and" that closes the list.
    // A comma between two titles, after a name or in a list of names of
    // several words ("Nanjing University, East China University of …") is
    // no such comma.
    let is_word = |j: usize| j < tt.len() && tt[j].kind == Kind::Word;
    let and = |j: usize| j < tt.len() && (word(j) == "and" || word(j) == "&");
    let closes_list = |start: usize| {
        let mut j = start;
        while j < tt.len() && j < start + SERIAL_REACH {
            if and(j) {
                return is_word(j + 1);
            }
            if !is_word(j) || !(and(j + 1) || (j + 1 < tt.len() && word(j + 1) == ",")) {
                return false;
            }
            j += if and(j + 1) { 1 } else { 2 };
        }
        false
    };
    let serial_comma = |k: usize| {
        let capital = |j: usize| word(j).starts_with(char::is_uppercase) && !is_pinyin(word(j));
        en_target
            && word(k) == ","
            && k > 0
            && is_word(k - 1)
            && is_word(k + 1)
            && closes_list(k + 1)
            && ((!own_src[k - 1].is_empty() && !own_src[k + 1].is_empty())
                || (capital(k - 1) && capital(k + 1)))
    };
    // The comma of a company's legal form ("Co., Ltd."); the full stop
    // after it ends a sentence when a capitalised word follows ("…
    // Logistics Co., Ltd. The company carried …"): a name does not go on
    // past its legal form.
    let in_legal_form =
        |k: usize| (k.saturating_sub(2)..k).any(|j| legal_form_end(tgt, tt, j).is_some_and(|e| e > k));
    let legal_form_stop = |k: usize| {
        let next = (k + 1..tt.len()).find(|&j| !word(j).chars().all(|c| OPENING.contains(&c)));
        word(k) == "."
            && k > 0
            && LEGAL_FORMS.iter().any(|(_, last)| word(k - 1) == *last)
            && next.is_some_and(|j| word(j).starts_with(char::is_uppercase))
    };
    for k in 0..tt.len() {
        if tt[k].kind == Kind::Punct
            && word(k).chars().all(|c| CLAUSE_PUNCT.contains(&c))
            && !in_word(k)
            && !(en_target && ((abbreviation(k) && !legal_form_stop(k)) || in_legal_form(k)))
            && !serial_comma(k)
        {
            breaks[k] = true;
        }
    }
    // A phrase that is an item of a Chinese list (`市财政局、市税务局`) is an
    // item of the English one too: "the Municipal Finance Bureau and the
    // Municipal Taxation Bureau". Model 1 ties the words the items share
    // ("Municipal", "Bureau") to either copy of `市` and `局`, so without a
    // break the span of one item ran over "and the" into the other. An
    // "and" before "the" opens the next item; an "and" inside a name
    // ("Development and Reform Commission") has no "the" after it.
    let coordinated = lang == Lang::Zh && phrase_words.iter().any(|w| COORDINATORS.contains(w));
    let list_item = en_target
        && !coordinated
        && (src[..phrase.start].ends_with(LIST_MARKS) || src[phrase.end..].starts_with(LIST_MARKS));
    if list_item {
        for (k, b) in breaks.iter_mut().enumerate().take(tt.len().saturating_sub(1)) {
            if word(k) == "and" && lower(k + 1) == "the" {
                *b = true;
            }
        }
    }
    // A link from a Chinese grammar character is weak evidence.
    let weak = |k: usize| !en_target && word(k).chars().all(|c| FUNCTION_HAN.contains(&c));
    // The tokens of the head of a Chinese title phrase (`常委` of
    // `市委常委`): the piece that renders the head is the rendering of the
    // title; one that renders only its modifiers is not.
    let head_tokens = match lang {
        Lang::Zh => TITLE_HEADS
            .iter()
            .find(|(h, _)| src[phrase.clone()].ends_with(h))
            .map_or(0, |(h, _)| h.chars().count()),
        Lang::En => 0,
    };
    let in_head = |s: usize| s + head_tokens > hi;
    // The English words of that head: of two pieces that render it, the one
    // holding its word ("Mayor" rather than "city" for `市长`).
    let title = title_head(&src[phrase.clone()]);
    let head_english: &[&str] = title.map_or(&[], |(_, e)| e);
    // Segments between breaks, trimmed to their own tokens; the best renders
    // the phrase's head, then holds its English word, then covers the most tokens of the phrase through
    // links that are not weak, then through any, then is the shortest.
    // (head, named, strong, covered): how well a piece renders the phrase.
    type Fit = (bool, bool, usize, usize);
    let mut best: Option<(Fit, usize, usize)> = None; // (fit, first, last)
    let mut pieces: Vec<(Fit, usize, usize)> = Vec::new();
    // How many tokens of the phrase the own tokens `own` render (through
    // links that are not weak only, or through any).
    let covers = |own: &[usize], strong_only: bool| {
        let mut c: Vec<usize> = own
            .iter()
            .filter(|&&k| !strong_only || !weak(k))
            .flat_map(|&k| own_src[k].iter().copied())
            .collect();
        c.sort_unstable();
        c.dedup();
        c.len()
    };
    let mut seg_start = 0;
    let ends = breaks.iter().enumerate().filter(|(_, &b)| b).map(|(t, _)| t).chain([tt.len()]);
    for t in ends {
        let mut own: Vec<usize> = (seg_start..t).filter(|&k| !own_src[k].is_empty()).collect();
        // An own token at an edge of the piece, a word apart from the others, whose
        // phrase tokens are all rendered by the others too is a second link
        // of those tokens, to a wrong copy: the piece does not reach it
        // ("County Committee and executive deputy county head" for
        // `常务副县长`, whose `县` is linked to both "County" and "county").
        // English renderings only: in Chinese a token is one character, and
        // a character apart is often inside the same word (`委员会`, whose
        // `委` and `会` may both be linked to "Commission").
        let redundant = |own: &[usize], edge: usize, next: usize| {
            en_target
                && (own[edge].min(own[next]) + 1..own[edge].max(own[next])).any(|k| tt[k].kind != Kind::Punct)
                && own_src[own[edge]]
                    .iter()
                    .all(|s| own.iter().enumerate().any(|(i, &k)| i != edge && own_src[k].contains(s)))
        };
        while own.len() >= 2 {
            let n = own.len();
            if redundant(&own, 0, 1) {
                own.remove(0);
            } else if redundant(&own, n - 1, n - 2) {
                own.pop();
            } else {
                break;
            }
        }
        if let (Some(&a), Some(&b)) = (own.first(), own.last()) {
            let (strong, covered) = (covers(&own, true), covers(&own, false));
            let head = own.iter().any(|&k| own_src[k].iter().any(|&s| in_head(s)));
            let named = head && own.iter().any(|&k| head_english.contains(&lower(k).as_str()));
            let key = (head, named, strong, covered);
            pieces.push((key, a, b));
            let better = match best {
                None => true,
                Some((k, x, y)) => key > k || (key == k && b - a < y - x),
            };
            if better {
                best = Some((key, a, b));
            }
        }
        seg_start = t + 1;
    }
    let ((_, _, _, mut covered), mut tmin, mut tmax) = best?;
    // An unlinked name the head extension crossed: the slot.
    let mut crossed_name: Option<Range<usize>> = None;
    // Grammar characters dropped from the ends of a Chinese span: their
    // links still say which words of the phrase the rendering covers.
    let mut dropped: Vec<usize> = Vec::new();
    // The texts of the phrase's tokens that the span `tmin..=tmax` does not render.
    let unrendered = |tmin: usize, tmax: usize| -> Vec<&str> {
        let rendered: Vec<usize> = (tmin..=tmax).flat_map(|k| own_src[k].iter().copied()).collect();
        (lo..=hi).filter(|s| !rendered.contains(s)).map(|s| &src[st[s].span.clone()]).collect()
    };
    if en_target {
        // A foreign name run, or any capitalised pinyin word.
        // An unlinked capitalised word after "of" that spells as pinyin but
        // is an English word of the dictionary (whose common words it holds
        // in lower case, not place names), none of whose Chinese headwords
        // is in the unit, is that English word closing a name ("China" of
        // "the Communist Party of China" next to `省委书记`), not the
        // romanised name of something in the sentence (an unlinked "Qinglan"
        // is the `青岚` before it). Before a span such a word is left out as
        // before, and so is a hyphenated one ("of China-Kazakhstan
        // International Logistics" for `国际物流有限公司`).
        let english_word = |k: usize| {
            let heads = crate::anchor::lexicon::Lexicon::builtin().headwords_of_word(&lower(k));
            k > 0
                && lower(k - 1) == "of"
                && (k + 1 >= tt.len() || tt[k + 1].span.start > tt[k].span.end || word(k + 1) != "-")
                && own_src[k].is_empty()
                && outside[k].is_empty()
                && !heads.is_empty()
                && heads.iter().all(|h| std::str::from_utf8(h).map_or(true, |h| !src.contains(h)))
        };
        let pinyin_name = |k: usize| is_pinyin(word(k)) && !english_word(k);
        let in_name = |k: usize| {
            names.iter().any(|r| r.contains(&k))
                || (tt[k].kind == Kind::Word && word(k).starts_with(char::is_uppercase) && pinyin_name(k))
        };
        let cap =
            |k: usize| tt[k].kind == Kind::Word && word(k).starts_with(char::is_uppercase) && !pinyin_name(k);
        // A word of an English title: capitalised and not a name, or any
        // word the links tie to the phrase.
        let title_word = |k: usize| !breaks[k] && !in_name(k) && (cap(k) || tie[k] == Tie::Own);
        let connector = |k: usize| {
            (tt[k].kind == Kind::Word && CONNECTORS.contains(&lower(k).as_str())) || serial_comma(k)
        };
        // An in-word hyphen or apostrophe ("Urban-Rural").
        let joiner = |k: usize| {
            tt[k].kind == Kind::Punct
                && k > 0
                && k + 1 < tt.len()
                && tt[k - 1].span.end == tt[k].span.start
                && tt[k].span.end == tt[k + 1].span.start
        };
        // The first and last token of the hyphenated word `k` is in
        // ("secretary-general" is three tokens).
        let compound = |k: usize| {
            let (mut a, mut b) = (k, k);
            while a >= 2 && joiner(a - 1) && tt[a - 2].kind == Kind::Word {
                a -= 2;
            }
            while b + 2 < tt.len() && joiner(b + 1) && tt[b + 2].kind == Kind::Word {
                b += 2;
            }
            (a, b)
        };
        // A possessive between "of the" and a title's body ("director of
        // the court's enforcement bureau", "chairman of its board of
        // supervisors"): token `k` is "its"/"their" or in a word ending
        // in 's. It names whose body it is, not a part of the phrase.
        let possessive = |k: usize| {
            let (a, b) = compound(k);
            tt[k].kind != Kind::Han
                && (POSSESSIVES.contains(&lower(k).as_str())
                    || (b == a + 2 && matches!(word(a + 1), "'" | "\u{2019}") && lower(b) == "s"))
        };
        // A possessive, or a word of the possessor right before it
        // ("intermediate" of "the intermediate court's").
        let possessor =
            |k: usize| possessive(k) || (k + 1 < tt.len() && tt[k].kind == Kind::Word && possessive(k + 1));
        // Whether token `k`, or the hyphenated word it is in, is one of `english`.
        let is_head = |english: &[&str], k: usize| {
            let (a, b) = compound(k);
            tt[k].kind == Kind::Word
                && (english.contains(&lower(k).as_str())
                    || english.contains(&tgt[tt[a].span.start..tt[b].span.end].to_lowercase().as_str()))
        };
        // A word capitalised because it starts a sentence, and not linked to
        // the phrase ("Officials of the Municipal Supervisory Commission").
        let opens_sentence = |k: usize| {
            tie[k] != Tie::Own
                && (k == 0 || (tt[k - 1].kind == Kind::Punct && word(k - 1).ends_with(['.', '!', '?'])))
        };
        // A capitalised run from `k` on: its words up to a connector,
        // punctuation or lower-case word; `None` when a name or a boundary
        // is in it, except that the last word of the title may be a foreign
        // one (a stray link from "Affairs" to the next sentence).
        let run = |k: usize| -> Option<usize> {
            let mut end = None;
            let mut x = k;
            loop {
                if x >= tt.len() || !cap(x) || in_name(x) {
                    break;
                }
                let last = |y: usize| y + 1 >= tt.len() || !(cap(y + 1) || joiner(y + 1));
                if breaks[x] && !last(x) {
                    return None;
                }
                end = Some(x);
                x = if x + 1 < tt.len() && joiner(x + 1) { x + 2 } else { x + 1 };
            }
            if x < tt.len() && in_name(x) {
                return None;
            }
            end
        };
        // The span's extensions by title structure, from a piece's first
        // and last own token; with the name the head extension crossed.
        type Extended = (usize, usize, Option<Range<usize>>);
        // A lower-case word of a place's unit after its name ("Fengshan
        // township" for `峰山乡`), rendering characters the span leaves
        // unrendered (`rest`) through its links or, tied to nothing, through
        // the dictionary: a tiny memory gives Model 1 too little to link it.
        // The dictionary's English index holds words, not single
        // characters: "township" gives `乡镇`, which holds the `乡`.
        let unit_word = |k: usize, rest: &[&str]| {
            let names_rest = |s: &usize| rest.contains(&&src[st[*s].span.clone()]);
            tt[k].kind == Kind::Word
                && !connector(k)
                && !word(k).starts_with(char::is_uppercase)
                && (own_src[k].iter().chain(&outside[k]).any(names_rest)
                    || (outside[k].is_empty()
                        && own_src[k].is_empty()
                        && crate::anchor::lexicon::Lexicon::builtin()
                            .headwords_of_word(&lower(k))
                            .iter()
                            .any(|h| {
                                std::str::from_utf8(h).is_ok_and(|h| {
                                    h.chars().count() <= 2 && rest.iter().any(|r| h.contains(r))
                                })
                            })))
        };
        let extend = |mut tmin: usize, mut tmax: usize| -> Extended {
            let mut crossed_name = None;
            // Right: over the rest of the capitalised title the span stops in.
            loop {
                let k = tmax + 1;
                if k >= tt.len() {
                    break;
                }
                if title_word(k) && !connector(k) && !joiner(k) {
                    tmax = k;
                    continue;
                }
                if !cap(tmax) {
                    break;
                }
                let mut c = k;
                while c < tt.len() && (connector(c) || joiner(c)) && !breaks[c] {
                    c += 1;
                }
                match (c < tt.len() && c > k).then(|| run(c)).flatten() {
                    Some(end) => tmax = end,
                    None => {
                        // The closing word of the title, even where a stray link
                        // ties it elsewhere ("Rural Affairs").
                        if joiner(k) || !cap(k) || in_name(k) || run(k) != Some(k) {
                            break;
                        }
                        tmax = k;
                    }
                }
            }
            // A company name the span ends in the middle of the legal form
            // of ("… Group Co." | ", Ltd."): the rest of the form.
            if let Some(end) = legal_form_end(tgt, tt, tmax) {
                tmax = end;
            }
            // A phrase with a conjunction (`住房和城乡建设局`): past the
            // English "and" the span reaches, the capitalised words of the
            // name belong to the rendering even where Model 1 tied them
            // elsewhere (a tiny memory: "Rural" to the `介` of `介绍`).
            if coordinated && cap(tmax) {
                let mut k = tmax + 1;
                let mut crossed = (tmin..=tmax).any(and);
                if !crossed && k + 1 < tt.len() && and(k) && cap(k + 1) && !in_name(k + 1) {
                    crossed = true;
                    k += 1;
                }
                while crossed
                    && k < tt.len()
                    && ((cap(k) && !in_name(k)) || (joiner(k) && k + 1 < tt.len() && cap(k + 1)))
                {
                    if tt[k].kind == Kind::Word {
                        tmax = k;
                    }
                    k += 1;
                }
            }
            // A capitalised word the links tie to the character right before
            // the phrase and to no other (`市` of `周口市农业农村局` is
            // "Municipal"): the span takes it, as the established English name
            // of a body does ("Municipal Transport Bureau" for `交通运输局`),
            // and a head before it puts it in the slot with the name
            // ("director of the {Zhoukou Municipal} Civil Affairs Bureau" for
            // `民政局局长`, which has no `市`). A word tied to characters
            // further back renders a longer name the phrase is only the end
            // of ("Social" of `社会` before `保障局`, "Road" of `一带一路`
            // before `技术转移中心`): the span stops before it.
            // The link may sit on another copy of that character (`市` of a
            // second `湛江市` in the sentence, session 16): the model scores
            // copies alike, and the word right before the span is the
            // nearer copy's.
            let before_phrase = |k: usize| {
                lo > 0
                    && st[lo - 1].kind == Kind::Han
                    && !outside[k].is_empty()
                    && outside[k]
                        .iter()
                        .all(|&s| s + 1 == lo || src[st[s].span.clone()] == src[st[lo - 1].span.clone()])
            };
            let near = |k: usize| cap(k) && !in_name(k) && before_phrase(k);
            // The same word in lower case before a span written in lower
            // case ("the municipal flood, drought and wind prevention
            // headquarters" for `市` + `防汛防旱防风指挥部`): the name is
            // written so throughout, its level word too. Only the level of
            // an administration ([`LEVEL_HAN`]): a lower-case "deputy",
            // "vice" or "former" before a title is another office.
            // (The cheap tests first: this is asked at every step left.)
            let near_lower = |k: usize| {
                src[..st[lo].span.start].ends_with(LEVEL_HAN)
                    && before_phrase(k)
                    && tt[k].kind == Kind::Word
                    && !word(k).starts_with(char::is_uppercase)
                    && tt[k + 1].kind == Kind::Word
                    && !word(k + 1).starts_with(char::is_uppercase)
                    && !FUNCTION_WORDS.contains(&lower(k).as_str())
            };
            // Left: over capitalised title words and `near` ones.
            while tmin > 0 {
                let k = tmin - 1;
                if near_lower(k) && k + 1 == tmin {
                    tmin = k;
                    break;
                }
                if (title_word(k) || near(k))
                    && !connector(k)
                    && !joiner(k)
                    && (cap(k) || tie[k] == Tie::Own)
                    && !opens_sentence(k)
                {
                    tmin = k;
                    continue;
                }
                if !cap(tmin) {
                    break;
                }
                let mut c = k;
                while c > 0 && (connector(c) || joiner(c)) && !breaks[c] {
                    c -= 1;
                }
                if c < k && (title_word(c) || near(c)) && cap(c) && !connector(c) && !opens_sentence(c) {
                    tmin = c;
                } else {
                    break;
                }
            }
            // A span that starts or ends inside a hyphenated word it does not
            // render ("Kazakhstan" of "China-Kazakhstan") leaves that word out.
            if tmin > 0 && joiner(tmin - 1) && tie[tmin] != Tie::Own {
                let (_, b) = compound(tmin);
                if b < tmax {
                    tmin = b + 1;
                }
            }
            if tmax + 1 < tt.len() && joiner(tmax + 1) && tie[tmax] != Tie::Own {
                let (a, _) = compound(tmax);
                if a > tmin {
                    tmax = a - 1;
                }
            }
            // The head of a head-final Chinese title.
            if let Some((head, english)) = title {
                let has_head = (tmin..=tmax).any(|k| is_head(english, k));
                if !has_head {
                    // "director of the [Name] [Municipal] <span>", the words
                    // before the span in the slot.
                    let mut body = tmin;
                    while body < tmax && near(body) {
                        body += 1;
                    }
                    let mut k = tmin;
                    while k > 0 && near(k - 1) {
                        k -= 1;
                    }
                    let mut name_run: Option<Range<usize>> = (k < body).then_some(k..body);
                    while k > 0
                        && (in_name(k - 1)
                            || joiner(k - 1)
                            || (connector(k - 1) && !breaks[k - 1])
                            || possessive(k - 1))
                    {
                        k -= 1;
                        // A joiner between two words of a name ("Jian-guo");
                        // the apostrophe of a possessive ("court's") is none.
                        if in_name(k) || (joiner(k) && in_name(k - 1) && in_name(k + 1)) {
                            name_run = Some(k..name_run.map_or(k + 1, |r| r.end));
                        }
                    }
                    // The "of the" may open the span, tied to the head's
                    // characters ("removed from the post of director | of the
                    // Municipal Transport Bureau", whose `长` is linked to "of
                    // the" and `局长`'s "director" to nothing, session 21).
                    let lead = (tmin..tmax).take_while(|&x| connector(x)).count();
                    let crossed_of = (k..tmin + lead).any(|x| lower(x) == "of");
                    // The head after the span, in the same clause ("deputy
                    // chief procurator"); the head word itself may be linked
                    // elsewhere, as the dictionary vouches for it.
                    let mut after = None;
                    for x in tmax + 1..(tmax + 1 + HEAD_AFTER).min(tt.len()) {
                        if is_head(english, x) {
                            after = Some(compound(x).1);
                            break;
                        }
                        if breaks[x] || in_name(x) || (tt[x].kind == Kind::Punct && !joiner(x)) {
                            break;
                        }
                    }
                    if k > 0 && crossed_of && is_head(english, k - 1) {
                        tmin = compound(k - 1).0;
                        crossed_name = name_run;
                        let deputy =
                            src[phrase.clone()].strip_suffix(head).is_some_and(|r| r.ends_with('副'));
                        if deputy && tmin > 0 && DEPUTY_WORDS.contains(&lower(tmin - 1).as_str()) {
                            tmin -= 1;
                        }
                    } else if let Some(end) = after {
                        tmax = end;
                    } else if phrase_words.len() == head.chars().count() {
                        // The head alone (`局长`) linked into the body of the
                        // title ("Bureau"): its English word a little before,
                        // in the same clause, is the rendering.
                        // Beyond `HEAD_REACH` only over the words of the
                        // title's name ("director of the Lianyungang Human
                        // Resources and Social Security Bureau", whose body
                        // words are linked to the characters before `局长`).
                        let title_run = |x: usize| {
                            (tt[x].kind == Kind::Word
                                && (word(x).starts_with(char::is_uppercase) || connector(x)))
                                || joiner(x)
                        };
                        let found = (0..tmin)
                            .rev()
                            // A comma of a list inside the name ("Flood,
                            // Drought and Wind …") is no clause break here
                            // either (session 16).
                            .take_while(|&x| tt[x].kind != Kind::Punct || joiner(x) || serial_comma(x))
                            .take_while(|&x| {
                                x + HEAD_REACH >= tmin
                                    || title_run(x)
                                    || serial_comma(x)
                                    || is_head(english, x)
                            })
                            .find(|&x| is_head(english, x));
                        if let Some(x) = found {
                            (tmin, tmax) = compound(x);
                        }
                    }
                } else if is_head(english, tmax) && phrase_words.len() > head.chars().count() {
                    // "secretary" alone for `市委书记`: "secretary of the …
                    // Municipal Committee" when the rest follows and the span
                    // does not render the characters before the head already.
                    let body = lo..=hi - head.chars().count();
                    let rendered = body.clone().all(|s| (tmin..=tmax).any(|k| own_src[k].contains(&s)));
                    let mut k = tmax + 1;
                    let mut end = tmax;
                    let mut crossed_of = false;
                    // A word of the body's name the links tie elsewhere, a
                    // few words before one tied to the phrase: a modifier
                    // tied to the characters right before the phrase ("of
                    // the base's veterinary hospital" for `基地` +
                    // `兽医院院长`) or a stray link far from it
                    // ("veterinary" tied to a later `告`; session 16).
                    // An unlinked word there is a word of the name too.
                    let bridged = |k: usize| {
                        tt[k].kind == Kind::Word
                            && tie[k] != Tie::Own
                            && outside[k].iter().all(|&s| {
                                (s < lo && s + BRIDGE_BEFORE >= lo)
                                    || s + STRAY_DISTANCE < lo
                                    || s >= hi + STRAY_DISTANCE
                            })
                            && (k + 1..tt.len().min(k + 1 + BRIDGE_REACH))
                                .take_while(|&j| tt[j].kind == Kind::Word || joiner(j))
                                .any(|j| tie[j] == Tie::Own)
                    };
                    while !rendered
                        && k < tt.len()
                        && (!breaks[k]
                            || bridged(k)
                            || (joiner(k) && crossed_of)
                            || (crossed_of && possessor(k)))
                        && (tt[k].kind == Kind::Word || joiner(k))
                    {
                        if joiner(k) {
                            k += 1;
                            continue;
                        }
                        let tied = tie[k] == Tie::Own
                            || (tie[k] == Tie::Free && !outside[k].is_empty())
                            || bridged(k);
                        if lower(k) == "of" {
                            crossed_of = true;
                        } else if crossed_of && possessor(k) {
                            // Crossed, never the end of the title.
                        } else if !crossed_of || !(connector(k) || in_name(k) || tied || cap(k)) {
                            break;
                        } else if !connector(k) && !in_name(k) {
                            // The title ends on a title word, never on a name.
                            end = k;
                        }
                        k += 1;
                    }
                    tmax = end;
                }
            }
            // The place of a title after it: "… Party Working Committee of
            // Chengguan Subdistrict" for `街道党工委书记`, where `街道` is
            // rendered by "Subdistrict" after a name. Taken when the words
            // after "of (the) Name" render characters of the phrase the span
            // does not render yet (linked to them or to copies of them).
            if crossed_name.is_none() && tmax + 1 < tt.len() && lower(tmax + 1) == "of" && !breaks[tmax + 1] {
                let unrendered = unrendered(tmin, tmax);
                let renders_rest = |k: usize| {
                    own_src[k]
                        .iter()
                        .chain(&outside[k])
                        .any(|&s| unrendered.contains(&&src[st[s].span.clone()]))
                };
                let mut k = tmax + 2;
                if k < tt.len() && lower(k) == "the" {
                    k += 1;
                }
                let name_start = k;
                while k < tt.len() && (in_name(k) || (joiner(k) && k > name_start)) {
                    k += 1;
                }
                let name_end = k;
                while k < tt.len()
                    && !in_name(k)
                    && tie[k] != Tie::Foreign
                    && ((cap(k) && renders_rest(k)) || (k == name_end && unit_word(k, &unrendered)))
                {
                    k += 1;
                }
                if name_end > name_start && k > name_end {
                    crossed_name = Some(name_start..name_end);
                    tmax = k - 1;
                }
            }
            // The same lower-case unit word after a name the links reach
            // ("Party secretary of Fengshan" + "township").
            if tmax + 1 < tt.len()
                && tt[tmax + 1].kind == Kind::Word
                && !word(tmax + 1).starts_with(char::is_uppercase)
                && in_name(tmax)
                && tie[tmax + 1] != Tie::Foreign
                && unit_word(tmax + 1, &unrendered(tmin, tmax))
            {
                tmax += 1;
            }
            // The English of a rank modifier of the phrase that the span
            // leaves unrendered, right before it: "chief" of "chief
            // accountant" for the `总` of `总会计师`, which the links, having
            // seen the title once, leave out.
            if tmin > 0 && !breaks[tmin - 1] && crossed_name.is_none() {
                let rest = unrendered(tmin, tmax).concat();
                let modifies = TITLE_MODIFIERS
                    .iter()
                    .any(|(zh, en)| rest.starts_with(zh) && en.contains(&lower(tmin - 1).as_str()));
                if modifies {
                    tmin -= 1;
                }
            }
            (tmin, tmax, crossed_name)
        };
        // The end of a span that ran past the phrase's rendering:
        // * past its title into the next one joined by "and" ("Party
        //   secretary and director" for `党组书记`, whose `局长` follows):
        //   an "and" before a head word of a title the phrase does not hold
        //   ends it, a name between them or not ("… Department and Ma
        //   Yonggang secretary of …");
        // * past the English word of the phrase's last character, when that
        //   word is capitalised (the end of a name, "Office" for `室`):
        //   a lower-case word that is no connector after it starts the
        //   sentence's verb ("… Information Office held a press"), and words
        //   tied only to the characters right after the phrase name the
        //   next body ("… People's Government Information Office" for
        //   `人民政府`, whose `新闻办公室` follows); a word tied to a copy of
        //   a phrase character there is no such word ("Committee" of
        //   `福建省委` tied to the `委` of the `常委` after it).
        let phrase_text = &src[phrase.clone()];
        let own_heads: Vec<&str> = TITLE_HEADS
            .iter()
            .filter(|(h, _)| phrase_text.contains(h))
            .flat_map(|(_, e)| e.iter().copied())
            .collect();
        let trim_tail = |tmin: usize, mut tmax: usize| -> usize {
            let other_head = |k: usize| {
                let mut x = k;
                while x <= tmax && (DEPUTY_WORDS.contains(&lower(x).as_str()) || in_name(x)) {
                    x += 1;
                }
                x <= tmax && head_words().any(|h| h == lower(x)) && !own_heads.contains(&lower(x).as_str())
            };
            if let Some(k) = (tmin + 1..tmax).find(|&k| and(k) && other_head(k + 1)) {
                tmax = k - 1;
            }
            let last = (tmin..=tmax).rev().find(|&k| own_src[k].contains(&hi));
            if let Some(j) = last.filter(|&j| j < tmax && word(j).starts_with(char::is_uppercase)) {
                let verb = tt[j + 1].kind == Kind::Word
                    && !word(j + 1).starts_with(char::is_uppercase)
                    && !connector(j + 1);
                let next_body = (j + 1..=tmax).all(|k| own_src[k].is_empty())
                    && (j + 1..=tmax).any(|k| {
                        tie[k] == Tie::Foreign
                            && outside[k].iter().all(|&s| s > hi && s <= hi + NEXT_NAME_REACH)
                    });
                if verb || next_body {
                    tmax = j;
                }
            }
            tmax
        };
        // A head-final Chinese title: each piece is judged by its extended
        // span, so that a piece of the title's body that the head extension
        // completes ("director of the Jiangchuan Provincial Health
        // Commission", where the links put `主任` on the "director" of the
        // next title) wins over a stray head word linked alone.
        let extended = match title {
            Some((_, english)) => {
                let mut chosen: Option<(Fit, usize, Extended)> = None;
                for &((head, _, _, _), a, b) in &pieces {
                    let ext = extend(a, b);
                    let named = (ext.0..=ext.1).any(|k| is_head(english, k));
                    // The phrase tokens the whole extended span renders: the
                    // extension may have reached the head word ("secretary")
                    // or crossed a name into another piece.
                    let own: Vec<usize> = (ext.0..=ext.1).filter(|&k| !own_src[k].is_empty()).collect();
                    let (strong, cov) = (covers(&own, true), covers(&own, false));
                    let key = (head || named, named, strong, cov);
                    let better = match &chosen {
                        None => true,
                        Some((k, len, _)) => key > *k || (key == *k && b - a < *len),
                    };
                    if better {
                        chosen = Some((key, b - a, ext));
                        covered = cov;
                    }
                }
                chosen.map_or_else(|| extend(tmin, tmax), |c| c.2)
            }
            None => extend(tmin, tmax),
        };
        (tmin, tmax, crossed_name) = extended;
        if lang == Lang::Zh {
            tmax = trim_tail(tmin, tmax);
            if crossed_name.as_ref().is_some_and(|r| r.end > tmax + 1) {
                crossed_name = None;
            }
        }
    } else {
        // A Chinese rendering: complete an organisation name one character
        // short, and drop a title head the English phrase does not have.
        let suffix = |k: usize| word(k).chars().next().is_some_and(|c| ORG_SUFFIXES.contains(&c));
        // A character an organisation ends on and its head's title opens
        // with (`局` of `管理局局长`, `处` of `港航处处长`).
        let repeated = |k: usize| {
            suffix(k)
                && TITLE_HEADS
                    .iter()
                    .any(|(h, _)| h.starts_with(word(k)) && tgt[tt[k].span.end..].starts_with(h))
        };
        // Whether the English phrase ends on a body's noun ("Bureau").
        let body = org_noun(&src[phrase.clone()]);
        if tmax + 1 < tt.len() && han(tmax + 1) && !suffix(tmax) {
            // A dictionary word right after the span that ends an
            // organisation name (`委员会` after `市监察`, where "Commission"
            // is linked to nothing) is taken whole when none of its
            // characters is tied elsewhere; else a one-character suffix.
            let last = (tmax + 1..tt.len().min(tmax + 1 + ORG_WORD_REACH))
                .take_while(|&k| han(k))
                .last()
                .unwrap_or(tmax + 1);
            let from = tt[tmax + 1].span.start;
            let org_word = dictionary_words(tgt, from..tt[last].span.end)
                .into_iter()
                .filter(|w| w.start == from && tgt[w.clone()].ends_with(ORG_SUFFIXES))
                .max_by_key(|w| w.end)
                .and_then(|w| (tmax + 1..=last).find(|&k| tt[k].span.end == w.end));
            // An English phrase that ends on an organisation's noun ("Trade
            // Development Bureau") names a body whose Chinese ends on its
            // suffix character a few characters on (`外贸发展` + `事务局`),
            // though no dictionary word covers the characters between.
            // A suffix character that opens a longer dictionary word (`会` of
            // `会议`, `处` of `处理`, `所` of `所有`) ends nothing there.
            let opens_word = |k: usize| {
                dictionary_words(tgt, tt[k].span.start..tt[last].span.end)
                    .iter()
                    .any(|w| w.start == tt[k].span.start && w.end > tt[k].span.end)
            };
            let to_suffix = (tmax + 1..=last)
                .find(|&k| suffix(k))
                .filter(|&end| body && !opens_word(end) && (tmax + 1..end).all(|k| tie[k] != Tie::Foreign));
            match (org_word, to_suffix) {
                (Some(end), _) if (tmax + 1..=end).all(|k| tie[k] != Tie::Foreign) => tmax = end,
                (_, Some(end)) => tmax = end,
                _ => {
                    // An organisation's last character that also opens its
                    // head's title is the organisation's, though the links
                    // tie it to the head.
                    if (tie[tmax + 1] != Tie::Foreign && suffix(tmax + 1)) || repeated(tmax + 1) {
                        tmax += 1;
                    }
                }
            }
        }
        // The other way round, an English title alone ("presiding judge")
        // whose links reach back to the organisation's last character that
        // its head repeats (`庭` of `第二庭庭长`): the head is the rendering.
        let english_title_only =
            !src[phrase.clone()].split_whitespace().any(|w| w.eq_ignore_ascii_case("of"));
        let head_after_body = !body && english_title_only && tmin < tmax && repeated(tmin);
        let body_before_head = body && tmin < tmax && repeated(tmax - 1);
        if head_after_body {
            tmin += 1;
        } else if body_before_head {
            // An English body ("division") tied to both: the body is the
            // first, the second opens its head's title.
            tmax -= 1;
        }
        // The place an English phrase opens with ("Yuchi Intermediate
        // People's Court"), right before the span: its level character
        // (`市` of `市中级人民法院`, as a Chinese text says "the city's"), and
        // the place's own characters when their pinyin is the English
        // name (`榆池市`). The links seldom reach them: the model ties the
        // name to whichever copy of it comes first.
        if tmin > 0 && han(tmin - 1) && LEVEL_HAN.iter().any(|c| word(tmin - 1).starts_with(*c)) {
            let first = src[phrase.clone()].split_whitespace().next().unwrap_or("");
            let first_lower = first.to_lowercase();
            let readings = crate::anchor::name::split_pinyin(&first_lower);
            if first.starts_with(char::is_uppercase) && !readings.is_empty() {
                tmin -= 1;
                let keys: HashSet<_> =
                    readings.iter().map(|syllables| crate::anchor::name::syllable_key(syllables)).collect();
                let named = (1..=NAME_MAX_HAN.min(tmin)).find(|&n| {
                    (tmin - n..tmin).all(&han)
                        && crate::anchor::name::han_name_keys(
                            &tgt[tt[tmin - n].span.start..tt[tmin - 1].span.end],
                        )
                        .iter()
                        .any(|k| keys.contains(k))
                });
                if let Some(n) = named {
                    tmin -= n;
                }
            }
        }
        let phrase_lower = src[phrase.clone()].to_lowercase();
        let words: Vec<&str> = phrase_lower.split(|c: char| !c.is_alphanumeric()).collect();
        let has_word = |english: &[&str]| {
            english.iter().any(|e| words.contains(e) || (e.contains('-') && phrase_lower.contains(e)))
        };
        // A rank modifier the English phrase names, right before the span
        // (`总` of `总会计师` for "chief accountant"), as in the other
        // direction ([`TITLE_MODIFIERS`]).
        for (zh, english) in TITLE_MODIFIERS {
            let n = zh.chars().count();
            if has_word(english)
                && tmin >= n
                && tgt[..tt[tmin].span.start].ends_with(zh)
                && (tmin - n..tmin).all(han)
            {
                tmin -= n;
                break;
            }
        }
        // The head the English phrase names, right after a span of its
        // modifiers (`副` for "deputy chief procurator" before `检察长`).
        let text = &tgt[tt[tmin].span.start..tt[tmax].span.end];
        for (head, english) in TITLE_HEADS {
            let n = head.chars().count();
            if has_word(english) && !text.contains(head) && tgt[tt[tmax].span.end..].starts_with(head) {
                tmax += n;
                break;
            }
        }
        // A grammar character at an end of the span (`为` of `任命…为`
        // linked to "director", `了` after a verb) renders nothing of the
        // English phrase, unless a dictionary word starts or ends with it
        // there (`对外联络部`, `了解`).
        // Not when the character is linked to a capitalised word: a name
        // (`于` of 于伟国 for "Yu", `为` of 李为 for "Wei").
        let named =
            |k: usize| own_src[k].iter().any(|&p| src[st[p].span.clone()].starts_with(char::is_uppercase));
        let grammar = |k: usize| han(k) && word(k).chars().all(|c| FUNCTION_HAN.contains(&c)) && !named(k);
        while tmin < tmax && grammar(tmin) {
            let at = tt[tmin].span.clone();
            if dictionary_words(tgt, at.start..tt[tmin + 1].span.end).iter().any(|w| w.start == at.start) {
                break;
            }
            dropped.push(tmin);
            tmin += 1;
        }
        while tmin < tmax && grammar(tmax) {
            let at = tt[tmax].span.clone();
            if dictionary_words(tgt, tt[tmax - 1].span.start..at.end).iter().any(|w| w.end == at.end) {
                break;
            }
            dropped.push(tmax);
            tmax -= 1;
        }
        // A span that starts inside a dictionary word (`务副市长`, where
        // `常` of `常务` is linked to "Standing" of the next title) takes
        // the word's first character.
        // (Neither takes back a doubled character left out above: `处处`
        // is a word too.)
        if !head_after_body && tmin > 0 && han(tmin - 1) && han(tmin) {
            let (before, first) = (tt[tmin - 1].span.clone(), tt[tmin].span.clone());
            let window_end = tt[(tmin + 3).min(tmax)].span.end.max(first.end);
            let words_at = dictionary_words(tgt, before.start..window_end);
            let across = words_at.iter().any(|w| w.start == before.start && w.end > first.start);
            let starts_here = words_at.iter().any(|w| w.start == first.start && w.end > first.end);
            if across && !starts_here {
                tmin -= 1;
            }
        }
        // Likewise a span that ends on the first character of a word
        // (`组织部部` of `组织部部长`) takes the word's last; a head it
        // gains that way is dropped below when the phrase lacks it.
        if !body_before_head && tmax + 1 < tt.len() && han(tmax) && han(tmax + 1) {
            let (last, next) = (tt[tmax].span.clone(), tt[tmax + 1].span.clone());
            let from = tt[tmin.max(tmax.saturating_sub(3))].span.start;
            let words_at = dictionary_words(tgt, from..next.end);
            let across = words_at.iter().any(|w| w.start == last.start && w.end == next.end);
            let ends_here = words_at.iter().any(|w| w.end == last.end && w.start < last.start);
            if across && !ends_here {
                tmax += 1;
            } else {
                // A longer word that starts inside the span and runs past it
                // (`办公室` after `港澳事务办公`, whose `室` is unlinked): the
                // span takes the rest of it, unless that is tied elsewhere.
                let inner = tt[tmin].span.start;
                let rest = dictionary_words(tgt, from.max(inner)..tt[(tmax + 2).min(tt.len() - 1)].span.end)
                    .into_iter()
                    .filter(|w| w.start < last.start && w.end > last.end)
                    .map(|w| w.end)
                    .max();
                if let Some(end) = rest.and_then(|e| (tmax + 1..tt.len()).find(|&k| tt[k].span.end == e)) {
                    if (tmax + 1..=end).all(|k| han(k) && tie[k] != Tie::Foreign) {
                        tmax = end;
                    }
                }
            }
        }
        let text = &tgt[tt[tmin].span.start..tt[tmax].span.end];
        for (head, english) in TITLE_HEADS {
            let n = head.chars().count();
            if text.ends_with(head)
                && tmax + 1 - tmin >= n + MIN_ORG_HAN
                && !english.iter().any(|e| words.contains(e))
            {
                tmax -= n;
                break;
            }
        }
    }
    // A body followed by the title of its head (`指挥部` + `指挥长`, `局` +
    // `局长`: the head's title is the body's word and `长`): English puts
    // that head first, "commander of the headquarters", and a span of the
    // body that opens with "X of (the)" has taken the next title's head
    // word through a link to a shared character (`指挥`). The body starts
    // after "of (the)" (session 16).
    if en_target
        && title.is_none()
        && tmin + 2 <= tmax
        && lower(tmin + 1) == "of"
        && tt[tmin].kind == Kind::Word
        && !word(tmin).starts_with(char::is_uppercase)
        && followed_by_its_head(src, phrase.clone())
    {
        tmin += 2;
        if tmin < tmax && lower(tmin) == "the" {
            tmin += 1;
        }
    }
    // English function words at the edges ("mayor of") are links of little
    // weight; the rendering is the content between them.
    if en_target {
        let function = |k: usize| {
            tt[k].kind != Kind::Word
                || FUNCTION_WORDS.contains(&tgt[tt[k].span.clone()].to_lowercase().as_str())
        };
        while tmin < tmax && function(tmax) {
            tmax -= 1;
        }
        // The full stop of an abbreviation that ends the title ("Co.").
        if tmax + 1 < tt.len()
            && word(tmax + 1) == "."
            && tt[tmax].span.end == tt[tmax + 1].span.start
            && ABBREVIATIONS.contains(&word(tmax))
        {
            tmax += 1;
        }
        while tmin < tmax && function(tmin) {
            tmin += 1;
        }
        // A title without a body of its own (`副局长`) whose span ran over
        // "of the …" into a name that goes on past it ("deputy director of
        // the Nantong Municipal Bureau" | "of Statistics", whose `统计` is
        // outside the phrase): a piece of a name is no rendering; the head is.
        let head_only = inside.iter().all(|&p| in_head(p) || &src[st[p].span.clone()] == "副");
        let name_goes_on =
            tmax + 2 < tt.len() && lower(tmax + 1) == "of" && word(tmax + 2).starts_with(char::is_uppercase);
        if head_only && name_goes_on {
            if let Some(of) = (tmin + 1..tmax).find(|&k| lower(k) == "of") {
                tmax = of - 1;
                while tmin < tmax && function(tmax) {
                    tmax -= 1;
                }
            }
        }
    }
    if tmax - tmin + 1 > SPAN_PER_TOKEN * inside.len() + SPAN_SLACK {
        return None;
    }
    let slot = names
        .iter()
        .chain(&crossed_name)
        .find(|r| r.start > tmin && r.end <= tmax)
        .map(|r| tt[r.start].span.start..tt[r.end - 1].span.end);
    let strength = covered as f64 / inside.len() as f64;
    // Phrase tokens the span's links render, directly or through a copy of
    // the token elsewhere in the unit (the model's usual slip, see [`Tie`]).
    let text_of = |s: usize| &src[st[s].span.clone()];
    let rendered: Vec<usize> = inside
        .iter()
        .copied()
        .filter(|&p| {
            (tmin..=tmax)
                .chain(dropped.iter().copied())
                .any(|k| own_src[k].contains(&p) || outside[k].iter().any(|&s| text_of(s) == text_of(p)))
        })
        .collect();
    let span_words = tgt[tt[tmin].span.start..tt[tmax].span.end].to_lowercase();
    let named = head_english
        .iter()
        .any(|h| span_words.split(|c: char| !c.is_alphanumeric() && c != '-').any(|w| w == *h));
    // A bare title word (`局长` asked alone) is all head: its English word
    // renders the whole of it, linked or not ("director", found before the
    // "Bureau" its `局` is linked to), so the head word is no fragment.
    let bare_head = title.is_some_and(|(h, _)| h.chars().count() == inside.len());
    let whole = (bare_head && named) || renders_ends(&inside, &rendered, named);
    let last = whole || renders_last(&inside, &rendered, named);
    // The body's characters the span leaves unrendered, longest run first.
    let mut rest: Option<(usize, usize)> = None;
    let mut run: Option<(usize, usize)> = None;
    for &p in inside.iter().filter(|_| en_target) {
        let missing = !in_head(p) && st[p].kind == Kind::Han && !rendered.contains(&p);
        run = match run {
            Some((a, b)) if missing && b + 1 == p => Some((a, p)),
            _ if missing => Some((p, p)),
            _ => None,
        };
        if let Some((a, b)) = run {
            if b > a && rest.is_none_or(|(x, y)| b - a > y - x) {
                rest = Some((a, b));
            }
        }
    }
    let rest = rest.map(|(a, b)| st[a].span.start..st[b].span.end);
    Some(Aligned { span: tt[tmin].span.start..tt[tmax].span.end, slot, strength, whole, last, rest })
}

/// The last word token of a company's legal form ([`LEGAL_FORMS`]) whose
/// first word is token `k` of an English text: "Ltd" of "Co., Ltd.", "Co.
/// Ltd" or "Co Ltd". `None` when no legal form starts at `k`.
pub(super) fn legal_form_end(text: &str, toks: &[Token], k: usize) -> Option<usize> {
    let word = |j: usize| toks.get(j).map(|t| &text[t.span.clone()]);
    let first = word(k)?;
    let (_, last) = LEGAL_FORMS.iter().find(|(f, _)| *f == first)?;
    let mut j = k + 1;
    // The first word's full stop, glued to it.
    if word(j) == Some(".") && toks[j - 1].span.end == toks[j].span.start {
        j += 1;
    }
    if word(j) == Some(",") {
        j += 1;
    }
    (word(j) == Some(*last)).then_some(j)
}

/// How many characters before a Chinese title phrase a modifier of its
/// body may be tied to and still be crossed in the English "of the …"
/// after the head ("the base's" for `基地` before `兽医院院长`): a
/// two-character word.
pub const BRIDGE_BEFORE: usize = 2;
/// How many tokens after such a word (a possessive's "'s" counts two) the
/// next word tied to the phrase must come.
pub const BRIDGE_REACH: usize = 4;

/// Most words of an English title in apposition to a name that
/// `title_by_apposition` reads ("executive vice president").
pub const APPOSITION_WORDS: usize = 3;
/// Most Han characters of the holder's name after a title (`郑晶`, `欧阳明远`).
pub const NAME_MAX_HAN: usize = 4;

/// The English title of a Chinese title none of whose characters is
/// linked, read from its holder's name (session 16). A title the dictionary
/// lacks (`馆长`; `总裁` only as "chairman" and "director general") gets no
/// link, but Chinese news puts it right before the holder's name (`馆长郑晶`),
/// whose pinyin the links do find, and English news puts it in apposition
/// after the name: "Zheng Jing, the museum's director, said", "Du Mingyuan,
/// president of Hefei Xingchi …". The title is the run of lower-case words
/// after the name's comma (past "the" and a possessive), up to "of", a
/// comma or any other punctuation, none of them linked to another word of
/// the sentence; `None` when the text is not so.
pub(super) fn title_by_apposition(
    st: &[Token],
    tgt: &str,
    tt: &[Token],
    pairs: &[(usize, usize)],
    phrase: std::ops::RangeInclusive<usize>,
) -> Option<Aligned> {
    let word = |k: usize| &tgt[tt[k].span.clone()];
    let (lo, hi) = (*phrase.start(), *phrase.end());
    if !(lo..=hi).all(|s| st[s].kind == Kind::Han) {
        return None;
    }
    // The holder's name: Han characters right after the title linked only
    // to capitalised pinyin words.
    // (Pinyin is checked last, on the words of a text of that shape only:
    // it is the costly test.)
    let mut name: Vec<usize> = Vec::new();
    for s in (hi + 1..st.len()).take(NAME_MAX_HAN) {
        let to: Vec<usize> = pairs.iter().filter(|p| p.0 == s).map(|p| p.1).collect();
        let capital = |t: &usize| tt[*t].kind == Kind::Word && word(*t).starts_with(char::is_uppercase);
        if st[s].kind != Kind::Han || to.is_empty() || !to.iter().all(capital) {
            break;
        }
        name.extend(to);
    }
    let mut k = name.iter().copied().max()? + 1;
    let linked = |k: usize| pairs.iter().any(|p| p.1 == k);
    if k >= tt.len() || word(k) != "," || !name.iter().all(|&t| is_pinyin(word(t))) {
        return None;
    }
    k += 1;
    if k < tt.len() && ["the", "its", "a"].contains(&word(k).to_lowercase().as_str()) {
        k += 1;
    }
    // A possessive before the title ("the museum's director").
    if k + 2 < tt.len()
        && tt[k + 1].kind == Kind::Punct
        && ["'", "’"].contains(&word(k + 1))
        && word(k + 2) == "s"
    {
        k += 3;
    }
    let start = k;
    while k < tt.len()
        && k < start + APPOSITION_WORDS
        && tt[k].kind == Kind::Word
        && !word(k).starts_with(char::is_uppercase)
        && !CONNECTORS.contains(&word(k))
        && !linked(k)
    {
        k += 1;
    }
    let closed = k < tt.len() && (word(k) == "," || word(k) == "of");
    if k == start || !closed {
        return None;
    }
    Some(Aligned {
        span: tt[start].span.start..tt[k - 1].span.end,
        slot: None,
        strength: 0.0,
        whole: true,
        last: true,
        rest: None,
    })
}

/// Most characters of a body's word in the title of its head (`指挥` of
/// `指挥长`): see `followed_by_its_head`.
pub const HEAD_BODY_CHARS: usize = 2;

/// Whether a Chinese phrase is followed by the title of the head of the body
/// it names: a title head ([`TITLE_HEADS`]) or one to [`HEAD_BODY_CHARS`]
/// characters of the phrase and `长` (`指挥部` + `指挥长`, `研究院` + `院长`).
pub(super) fn followed_by_its_head(src: &str, phrase: Range<usize>) -> bool {
    let after = &src[phrase.end..];
    if TITLE_HEADS.iter().any(|(h, _)| after.starts_with(h)) {
        return true;
    }
    let body: Vec<char> = src[phrase].chars().collect();
    let next: Vec<char> = after.chars().take(HEAD_BODY_CHARS + 1).collect();
    (1..=HEAD_BODY_CHARS)
        .any(|n| next.len() > n && next[n] == '长' && body.windows(n).any(|w| w == &next[..n]))
}

/// Whether a span whose links render the phrase tokens `rendered` renders
/// both ends of the phrase whose (non-punctuation) tokens are `inside`: one
/// of its first two tokens and one of its last two, or instead of the last
/// two the English word of the phrase's title head (`named`, often unlinked:
/// the structure rules add it). A span that renders only one end renders a
/// part of the phrase: "year" for `今年园区` (its `园区` unrendered),
/// "secretary" for `市委书记`, "secretary of the Party Committee" for
/// `港口控股集团党委书记`; the glossary takes no such target as the term's.
pub(super) fn renders_ends(inside: &[usize], rendered: &[usize], named: bool) -> bool {
    let first = inside[..inside.len().min(2)].iter().any(|s| rendered.contains(s));
    first && renders_last(inside, rendered, named)
}

/// The last end of [`renders_ends`]: one of the phrase's last two tokens,
/// or the English word of its title head (`named`).
pub(super) fn renders_last(inside: &[usize], rendered: &[usize], named: bool) -> bool {
    let n = inside.len();
    n > 0 && (inside[n.saturating_sub(2)..].iter().any(|s| rendered.contains(s)) || named)
}

/// Whether a word could be a romanised Chinese name: it splits into pinyin
/// syllables ([`crate::anchor::name::split_pinyin`]). Title words
/// ("Municipal", "Party", "CPC") do not.
pub(super) fn is_pinyin(word: &str) -> bool {
    let w = word.trim_end_matches("'s").trim_end_matches("’s").to_lowercase();
    !crate::anchor::name::split_pinyin(&w).is_empty()
}

/// Whether a run of target tokens looks like a name: capitalised pinyin
/// words for English, Han characters for Chinese, at most three words or
/// four characters.
pub(super) fn is_name_like(text: &str, run: &[Token], lang: Lang) -> bool {
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
