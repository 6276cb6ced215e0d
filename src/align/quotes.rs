//! Quotations whose speech attribution moved to the other end.
//!
//! Chinese news puts the speaker before a quotation (`刘洋说：“A。B。”`),
//! English news mostly after it (`"A. B," said Liu Yang.`). A CAT tool cuts
//! both at every stop, so each side has two sentences, and the first
//! Chinese one carries the attribution while the last English one does.
//! Their lengths and names then fit only as one 2-2 bead, and a 2-2 unit
//! fills neither of the CAT tool's segments. When the two sides of an n-n
//! bead (n = 2 or 3) are one quotation each, with the attribution at
//! opposite ends, the sentences translate one by one:
//! [`split_moved_attributions`] makes them 1-1 beads, and the search prices
//! such a 2-2 or 3-3 bead's shape as the 1-1 beads it becomes
//! ([`super::cost::Grid`]), since the 2-2 prior would otherwise send one
//! of the quotation's sentences into a neighbouring bead (the speaker's
//! name and place fit the sentence that closes the English quotation, not
//! the one they stand in), and no other bead joins three sentences a side.
//! A 1-1 bead of such a quotation names the speaker on one side only, which
//! makes its unit doubtful ([`speaker_on_one_side`]).

use super::search::Step;
use super::Document;
use crate::lang::Lang;

/// Where a quotation's attribution stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Attribution {
    /// Before the quotation, in its first sentence.
    Front,
    /// After the quotation, in its last sentence.
    End,
}

/// Longest attribution read before a Chinese quotation, in characters:
/// twice that of a speaker with two titles in corpora/dev3 v11
/// (`白果坝村党支部书记、村茶叶专业合作社理事长杨光明说：`, 24), as titles run
/// longer still and the opening quotation mark already bounds it.
const ZH_FRONT_MAX_CHARS: usize = 48;
/// Longest English attribution, in characters: about three times a
/// speaker with one title (`said Liu Yang, general manager of the port
/// group.`, 50), as English gives a speaker's full titles there.
const EN_ATTRIBUTION_MAX_CHARS: usize = 160;

/// How a sentence may open or close a quotation, as bits of a `u8`
/// ([`quote_ends`]): what a quotation's first and last sentences are
/// checked for, kept per sentence so that the search reads them cheaply.
pub(super) mod ends {
    /// A speaker, then an opening mark: `刘洋说：“…`, `Liu said: "…`.
    pub const SPEAKER_OPENS: u8 = 1;
    /// The sentence starts with an opening mark.
    pub const OPENS: u8 = 2;
    /// The sentence ends with the closing mark, after a stop in English.
    pub const CLOSES: u8 = 4;
    /// A closing mark, then a speaker: `…”刘洋说。`, `…," said Liu Yang.`
    pub const CLOSES_SPEAKER: u8 = 8;
    /// The speaker of [`SPEAKER_OPENS`] or [`CLOSES_SPEAKER`] is named,
    /// not a pronoun (`刘洋说`, "said Liu Yang", not `他说`, "she said").
    pub const NAMED: u8 = 16;
    /// English: a saying verb outside the quotation marks, wherever it
    /// stands (`"Safety," said Wang Hua, "comes first."`, `Wang Hua said
    /// safety "comes first."`): the sentence names its speaker somehow.
    pub const SAYS: u8 = 32;
}

/// Pronouns that open a Chinese speaker's clause (`他说`, `她们表示`).
const ZH_PRONOUNS: &[char] = &['他', '她', '我', '它'];
/// `我` that opens a place, not a speaker: `我市发改委主任` is "our city's
/// director".
const ZH_OUR: &[&str] = &["我市", "我省", "我国", "我区", "我县", "我镇", "我村", "我校", "我院"];
/// Pronouns of an English attribution ("he said", "said she").
const EN_PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "it"];
/// English saying verbs that attribute a quotation.
const EN_SAYING: &[&str] =
    &["said", "says", "say", "added", "adds", "told", "noted", "stressed", "explained"];

/// Whether a Chinese attribution names its speaker rather than a pronoun:
/// the clause before the saying verb (after any time or topic clause,
/// `在谈到安全问题时，他说`) does not open with a pronoun.
fn zh_named(attribution: &str) -> bool {
    let clause = attribution.trim().trim_end_matches(['：', ':', '，', ',', '。']);
    let clause = clause.rsplit(['，', ',']).next().unwrap_or(clause).trim();
    ZH_OUR.iter().any(|o| clause.starts_with(o)) || !clause.starts_with(ZH_PRONOUNS)
}

/// The lower-case words of an English text.
fn en_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether an English attribution ("said Liu Yang, the manager", "he
/// added on Monday") names its speaker: no pronoun right before or after
/// its saying verb.
fn en_named(attribution: &str) -> bool {
    let words = en_words(attribution);
    let pronoun =
        |i: Option<usize>| i.and_then(|i| words.get(i)).is_some_and(|w| EN_PRONOUNS.contains(&w.as_str()));
    match words.iter().position(|w| EN_SAYING.contains(&w.as_str())) {
        Some(v) => !(pronoun(v.checked_sub(1)) || pronoun(Some(v + 1))),
        None => !words.iter().any(|w| EN_PRONOUNS.contains(&w.as_str())),
    }
}

/// Whether an English sentence has a saying verb outside its quotation
/// marks (straight or curly, taken in turn as opening and closing).
fn en_says_outside_quotes(text: &str) -> bool {
    let outside: String = text
        .split(['"', '“', '”'])
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, piece)| piece)
        .collect::<Vec<_>>()
        .join(" ");
    en_words(&outside).iter().any(|w| EN_SAYING.contains(&w.as_str()))
}

/// The [`ends`] bits of one sentence.
pub(super) fn quote_ends(text: &str, lang: Lang) -> u8 {
    let text = text.trim();
    let mut bits = 0;
    if lang == Lang::Zh {
        if let Some(open) = text.find(['“', '「']) {
            let before = text[..open].trim_end();
            let speaker = before.chars().count();
            if speaker > 0
                && speaker <= ZH_FRONT_MAX_CHARS
                && before.ends_with(['：', ':', '，'])
                && !before.contains(['“', '”', '。'])
            {
                bits |= ends::SPEAKER_OPENS | if zh_named(before) { ends::NAMED } else { 0 };
            }
        }
        if text.starts_with(['“', '「']) {
            bits |= ends::OPENS;
        }
        if text.ends_with(['”', '」']) {
            bits |= ends::CLOSES;
        }
        // What follows the closing mark is an attribution as the segmenter
        // reads one when it keeps it with its quotation (`刘洋说。`).
        if let Some(close) = text.rfind(['”', '」']) {
            let after = text[close..].trim_start_matches(['”', '」']);
            if crate::segment::starts_with_attribution(after) {
                bits |= ends::CLOSES_SPEAKER | if zh_named(after) { ends::NAMED } else { 0 };
            }
        }
        return bits;
    }
    let is_quote = |c: char| matches!(c, '"' | '“' | '”');
    // The first mark opens a quotation after a space or a colon, before a
    // word: the closing mark of a sentence that goes on with a quotation
    // (`Next, we will …," she said.`) is no speaker's colon.
    let opening = text.find(is_quote).filter(|&i| {
        i > 0
            && !text[i..].starts_with('”')
            && text[..i].ends_with(|c: char| c.is_whitespace() || c == ':')
            && text[i..].chars().nth(1).is_some_and(|c| !c.is_whitespace())
    });
    if let Some(open) = opening {
        let before = text[..open].trim_end();
        if before.chars().count() <= EN_ATTRIBUTION_MAX_CHARS && before.ends_with([':', ',']) {
            bits |= ends::SPEAKER_OPENS | if en_named(before) { ends::NAMED } else { 0 };
        }
    }
    if text.starts_with(['"', '“']) {
        bits |= ends::OPENS;
    }
    if text.strip_suffix(['"', '”']).is_some_and(|q| q.ends_with(['.', '!', '?'])) {
        bits |= ends::CLOSES;
    }
    if let Some(close) = text.rfind(is_quote) {
        let (quoted, after) = (&text[..close], text[close..].chars().skip(1).collect::<String>());
        let after = after.trim();
        if !after.is_empty()
            && after.chars().count() <= EN_ATTRIBUTION_MAX_CHARS
            && after.ends_with('.')
            && quoted.ends_with([',', '.', '!', '?'])
        {
            bits |= ends::CLOSES_SPEAKER | if en_named(after) { ends::NAMED } else { 0 };
        }
    }
    if en_says_outside_quotes(text) {
        bits |= ends::SAYS;
    }
    bits
}

/// The attribution of the quotation whose first sentence has the [`ends`]
/// bits `first` and last `last`, if they are one quotation.
fn attribution(first: u8, last: u8) -> Option<Attribution> {
    if first & ends::SPEAKER_OPENS != 0 && last & ends::CLOSES != 0 {
        Some(Attribution::Front)
    } else if first & ends::OPENS != 0 && last & ends::CLOSES_SPEAKER != 0 {
        Some(Attribution::End)
    } else {
        None
    }
}

/// Whether a bead whose source sentences run from one with the [`ends`]
/// bits `source.0` to one with `source.1`, and its target ones likewise,
/// is one quotation a side attributed at opposite ends.
pub(super) fn moved(source: (u8, u8), target: (u8, u8)) -> bool {
    matches!(
        (attribution(source.0, source.1), attribution(target.0, target.1)),
        (Some(Attribution::Front), Some(Attribution::End))
            | (Some(Attribution::End), Some(Attribution::Front))
    )
}

/// The [`ends`] bits of the sentences `first` and `last` of `doc`.
fn sentence_ends(doc: &Document, first: usize, last: usize) -> Option<(u8, u8)> {
    let bits = |i: usize| doc.sentences.get(i).map(|s| quote_ends(&s.text, doc.lang));
    Some((bits(first)?, bits(last)?))
}

/// Whether the bead of source sentences `s` and target sentences `t`
/// names a quotation's speaker on one side only (`speaker_named_on_one_side`):
/// a unit of it can give a new quotation the wrong speaker.
pub fn speaker_on_one_side(source: &Document, target: &Document, s: &[usize], t: &[usize]) -> bool {
    let ends = |d: &Document, ids: &[usize]| sentence_ends(d, *ids.first()?, *ids.last()?);
    ends(source, s).zip(ends(target, t)).is_some_and(|(a, b)| speaker_named_on_one_side(a, b))
}

/// Whether a bead names a quotation's speaker on one side only: one side's
/// sentences run from `source.0` to `source.1` ([`ends`] bits), the other's
/// likewise, and one side names the speaker (before its opening mark, or
/// after its closing one; a pronoun does not count) while the other is part
/// of a quotation and has no attribution at all. Such are the 1-1 beads [`split_moved_attributions`] makes
/// (`刘洋说：“A。` with `"A.`, `B。”` with `B," said Liu Yang.`), right
/// for the CAT segments of the document they come from, but a unit of
/// them fills another speaker's `"A.` with `刘洋说：“A。`.
fn speaker_named_on_one_side(source: (u8, u8), target: (u8, u8)) -> bool {
    let front = |first: u8| first & ends::SPEAKER_OPENS != 0;
    let end = |last: u8| last & ends::CLOSES_SPEAKER != 0;
    let speaks = |(first, last): (u8, u8)| front(first) || end(last) || (first | last) & ends::SAYS != 0;
    let named = |(first, last): (u8, u8)| {
        (front(first) && first & ends::NAMED != 0) || (end(last) && last & ends::NAMED != 0)
    };
    let quotes = |(first, last): (u8, u8)| first & ends::OPENS != 0 || last & ends::CLOSES != 0;
    (named(source) && !speaks(target) && quotes(target))
        || (named(target) && !speaks(source) && quotes(source))
}

/// Splits each n-n bead (n = 2 or 3) whose sides are one quotation each,
/// attributed at opposite ends, into n 1-1 beads.
pub(super) fn split_moved_attributions(path: &mut Vec<Step>, source: &Document, target: &Document) {
    let bits = |d: &Document, r: &std::ops::Range<usize>| sentence_ends(d, r.start, r.end.checked_sub(1)?);
    let is_moved = |(s, t): &Step| {
        let n = s.len();
        (2..=3).contains(&n)
            && t.len() == n
            && bits(source, s).zip(bits(target, t)).is_some_and(|(a, b)| moved(a, b))
    };
    if !path.iter().any(is_moved) {
        return;
    }
    *path = std::mem::take(path)
        .into_iter()
        .flat_map(|step| {
            if is_moved(&step) {
                let (s, t) = step;
                s.zip(t).map(|(i, j)| (i..i + 1, j..j + 1)).collect()
            } else {
                vec![step]
            }
        })
        .collect();
}

/// Whether `text` ends inside a quotation: a quotation mark of some kind
/// opens one that no later mark of that kind closes, so the next sentence
/// goes on with the same speech (`韦小宝道：“是，是，明白了。`, `'Yes,
/// Goong-goong, yes!`). Each kind of mark is followed on its own, so a
/// saying quoted inside a speech does not close the speech (`'You know what
/// they say: "A prince's door is like the deep sea."`). Chinese marks are
/// told apart by their form; an English straight or single mark opens where
/// it stands at the start of a word, and an apostrophe inside a word
/// (`I've`) is neither.
pub(super) fn ends_inside_quotation(text: &str, lang: Lang) -> bool {
    if lang == Lang::Zh {
        // Open or not, per kind: “”, 「」, 『』.
        let mut open = [false; 3];
        for c in text.chars() {
            match c {
                '“' => open[0] = true,
                '”' => open[0] = false,
                '「' => open[1] = true,
                '」' => open[1] = false,
                '『' => open[2] = true,
                '』' => open[2] = false,
                _ => {}
            }
        }
        return open.contains(&true);
    }
    // Open or not, per kind: double marks, single ones.
    let (mut double, mut single) = (false, false);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let before = if i == 0 { None } else { chars.get(i - 1).copied() };
        let after = chars.get(i + 1).copied();
        match c {
            '“' => double = true,
            '”' => double = false,
            '‘' => single = true,
            '"' | '\'' | '’' => {
                let word_before = before.is_some_and(char::is_alphanumeric);
                let word_after = after.is_some_and(char::is_alphanumeric);
                if word_before && word_after {
                    continue;
                }
                let open = if c == '"' { &mut double } else { &mut single };
                // A mark after a space, a dash or a bracket, before a word, opens.
                let at_start =
                    before.is_none_or(|b| b.is_whitespace() || matches!(b, '(' | '[' | '—' | '–' | '-'));
                if at_start && (word_after || after.is_some_and(|a| matches!(a, '.' | '…'))) {
                    *open = true;
                } else if c == '"' && at_start {
                    *open = !*open;
                } else {
                    *open = false;
                }
            }
            _ => {}
        }
    }
    double || single
}

/// Whether `text` holds a quotation mark: a line of speech, or narration
/// quoting one. An English single mark counts where it opens a word
/// (`'Yes`) or closes after a stop or comma (`yes!'`), not as an
/// apostrophe (`didn't`, `Whiskers' fight`).
pub(super) fn holds_speech(text: &str, lang: Lang) -> bool {
    if lang == Lang::Zh {
        return text.contains(['“', '”', '「', '」', '『', '』']);
    }
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| match c {
        '"' | '“' | '”' | '‘' => true,
        '\'' | '’' => {
            let before = if i == 0 { None } else { chars.get(i - 1).copied() };
            let after = chars.get(i + 1).copied();
            let opens = before.is_none_or(char::is_whitespace) && after.is_some_and(char::is_alphanumeric);
            let closes = before.is_some_and(|b| matches!(b, '.' | '!' | '?' | ',' | '…'))
                && after.is_none_or(char::is_whitespace);
            opens || closes
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chinese(first: &str, last: &str) -> Option<Attribution> {
        attribution(quote_ends(first, Lang::Zh), quote_ends(last, Lang::Zh))
    }

    fn english(first: &str, last: &str) -> Option<Attribution> {
        attribution(quote_ends(first, Lang::En), quote_ends(last, Lang::En))
    }

    #[test]
    fn a_sentence_ends_inside_a_quotation_when_its_last_mark_opens_one() {
        let zh = |t: &str| ends_inside_quotation(t, Lang::Zh);
        assert!(zh("韦小宝道：“是，是，明白了。"));
        assert!(!zh("海老公道：“偷什么书？”"));
        assert!(!zh("去玩吗？”"));
        assert!(zh("他说：「我们走吧。"));
        assert!(!zh("那男孩一怔，眼中露出怒色。"));
        let en = |t: &str| ends_inside_quotation(t, Lang::En);
        assert!(en("'Yes, Goong-goong, yes!"));
        assert!(en("\"We opened three routes this year."));
        assert!(en("“We opened three routes this year."));
        assert!(en("He cried: 'I've lost it!"));
        // Closed again, or an apostrophe inside a word.
        assert!(!en("'Better my arse!' muttered the eunuch."));
        assert!(!en("I've lost my balls!'"));
        assert!(!en("\"We will open two more,\" said Liu Yang."));
        assert!(!en("The boy stood there stunned; he didn't move."));
        assert!(!en("The wrestlers' fight was over."));
    }

    #[test]
    fn a_quotation_inside_a_speech_does_not_close_the_speech() {
        // MAC-Dev's English: a saying in double marks inside a line of
        // speech in single ones, the speech going on in the next sentence.
        let en = |t: &str| ends_inside_quotation(t, Lang::En);
        assert!(en("'You know what they say: \"A prince's door is like the deep sea.\""));
        assert!(en("'Now where we live is still \"in the Emperor's shadow\", as they say."));
        assert!(en("\"He said 'no' to me."));
        assert!(!en("'You know what they say: \"Important people have short memories.\"'"));
        let zh = |t: &str| ends_inside_quotation(t, Lang::Zh);
        assert!(zh("他说：「我听到『走』字。"));
        assert!(zh("他说：“我听到「走」字。"));
        assert!(!zh("他说：「我听到『走』字。」"));
        // A closing mark with none open is no speech either.
        assert!(!zh("去玩吗？”"));
    }

    #[test]
    fn a_sentence_holds_speech_when_it_has_a_quotation_mark_not_an_apostrophe() {
        assert!(holds_speech("韦小宝道：“是，是，明白了。", Lang::Zh));
        assert!(holds_speech("去玩吗？”", Lang::Zh));
        assert!(!holds_speech("那男孩一怔，眼中露出怒色。", Lang::Zh));
        let en = |t: &str| holds_speech(t, Lang::En);
        assert!(en("'Better my arse!' muttered the eunuch."));
        assert!(en("I've lost my balls!'"));
        assert!(en("To play?'"));
        assert!(en("\"We will open two more,\" said Liu Yang."));
        assert!(!en("Trinket recalled Whiskers' fight with the seven wrestlers at the inn."));
        assert!(!en("The boy didn't move."));
    }

    #[test]
    fn attributions_are_read_at_either_end_in_both_languages() {
        assert_eq!(
            chinese("港口集团总经理刘洋说：“今年新开了三条航线。", "明年还要再开两条。”"),
            Some(Attribution::Front)
        );
        assert_eq!(chinese("“今年新开了三条航线。", "明年还要再开两条。”刘洋说。"), Some(Attribution::End));
        assert_eq!(
            english(
                "\"We opened three routes this year.",
                "We will open two more,\" said Liu Yang, the manager."
            ),
            Some(Attribution::End)
        );
        assert_eq!(
            english("Liu Yang said: \"We opened three routes this year.", "We will open two more.\""),
            Some(Attribution::Front)
        );
        // Curly quotes, whose closing mark is three bytes long.
        assert_eq!(
            english("Liu Yang said: “We opened three routes this year.", "We will open two more.”"),
            Some(Attribution::Front)
        );
        assert_eq!(
            english("“We opened three routes this year.", "We will open two more,” said Liu Yang."),
            Some(Attribution::End)
        );
    }

    // From the review of session 20.
    #[test]
    fn an_english_quotation_that_names_its_speaker_inside_or_before_it_is_no_speaker_on_one_side() {
        let zh = |t: &str| quote_ends(t, Lang::Zh);
        let en = |t: &str| quote_ends(t, Lang::En);
        let one = |a: u8, b: u8| speaker_named_on_one_side((a, a), (b, b));
        // Both sides name Wang Hua: the English in the middle of the quotation,
        // or before a partial quotation without a colon.
        let flagged = [
            one(zh("王华说：“安全第一。”"), en("\"Safety,\" said Wang Hua, \"comes first.\"")),
            one(zh("王华说：“安全第一。”"), en("Wang Hua said safety \"comes first.\"")),
        ];
        assert_eq!(flagged, [false, false]);
    }

    #[test]
    fn our_citys_official_is_a_named_speaker_and_a_pronoun_after_a_time_clause_is_not() {
        let named = |t: &str, lang: Lang| quote_ends(t, lang) & ends::NAMED != 0;
        // 我市/我省/我国 open a named speaker's title, not the pronoun 我;
        // a pronoun speaker after a time clause, or with a time after it.
        let got = [
            named("我市发改委主任周立新说：“安全第一。", Lang::Zh),
            named("在谈到安全问题时，他说：“安全第一。", Lang::Zh),
            named("All will be finished next year,\" he said on Monday.", Lang::En),
        ];
        assert_eq!(got, [true, false, false]);
    }

    #[test]
    fn a_bead_names_its_speaker_on_one_side_only_when_the_other_quotes_without_one() {
        let zh = |t: &str| quote_ends(t, Lang::Zh);
        let en = |t: &str| quote_ends(t, Lang::En);
        let one = |a: u8, b: u8| speaker_named_on_one_side((a, a), (b, b));
        // The split halves of a quotation attributed at opposite ends.
        assert!(one(zh("王华说：“安全第一。"), en("\"Safety comes first.")));
        assert!(one(zh("明年全部建成。”"), en("All will be finished next year,\" said Wang Hua.")));
        // A pronoun is no name; both sides naming the speaker is a whole quotation.
        assert!(!one(zh("他说：“安全第一。"), en("\"Safety comes first.")));
        assert!(!one(zh("明年全部建成。”"), en("All will be finished next year,\" she said.")));
        assert!(!one(zh("王华说：“安全第一。”"), en("\"Safety comes first,\" said Wang Hua.")));
        // Narration on the other side is no quotation.
        assert!(!one(zh("王华说：“安全第一。"), en("Safety comes first, Wang said.")));
    }

    #[test]
    fn sentences_that_are_not_one_quotation_have_no_attribution() {
        assert_eq!(chinese("今年新开了三条航线。", "明年还要再开两条。"), None);
        assert_eq!(chinese("他说：“今年新开了三条航线。”", "明年还要再开两条。"), None);
        assert_eq!(english("We opened three routes.", "We will open two more."), None);
        assert_eq!(english("\"We opened three routes.\"", "Two more will follow next year."), None);
        // A sentence going on with a quotation opens none.
        assert_eq!(english("Next, we will open two more,\" he said.", "We opened three routes.\""), None);
    }

    fn doc(lang: Lang, lines: &[&str]) -> Document {
        let sentences = lines
            .iter()
            .enumerate()
            .map(|(i, t)| crate::segment::Sentence {
                text: (*t).to_string(),
                start: i,
                end: i + 1,
                paragraph: 0,
            })
            .collect();
        Document::new(String::new(), lang, sentences)
    }

    #[test]
    fn a_quotation_attributed_at_opposite_ends_is_aligned_sentence_by_sentence() {
        let zh = doc(
            Lang::Zh,
            &["刘洋说：“今年新开了三条航线。", "明年还要再开两条。”", "港口正在建设二期码头。"],
        );
        let en = doc(
            Lang::En,
            &[
                "\"We opened three routes this year.",
                "We will open two more next year,\" said Liu Yang.",
                "The port is building a new wharf.",
            ],
        );
        let mut path: Vec<Step> = vec![(0..2, 0..2), (2..3, 2..3)];
        split_moved_attributions(&mut path, &zh, &en);
        assert_eq!(path, [(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]);
        // Attributed at the same end, the 2-2 bead is the search's to keep.
        let en = doc(
            Lang::En,
            &[
                "Liu said: \"We opened three routes this year.",
                "We will open two more.\"",
                "A wharf is built.",
            ],
        );
        let mut path: Vec<Step> = vec![(0..2, 0..2), (2..3, 2..3)];
        split_moved_attributions(&mut path, &zh, &en);
        assert_eq!(path, [(0..2, 0..2), (2..3, 2..3)]);
    }
}
