//! Finding the document pairs of a collection.
//!
//! Archives of bilingual news come in a few shapes: both editions side by
//! side with the language in the file name (`NAME.zh.txt` + `NAME.en.txt`,
//! or `NAME.zh` + `NAME.en`), one folder per language (`zh/NAME` +
//! `en/NAME`), or a list kept elsewhere, which a TSV manifest
//! (`source<TAB>target`) describes.
//!
//! A folder is walked to any depth, so `tmalign batch corpora` finds
//! `corpora/dev/`, `corpora/dev2/` and `corpora/test/`. A pair's name is its path relative to
//! the input folder without the language (suffix or folder) and without
//! `.txt`: `dev/01-lianyungang-speech`, or `2024/a` for `2024/zh/a.txt`. It
//! is what the report shows and what TMX records as `x-document`. Pairs are
//! sorted by name so that the order of the memory, and the slices taken by
//! `--shard`, never depend on the order in which the file system lists a
//! directory.
//!
//! The language part of a name is read in any case and may carry a region
//! or script (`a.ZH.TXT`, `b.zh-CN.txt`, `en-US/c.txt`): archives from
//! clients come so (a new user's trial, session 22).
//!
//! Nothing is dropped without a word: a name claimed by two files (`a.zh.txt`
//! and `zh/a`), a half whose file name is not UTF-8, a half that is not a
//! regular file (a named pipe), a folder that cannot be read, a half without its
//! other half, and a symbolic link that leads out of the input folder (not
//! followed unless asked, so that a link cannot pull private files into a
//! shared memory) are all listed, and so is every other file that is not
//! read ([`Ignored`]: a name that does not say the language, `NAME.zh.docx`).
//! Hidden files and folders (`.git`, the temporary files of a run writing
//! into the folder) and the files the desktop leaves in folders
//! (`Thumbs.db`) are not read and not listed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::input;
use crate::lang::{english_name, Lang};

/// One document and its translation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocPair {
    /// The name reported and written to the memory as `x-document`.
    pub name: String,
    pub source: PathBuf,
    pub target: PathBuf,
}

/// A pair that cannot be made, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub name: String,
    pub reason: String,
}

/// The pairs found in an input, and what was found but could not be used.
#[derive(Debug, Default)]
pub struct Collection {
    pub pairs: Vec<DocPair>,
    /// Files that look like one half of a pair but have no other half.
    pub unpaired: Vec<PathBuf>,
    /// Names claimed by several files, halves with a file name that is not UTF-8.
    pub rejected: Vec<Rejected>,
    /// Symbolic links not followed (they lead out of the input folder), or broken.
    pub skipped_links: Vec<PathBuf>,
    /// The other files under the input folder, which are not read.
    pub ignored: Vec<Ignored>,
}

/// A file under the input folder that is neither half of a pair nor hidden.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignored {
    pub path: PathBuf,
    pub reason: IgnoreReason,
}

/// Why a file is not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IgnoreReason {
    /// Its name has no language part: `c_zh.txt`, `e.chs.txt`, `README`.
    NoLanguage,
    /// Its extension is neither `.txt` nor a language: `h.zh.docx`, `a.pdf`.
    NotTxt,
    /// A named pipe, a device or a socket.
    NotRegular,
    /// Its name is not UTF-8 (and does not look like a half).
    NameNotUtf8,
}

impl IgnoreReason {
    pub fn describe(self) -> &'static str {
        match self {
            IgnoreReason::NoLanguage => "the name does not say the language",
            IgnoreReason::NotTxt => "not a .txt file",
            IgnoreReason::NotRegular => "not a regular file (a named pipe, a device or a socket)",
            IgnoreReason::NameNotUtf8 => "the file name is not valid UTF-8",
        }
    }
}

impl Ignored {
    /// Whether the file looks like a document meant for the batch (a `.txt`
    /// whose name does not say the language, a `.docx` or `.pdf`, a named
    /// pipe): those are named in the run's warning. The rest (gold files,
    /// a README, memories, scripts: a corpus folder holds many) are only
    /// listed in the report, or the warning would bury the ones that matter.
    pub fn looks_like_a_document(&self) -> bool {
        let ext = self.path.file_name().and_then(|n| n.to_str()).and_then(extension);
        match self.reason {
            IgnoreReason::NotRegular | IgnoreReason::NameNotUtf8 => true,
            IgnoreReason::NoLanguage => ext.is_some_and(|e| e.eq_ignore_ascii_case("txt")),
            IgnoreReason::NotTxt => {
                ext.is_some_and(|e| DOCUMENT_EXTENSIONS.iter().any(|d| e.eq_ignore_ascii_case(d)))
            }
        }
    }
}

/// Extensions of the document formats an archive of articles arrives in,
/// which `batch` does not read (save them as text first).
const DOCUMENT_EXTENSIONS: &[&str] = &["doc", "docx", "odt", "rtf", "pdf", "wps", "htm", "html", "epub"];

impl Collection {
    /// Leaves out of [`Collection::ignored`] the files a run writes itself
    /// inside the input folder (`-o corpora/memory.tmx`, a `--review`
    /// folder): a run must not list its own outputs, nor the next run those
    /// of the last. `outputs` need not exist.
    pub fn quiet_outputs(&mut self, outputs: &[&Path]) {
        let outputs: Vec<PathBuf> = outputs.iter().filter_map(|p| input::resolved(p)).collect();
        self.ignored.retain(|i| {
            let Some(path) = input::resolved(&i.path) else { return true };
            !outputs.iter().any(|o| path.starts_with(o))
        });
    }
}

/// How a collection is listed.
#[derive(Clone, Copy, Debug)]
pub struct DiscoverOptions {
    pub source: Lang,
    pub target: Lang,
    /// Follow symbolic links that lead out of the input folder.
    pub follow_links: bool,
}

impl DiscoverOptions {
    pub fn new(source: Lang, target: Lang) -> DiscoverOptions {
        DiscoverOptions { source, target, follow_links: false }
    }
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
    #[error(
        "{}:{line}: expected \"source<TAB>target\", got {text:?} (a file given to batch is read as a manifest, one pair a line; give a folder to align the pairs in it)",
        path.display()
    )]
    Manifest { path: PathBuf, line: usize, text: String },
    #[error(transparent)]
    ManifestEncoding(#[from] input::InputError),
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> CollectionError + '_ {
    move |source| CollectionError::Io { path: path.to_path_buf(), source }
}

/// Lists the pairs of a directory or of a TSV manifest.
pub fn discover(input: &Path, source: Lang, target: Lang) -> Result<Collection, CollectionError> {
    discover_with(input, &DiscoverOptions::new(source, target))
}

/// Lists the pairs of a directory (walked to any depth) or of a TSV manifest.
pub fn discover_with(input: &Path, options: &DiscoverOptions) -> Result<Collection, CollectionError> {
    let meta = fs::metadata(input).map_err(io_err(input))?;
    let mut collection = if meta.is_dir() { from_directory(input, options)? } else { from_manifest(input)? };
    collection.pairs.sort_by(|a, b| a.name.cmp(&b.name));
    collection.unpaired.sort();
    collection.rejected.sort_by(|a, b| a.name.cmp(&b.name));
    collection.skipped_links.sort();
    collection.ignored.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(collection)
}

/// `name` without a final `.txt` in any case, if it has one.
fn strip_txt(name: &str) -> Option<&str> {
    let at = name.len().checked_sub(4)?;
    name.get(at..).filter(|e| e.eq_ignore_ascii_case(".txt")).map(|_| &name[..at])
}

/// Which half of a pair a file name is, and the name of its pair:
/// `NAME.LANG.txt` or `NAME.LANG`, the language part as [`Lang::named_by`] reads it.
/// Both editions of a name that come out Chinese (`a.zh-CN.txt` and
/// `a.zh-TW.txt`) are then a collision, reported as such.
fn half_of(file_name: &str, source: Lang, target: Lang) -> Option<(Lang, String)> {
    let base = strip_txt(file_name).unwrap_or(file_name);
    let (stem, part) = base.rsplit_once('.')?;
    if stem.is_empty() {
        return None;
    }
    [source, target].into_iter().find(|l| l.named_by(part)).map(|l| (l, stem.to_string()))
}

/// The extension of a file name (`docx` of `h.zh.docx`): what follows the
/// last dot, when it is one to five ASCII letters or digits.
fn extension(file_name: &str) -> Option<&str> {
    let (stem, ext) = file_name.rsplit_once('.')?;
    (!stem.is_empty() && (1..=5).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then_some(ext)
}

/// Why a regular file that is no half is not read.
fn ignore_reason(file_name: &str) -> IgnoreReason {
    match extension(file_name) {
        Some(ext) if !ext.eq_ignore_ascii_case("txt") => IgnoreReason::NotTxt,
        _ => IgnoreReason::NoLanguage,
    }
}

/// Files Windows and macOS write into folders on their own.
const SYSTEM_FILES: &[&str] = &["Thumbs.db", "ehthumbs.db", "desktop.ini", ".DS_Store"];

/// The half and pair name of a file at `rel` (components relative to the
/// input folder, the file name last): by suffix, else by the nearest folder
/// named after a language.
fn classify(rel: &[String], options: &DiscoverOptions) -> Option<(Lang, String)> {
    let (file_name, dirs) = rel.split_last()?;
    let join = |dirs: &[String], last: &str| {
        let mut parts: Vec<&str> = dirs.iter().map(String::as_str).collect();
        parts.push(last);
        parts.join("/")
    };
    if let Some((lang, stem)) = half_of(file_name, options.source, options.target) {
        return Some((lang, join(dirs, &stem)));
    }
    // A file the desktop leaves in every folder is no half of a pair
    // (review: `zh/Thumbs.db` made a run exit 1 as a file without a partner).
    if SYSTEM_FILES.iter().any(|s| file_name.eq_ignore_ascii_case(s)) {
        return None;
    }
    let (i, lang) = dirs.iter().enumerate().rev().find_map(|(i, d)| {
        [options.source, options.target].into_iter().find(|l| l.named_by(d)).map(|l| (i, l))
    })?;
    let mut rest: Vec<String> = dirs.to_vec();
    rest.remove(i);
    let stem = strip_txt(file_name).filter(|s| !s.is_empty()).unwrap_or(file_name);
    Some((lang, join(&rest, stem)))
}

/// True when a run on `input` would read `output` as one half of a pair:
/// it is (or would be, once written) a file inside the input folder with a
/// name that makes it a half. Outputs whose names make no half, like
/// `corpora/memory.tmx`, are fine.
pub fn would_read(input: &Path, output: &Path, options: &DiscoverOptions) -> bool {
    let (Ok(root), Some(out)) = (fs::canonicalize(input), input::resolved(output)) else { return false };
    if !root.is_dir() {
        return false;
    }
    let Ok(rel) = out.strip_prefix(&root) else { return false };
    let Some(rel) = rel.iter().map(|c| c.to_str().map(str::to_string)).collect::<Option<Vec<_>>>() else {
        return false;
    };
    !rel.iter().any(|c| c.starts_with('.')) && classify(&rel, options).is_some()
}

/// A file found by the walk: its path and its path relative to the input.
struct Found {
    path: PathBuf,
    rel: Vec<String>,
    /// False for a named pipe, a device or a socket: such a half is not
    /// read (a pipe would block the run), and its pair fails.
    regular: bool,
}

fn from_directory(dir: &Path, options: &DiscoverOptions) -> Result<Collection, CollectionError> {
    let mut collection = Collection::default();
    let root = fs::canonicalize(dir).map_err(io_err(dir))?;
    let mut files = Vec::new();
    let mut ancestors = vec![root.clone()];
    walk(&root, dir, &mut Vec::new(), options, &mut ancestors, &mut files, &mut collection)?;

    // Every file claiming each half of each name, so that two claims are seen.
    let mut halves: BTreeMap<String, [Vec<PathBuf>; 2]> = BTreeMap::new();
    // Halves that are no regular file, so that their pair fails naming them.
    let mut special: Vec<PathBuf> = Vec::new();
    for f in files {
        match classify(&f.rel, options) {
            Some((lang, name)) => {
                let side = usize::from(lang != options.source);
                if !f.regular {
                    special.push(f.path.clone());
                }
                halves.entry(name).or_default()[side].push(f.path);
            }
            None if !f.regular => {
                collection.ignored.push(Ignored { path: f.path, reason: IgnoreReason::NotRegular })
            }
            None => {
                let file_name = f.rel.last().map_or("", String::as_str);
                // The desktop's own files are quiet.
                if !SYSTEM_FILES.iter().any(|s| file_name.eq_ignore_ascii_case(s)) {
                    let reason = ignore_reason(file_name);
                    collection.ignored.push(Ignored { path: f.path, reason });
                }
            }
        }
    }
    for (name, [mut sources, mut targets]) in halves {
        if sources.len() > 1 || targets.len() > 1 {
            // One rejection per name, however many of its halves collide.
            let mut reasons = Vec::new();
            for (files, lang) in [(&sources, options.source), (&targets, options.target)] {
                if files.len() > 1 {
                    let list: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
                    reasons.push(format!(
                        "the {} half is claimed by {} files ({})",
                        english_name(lang),
                        files.len(),
                        list.join(", ")
                    ));
                }
            }
            let reason = format!("{}; rename all but one", reasons.join("; "));
            collection.rejected.push(Rejected { name, reason });
            continue;
        }
        if let Some(odd) = sources.iter().chain(&targets).find(|p| special.contains(p)) {
            let reason = format!(
                "{} is {}, so it is not read; give the text as a file",
                odd.display(),
                IgnoreReason::NotRegular.describe()
            );
            collection.rejected.push(Rejected { name, reason });
            continue;
        }
        match (sources.pop(), targets.pop()) {
            (Some(source), Some(target)) => collection.pairs.push(DocPair { name, source, target }),
            (Some(one), None) | (None, Some(one)) => collection.unpaired.push(one),
            (None, None) => {}
        }
    }
    Ok(collection)
}

/// Lists the files under `dir` (whose path relative to the input is `rel`),
/// in name order, following links only inside `root` unless asked. A
/// folder below the input that cannot be read (no permission) is a failed
/// entry of the collection, and the walk goes on with the rest (a new
/// user's trial, session 22: one such folder stopped the whole run).
fn walk(
    root: &Path,
    dir: &Path,
    rel: &mut Vec<String>,
    options: &DiscoverOptions,
    ancestors: &mut Vec<PathBuf>,
    files: &mut Vec<Found>,
    collection: &mut Collection,
) -> Result<(), CollectionError> {
    let listed = fs::read_dir(dir).and_then(|entries| entries.collect::<Result<Vec<_>, _>>());
    let mut entries = match listed {
        Ok(entries) => entries,
        Err(e) if !rel.is_empty() => {
            collection.rejected.push(unreadable_folder(dir, &e));
            return Ok(());
        }
        Err(e) => return Err(io_err(dir)(e)),
    };
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let file_name = entry.file_name();
        if file_name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let Ok(mut meta) = fs::symlink_metadata(&path) else { continue };
        if meta.file_type().is_symlink() {
            let target = fs::canonicalize(&path).and_then(|t| fs::metadata(&t).map(|m| (t, m)));
            match target {
                Ok((t, m)) if options.follow_links || t.starts_with(root) => meta = m,
                _ => {
                    collection.skipped_links.push(path);
                    continue;
                }
            }
        }
        let Some(name) = file_name.to_str() else {
            // A half whose name cannot be written to the report or the memory.
            let bytes = file_name.as_encoded_bytes().to_ascii_lowercase();
            let looks_like_half =
                [options.source, options.target].iter().any(|l| {
                    let code = l.code().as_bytes();
                    let ends = |suffix: &[u8]| bytes.ends_with(suffix);
                    ends(&[b".", code].concat()) || ends(&[b".", code, b".txt"].concat())
                }) || rel.iter().any(|d| [options.source, options.target].iter().any(|l| l.named_by(d)));
            if meta.is_dir() || looks_like_half {
                collection.rejected.push(Rejected {
                    name: path.display().to_string(),
                    reason: format!(
                        "the {} name is not valid UTF-8, so it is not read; rename it",
                        if meta.is_dir() { "folder" } else { "file" }
                    ),
                });
            } else {
                collection.ignored.push(Ignored { path, reason: IgnoreReason::NameNotUtf8 });
            }
            continue;
        };
        rel.push(name.to_string());
        if meta.is_dir() {
            // A link back up the tree would make the walk endless. (A link to a
            // folder elsewhere in the tree is walked again; its units are
            // duplicates, which the memory drops.)
            match fs::canonicalize(&path) {
                Ok(real) if !ancestors.contains(&real) => {
                    ancestors.push(real);
                    walk(root, &path, rel, options, ancestors, files, collection)?;
                    ancestors.pop();
                }
                Ok(_) => {}
                Err(e) => collection.rejected.push(unreadable_folder(&path, &e)),
            }
        } else {
            files.push(Found { path, rel: rel.clone(), regular: meta.is_file() });
        }
        rel.pop();
    }
    Ok(())
}

/// The failed entry of a folder below the input that cannot be listed.
fn unreadable_folder(dir: &Path, e: &std::io::Error) -> Rejected {
    Rejected {
        name: dir.display().to_string(),
        reason: format!(
            "the folder cannot be read ({}), so none of its files is; give it read permission or move it out",
            input::without_os_code(&e.to_string())
        ),
    }
}

fn from_manifest(path: &Path) -> Result<Collection, CollectionError> {
    let text = input::read_text(Some(path))?.text;
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
        let name = manifest_name(s.trim());
        collection.pairs.push(DocPair { name, source, target });
    }
    Ok(collection)
}

/// The name of a manifest's pair: its source path as written, without the
/// language suffix, when that is a plain relative path; only the file name
/// when it is absolute or climbs out with `..`, so no path of the machine
/// that made the memory leaks into it.
fn manifest_name(source: &str) -> String {
    let p = Path::new(source);
    let plain = p.components().all(|c| matches!(c, std::path::Component::Normal(_)));
    if plain {
        let dir = p.parent().map(|d| d.to_string_lossy().into_owned()).unwrap_or_default();
        let stem = input::pair_name(p);
        if dir.is_empty() {
            stem
        } else {
            format!("{dir}/{stem}")
        }
    } else {
        input::pair_name(p)
    }
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
        assert_eq!(names(&c), ["a", "b", "c"]);
        assert!(c.pairs[1].source.ends_with("b.zh.txt") && c.pairs[1].target.ends_with("b.en.txt"));
        assert!(c.pairs[2].source.ends_with("zh/c.txt"));
        assert!(c.unpaired.is_empty(), "{:?}", c.unpaired);
    }

    #[test]
    fn a_half_without_its_translation_is_reported_not_dropped() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["a.zh.txt", "a.en.txt", "lonely.zh.txt", "zh/orphan", "zh/Thumbs.db", "en/desktop.ini"] {
            touch(dir.path(), f);
        }
        let c = discover(dir.path(), Lang::Zh, Lang::En).unwrap();
        assert_eq!(names(&c), ["a"]);
        let unpaired: Vec<_> = c.unpaired.iter().map(|p| p.file_name().unwrap().to_str().unwrap()).collect();
        // The desktop's own files are no halves.
        assert_eq!(unpaired, ["lonely.zh.txt", "orphan"]);
    }

    #[test]
    fn the_language_part_is_read_in_any_case_and_as_a_tag() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "a.ZH.TXT",
            "a.EN.TXT",
            "b.zh-CN.txt",
            "b.en-US.txt",
            "c.zh_Hans.txt",
            "c.en-GB.txt",
            "f.zh.TXT",
            "f.en.txt",
            "zh-TW/g.txt",
            "EN/g.txt",
            "zh-Hans-CN/h.txt",
            "en-419/h.txt",
        ] {
            touch(dir.path(), f);
        }
        let c = discover(dir.path(), Lang::Zh, Lang::En).unwrap();
        assert_eq!(names(&c), ["a", "b", "c", "f", "g", "h"]);
        assert!(c.unpaired.is_empty() && c.ignored.is_empty(), "{c:?}");
        assert!(c.pairs[0].source.ends_with("a.ZH.TXT") && c.pairs[0].target.ends_with("a.EN.TXT"));
        // Not a language tag: a longer code, or a subtag of one letter.
        for part in ["zho", "zh-", "zh-C", "chs", "cn", "zh.CN", "zh-notes", "en-old", "en-us-archive"] {
            assert!(!Lang::Zh.named_by(part), "{part}");
        }
    }

    #[test]
    fn two_editions_tagged_as_one_language_collide() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["a.zh-CN.txt", "a.zh-TW.txt", "a.en.txt"] {
            touch(dir.path(), f);
        }
        let c = discover(dir.path(), Lang::Zh, Lang::En).unwrap();
        assert!(c.pairs.is_empty());
        assert!(c.rejected[0].reason.contains("the Chinese half is claimed by 2 files"), "{:?}", c.rejected);
    }

    #[test]
    fn every_other_file_is_listed_with_why_it_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "ok.zh.txt",
            "ok.en.txt",
            "2024/11/人才政策_CN.txt",
            "c_zh.txt",
            "e.chs.txt",
            "h.zh.docx",
            "README",
            // Quiet: hidden, and the desktop's own.
            ".DS_Store",
            ".git/config",
            "Thumbs.db",
        ] {
            touch(dir.path(), f);
        }
        let c = discover(dir.path(), Lang::Zh, Lang::En).unwrap();
        let ignored: Vec<(String, IgnoreReason)> = c
            .ignored
            .iter()
            .map(|i| (i.path.strip_prefix(dir.path()).unwrap().display().to_string(), i.reason))
            .collect();
        use IgnoreReason::*;
        let expected = [
            ("2024/11/人才政策_CN.txt", NoLanguage),
            ("README", NoLanguage),
            ("c_zh.txt", NoLanguage),
            ("e.chs.txt", NoLanguage),
            ("h.zh.docx", NotTxt),
        ];
        assert_eq!(ignored, expected.map(|(p, r)| (p.to_string(), r)));
        // A run's own outputs in the folder are not listed.
        let mut c = c;
        c.quiet_outputs(&[&dir.path().join("README"), &dir.path().join("2024")]);
        assert_eq!(c.ignored.len(), 3, "{:?}", c.ignored);
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
    fn manifest_pair_names_never_hold_an_absolute_path() {
        assert_eq!(manifest_name("x/1.zh"), "x/1");
        assert_eq!(manifest_name("2.zh.txt"), "2");
        assert_eq!(manifest_name("/home/me/secret/3.zh.txt"), "3");
        assert_eq!(manifest_name("../up/4.zh"), "4");
    }

    #[test]
    fn malformed_manifest_line_is_an_error_naming_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join("list.tsv");
        fs::write(&m, "a.zh\ta.en\nonly-one-column\n").unwrap();
        let err = discover(&m, Lang::Zh, Lang::En).unwrap_err().to_string();
        assert!(err.contains(":2: expected \"source<TAB>target\", got \"only-one-column\" ("), "{err}");
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
