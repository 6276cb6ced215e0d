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

/// Reads the units of a TMX file as index entries; units with neither a
/// Chinese nor an English variant are skipped, units that cannot be read are
/// reported through `warn` and skipped. `lenient` reads the file with
/// [`crate::tmx::Reader::lenient`]; what it dropped is returned.
pub fn read_tmx(
    path: &Path,
    file: u32,
    lenient: bool,
    out: &mut Vec<Entry>,
    warn: &mut dyn FnMut(&crate::tmx::TmxError),
) -> Result<crate::tmx::Dropped, MemoryError> {
    for_each_tmx_entry(
        path,
        file,
        lenient,
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
                if !zh.is_empty() || !en.is_empty() {
                    each(Entry { file, unit: number, zh: zh.to_string(), en: en.to_string() })?;
                }
            }
            Err(e) if e.is_fatal() => return Err(e.into()),
            Err(e) => warn(&e),
        }
    }
    Ok(reader.dropped())
}
