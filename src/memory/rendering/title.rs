//! What the span builder knows of official titles: their heads, rank
//! modifiers, organisation suffixes and nouns, and the levels of an
//! administration.

use super::*;

/// Chinese title heads and the English words that translate them: the
/// phrase-structure cues of the span builder. A Chinese title is head-final
/// (`科学技术局局长`, the director of the Bureau of Science and Technology)
/// where the English one puts its head first ("director of the …"), so a
/// span that has the body but not the head is extended left to the head
/// word, and a span of the head alone is extended right over the "of the …"
/// that follows. Conversely a Chinese rendering of an English phrase that
/// has none of these words loses a trailing head (`市商务局局长` for
/// "Municipal Bureau of Commerce" is `市商务局`). The pairs are the
/// dictionary senses (CC-CEDICT) of the heads of the titles in
/// corpora/dev, and (session 9) of the town, township and school heads of
/// corpora/titles-dev n09–n13, and (session 17) of court divisions and
/// teams (`庭长`, `组长`); longer heads first.
pub const TITLE_HEADS: &[(&str, &[&str])] = &[
    ("董事长", &["chairman", "chairwoman", "chair"]),
    ("秘书长", &["secretary-general"]),
    ("检察长", &["procurator", "prosecutor"]),
    ("总经理", &["manager"]),
    ("局长", &["director", "head", "chief"]),
    ("主任", &["director", "head", "chairman", "chairwoman"]),
    ("书记", &["secretary"]),
    ("主席", &["chairman", "chairwoman", "chair", "president"]),
    ("市长", &["mayor"]),
    ("县长", &["magistrate", "head"]),
    ("镇长", &["mayor", "head"]),
    ("乡长", &["mayor", "head"]),
    ("校长", &["president", "principal", "headmaster"]),
    ("会长", &["president", "chairman", "chairwoman", "head"]),
    ("区长", &["head", "chief"]),
    ("院长", &["president", "director", "head", "dean"]),
    ("厅长", &["director", "head"]),
    ("庭长", &["judge", "head", "chief"]),
    ("组长", &["leader", "head"]),
    ("部长", &["minister", "head", "director"]),
    ("处长", &["director", "head"]),
    ("经理", &["manager"]),
    ("委员", &["member"]),
    ("常委", &["member"]),
];

/// Rank modifiers that open a Chinese title and the English words for them
/// (`总会计师` "chief accountant", `总经理` "general manager", `常务副市长`
/// "executive vice-mayor"), as English news renders them (the lexicon's
/// "chief" does not list `总`): a title seen once has its head linked and
/// the modifier often not.
pub(super) const TITLE_MODIFIERS: &[(&str, &[&str])] =
    &[("总", &["chief", "general"]), ("首席", &["chief"]), ("常务", &["executive"])];

/// Han characters that end a Chinese organisation name: a Chinese rendering
/// that stops one character short of one (`委员` before `会`) takes it.
pub const ORG_SUFFIXES: &[char] = &['会', '局', '委', '厅', '处', '院', '部', '办', '所', '站', '庭'];

/// English nouns that end the name of a body ("Bureau", "Commission"):
/// a Chinese rendering of a phrase ending on one ends on an organisation
/// suffix ([`ORG_SUFFIXES`]). Session 17: the last words of the accepted
/// English renderings of the dev lists' Chinese bodies (bureau 65 times,
/// committee 50, commission 33, department 12, court 8, hospital 7, office
/// 6, tribunal 5, administration and procuratorate 4, division 3), and
/// "institute" and "station", the nouns of `所` and `站`.
pub(super) const ORG_NOUNS: &[&str] = &[
    "bureau",
    "commission",
    "committee",
    "office",
    "department",
    "administration",
    "court",
    "procuratorate",
    "tribunal",
    "division",
    "institute",
    "hospital",
    "station",
];

/// Whether an English phrase ends on an organisation's noun ([`ORG_NOUNS`]).
pub(super) fn org_noun(phrase: &str) -> bool {
    phrase.split_whitespace().last().is_some_and(|w| ORG_NOUNS.contains(&w.to_lowercase().as_str()))
}

/// Characters that name the level of an administration (`市`, `省`, `县`
/// …): right before a phrase, their lower-case English word ("municipal",
/// "county") is part of the name's rendering as its capitalised form is
/// (session 16). Other characters before a title (`副`, `原`, `常务`) make
/// another office of it.
pub const LEVEL_HAN: &[char] = &['市', '省', '县', '区', '镇', '乡', '州'];

/// The head a Chinese title ends with (`局长`, `副市长`'s `市长` …) and its
/// English words; `None` for any other text, English included.
pub(crate) fn title_head(chinese: &str) -> Option<&'static (&'static str, &'static [&'static str])> {
    TITLE_HEADS.iter().find(|(h, _)| chinese.ends_with(h))
}

/// Words of an English text for the structure checks: lower case, split at
/// spaces and in-word hyphens ("vice-mayor" is "vice" and "mayor"), except
/// a hyphenated title head, which stays one word ("secretary-general").
pub(super) fn structure_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in text.split(char::is_whitespace) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if head_words().any(|h| h == w) {
            out.push(w);
        } else {
            out.extend(
                w.split(['-', '–']).map(|p| p.trim_matches(|c: char| !c.is_alphanumeric()).to_string()),
            );
        }
    }
    out.retain(|w| !w.is_empty());
    out
}

/// The English words of every title head ([`TITLE_HEADS`]) and of `副`
/// ([`DEPUTY_WORDS`]).
pub(super) fn head_words() -> impl Iterator<Item = &'static str> {
    TITLE_HEADS.iter().flat_map(|(_, e)| e.iter().copied())
}

/// Whether a rendering keeps the title structure of the phrase it renders:
/// the head of a title (`局长`, "director") is in it when the phrase has
/// one and out of it when the phrase has none, and `副` goes with "deputy"
/// or "vice". A span that lost the head ("Xiling Municipal Finance Bureau"
/// for `市财政局局长`, where the links missed "director of the") or its
/// deputy ("procurator" for `副检察长`) renders a different office, however
/// often it is seen, so [`renderings_of`] ranks the renderings that agree
/// first.
/// `phrase` is in the language other than `target`'s; an empty one has no
/// structure to keep.
pub fn structure_agrees(phrase: &str, target: Lang, text: &str) -> bool {
    if phrase.trim().is_empty() {
        return true;
    }
    let deputy_en = |words: &[String]| words.iter().any(|w| DEPUTY_WORDS.contains(&w.as_str()));
    match target {
        Lang::En => {
            let words = structure_words(text);
            let head = title_head(phrase);
            match head {
                Some((_, english)) => {
                    let deputy = phrase.contains('副');
                    words.iter().any(|w| english.contains(&w.as_str())) && deputy == deputy_en(&words)
                }
                // No head in the phrase: the rendering does not open with
                // one ("director of the Finance Bureau" for `财政局`).
                None => {
                    let first = words.iter().find(|w| !DEPUTY_WORDS.contains(&w.as_str()));
                    !first.is_some_and(|w| head_words().any(|h| h == w))
                }
            }
        }
        Lang::Zh => {
            let words = structure_words(phrase);
            let named: Vec<&str> = head_words().filter(|h| words.iter().any(|w| w == h)).collect();
            let head = title_head(text);
            if named.is_empty() {
                head.is_none()
            } else {
                head.is_some_and(|(_, english)| english.iter().any(|e| named.contains(e)))
                    && deputy_en(&words) == text.contains('副')
            }
        }
    }
}
