//! Where the benches find data that lives outside the repository.
//!
//! The MAC-Dev chapters and the seed article sit in `../shared/` beside a
//! checkout (or wherever `TMALIGN_SHARED` points). A bench that wants them
//! and finds them missing says so on stderr and falls back to data in the
//! repository, so `cargo bench` runs on a fresh clone.

#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/REL` (or `$TMALIGN_SHARED/REL`) when it exists; otherwise
/// `None`, after a note on stderr naming what `bench` does without it.
pub fn shared(rel: &str, bench: &str, fallback: &str) -> Option<PathBuf> {
    let root = std::env::var_os("TMALIGN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let path = root.join(rel);
    if path.exists() {
        return Some(path);
    }
    eprintln!("note: {bench}: {} not found (set TMALIGN_SHARED); {fallback}", path.display());
    None
}
