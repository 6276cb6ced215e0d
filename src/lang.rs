//! The two languages tmalign works with, and detection by script.
//!
//! Detection counts Han characters against Latin letters: a Chinese document
//! quotes English names and numbers, and an English one rarely holds Han
//! characters, so whichever script dominates the letters decides.

use std::fmt;
use std::str::FromStr;

/// A document language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The short code used on the command line and in file names.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The other language of the pair.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// Whether `part` of a file name (a dot-separated piece, or a folder)
    /// names this language: its code in any case (`zh`, `ZH`), alone or
    /// followed by region or script subtags (`zh-CN`, `zh-Hans`, `zh_TW`,
    /// `en-US`, `en-GB`, `es-419`), as BCP 47 tags and locale names write
    /// them: a script of four letters, a region of two letters or three
    /// digits. Nothing else is taken for a tag, so that a folder `zh-notes/`
    /// or `en-old/` names no language. `batch` pairs files by it, and the
    /// language check reads what a name says by it.
    pub fn named_by(self, part: &str) -> bool {
        let code = self.code();
        let Some(head) = part.get(..code.len()) else { return false };
        if !head.eq_ignore_ascii_case(code) {
            return false;
        }
        let rest = &part[code.len()..];
        if rest.is_empty() {
            return true;
        }
        let Some(subtags) = rest.strip_prefix(['-', '_']) else { return false };
        subtags.split(['-', '_']).all(|t| {
            let letters = t.bytes().all(|b| b.is_ascii_alphabetic());
            (letters && (t.len() == 2 || t.len() == 4))
                || (t.len() == 3 && t.bytes().all(|b| b.is_ascii_digit()))
        })
    }
}

/// Characters of frequent words that only traditional Chinese writes so
/// (69 characters of frequent news words whose simplified form differs,
/// picked by hand in session 21), sorted for a binary search; [`SIMPLIFIED`] holds their
/// simplified forms.
const TRADITIONAL_ONLY: [char; 69] = [
    '來', '個', '們', '價', '動', '務', '區', '員', '問', '國', '報', '場', '學', '實', '將', '對', '從',
    '應', '時', '書', '會', '東', '業', '機', '歲', '濟', '為', '無', '現', '產', '當', '發', '種', '經',
    '網', '總', '聯', '與', '舉', '華', '藝', '術', '見', '計', '記', '設', '說', '議', '變', '讓', '車',
    '辦', '這', '進', '過', '還', '錢', '長', '門', '開', '關', '陽', '際', '電', '題', '體', '麼', '點',
    '黨',
];

/// The simplified forms of [`TRADITIONAL_ONLY`] (们 for 們, 个 for 個 …),
/// sorted.
const SIMPLIFIED: [char; 69] = [
    '与', '业', '东', '个', '为', '举', '么', '书', '产', '从', '们', '价', '会', '体', '党', '关', '办',
    '务', '动', '区', '华', '发', '变', '员', '国', '场', '学', '实', '对', '将', '岁', '应', '开', '当',
    '总', '报', '无', '时', '术', '机', '来', '济', '点', '现', '电', '种', '经', '网', '联', '艺', '见',
    '计', '让', '议', '记', '设', '说', '车', '过', '还', '这', '进', '钱', '长', '门', '问', '阳', '际',
    '题',
];

/// Whether Chinese `texts` are written in traditional characters: at least
/// five of `TRADITIONAL_ONLY`, and more of them than of their simplified
/// forms, so that a simplified text quoting a Hong Kong paper's name
/// (`《經濟日報》`) stays simplified. Such a text is tagged `zh-CN` unless
/// told otherwise, and a memory's lookups do not match it against
/// simplified text.
///
/// ```
/// use tmalign::lang::reads_as_traditional;
/// assert!(reads_as_traditional(["臨江市對外開放工作會議說，這個時期經濟發展很快。"]));
/// assert!(!reads_as_traditional(["临江市对外开放工作会议说，这个时期经济发展很快。"]));
/// let quoting = ["这个时期全市经济发展很快，对外开放的步伐加快。", "会议说，要进一步扩大开放。", "香港《經濟日報》說，這個會議很重要。"];
/// assert!(!reads_as_traditional(quoting));
/// ```
pub fn reads_as_traditional<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    let (mut traditional, mut simplified) = (0usize, 0usize);
    for c in texts.into_iter().flat_map(str::chars).filter(|&c| is_han(c)) {
        traditional += usize::from(TRADITIONAL_ONLY.binary_search(&c).is_ok());
        simplified += usize::from(SIMPLIFIED.binary_search(&c).is_ok());
    }
    traditional >= 5 && traditional > simplified
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zho" | "chi" | "cmn" | "chinese" => Ok(Lang::Zh),
            "en" | "eng" | "english" => Ok(Lang::En),
            other => {
                // Accept tags such as zh-CN, zh-Hans or en-US by their primary subtag.
                let primary = other.split(['-', '_']).next().unwrap_or("");
                if primary != other {
                    primary.parse()
                } else {
                    Err(format!("unknown language {s:?} (expected zh or en)"))
                }
            }
        }
    }
}

/// True for characters of the CJK ideograph blocks (and 〇, used in years).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{3007}')
}

/// How many Han characters and Latin letters a text holds: what detection
/// decides on, and what messages about a wrong language quote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScriptCounts {
    pub han: usize,
    pub latin: usize,
}

impl ScriptCounts {
    pub fn of(text: &str) -> ScriptCounts {
        let mut n = ScriptCounts::default();
        for c in text.chars() {
            if is_han(c) {
                n.han += 1;
            } else if c.is_ascii_alphabetic() {
                n.latin += 1;
            }
        }
        n
    }

    /// The language these counts point to; `None` without Han or letters.
    pub fn lang(self) -> Option<Lang> {
        // A Han character carries about as much as a four-letter English word.
        if self.han == 0 && self.latin == 0 {
            None
        } else if self.han * 4 >= self.latin {
            Some(Lang::Zh)
        } else {
            Some(Lang::En)
        }
    }
}

impl fmt::Display for ScriptCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Han characters, {} Latin letters", self.han, self.latin)
    }
}

/// Guesses the language of a text by script; `None` when it holds neither
/// Han characters nor Latin letters.
pub fn detect(text: &str) -> Option<Lang> {
    ScriptCounts::of(text).lang()
}

/// The language's name in English, for messages.
pub fn english_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "Chinese",
        Lang::En => "English",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_traditional_and_simplified_characters_are_sorted_for_their_binary_search() {
        assert!(TRADITIONAL_ONLY.windows(2).all(|w| w[0] < w[1]));
        assert!(SIMPLIFIED.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn chinese_text_with_latin_names_is_chinese() {
        assert_eq!(detect("连云港市与Shanghai Port合作，2023年"), Some(Lang::Zh));
    }

    #[test]
    fn english_text_with_a_quoted_han_word_is_english() {
        assert_eq!(detect("The word 港 means port in Chinese."), Some(Lang::En));
    }

    #[test]
    fn digits_and_punctuation_alone_have_no_language() {
        assert_eq!(detect("2023 — 55,000 (12%)"), None);
    }

    #[test]
    fn language_tags_parse_by_primary_subtag() {
        assert_eq!("zh-Hans".parse::<Lang>(), Ok(Lang::Zh));
        assert_eq!("EN-us".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
    }
}
