//! English words as the dictionary sees them: tokenised, lowercased and
//! crudely stemmed.
//!
//! This file is shared, through `#[path]`, by the library and by `build.rs`,
//! which compiles the dictionary with it: the text and the table must be cut
//! and stemmed by the very same code, or a word would stop matching its
//! entry. So it depends on nothing but `std`.

/// Longest English phrase looked up, in words.
pub const MAX_WORDS: usize = 3;

/// English words too common or too vague to be evidence on their own.
pub const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "being",
    "but", "by", "can", "could", "did", "do", "doe", "for", "from", "get", "go", "had", "has", "have", "he",
    "her", "his", "i", "if", "in", "into", "is", "it", "its", "make", "more", "most", "much", "new", "no",
    "not", "of", "on", "one", "or", "other", "our", "out", "over", "said", "say", "she", "should", "so",
    "some", "such", "take", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "up", "upon", "us", "very", "was", "we", "well", "were", "what", "when", "which", "while",
    "who", "will", "with", "would", "year", "you",
];

/// Words ending in `s` that are no plurals. Stripped, `news` became the
/// stopword `new`, and every dictionary entry glossed only "news" (`新闻`,
/// `消息`) was lost (session 12: "Information Office" never met `新闻办`).
const NOT_PLURALS: &[&str] = &["news"];

/// Crude suffix stripping, applied the same way to dictionary and text.
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    let n = w.len();
    if NOT_PLURALS.contains(&word) {
        return w;
    }
    if n > 4 && w.ends_with("ies") {
        w.truncate(n - 3);
        w.push('y');
    } else if w.ends_with("sses") {
        w.truncate(n - 2);
    } else if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.truncate(n - 1);
    }
    let n = w.len();
    if n > 5 && w.ends_with("ing") {
        w.truncate(n - 3);
    } else if n > 4 && w.ends_with("ed") {
        w.truncate(n - 2);
    }
    w
}

/// Lowercase ASCII words of a text with their byte spans; a possessive
/// `'s` is dropped so that `people's congress` reads as two words.
pub fn words(text: &str) -> Vec<(usize, usize, String)> {
    let mut out: Vec<(usize, usize, String)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphabetic() {
            let s = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            let w = text.get(s..i).unwrap_or("").to_ascii_lowercase();
            let possessive_s = w == "s"
                && s > 0
                && (text[..s].ends_with('\'') || text[..s].ends_with('’'))
                && out.last().is_some_and(|&(_, e, _)| text[e..s].chars().count() == 1);
            if !possessive_s && w.len() <= 30 {
                out.push((s, i, stem(&w)));
            }
        } else {
            i += 1;
        }
    }
    out
}

pub fn is_stopword(w: &str) -> bool {
    STOPWORDS.binary_search(&w).is_ok()
}
