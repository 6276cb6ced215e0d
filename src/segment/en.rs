//! English word knowledge for the segmenter: which words before a period are
//! abbreviations, and which capitalised words after one usually open a sentence.
//!
//! Abbreviations fall in three groups because they behave differently at the
//! end of a sentence:
//! * titles (`Mr.`, `Dr.`, `Mt.`, `No.`) introduce a name or number, so a
//!   period after them never ends a sentence;
//! * "closers" (`Co.`, `Inc.`, `U.S.`, `e.g.`) often end a sentence too, so
//!   the period ends one only when the next word is a common sentence opener
//!   ("… Inc. The company" splits, "U.S. Government" does not);
//! * time and list words (`a.m.`, `etc.`) end a sentence before any capital;
//! * month abbreviations (`Jan.`, `Sept.`) too, but before a number they
//!   begin a date (`on Mar. 7. Visitors came` ends after the day, not the month).

/// What the word before a period is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WordClass {
    /// Never ends a sentence before a capital or digit.
    Title,
    /// Ends a sentence only before a common sentence opener.
    Closer,
    /// Ends a sentence before any capitalised word.
    Loose,
    /// A month: ends a sentence before a capitalised word, never before a number (the day).
    Month,
    /// One letter: an initial, or the pronoun `I`.
    Letter,
    /// A number (digits with `,` `.` and currency signs).
    Number,
    /// An ordinary word.
    Word,
}

const TITLES: &[&str] = &[
    "adm", "brig", "capt", "cmdr", "col", "cpl", "dr", "fr", "gen", "gov", "hon", "lt", "maj", "messrs",
    "mme", "mlle", "mr", "mrs", "ms", "msgr", "mt", "n°", "no", "nos", "nr", "pres", "prof", "rep", "rev",
    "rs", "sen", "sgt", "sr", "sra", "srta", "st", "supt", "art", "fig", "figs", "vol", "vols", "pp", "ch",
    "sec", "sect", "para", "ref", "tel",
];

const CLOSERS: &[&str] = &[
    "co", "corp", "inc", "ltd", "llc", "plc", "bros", "jr", "esq", "gmbh", "al", "e.g", "i.e", "u.s", "u.k",
    "u.s.a", "e.u", "u.n", "p.o", "ph.d", "dept", "univ", "assn", "ave", "blvd", "rd", "ind", "wash",
];

const LOOSE: &[&str] = &[
    "a.m", "p.m", "etc", "vs", "viz", "cf", "approx", "min", "max", "med", "btw", "f.e", "i.v", "est", "ft",
    "km", "kg", "mo",
];

/// Month abbreviations as news agencies and style guides write them (`May`,
/// `June` and `July` are never abbreviated, so they are ordinary words).
const MONTHS: &[&str] =
    &["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"];

/// Capitalised words that usually begin a new sentence rather than continue
/// a name after an abbreviation.
const OPENERS: &[&str] = &[
    "a",
    "after",
    "all",
    "also",
    "an",
    "and",
    "as",
    "at",
    "before",
    "both",
    "but",
    "by",
    "during",
    "each",
    "every",
    "for",
    "from",
    "he",
    "her",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "it",
    "its",
    "many",
    "meanwhile",
    "more",
    "most",
    "my",
    "no",
    "nor",
    "not",
    "now",
    "on",
    "once",
    "one",
    "our",
    "since",
    "she",
    "so",
    "some",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "thus",
    "to",
    "today",
    "under",
    "until",
    "we",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "with",
    "yet",
    "you",
    "your",
];

/// Lower-cases the ASCII letters of `word` into `buf` (other characters, such
/// as the `°` of `N°`, are copied as they are); `None` when it is longer than
/// the buffer, since no abbreviation in the lists is longer than 8 bytes.
fn lower<'a>(word: &str, buf: &'a mut [u8; 12]) -> Option<&'a str> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > buf.len() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..b.len()]).ok()
}

/// Classifies the word before a period (without the period itself).
pub(crate) fn classify(word: &str) -> WordClass {
    let b = word.as_bytes();
    if b.is_empty() {
        return WordClass::Word;
    }
    let mut buf = [0u8; 12];
    if let Some(l) = lower(word, &mut buf) {
        if TITLES.contains(&l) {
            return WordClass::Title;
        }
        if LOOSE.contains(&l) {
            return WordClass::Loose;
        }
        if MONTHS.contains(&l) {
            return WordClass::Month;
        }
        if CLOSERS.contains(&l) {
            return WordClass::Closer;
        }
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_alphabetic() {
            return WordClass::Letter;
        }
    }
    if b[b.len() - 1].is_ascii_digit()
        && b.iter().all(|&c| c.is_ascii_digit() || matches!(c, b',' | b'.' | b'$' | b'%' | b'-' | b'+'))
    {
        return WordClass::Number;
    }
    // Dotted initialisms (U.S.A, J.C, L.F): letters in groups of one or two.
    if b.contains(&b'.')
        && word.split('.').all(|g| (1..=2).contains(&g.len()) && g.bytes().all(|c| c.is_ascii_alphabetic()))
    {
        return WordClass::Closer;
    }
    WordClass::Word
}

/// True when a capitalised `word` is one that commonly opens a sentence.
pub(crate) fn is_opener(word: &str) -> bool {
    let mut buf = [0u8; 12];
    lower(word, &mut buf).is_some_and(|l| OPENERS.contains(&l))
}

/// Verbs that report speech right after a speaker's name (`Du said`).
const REPORTING: &[&str] =
    &["said", "says", "told", "added", "noted", "stressed", "explained", "asked", "replied"];

/// Honorifics that open a sentence about a person. After a country or
/// company abbreviation they cannot continue its name (`the U.S. Dr. Carter`),
/// unlike the office titles of [`TITLES`] (`U.S. Rep. Smith`, `U.S. Sen.`).
const HONORIFICS: &[&str] = &["dr", "mr", "mrs", "ms", "prof", "messrs", "mme", "mlle"];

/// Common Chinese surnames in pinyin, lower case: the first word of a name
/// that follows an abbreviation. Many English words are whole pinyin syllables
/// too (`House` is hou-se, `Senate` se-na-te), so a word that only spells
/// syllables does not make a person; a surname does.
const SURNAMES: &[&str] = &[
    "ai", "an", "bai", "ban", "bao", "bi", "bian", "cai", "cao", "cen", "chai", "chang", "chen", "cheng",
    "chi", "chu", "cui", "dai", "deng", "di", "ding", "dong", "dou", "du", "duan", "fan", "fang", "fei",
    "feng", "fu", "gan", "gao", "ge", "geng", "gong", "gu", "guan", "guo", "han", "hao", "he", "hong", "hou",
    "hu", "hua", "huang", "ji", "jia", "jian", "jiang", "jiao", "jin", "jing", "kang", "ke", "kong", "kuang",
    "lai", "lan", "lei", "li", "lian", "liang", "liao", "lin", "ling", "liu", "long", "lou", "lu", "luo",
    "lv", "ma", "mao", "mei", "meng", "mi", "miao", "mo", "mu", "ni", "nie", "ning", "niu", "ouyang", "pan",
    "pang", "pei", "peng", "pu", "qi", "qian", "qiao", "qin", "qiu", "qu", "ran", "rao", "ren", "rong",
    "ruan", "shan", "shang", "shao", "shen", "sheng", "shi", "shu", "si", "sima", "situ", "song", "su",
    "sun", "tan", "tang", "tao", "teng", "tian", "tong", "wan", "wang", "wei", "wen", "wu", "xi", "xia",
    "xiang", "xiao", "xie", "xin", "xing", "xiong", "xu", "xue", "yan", "yang", "yao", "ye", "yi", "yin",
    "ying", "you", "yu", "yuan", "yue", "yun", "zeng", "zhai", "zhan", "zhang", "zhao", "zheng", "zhong",
    "zhou", "zhu", "zhuang", "zhuge", "zou", "zuo",
];

/// True when `rest`, after the abbreviation `abbreviation`, starts with a
/// person: a surname in pinyin ([`SURNAMES`]) followed by a word that is
/// wholly pinyin syllables (`Li Ming`, `Ouyang Xiu`), a surname before a
/// comma (`Wang, the manager`) or before a verb of reporting (`Du said`), or
/// an honorific (`Dr. Emily Carter`; not after `e.g.`/`i.e.`). Words may be
/// separated by any white space, a line break included, since the text may
/// be wrapped.
///
/// After a country or company abbreviation this tells a new sentence about a
/// person (`… in the U.S. Li Ming said`) from a name that goes on (`the U.S.
/// Government`, `the U.S. House said`): institution words are not surnames.
pub(crate) fn starts_with_new_speaker(abbreviation: &str, rest: &str) -> bool {
    let mut words = rest.split_whitespace();
    let capitalised = |w: &str| {
        let mut cs = w.chars();
        cs.next().is_some_and(|c| c.is_ascii_uppercase())
            && w.len() <= 12
            && cs.all(|c| c.is_ascii_lowercase())
    };
    let is_pinyin =
        |w: &str| capitalised(w) && !crate::anchor::name::split_pinyin(&w.to_ascii_lowercase()).is_empty();
    let is_surname = |w: &str| {
        let mut buf = [0u8; 12];
        capitalised(w) && lower(w, &mut buf).is_some_and(|l| SURNAMES.binary_search(&l).is_ok())
    };
    let Some(first) = words.next() else { return false };
    if let Some(title) = first.strip_suffix('.') {
        // `e.g. Mr. Smith` introduces an example; it does not end a sentence.
        let mut buf = [0u8; 12];
        let introduces = lower(abbreviation, &mut buf).is_some_and(|l| matches!(l, "e.g" | "i.e"));
        return !introduces && lower(title, &mut buf).is_some_and(|l| HONORIFICS.contains(&l));
    }
    if let Some(name) = first.strip_suffix(',') {
        return is_surname(name);
    }
    let Some(second) = words.next() else { return false };
    if REPORTING.contains(&second.trim_end_matches([',', '.'])) {
        return is_surname(first);
    }
    let second = second.trim_end_matches([',', '.', '\'', '’']);
    let second = second.strip_suffix("'s").unwrap_or(second);
    is_surname(first) && is_pinyin(second)
}

/// Abbreviations that close a proper name: a company's legal form (`Co.`,
/// `Ltd.`) or a country's or union's initials (`U.S.`, `E.U.`). Nothing but a
/// title or an institution can follow one inside the same name, so before any
/// other capitalised word they end the sentence, as in `… Group Co., Ltd.
/// Taiyuan, the capital, …` or `… sold in the U.S. Orders have doubled.`
/// (pragmatic_segmenter's golden rule `… of the U.S. Millions attended`).
const NAME_ENDS: &[&str] =
    &["co", "corp", "gmbh", "inc", "llc", "ltd", "plc", "u.s", "u.s.a", "u.k", "e.u", "u.n"];

/// Capitalised words that go on with a name after a [`NAME_ENDS`]
/// abbreviation: another legal form (`Co. Ltd.`), a company office (`Inc.
/// Chairman`, `Ltd. CEO`) or an institution of a country or union (`U.S.
/// Navy`, `U.K. Panel`, `U.N. Security Council`). Lower case, sorted.
const NAME_GOES_ON: &[&str] = &[
    "administration",
    "agency",
    "air",
    "ambassador",
    "army",
    "attorney",
    "board",
    "border",
    "bureau",
    "census",
    "central",
    "ceo",
    "cfo",
    "chair",
    "chairman",
    "chairwoman",
    "chamber",
    "chief",
    "co",
    "coast",
    "commerce",
    "commission",
    "congress",
    "congressman",
    "congresswoman",
    "consul",
    "consulate",
    "coo",
    "corp",
    "council",
    "court",
    "cto",
    "customs",
    "defense",
    "delegation",
    "department",
    "deputy",
    "director",
    "dollar",
    "embassy",
    "energy",
    "envoy",
    "executive",
    "fed",
    "federal",
    "food",
    "forces",
    "foreign",
    "founder",
    "general",
    "geological",
    "government",
    "group",
    "health",
    "holdings",
    "house",
    "immigration",
    "inc",
    "institute",
    "intelligence",
    "justice",
    "labor",
    "ltd",
    "managing",
    "marine",
    "marines",
    "military",
    "mint",
    "mission",
    "national",
    "navy",
    "office",
    "olympic",
    "open",
    "panel",
    "parliament",
    "patent",
    "postal",
    "president",
    "presidential",
    "representative",
    "secretary",
    "security",
    "senate",
    "senator",
    "senior",
    "space",
    "special",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "state",
    "supreme",
    "trade",
    "treasury",
    "vice",
];

/// True when the abbreviation `abbreviation`, which closes a proper name
/// ([`NAME_ENDS`]), is followed in `rest` by a capitalised word that cannot go
/// on with that name, so that the period ends the sentence. A word in capitals
/// (`KG`, `FDA`) or an abbreviated title (`U.S. Rep. Smith`) goes on.
pub(crate) fn name_ends_before(abbreviation: &str, rest: &str) -> bool {
    let mut buf = [0u8; 12];
    if !lower(abbreviation, &mut buf).is_some_and(|l| NAME_ENDS.contains(&l)) {
        return false;
    }
    let Some(word) = rest.split_whitespace().next() else { return false };
    if let Some(title) = word.strip_suffix('.') {
        if classify(title) == WordClass::Title {
            return false;
        }
    }
    let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    if word.len() >= 2 && word.bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
        return false;
    }
    let word = word.split(['-', '\'', '’']).next().unwrap_or(word);
    lower(word, &mut buf).is_none_or(|l| NAME_GOES_ON.binary_search(&l).is_err())
}

/// True when `rest` (the text after an apostrophe) is a word with elided
/// letters such as 'round or 'tis, not the start of a quotation.
pub(crate) fn is_elided(rest: &str) -> bool {
    const ELIDED: &[&str] = &["round", "tis", "twas", "em", "cause", "til", "till", "bout", "cos", "n"];
    let word: &str = rest.split(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("");
    let mut buf = [0u8; 12];
    lower(word, &mut buf).is_some_and(|l| ELIDED.contains(&l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(SURNAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(NAME_GOES_ON.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn abbreviation_groups_are_case_insensitive() {
        assert_eq!(classify("Mr"), WordClass::Title);
        assert_eq!(classify("INC"), WordClass::Closer);
        assert_eq!(classify("P.M"), WordClass::Loose);
        assert_eq!(classify("U.S.A"), WordClass::Closer);
        assert_eq!(classify("55,000"), WordClass::Number);
        assert_eq!(classify("E"), WordClass::Letter);
        assert_eq!(classify("harbour"), WordClass::Word);
        assert_eq!(classify("Sept"), WordClass::Month);
        assert_eq!(classify("N°"), WordClass::Title);
    }

    #[test]
    fn a_person_after_an_abbreviation_is_a_pinyin_name_a_reporting_surname_or_an_honorific() {
        assert!(starts_with_new_speaker("U.S", "Li Ming, the manager, said"));
        assert!(starts_with_new_speaker("U.S", "Zhang Wei said"));
        assert!(starts_with_new_speaker("U.S", "Wang, a manager, said"));
        assert!(!starts_with_new_speaker("U.S", "Government agreed"));
        assert!(!starts_with_new_speaker("U.S", "Senate Majority Leader"));
        assert!(!starts_with_new_speaker("U.S", "Li"));
        assert!(!starts_with_new_speaker("U.S", "LI MING said"));
        // A wrapped line, a surname before a verb of reporting, an honorific.
        assert!(starts_with_new_speaker("U.S", "Zhou\nHaiyan, the engineer"));
        assert!(starts_with_new_speaker("U.S", "Gao said the plant"));
        assert!(starts_with_new_speaker("U.S", "Ms. Anna Berg, a buyer"));
        assert!(!starts_with_new_speaker("U.S", "Congress said"));
        assert!(!starts_with_new_speaker("U.S", "Rep. John Smith"));
        assert!(!starts_with_new_speaker("U.S", "Gao Street"));
        // English words that happen to spell pinyin syllables are not surnames.
        assert!(!starts_with_new_speaker("U.S", "House said the bill would pass"));
        assert!(!starts_with_new_speaker("U.S", "Senate said on Monday"));
        assert!(!starts_with_new_speaker("U.S", "Senate Banking Committee"));
        assert!(starts_with_new_speaker("U.S", "Ouyang Xiu said"));
        assert!(!starts_with_new_speaker("e.g", "Mr. Smith, who"));
    }
}
