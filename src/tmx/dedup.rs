//! One unit per text: the rule `batch` and `merge` share.
//!
//! A memory should not hold the same pair of texts twice, whichever file or
//! document it came from, and merging the memories of two shards must give
//! the memory of one run. Both commands therefore pass every unit through a
//! [`Dedup`]: it cleans the texts (NFC, characters XML forbids, whitespace)
//! and keeps a unit only when no unit with the same languages and texts came
//! before. Only a 128-bit fingerprint of each unit is kept, so memory grows
//! by 16 bytes a unit, not by its text.
//!
//! The fingerprint is XXH3-128 (the `xxhash-rust` crate): fast, with a
//! specified output that does not change between Rust versions or runs,
//! unlike `std`'s `DefaultHasher`.

use std::collections::HashSet;

use xxhash_rust::xxh3::Xxh3;

use super::text::clean_text_into;
use super::Unit;

/// A fingerprint of a unit's languages and texts, independent of variant
/// order and of the case of language tags (`en_US` = `en-us`). `pairs` is
/// scratch space reused across calls.
pub fn fingerprint(unit: &Unit, pairs: &mut Vec<(String, usize)>) -> u128 {
    pairs.clear();
    for (i, v) in unit.variants.iter().enumerate() {
        pairs.push((compared_tag(&v.lang).map(char::from).collect(), i));
    }
    pairs.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| unit.variants[a.1].text.cmp(&unit.variants[b.1].text)));
    let mut h = Xxh3::new();
    for (lang, i) in pairs.iter() {
        hash_field(&mut h, lang.as_bytes());
        hash_field(&mut h, unit.variants[*i].text.as_bytes());
    }
    h.digest128()
}

/// Adds one field to a fingerprint, its length first, so that ("ab", "c")
/// and ("a", "bc") differ.
pub(crate) fn hash_field(h: &mut Xxh3, bytes: &[u8]) {
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// A language tag's bytes as units are compared: ASCII lower case, `_` as `-`.
fn compared_tag(lang: &str) -> impl Iterator<Item = u8> + '_ {
    lang.bytes().map(|b| if b == b'_' { b'-' } else { b.to_ascii_lowercase() })
}

/// A fingerprint of one segment, its language tag compared as
/// [`fingerprint`] compares it: what `merge` counts segments that two units
/// translate otherwise by.
pub fn segment_fingerprint(lang: &str, text: &str) -> u64 {
    let mut h = Xxh3::new();
    let tag: Vec<u8> = compared_tag(lang).collect();
    hash_field(&mut h, &tag);
    h.update(text.as_bytes());
    h.digest()
}

/// Cleans units and tells the first of each set of equal ones.
#[derive(Debug, Default)]
pub struct Dedup {
    seen: HashSet<u128>,
    pairs: Vec<(String, usize)>,
    clean: String,
    /// Characters removed from texts because XML 1.0 forbids them.
    pub removed_chars: u64,
    /// Units refused because an equal one came before.
    pub duplicates: u64,
}

impl Dedup {
    pub fn new() -> Dedup {
        Dedup::default()
    }

    /// Cleans the texts of `unit` in place and returns whether it is the
    /// first unit with these languages and texts.
    ///
    /// ```
    /// use tmalign::tmx::{Dedup, Unit, Variant};
    ///
    /// let unit = |en: &str| Unit {
    ///     variants: vec![
    ///         Variant { lang: "zh-CN".into(), text: "港口".into() },
    ///         Variant { lang: "en-US".into(), text: en.into() },
    ///     ],
    ///     ..Default::default()
    /// };
    /// let mut dedup = Dedup::new();
    /// assert!(dedup.admit(&mut unit("port")));
    /// assert!(!dedup.admit(&mut unit("  port ")));
    /// assert!(dedup.admit(&mut unit("harbour")));
    /// assert_eq!(dedup.duplicates, 1);
    /// ```
    pub fn admit(&mut self, unit: &mut Unit) -> bool {
        self.admit_keyed(unit).0
    }

    /// [`Dedup::admit`], also giving the unit's [`fingerprint`] (of its
    /// cleaned texts), for a caller that keys its own record of units by it
    /// (`batch`'s repeated documents) without computing it again.
    pub fn admit_keyed(&mut self, unit: &mut Unit) -> (bool, u128) {
        for v in &mut unit.variants {
            self.removed_chars += clean_text_into(&v.text, &mut self.clean);
            std::mem::swap(&mut v.text, &mut self.clean);
        }
        let key = fingerprint(unit, &mut self.pairs);
        let new = self.seen.insert(key);
        self.duplicates += u64::from(!new);
        (new, key)
    }
}
