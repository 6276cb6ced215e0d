//! Turning a segment into the tokens that matching compares.
//!
//! A token is a run of letters and digits (an English word, a number, a Latin
//! name inside Chinese text), a single Han character, or a single punctuation
//! mark. Each character is folded on its own (NFKC, then lower case) so that
//! every token keeps the byte span it covers in the original text: the diff
//! and the concordance highlight the text as the user wrote it.
//!
//! Tokens are compared through a hash of their folded form: 64-bit FNV-1a,
//! folded to 32 bits so that the index can store every unit's tokens in four
//! bytes each. Two distinct tokens collide with probability 2⁻³² per pair
//! compared, which can at worst lower a distance by one in a rare match. The
//! hash is written here rather than taken from `std` because the keys are
//! stored in index files and must not change between builds.

use std::ops::Range;

use unicode_normalization::char::decompose_compatible;

use crate::lang::is_han;

/// What kind of text a token covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Letters and digits.
    Word,
    /// One Han character.
    Han,
    /// One punctuation mark or symbol.
    Punct,
}

/// Folds a 64-bit hash to the 32 bits stored in the index.
fn fold32(h: u64) -> u64 {
    (h ^ (h >> 32)) & 0xffff_ffff
}

/// One token: its folded hash, its kind and its span in the original text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub hash: u64,
    pub kind: Kind,
    pub span: Range<usize>,
}

use crate::hash::{fnv1a, FNV_OFFSET, FNV_PRIME};

fn fnv_char(h: u64, c: char) -> u64 {
    let mut buf = [0u8; 4];
    fnv1a(h, c.encode_utf8(&mut buf).as_bytes())
}

/// Folds one character: compatibility decomposition (full-width forms,
/// ligatures), then lower case. Most characters fold to themselves, which
/// the fast path returns without allocating.
fn fold_char(c: char, out: &mut Vec<char>) {
    out.clear();
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // The unified ideographs have neither a compatibility decomposition nor
    // case, and are most of a Chinese text.
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        out.push(c);
        return;
    }
    decompose_compatible(c, |d| {
        // Combining marks left by the decomposition carry no meaning for matching.
        if !unicode_normalization::char::is_combining_mark(d) {
            out.extend(d.to_lowercase());
        }
    });
}

fn class(c: char) -> Option<Kind> {
    if is_han(c) {
        Some(Kind::Han)
    } else if c.is_alphanumeric() {
        Some(Kind::Word)
    } else if c.is_whitespace() || c.is_control() || c == '\u{FEFF}' || c == '\u{200B}' {
        None
    } else {
        Some(Kind::Punct)
    }
}

/// Splits `text` into tokens, appending them to `out` (cleared first).
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let mut folded = Vec::with_capacity(4);
    let mut buf = [0u8; 4];
    // The word being built: its hash and where it started.
    let mut word: Option<(u64, usize)> = None;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        // ASCII (folded to lower case) and the unified ideographs (folded to
        // themselves) are classed and hashed directly: they are nearly every
        // character of a memory, and going through [`fold_char`] and
        // [`class`] was half the cost of tokenizing (callgrind, 2026-12-05).
        // The tokens are the same as the general path's.
        // Bytes of the folded form in `buf` on a fast path (0: the chars of
        // `folded`).
        let mut fast = 0;
        let kind = if c.is_ascii() {
            let l = c.to_ascii_lowercase();
            buf[0] = l as u8;
            fast = 1;
            if l.is_ascii_alphanumeric() {
                Some(Kind::Word)
            } else if l <= ' ' || l == '\x7f' {
                None
            } else {
                Some(Kind::Punct)
            }
        } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            fast = c.encode_utf8(&mut buf).len();
            Some(Kind::Han)
        } else {
            fold_char(c, &mut folded);
            class(folded.first().copied().unwrap_or(' '))
        };
        let hash = |h: u64| {
            if fast > 0 {
                fnv1a(h, &buf[..fast])
            } else {
                folded.iter().fold(h, |h, &f| fnv_char(h, f))
            }
        };
        match kind {
            Some(Kind::Word) => {
                let (h, start) = word.take().unwrap_or((FNV_OFFSET, i));
                word = Some((hash(h), start));
            }
            other => {
                if let Some((h, start)) = word.take() {
                    out.push(Token { hash: fold32(h), kind: Kind::Word, span: start..i });
                }
                if let Some(kind) = other {
                    out.push(Token { hash: fold32(hash(FNV_OFFSET)), kind, span: i..end });
                }
            }
        }
    }
    if let Some((h, start)) = word {
        out.push(Token { hash: fold32(h), kind: Kind::Word, span: start..text.len() });
    }
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// The 32-bit key of the gram starting at token `i`, for grams of `q` tokens.
pub fn gram_key(tokens: &[u64], i: usize, q: usize) -> u32 {
    let mut h: u64 = FNV_OFFSET;
    for &t in &tokens[i..i + q] {
        h = (h ^ t).wrapping_mul(FNV_PRIME);
        h ^= h >> 29;
    }
    (h ^ (h >> 32)) as u32
}

/// The keys of a token sequence, in no particular order: one per gram (`q` tokens from each
/// position), made of the gram and its occurrence number (the second "the" of
/// a sentence has a key of its own). Two sequences share as many keys as
/// their multisets of grams share grams (hash collisions aside, which can
/// only add shared keys), so the count bounds their distance exactly.
pub fn occurrence_keys(tokens: &[u64], q: usize, out: &mut Vec<u32>) {
    out.clear();
    if tokens.len() >= q {
        out.extend((0..=tokens.len() - q).map(|i| gram_key(tokens, i, q)));
    }
    out.sort_unstable();
    let mut i = 0;
    while i < out.len() {
        let gram = out[i];
        let mut occ = 1u64;
        while i < out.len() && out[i] == gram {
            // The gram length is part of the key: one index holds Chinese
            // bigrams and single characters side by side.
            out[i] = mix(u64::from(gram) | (occ << 32) | ((q as u64) << 60));
            occ += 1;
            i += 1;
        }
    }
}

/// A 64-bit finaliser (the one of SplitMix64), folded to 32 bits.
fn mix(z: u64) -> u32 {
    let z = crate::hash::splitmix64(z);
    (z ^ (z >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of [`tokenize_into`] without its fast paths: every
    /// character through [`fold_char`] and [`class`].
    fn tokenize_general(text: &str) -> Vec<Token> {
        let (mut out, mut folded, mut word) = (Vec::new(), Vec::new(), None::<(u64, usize)>);
        for (i, c) in text.char_indices() {
            fold_char(c, &mut folded);
            match class(folded.first().copied().unwrap_or(' ')) {
                Some(Kind::Word) => {
                    let (h, start) = word.take().unwrap_or((FNV_OFFSET, i));
                    word = Some((folded.iter().fold(h, |h, &f| fnv_char(h, f)), start));
                }
                other => {
                    if let Some((h, start)) = word.take() {
                        out.push(Token { hash: fold32(h), kind: Kind::Word, span: start..i });
                    }
                    if let Some(kind) = other {
                        let h = folded.iter().fold(FNV_OFFSET, |h, &f| fnv_char(h, f));
                        out.push(Token { hash: fold32(h), kind, span: i..i + c.len_utf8() });
                    }
                }
            }
        }
        if let Some((h, start)) = word {
            out.push(Token { hash: fold32(h), kind: Kind::Word, span: start..text.len() });
        }
        out
    }

    #[test]
    fn the_fast_paths_give_the_tokens_of_the_general_one() {
        let mut all_ascii = String::new();
        for b in 0u8..128 {
            all_ascii.push(b as char);
            all_ascii.push(if b % 3 == 0 { ' ' } else { 'x' });
        }
        for text in [
            all_ascii.as_str(),
            "Xi'an's Party Secretary, 2026: 市委书记林志强（Lin Zhiqiang）。",
            "ＡＢＣ１２３ﬁ café\u{0301} Ⅻ 〇㐀丽 𠀀 一鿿\u{FEFF}\u{200B}\tend\u{7f}",
            "中共淮安市委书记、市长12.6亿元 U.S.-China",
        ] {
            assert_eq!(tokenize(text), tokenize_general(text), "{text:?}");
        }
    }

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|t| &s[t.span]).collect()
    }

    #[test]
    fn english_splits_into_words_and_marks() {
        assert_eq!(
            texts("The port's 2023 output, up 5%."),
            ["The", "port", "'", "s", "2023", "output", ",", "up", "5", "%", "."]
        );
    }

    #[test]
    fn chinese_splits_into_characters_keeping_latin_runs() {
        assert_eq!(texts("连云港Port 2号"), ["连", "云", "港", "Port", "2", "号"]);
    }

    #[test]
    fn case_and_width_fold_to_the_same_hash() {
        let a = tokenize("ＰＯＲＴ，");
        let b = tokenize("port,");
        assert_eq!(
            a.iter().map(|t| t.hash).collect::<Vec<_>>(),
            b.iter().map(|t| t.hash).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_repeated_word_gets_one_key_per_occurrence() {
        let hashes = |s: &str| tokenize(s).iter().map(|t| t.hash).collect::<Vec<_>>();
        let (mut once, mut twice, mut thrice) = (Vec::new(), Vec::new(), Vec::new());
        occurrence_keys(&hashes("the port"), 1, &mut once);
        occurrence_keys(&hashes("the port the"), 1, &mut twice);
        occurrence_keys(&hashes("the the port the"), 1, &mut thrice);
        assert_eq!(twice.len(), 3);
        // Keys are a function of the multiset: order does not matter.
        assert!(once.iter().all(|k| twice.contains(k)));
        assert!(twice.iter().all(|k| thrice.contains(k)));
        assert_eq!(thrice.len(), 4);
    }

    #[test]
    fn ideographs_fold_to_themselves_as_the_full_folding_does() {
        for c in ['\u{4E00}', '港', '\u{9FFF}'] {
            let mut slow = Vec::new();
            decompose_compatible(c, |d| slow.extend(d.to_lowercase()));
            let mut fast = Vec::new();
            fold_char(c, &mut fast);
            assert_eq!(fast, slow);
        }
    }

    #[test]
    fn control_characters_and_empty_text_give_no_tokens() {
        assert!(tokenize("").is_empty());
        assert!(tokenize("\u{0}\u{7}\t \n").is_empty());
    }
}
