//! Finding the document pairs of a collection.
//!
//! Archives of bilingual news come in a few shapes: both editions side by
//! side with the language in the file name (`NAME.zh.txt` + `NAME.en.txt`,
//! or `NAME.zh` + `NAME.en`), one folder per language (`zh/NAME` +
//! `en/NAME`), or a list kept elsewhere, which a TSV manifest
//! (`source<TAB>target`) describes. Pairs are sorted by name so that the
//! order of the memory, and the slices taken by `--shard`, never depend on
//! the order in which the file system lists a directory.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::lang::Lang;

/// One document and its translation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocPair {
    /// The name reported and written to the memory as `x-document`.
    pub name: String,
    pub source: PathBuf,
    pub target: PathBuf,
}

/// The pairs found in an input, and the files that look like one half of a
/// pair but have no other half.
#[derive(Debug, Default)]
pub struct Collection {
    pub pairs: Vec<DocPair>,
    pub unpaired: Vec<PathBuf>,
}

/// Why a collection could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum CollectionError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: expected \"source<TAB>target\", got {text:?}", path.display())]
    Manifest { path: PathBuf, line: usize, text: String },
    #[error("{}: invalid UTF-8 in the manifest", path.display())]
    ManifestEncoding { path: PathBuf },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> CollectionError + '_ {
    move |source| CollectionError::Io { path: path.to_path_buf(), source }
}

/// Lists the pairs of a directory or of a TSV manifest.
pub fn discover(input: &Path, source: Lang, target: Lang) -> Result<Collection, CollectionError> {
    let meta = fs::metadata(input).map_err(io_err(input))?;
    let mut collection =
        if meta.is_dir() { from_directory(input, source, target)? } else { from_manifest(input)? };
    collection.pairs.sort_by(|a, b| a.name.cmp(&b.name));
    collection.unpaired.sort();
    Ok(collection)
}

/// Which half of a pair a file name is, and the name of its pair.
fn half_of(file_name: &str, source: Lang, target: Lang) -> Option<(Lang, String)> {
    for lang in [source, target] {
        let code = lang.code();
        for suffix in [format!(".{code}.txt"), format!(".{code}")] {
            if let Some(stem) = file_name.strip_suffix(&suffix) {
                if !stem.is_empty() {
                    return Some((lang, stem.to_string()));
                }
            }
        }
    }
    None
}

fn from_directory(dir: &Path, source: Lang, target: Lang) -> Result<Collection, CollectionError> {
    let mut halves: BTreeMap<String, (Option<PathBuf>, Option<PathBuf>)> = BTreeMap::new();
    let mut add = |name: String, lang: Lang, path: PathBuf| {
        let entry = halves.entry(name).or_default();
        if lang == source {
            entry.0 = Some(path);
        } else {
            entry.1 = Some(path);
        }
    };
    for path in sorted_files(dir)? {
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if let Some((lang, name)) = half_of(file_name, source, target) {
            add(name, lang, path.clone());
        }
    }
    // One folder per language: zh/NAME pairs with en/NAME.
    for lang in [source, target] {
        let sub = dir.join(lang.code());
        if sub.is_dir() {
            for path in sorted_files(&sub)? {
                if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                    add(name.to_string(), lang, path.clone());
                }
            }
        }
    }
    let mut collection = Collection::default();
    for (name, pair) in halves {
        match pair {
            (Some(source), Some(target)) => collection.pairs.push(DocPair { name, source, target }),
            (Some(one), None) | (None, Some(one)) => collection.unpaired.push(one),
            (None, None) => {}
        }
    }
    Ok(collection)
}

fn sorted_files(dir: &Path) -> Result<Vec<PathBuf>, CollectionError> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_err(dir))? {
        let path = entry.map_err(io_err(dir))?.path();
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn from_manifest(path: &Path) -> Result<Collection, CollectionError> {
    let bytes = fs::read(path).map_err(io_err(path))?;
    let text =
        String::from_utf8(bytes).map_err(|_| CollectionError::ManifestEncoding { path: path.into() })?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut collection = Collection::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || CollectionError::Manifest { path: path.into(), line: i + 1, text: line.to_string() };
        let (s, t) = line.split_once('\t').ok_or_else(bad)?;
        if s.trim().is_empty() || t.trim().is_empty() || t.contains('\t') {
            return Err(bad());
        }
        let (source, target) = (base.join(s.trim()), base.join(t.trim()));
        let name = s.trim().to_string();
        collection.pairs.push(DocPair { name, source, target });
    }
    Ok(collection)
}

/// A deterministic slice of a collection: the K-th of N (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("expected K/N with 1 <= K <= N, got {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count) = (k.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// The pairs of this shard: contiguous slices, so that merging the shards'
    /// memories in shard order gives the order of a single run.
    pub fn select<T>(self, items: &[T]) -> &[T] {
        let len = items.len();
        let start = len * (self.index - 1) / self.count;
        let end = len * self.index / self.count;
        &items[start..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(dir: &Path, rel: &str) {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, "x").unwrap();
    }

    fn names(c: &Collection) -> Vec<&str> {
        c.pairs.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn pairs_are_found_by_language_suffix_and_folder() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "b.zh.txt",
            "b.en.txt",
            "a.zh",
            "a.en",
            "zh/c.txt",
            "en/c.txt",
            "a.zh.sent",
            "a.gold",
            "README.md",
        ] {
            touch(dir.path(), f);
        }
        let c = discover(dir.path(), Lang::Zh, Lang::En).unwrap();
        assert_eq!(names(&c), ["a", "b", "c.txt"]);
        assert!(c.pairs[1].source.ends_with("b.zh.txt") && c.pairs[1].target.ends_with("b.en.txt"));
        assert!(c.pairs[2].source.ends_with("zh/c.txt"));
        assert!(c.unpaired.is_empty(), "{:?}", c.unpaired);
    }

    #[test]
    fn a_half_without_its_translation_is_reported_not_dropped() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["a.zh.txt", "a.en.txt", "lonely.zh.txt", "zh/orphan"] {
            touch(dir.path(), f);
        }
        let c = discover(dir.path(), Lang::Zh, Lang::En).unwrap();
        assert_eq!(names(&c), ["a"]);
        let unpaired: Vec<_> = c.unpaired.iter().map(|p| p.file_name().unwrap().to_str().unwrap()).collect();
        assert_eq!(unpaired, ["lonely.zh.txt", "orphan"]);
    }

    #[test]
    fn reversed_languages_swap_source_and_target() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "a.zh.txt");
        touch(dir.path(), "a.en.txt");
        let c = discover(dir.path(), Lang::En, Lang::Zh).unwrap();
        assert!(c.pairs[0].source.ends_with("a.en.txt"));
    }

    #[test]
    fn manifest_paths_are_relative_to_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join("list.tsv");
        fs::write(&m, "# archive\nx/1.zh\ty/1.en\r\n\n2.zh\t2.en\n").unwrap();
        let c = discover(&m, Lang::Zh, Lang::En).unwrap();
        assert_eq!(c.pairs.len(), 2);
        assert_eq!(c.pairs[1].source, dir.path().join("x/1.zh"));
        assert_eq!(c.pairs[1].target, dir.path().join("y/1.en"));
    }

    #[test]
    fn malformed_manifest_line_is_an_error_naming_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join("list.tsv");
        fs::write(&m, "a.zh\ta.en\nonly-one-column\n").unwrap();
        let err = discover(&m, Lang::Zh, Lang::En).unwrap_err().to_string();
        assert!(err.ends_with(":2: expected \"source<TAB>target\", got \"only-one-column\""), "{err}");
    }

    #[test]
    fn shards_cover_the_collection_once_in_order() {
        let items: Vec<usize> = (0..10).collect();
        let mut joined = Vec::new();
        for k in 1..=3 {
            let shard: Shard = format!("{k}/3").parse().unwrap();
            joined.extend_from_slice(shard.select(&items));
        }
        assert_eq!(joined, items);
        assert_eq!("4/4".parse::<Shard>().unwrap().select(&items[..2]).len(), 1);
    }

    #[test]
    fn shard_outside_its_range_is_refused() {
        for bad in ["0/3", "4/3", "1/0", "x/2", "3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
