//! The toneless pinyin syllables, from the `pinyin` crate's readings.
//!
//! Shared through `#[path]` by the library and by `build.rs`, which writes
//! the sorted syllable list into the binary: collecting it means asking the
//! crate for the readings of 27,000 characters, a few milliseconds that
//! every run paid before its first English name. The library keeps
//! [`collect`] only to test that the embedded list is still what the crate
//! gives.

use pinyin::ToPinyinMulti;

/// A reading as English spells it (ü as u).
pub fn normalise(reading: &'static str) -> &'static str {
    match reading {
        "lü" | "lv" => "lu",
        "nü" | "nv" => "nu",
        "lüe" | "lve" => "lue",
        "nüe" | "nve" => "nue",
        other => other,
    }
}

/// Every toneless reading of the CJK characters (basic block and extension
/// A), sorted and distinct.
#[cfg_attr(not(test), allow(dead_code))]
pub fn collect() -> Vec<&'static str> {
    let mut set = Vec::new();
    for cp in 0x3400u32..=0x9FFF {
        let Some(c) = char::from_u32(cp) else { continue };
        let Some(multi) = c.to_pinyin_multi() else { continue };
        for p in multi {
            let s = normalise(p.plain());
            // Vowelless interjections (m, ng, hm) would let junk split.
            if s.contains(['a', 'e', 'i', 'o', 'u']) {
                set.push(s);
            }
        }
    }
    set.sort_unstable();
    set.dedup();
    set
}
