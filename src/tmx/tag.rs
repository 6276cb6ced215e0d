//! Language tags in memories, compared as users mean them.
//!
//! Files in the wild write `zh-CN`, `ZH-cn`, `zh_CN`, `zh-Hans`, `zh`, `cmn`…
//! for the same Chinese. Two kinds of comparison are offered:
//!
//! * [`lang_matches`] asks "is this tag one of tmalign's two languages?": it
//!   looks at the primary subtag only, case-insensitively (`zh`, `zho`, `chi`,
//!   `cmn` are Chinese; `en`, `eng` are English), so `zh-CN`, `zh-Hans`,
//!   `zh-TW`, `zh-Hant` and `zh-HK` are all Chinese, `en-US` and `en-GB` English.
//! * [`tag_matches`] filters by a range such as `zh-Hans` or `en-US`: a tag
//!   matches when it equals the range or extends it at a `-` boundary
//!   (`en` matches `en-GB`; `en-US` does not match `en-GB`). For Chinese the
//!   script is inferred from the region as CAT tools do: `zh-CN`, `zh-SG`,
//!   `zh-MY` and a bare `zh` are Simplified (`zh-Hans`), `zh-TW`, `zh-HK` and
//!   `zh-MO` Traditional (`zh-Hant`). A range `*` matches every tag.

use crate::lang::Lang;

fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or("")
}

/// True when the tag names the language `lang` (primary subtag, any case).
pub fn lang_matches(tag: &str, lang: Lang) -> bool {
    let p = primary(tag.trim());
    match lang {
        Lang::Zh => ["zh", "zho", "chi", "cmn"].iter().any(|c| p.eq_ignore_ascii_case(c)),
        Lang::En => ["en", "eng"].iter().any(|c| p.eq_ignore_ascii_case(c)),
    }
}

/// The tag tmalign writes by default for a language.
pub fn tag_for(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en-US",
    }
}

/// The tag in BCP 47's conventional case, `_` read as `-`: `ZH-cn` and
/// `zh_CN` are `zh-CN`, `zh-hans` is `zh-Hans`, `EN-gb` is `en-GB`. What
/// counts of languages group by, as tags compare without case.
pub fn canonical_tag(tag: &str) -> String {
    let parts: Vec<String> = tag
        .trim()
        .split(['-', '_'])
        .enumerate()
        .map(|(i, p)| match p.len() {
            _ if i == 0 => p.to_ascii_lowercase(),
            4 if p.bytes().all(|b| b.is_ascii_alphabetic()) => {
                let lower = p.to_ascii_lowercase();
                lower[..1].to_ascii_uppercase() + &lower[1..]
            }
            // A region; three letters after the language are an extended
            // language subtag (`zh-yue`), which stays in lower case.
            2 if p.bytes().all(|b| b.is_ascii_alphabetic()) => p.to_ascii_uppercase(),
            _ => p.to_ascii_lowercase(),
        })
        .collect();
    parts.join("-")
}

/// True for a syntactically plausible BCP 47 tag: ASCII letters and digits in
/// subtags of 1 to 8 characters separated by `-`, starting with letters.
pub fn valid_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let first_ok = subtags
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok && subtags.all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Lower-cased subtags, `_` read as `-`, with the script of Chinese filled in
/// from the region when the tag does not name it.
fn expand(tag: &str) -> Vec<String> {
    let mut parts: Vec<String> =
        tag.trim().split(['-', '_']).filter(|s| !s.is_empty()).map(|s| s.to_ascii_lowercase()).collect();
    let is_zh = parts.first().is_some_and(|p| matches!(p.as_str(), "zh" | "zho" | "chi" | "cmn"));
    if is_zh {
        parts[0] = "zh".to_string();
        let has_script = parts.get(1).is_some_and(|s| s.len() == 4);
        if !has_script {
            let script = match parts.get(1).map(String::as_str) {
                Some("tw" | "hk" | "mo") => "hant",
                _ => "hans",
            };
            parts.insert(1, script.to_string());
        }
    }
    parts
}

/// True when `tag` falls under the language range `range` (see the module docs).
pub fn tag_matches(tag: &str, range: &str) -> bool {
    if range.trim() == "*" {
        return true;
    }
    let t = expand(tag);
    let mut r = expand(range);
    // A range that names only "zh" must not be narrowed to Simplified by the
    // inference above: "zh" means every Chinese.
    if r.len() == 2 && r[0] == "zh" && !range.contains(['-', '_']) {
        r.truncate(1);
    }
    !r.is_empty() && r.len() <= t.len() && r.iter().zip(&t).all(|(a, b)| a == b)
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_extended_language_subtag_stays_lower_case() {
        // Three letters after the language (review of session 20)
        // are an extlang (RFC 5646 2.1.1: lower case), not a region.
        assert_eq!(super::canonical_tag("zh-yue-HK"), "zh-yue-HK");
        assert_eq!(super::canonical_tag("ZH-CMN-hans-cn"), "zh-cmn-Hans-CN");
    }

    #[test]
    fn canonical_tags_group_case_and_underscore_variants() {
        for (tag, want) in [
            ("ZH-cn", "zh-CN"),
            ("zh_CN", "zh-CN"),
            ("zh-hans", "zh-Hans"),
            ("EN-gb", "en-GB"),
            ("En-Us", "en-US"),
            ("zh-Hant-TW", "zh-Hant-TW"),
            ("es-419", "es-419"),
            ("de", "de"),
        ] {
            assert_eq!(canonical_tag(tag), want, "{tag}");
        }
    }

    use super::*;

    #[test]
    fn every_chinese_variety_is_chinese() {
        for t in ["zh", "zh-CN", "ZH-cn", "zh_CN", "zh-Hans", "zh-TW", "zh-Hant", "zh-HK", "cmn-Hans"] {
            assert!(lang_matches(t, Lang::Zh), "{t}");
            assert!(!lang_matches(t, Lang::En), "{t}");
        }
        for t in ["en", "en-US", "EN-gb", "eng"] {
            assert!(lang_matches(t, Lang::En), "{t}");
        }
        assert!(!lang_matches("zhx", Lang::Zh));
        assert!(!lang_matches("", Lang::En));
    }

    #[test]
    fn ranges_match_on_subtag_boundaries() {
        assert!(tag_matches("en-GB", "en"));
        assert!(tag_matches("EN-us", "en-US"));
        assert!(!tag_matches("en-GB", "en-US"));
        assert!(!tag_matches("eng", "en"));
        assert!(tag_matches("anything", "*"));
    }

    #[test]
    fn chinese_script_is_inferred_from_the_region() {
        assert!(tag_matches("zh-CN", "zh-Hans"));
        assert!(tag_matches("zh", "zh-Hans"));
        assert!(tag_matches("zh-TW", "zh-Hant"));
        assert!(tag_matches("zh-HK", "zh-Hant"));
        assert!(!tag_matches("zh-TW", "zh-Hans"));
        assert!(!tag_matches("zh-Hant", "zh-CN"));
        assert!(tag_matches("zh-Hans-CN", "zh-CN"));
        assert!(tag_matches("zh-TW", "zh"));
        assert!(tag_matches("zh-Hans", "zh"));
    }

    #[test]
    fn tags_are_checked_for_shape() {
        assert!(valid_tag("zh-CN") && valid_tag("zh-Hans") && valid_tag("en"));
        assert!(!valid_tag("") && !valid_tag("zh CN") && !valid_tag("zh--CN") && !valid_tag("1zh"));
        assert!(!valid_tag("zh\"><x"));
    }
}
