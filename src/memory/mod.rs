//! Translation memories as a lookup service: a persistent, memory-mapped
//! index ([`index`]), fuzzy lookup scored like CAT tools ([`lookup`],
//! [`score`]) and concordance ([`concord`]).
//!
//! Both languages of every unit are indexed, so an English query is matched
//! against the English sides and a Chinese one against the Chinese sides of
//! the same memory.

pub mod concord;
pub mod gen;
pub mod index;
pub mod lookup;
pub mod postings;
pub mod rendering;
pub mod score;
#[cfg(unix)]
pub mod sigbus;
pub mod terms;
pub mod tokenize;
pub mod wordalign;

use std::path::Path;

pub use index::{build, Builder, Entry, Memory, SourceStamp};

use crate::lang::Lang;

/// Why a memory could not be indexed, opened or read, or a query not looked up.
#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    #[error("{name}: {source}")]
    Io {
        name: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{name}: {why}")]
    BadIndex { name: String, why: String },
    #[error("memory too large for one index (more than 4 billion units or postings)")]
    TooLarge,
    #[error(
        "a query of {tokens} tokens is longer than the {max} a lookup compares (split it into sentences)"
    )]
    QueryTooLong { tokens: usize, max: usize },
    #[error(transparent)]
    Tmx(#[from] crate::tmx::TmxError),
}

/// Tells apart the entries whose texts came before: a memory (or several
/// indexed together) holding the same pair of texts twice would list the
/// same match twice in a lookup and count one occurrence twice in
/// `concord`. The texts are compared as `merge` compares units (cleaned:
/// NFC, collapsed whitespace, [`crate::tmx::clean_text_into`]) but kept as
/// read; only a 128-bit fingerprint of each entry admitted is kept, as
/// `merge` keeps (about 30 bytes a unit in the hash set).
///
/// A joined unit ([`Entry::joined`]) is compared with joined units only:
/// were the ordinary unit with its texts dropped for it, its occurrence
/// would count nowhere; were it dropped for an ordinary unit, nothing would
/// change, but the rule would depend on the order of the files.
#[derive(Debug, Default)]
pub struct Distinct {
    seen: std::collections::HashSet<u128>,
    clean: String,
    /// Entries refused because an equal one came before.
    pub duplicates: u64,
}

impl Distinct {
    pub fn new() -> Distinct {
        Distinct::default()
    }

    /// Whether `entry` is the first with its texts (and joined or not).
    ///
    /// ```
    /// use tmalign::memory::{Distinct, Entry};
    ///
    /// let entry = |file, en: &str| Entry { file, zh: "港口".into(), en: en.into(), ..Default::default() };
    /// let mut distinct = Distinct::new();
    /// assert!(distinct.admit(&entry(0, "port")));
    /// assert!(!distinct.admit(&entry(1, " port ")));
    /// assert!(distinct.admit(&entry(1, "harbour")));
    /// assert_eq!(distinct.duplicates, 1);
    /// ```
    pub fn admit(&mut self, entry: &Entry) -> bool {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&[u8::from(entry.joined)]);
        for text in [&entry.zh, &entry.en] {
            crate::tmx::clean_text_into(text, &mut self.clean);
            crate::tmx::hash_field(&mut h, self.clean.as_bytes());
        }
        let new = self.seen.insert(h.digest128());
        self.duplicates += u64::from(!new);
        new
    }
}

/// Reads the units of a TMX file as index entries; units with neither a
/// Chinese nor an English variant are skipped, units that cannot be read are
/// reported through `warn` and skipped, and so are units whose texts an
/// earlier one (of this file or one read before with the same `distinct`)
/// has. `lenient` reads the file with [`crate::tmx::Reader::lenient`]; what
/// it dropped is returned.
pub fn read_tmx(
    path: &Path,
    file: u32,
    lenient: bool,
    distinct: &mut Distinct,
    out: &mut Vec<Entry>,
    warn: &mut dyn FnMut(&crate::tmx::TmxError),
) -> Result<crate::tmx::Dropped, MemoryError> {
    for_each_tmx_entry(
        path,
        file,
        lenient,
        distinct,
        &mut |e| {
            out.push(e);
            Ok(())
        },
        warn,
    )
}

/// [`read_tmx`], handing each entry to `each` instead of keeping them.
pub fn for_each_tmx_entry(
    path: &Path,
    file: u32,
    lenient: bool,
    distinct: &mut Distinct,
    each: &mut dyn FnMut(Entry) -> Result<(), MemoryError>,
    warn: &mut dyn FnMut(&crate::tmx::TmxError),
) -> Result<crate::tmx::Dropped, MemoryError> {
    let mut reader = crate::tmx::read_file(path)?.lenient(lenient);
    let mut unit = crate::tmx::Unit::default();
    let mut number = 0u32;
    while let Some(res) = reader.next_unit_into(&mut unit) {
        number = number.saturating_add(1);
        match res {
            Ok(()) => {
                let zh = unit.text(Lang::Zh).unwrap_or("");
                let en = unit.text(Lang::En).unwrap_or("");
                if zh.is_empty() && en.is_empty() {
                    continue;
                }
                let joined = crate::export::tmx::is_joined_unit(&unit);
                let entry = Entry { file, unit: number, zh: zh.to_string(), en: en.to_string(), joined };
                if distinct.admit(&entry) {
                    each(entry)?;
                }
            }
            Err(e) if e.is_fatal() => return Err(e.into()),
            Err(e) => warn(&e),
        }
    }
    Ok(reader.dropped())
}
