//! The index file: flat little-endian arrays that are used in place.
//!
//! Layout (format 7): a fixed header, the section table, a table of CRC-32s,
//! one per block of the body, then the body: the sections listed in `Sec`
//! and, for each language side, those listed in `Part`. The text of unit
//! `u` on side `s` (0 = Chinese, 1 = English) is `text[off[2u+s]..off[2u+s+1]]`.
//!
//! Each side numbers the units afresh, by token count (then by unit number):
//! these *local* ids put every unit of one length in one contiguous "slot", so
//! the lengths a score threshold allows are one id range, and a lookup reads
//! only the part of each postings list inside it. Per side the file holds the
//! slots (distinct token counts and where each starts), the local → unit map,
//! the side's vocabulary (distinct token hashes, sorted), every unit's tokens
//! in local order as ranks in it, 1 to 4 bytes each as the vocabulary needs
//! (scoring a candidate needs no tokenizing and reads one contiguous run;
//! where it starts follows from the slots, all of whose units have the
//! slot's length), and one compressed postings list of local ids per key
//! ([`super::postings`]). Shared by both sides: every unit's word links (since format 5), the
//! output of [`super::wordalign`], computed by that module and stored here as
//! an offset table and a flat array, and a flags byte per unit (since format 7:
//! whether it is a joined unit, [`Entry::joined`]). A key is a gram (a word; a Chinese character bigram or a single
//! character) together with its length and its occurrence number in the unit, so the second "the" of a sentence
//! has its own key: the number of keys a unit shares with a query is exactly
//! the size of their multiset intersection of grams, which bounds the distance.
//!
//! # What is checked, and when
//!
//! Nothing read from the file is trusted, so that damage anywhere gives a
//! clear error and never a wrong answer or a crash:
//!
//! * Opening checks the CRC-32 of everything before the body (header, section
//!   table, block checksums), then the header's sizes against the file, the
//!   section bounds and sizes against the unit count, and the small tables in
//!   full: the file names, the sources, and both sides' length slots (strictly
//!   increasing, covering exactly the units), which are copied out.
//! * The body is checksummed in blocks ([`BLOCK_LOG2`]); a block is verified
//!   the first time anything in it is read. Verifying the whole body at open
//!   would cost about half a second at a million units, hundreds of times
//!   the lookup itself, while a lookup verifies about 500 of the 158,000
//!   blocks of the format 6 index (docs/BENCHMARKS.md).
//! * Every offset and id read from the body is checked against the table it
//!   points into before use, with checked arithmetic.
//!
//! A failed check during a read is recorded in the memory (the first one
//! wins) and the read returns nothing; every public search returns that error
//! when it finishes, and [`Memory::check`] reports it, so callers check once
//! before printing. [`Memory::verify`] (`tmalign index --verify`) reads every
//! block and checks every table in full (orders, ranges, UTF-8).
//!
//! A mapped file that another process shrinks makes the reads fault (SIGBUS);
//! the command line installs a handler for that (`cli::sigbus`). One rewritten
//! in place is noticed by [`Memory::check`], which compares the file's size and
//! times with those seen at open. `tmalign index` replaces an index by rename,
//! so lookups running on the old file keep reading the old file.
//!
//! The index is built in memory as typed arrays and streamed to the writer
//! section by section (the texts straight from the entries), so building never
//! holds a second, serialised copy of the index.

use std::fs::File;
use std::io::{Read, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use rayon::prelude::*;

use super::postings::List;
pub use super::postings::Postings;
use super::tokenize::{occurrence_keys, tokenize_into, Token};
use super::MemoryError;
use crate::lang::Lang;

pub(crate) const MAGIC: &[u8; 8] = b"TMALIDX\0";
/// Bumped whenever the layout or the tokenizer changes.
/// 4: header and block checksums, the sources' stamps.
/// 5: the word links of every unit ([`super::wordalign`]).
/// 6: compressed postings ([`super::postings`]), token ids into a
/// vocabulary at the width it needs, no token offsets.
/// 7: a flags byte per unit, marking the joined units ([`Entry::joined`]).
pub const VERSION: u32 = 7;
/// Sections shared by both sides.
const COMMON: usize = 10;
/// Sections per language side.
const PER_SIDE: usize = 9;
const N_SECTIONS: usize = COMMON + 2 * PER_SIDE;
/// Magic, version, block size, unit count, file length, block count, body
/// offset, header CRC and a reserved word.
const FIXED_LEN: usize = 56;
/// The fixed header and the (offset, length) of every section.
const HEADER_LEN: usize = FIXED_LEN + 16 * N_SECTIONS;
/// Where the header's own CRC is stored (it is computed with these bytes zero).
const META_CRC_AT: usize = 48;
/// Body blocks are 2^12 = 4 KiB: one page, so verifying a block costs about
/// what faulting it in does (a CRC-32 of 4 KiB takes under a microsecond
/// here), and the block table is 1/1024 of the body (850 KB at a million
/// units, checked at open in about 0.1 ms). With 64 KiB blocks, the dozens
/// of blocks a lookup's scattered reads touch cost more than the lookup.
pub const BLOCK_LOG2: u32 = 12;
/// How much of a source TMX is hashed to notice that it changed.
const SOURCE_HEAD: u64 = 64 * 1024;

/// The sections shared by both sides, in file order.
#[derive(Clone, Copy)]
enum Sec {
    FileOff = 0,
    FileBytes,
    UnitFile,
    UnitNo,
    TextOff,
    TextBytes,
    /// The sources' stamps, as JSON.
    Sources,
    /// Start of each unit's word links in `Links`, and the total at the end.
    LinkOff,
    /// Word links, `zh << 16 | en` token numbers ([`super::wordalign`]).
    Links,
    /// One byte per unit: [`FLAG_JOINED`] or 0.
    UnitFlags,
}

/// The unit flag of a joined unit ([`Entry::joined`]); no other bit is set.
const FLAG_JOINED: u8 = 1;

/// The sections of one side, in file order (Chinese side first).
#[derive(Clone, Copy)]
enum Part {
    /// Distinct token counts, ascending.
    SlotLen = 0,
    /// First local id of each slot, and the unit count at the end.
    SlotStart,
    /// Unit id of each local id.
    Unit,
    /// The distinct token hashes, ascending: a token is stored as its rank here.
    Vocab,
    /// Every local id's tokens in local order, as ranks in `Vocab` of
    /// [`id_width`] bytes. The units of a slot all have the slot's length,
    /// so where a local id's tokens start follows from the slots.
    Tok,
    /// Sorted keys.
    Keys,
    /// Number of postings before each key's, and the total at the end.
    PostOff,
    /// Start of each key's list in `Post` (bytes), and the total at the end.
    PostByte,
    /// The lists, compressed ([`super::postings`]).
    Post,
}

/// Section names, for error messages.
const SECTION_NAMES: [&str; N_SECTIONS] = [
    "file offsets",
    "file names",
    "unit files",
    "unit numbers",
    "text offsets",
    "texts",
    "sources",
    "word link offsets",
    "word links",
    "unit flags",
    "Chinese slot lengths",
    "Chinese slot starts",
    "Chinese unit map",
    "Chinese vocabulary",
    "Chinese tokens",
    "Chinese keys",
    "Chinese postings counts",
    "Chinese postings offsets",
    "Chinese postings",
    "English slot lengths",
    "English slot starts",
    "English unit map",
    "English vocabulary",
    "English tokens",
    "English keys",
    "English postings counts",
    "English postings offsets",
    "English postings",
];

/// Index of a side in the file.
pub fn side(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 0,
        Lang::En => 1,
    }
}

/// The gram lengths indexed, in tokens, preferred first: single words for
/// English; character bigrams for Chinese, and single characters too, whose
/// bound still holds when a low threshold leaves the bigrams none.
pub fn gram_lens(lang: Lang) -> &'static [usize] {
    match lang {
        Lang::Zh => &[2, 1],
        Lang::En => &[1],
    }
}

/// One unit to index.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    /// Index into the file list.
    pub file: u32,
    /// 1-based position of the unit in its file.
    pub unit: u32,
    pub zh: String,
    pub en: String,
    /// Whether the unit joins the sentences of units next to it, the unit
    /// `batch` adds where a CAT tool reads two sentences as one segment
    /// ([`crate::export::tmx::is_joined_unit`]). Its text is no occurrence of
    /// its own: the counts of renderings and glossary terms leave it out.
    pub joined: bool,
}

/// What the index remembers of a source TMX, to notice later that it changed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceStamp {
    /// The absolute path the file was read from.
    pub path: String,
    pub size: u64,
    /// Modification time, seconds and nanoseconds since the Unix epoch.
    pub mtime_s: i64,
    pub mtime_ns: u32,
    /// CRC-32 of the first 64 KiB (or of the whole file when shorter).
    pub head_crc: u32,
    /// CRC-32 of the whole file, which `index --verify` compares (a lookup
    /// reads only the head: a memory of gigabytes is not read per query).
    /// `None` in indexes written before session 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crc: Option<u32>,
}

impl SourceStamp {
    /// Stamps the file at `path` as it is now. `None` for what is not a
    /// regular file (standard input, a pipe): there is nothing to compare later.
    pub fn of(path: &Path) -> std::io::Result<Option<SourceStamp>> {
        SourceStamp::read(path, false)
    }

    /// [`SourceStamp::of`] with the CRC of the whole file, as `index` stamps
    /// its sources.
    pub fn of_whole(path: &Path) -> std::io::Result<Option<SourceStamp>> {
        SourceStamp::read(path, true)
    }

    /// The stamp, reading the file once: its first 64 KiB, or all of it
    /// with `whole`.
    fn read(path: &Path, whole: bool) -> std::io::Result<Option<SourceStamp>> {
        let meta = std::fs::metadata(path)?;
        if !meta.is_file() {
            return Ok(None);
        }
        let (mtime_s, mtime_ns) = mtime(&meta);
        let abs = std::fs::canonicalize(path)?;
        let mut file = File::open(path)?;
        let (mut head, mut all) = (crc32fast::Hasher::new(), crc32fast::Hasher::new());
        let mut buf = vec![0u8; 1 << 16];
        let mut read = 0u64;
        while whole || read < SOURCE_HEAD {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            let in_head = usize::try_from(SOURCE_HEAD.saturating_sub(read)).unwrap_or(usize::MAX).min(n);
            head.update(&buf[..in_head]);
            all.update(&buf[..n]);
            read += n as u64;
        }
        Ok(Some(SourceStamp {
            path: abs.to_string_lossy().into_owned(),
            size: meta.len(),
            mtime_s,
            mtime_ns,
            head_crc: head.finalize(),
            crc: whole.then(|| all.finalize()),
        }))
    }

    /// Why the file no longer matches the stamp, if it does not: its size,
    /// time and first 64 KiB compared (a lookup's quick look).
    pub fn changed(&self) -> Option<String> {
        self.compare(false)
    }

    /// [`SourceStamp::changed`], and then whether the whole file still has
    /// the CRC it was indexed with: a change past the first 64 KiB that keeps
    /// the size, its modification time restored (`cp -p`, `rsync -t`), is
    /// seen only so.
    pub fn changed_thoroughly(&self) -> Option<String> {
        self.compare(self.crc.is_some())
    }

    fn compare(&self, whole: bool) -> Option<String> {
        let now = match SourceStamp::read(Path::new(&self.path), whole) {
            Ok(Some(now)) => now,
            Ok(None) => return Some(format!("{} is no longer a regular file", self.path)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Some(format!("{} is gone", self.path))
            }
            Err(e) => return Some(format!("{} cannot be checked ({e})", self.path)),
        };
        if now.size != self.size {
            Some(format!("{} changed since it was indexed (size {} → {})", self.path, self.size, now.size))
        } else if now.head_crc != self.head_crc {
            Some(format!("{} changed since it was indexed (different content)", self.path))
        } else if (now.mtime_s, now.mtime_ns) != (self.mtime_s, self.mtime_ns) {
            Some(format!("{} was modified since it was indexed", self.path))
        } else if whole && now.crc != self.crc {
            Some(format!("{} changed since it was indexed (different content)", self.path))
        } else {
            None
        }
    }
}

fn mtime(meta: &std::fs::Metadata) -> (i64, u32) {
    match meta.modified().ok().map(|t| t.duration_since(std::time::UNIX_EPOCH)) {
        Some(Ok(d)) => (i64::try_from(d.as_secs()).unwrap_or(i64::MAX), d.subsec_nanos()),
        Some(Err(e)) => {
            (-i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX), e.duration().subsec_nanos())
        }
        None => (0, 0),
    }
}

/// What identifies one state of an open file: its size and times.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct FileState {
    len: u64,
    mtime: (i64, u32),
    ctime: (i64, i64),
}

impl FileState {
    fn of(file: &File) -> std::io::Result<FileState> {
        let meta = file.metadata()?;
        #[cfg(unix)]
        let ctime = {
            use std::os::unix::fs::MetadataExt;
            (meta.ctime(), meta.ctime_nsec())
        };
        #[cfg(not(unix))]
        let ctime = (0, 0);
        Ok(FileState { len: meta.len(), mtime: mtime(&meta), ctime })
    }
}

/// Raw bytes of an index: mapped from a file, or built in memory.
enum Bytes {
    Mapped { map: memmap2::Mmap, file: File, state: FileState },
    Owned(Vec<u8>),
}

/// An open index.
pub struct Memory {
    bytes: Bytes,
    name: String,
    units: usize,
    files: usize,
    sections: [(usize, usize); N_SECTIONS],
    block_log2: u32,
    body_off: usize,
    n_blocks: usize,
    /// One bit per body block, set once its checksum matched.
    verified: Box<[AtomicU64]>,
    /// The first damage found by a read.
    damage: OnceLock<String>,
    /// Per side: each slot's token count and local id range, checked at open.
    slots: [Vec<(usize, Range<u32>)>; 2],
    /// Per side: where each slot's tokens start in the tokens section (in tokens).
    tok_base: [Vec<usize>; 2],
    /// Per side: the bytes per token id.
    width: [usize; 2],
    sources: Vec<Option<SourceStamp>>,
}

/// What [`Memory::check_shapes`] reads out of the small tables.
struct Shapes {
    files: usize,
    sources: Vec<Option<SourceStamp>>,
    slots: [Vec<(usize, Range<u32>)>; 2],
    tok_base: [Vec<usize>; 2],
    width: [usize; 2],
}

/// Bytes per token id for a vocabulary of `v` distinct tokens.
pub fn id_width(v: usize) -> usize {
    match v {
        0..=0x100 => 1,
        0x101..=0x1_0000 => 2,
        0x1_0001..=0x100_0000 => 3,
        _ => 4,
    }
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at.checked_add(4)?).and_then(|s| <[u8; 4]>::try_from(s).ok()).map(u32::from_le_bytes)
}

fn le64(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at.checked_add(8)?).and_then(|s| <[u8; 8]>::try_from(s).ok()).map(u64::from_le_bytes)
}

/// A `u64` read from the file as a size or an offset.
fn size(x: u64) -> Option<usize> {
    usize::try_from(x).ok()
}

/// The section number of part `p` of `lang`'s side.
fn part(lang: Lang, p: Part) -> usize {
    COMMON + side(lang) * PER_SIDE + p as usize
}

/// The CRC-32 of the bytes before the body, with the stored CRC taken as zero.
fn meta_crc(b: &[u8], body_off: usize) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(&b[..META_CRC_AT]);
    h.update(&[0; 4]);
    h.update(&b[META_CRC_AT + 4..body_off]);
    h.finalize()
}

/// Where the body starts for `n_blocks` blocks.
fn body_start(n_blocks: usize) -> Option<usize> {
    n_blocks.checked_mul(4)?.checked_add(HEADER_LEN).map(|x| x.next_multiple_of(8))
}

const REBUILD: &str = "rebuild it with `tmalign index`";

impl Memory {
    /// Maps an index file and checks its header, tables and small sections.
    pub fn open(path: &Path) -> Result<Memory, MemoryError> {
        let name = path.display().to_string();
        let io = |source| MemoryError::Io { name: name.clone(), source };
        let file = File::open(path).map_err(io)?;
        let state = FileState::of(&file).map_err(io)?;
        if state.len == 0 {
            return Err(MemoryError::BadIndex { name, why: "empty file, not a tmalign index".into() });
        }
        // SAFETY: the map is read-only and every read is bounds-checked and
        // checksummed. The file may still be changed by another process:
        // shrinking it makes reads fault (SIGBUS, handled by the command
        // line), rewriting it is noticed by `check` from the file's times.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
        Memory::from_bytes(Bytes::Mapped { map, file, state }, name)
    }

    /// Uses an index built in memory (see [`build`]).
    pub fn from_vec(bytes: Vec<u8>) -> Result<Memory, MemoryError> {
        Memory::from_bytes(Bytes::Owned(bytes), "<memory>".into())
    }

    fn from_bytes(bytes: Bytes, name: String) -> Result<Memory, MemoryError> {
        let header = match Memory::read_header(&bytes) {
            Ok(h) => h,
            Err(why) => return Err(MemoryError::BadIndex { name, why }),
        };
        let (units, block_log2, body_off, n_blocks, sections) = header;
        let verified = (0..n_blocks.div_ceil(64)).map(|_| AtomicU64::new(0)).collect();
        let mut mem = Memory {
            bytes,
            name,
            units,
            files: 0,
            sections,
            block_log2,
            body_off,
            n_blocks,
            verified,
            damage: OnceLock::new(),
            slots: [Vec::new(), Vec::new()],
            tok_base: [Vec::new(), Vec::new()],
            width: [1, 1],
            sources: Vec::new(),
        };
        let shapes = mem.check_shapes();
        match shapes.and_then(|s| mem.damage.get().cloned().map_or(Ok(s), Err)) {
            Ok(s) => {
                mem.files = s.files;
                mem.sources = s.sources;
                mem.slots = s.slots;
                mem.tok_base = s.tok_base;
                mem.width = s.width;
                Ok(mem)
            }
            Err(why) => Err(MemoryError::BadIndex { name: mem.name, why }),
        }
    }

    /// Checks the header and the section table; returns the unit count, the
    /// block size, the body offset, the block count and the sections.
    #[allow(clippy::type_complexity)]
    fn read_header(
        bytes: &Bytes,
    ) -> Result<(usize, u32, usize, usize, [(usize, usize); N_SECTIONS]), String> {
        let b = raw(bytes);
        if b.len() < 12 || &b[..8] != MAGIC {
            return Err("not a tmalign index (one is made from a TMX memory with `tmalign index`)".into());
        }
        let version = le32(b, 8).unwrap_or(0);
        if version > VERSION {
            return Err(format!(
                "index format version {version}, written by a newer tmalign (this one reads version \
                 {VERSION}): upgrade tmalign, or {REBUILD}"
            ));
        }
        if version != VERSION {
            return Err(format!(
                "index format version {version}, this tmalign reads version {VERSION} ({REBUILD})"
            ));
        }
        if b.len() < HEADER_LEN {
            return Err(format!("truncated: {} bytes, shorter than the index header ({REBUILD})", b.len()));
        }
        let field = |at: usize| le64(b, at).and_then(size).unwrap_or(usize::MAX);
        let body_off = field(40);
        if body_off < HEADER_LEN || body_off > b.len() {
            return Err(format!("damaged header: body offset {body_off} outside the file ({REBUILD})"));
        }
        let stored = le32(b, META_CRC_AT).unwrap_or(0);
        let actual = meta_crc(b, body_off);
        if stored != actual {
            return Err(format!(
                "damaged header or tables: checksum of bytes 0–{body_off} is {actual:08x}, stored {stored:08x} ({REBUILD})"
            ));
        }
        let block_log2 = le32(b, 12).unwrap_or(0);
        let units = field(16);
        let file_len = field(24);
        let n_blocks = field(32);
        if file_len != b.len() {
            return Err(format!(
                "truncated or damaged: the header says {file_len} bytes, the file has {} ({REBUILD})",
                b.len()
            ));
        }
        if !(9..=24).contains(&block_log2) {
            return Err(format!("damaged header: block size 2^{block_log2}"));
        }
        let body_len = b.len() - body_off;
        if n_blocks != body_len.div_ceil(1 << block_log2) || body_start(n_blocks) != Some(body_off) {
            return Err("damaged header: block count does not match the file".into());
        }
        let mut sections = [(0, 0); N_SECTIONS];
        let mut end = body_off;
        for (k, s) in sections.iter_mut().enumerate() {
            let off = field(FIXED_LEN + 16 * k);
            let len = field(FIXED_LEN + 16 * k + 8);
            if off < end || off % 8 != 0 || off.checked_add(len).is_none_or(|e| e > b.len()) {
                return Err(format!("damaged section table ({} at {off}, {len} bytes)", SECTION_NAMES[k]));
            }
            end = off + len;
            *s = (off, len);
        }
        Ok((units, block_log2, body_off, n_blocks, sections))
    }

    /// Records the first damage found; the read that found it returns nothing.
    fn damaged(&self, why: String) {
        let _ = self.damage.set(why);
    }

    /// Makes sure the blocks holding file bytes `start..start + len` are
    /// verified; false (damage recorded) when one is not intact.
    fn ensure(&self, start: usize, len: usize) -> bool {
        if len == 0 {
            return true;
        }
        let rel = start.wrapping_sub(self.body_off);
        let (first, last) = (rel >> self.block_log2, (rel + len - 1) >> self.block_log2);
        for blk in first..=last {
            let (word, bit) = (blk / 64, 1u64 << (blk % 64));
            let Some(w) = self.verified.get(word) else {
                self.damaged(format!("damaged: a read past the end of the body ({REBUILD})"));
                return false;
            };
            if w.load(Ordering::Relaxed) & bit != 0 {
                continue;
            }
            if let Err(why) = self.verify_block(blk) {
                self.damaged(why);
                return false;
            }
            w.fetch_or(bit, Ordering::Relaxed);
        }
        true
    }

    /// Compares block `blk`'s checksum with the stored one.
    fn verify_block(&self, blk: usize) -> Result<(), String> {
        let b = self.all();
        let start = self.body_off + (blk << self.block_log2);
        let end = (start + (1 << self.block_log2)).min(b.len());
        let stored = le32(b, HEADER_LEN + 4 * blk).unwrap_or(0);
        let actual = crc32fast::hash(&b[start..end]);
        if stored == actual {
            return Ok(());
        }
        let mut secs = (0..N_SECTIONS).filter(|&k| {
            let (o, l) = self.sections[k];
            o < end && start < o + l
        });
        let what = match (secs.next(), secs.last()) {
            (Some(a), Some(b)) => format!("the {} to the {}", SECTION_NAMES[a], SECTION_NAMES[b]),
            (Some(a), None) => format!("the {}", SECTION_NAMES[a]),
            _ => "padding".to_string(),
        };
        Err(format!("damaged: checksum mismatch in bytes {start}–{end}, block {blk} ({what}; {REBUILD})"))
    }

    fn all(&self) -> &[u8] {
        raw(&self.bytes)
    }

    /// Bytes `a..b` of section `s`, verified; `None` (damage recorded) when
    /// the range is not inside the section or not intact.
    fn get(&self, s: usize, a: usize, b: usize) -> Option<&[u8]> {
        let (off, len) = self.sections[s];
        if a > b || b > len {
            self.damaged(format!("damaged: an offset points outside the {} ({REBUILD})", SECTION_NAMES[s]));
            return None;
        }
        if !self.ensure(off + a, b - a) {
            return None;
        }
        self.all().get(off + a..off + b)
    }

    /// The `i`-th little-endian `u32` of section `s`.
    fn u32_in(&self, s: usize, i: usize) -> Option<u32> {
        let at = i.checked_mul(4)?;
        self.get(s, at, at.checked_add(4)?).and_then(|b| le32(b, 0))
    }

    /// The `i`-th little-endian `u64` of section `s`, as an offset.
    fn off_in(&self, s: usize, i: usize) -> Option<usize> {
        let at = i.checked_mul(8)?;
        let x = self.get(s, at, at.checked_add(8)?).and_then(|b| le64(b, 0))?;
        let x = size(x);
        if x.is_none() {
            self.damaged(format!("damaged: an offset too large in the {}", SECTION_NAMES[s]));
        }
        x
    }

    /// A range `[a, b)` read from offset table `s` at `i` and `i + 1`, which
    /// must lie within `0..limit`.
    fn range_in(&self, s: usize, i: usize, limit: usize) -> Option<Range<usize>> {
        let (a, b) = (self.off_in(s, i)?, self.off_in(s, i.checked_add(1)?)?);
        if a > b || b > limit {
            self.damaged(format!(
                "damaged: entry {i} of the {} is out of order or range ({REBUILD})",
                SECTION_NAMES[s]
            ));
            return None;
        }
        Some(a..b)
    }

    /// Number of `u32` (or `u64`) words in section `s`.
    fn words(&self, s: usize, size: usize) -> usize {
        self.sections[s].1 / size
    }

    /// Checks that the section sizes agree with the unit count and that the
    /// small tables are well formed, so that later reads cannot run off a
    /// table, and copies the length slots out.
    fn check_shapes(&self) -> Result<Shapes, String> {
        let n = self.units;
        let bad =
            |s: usize| format!("damaged: the {} section has the wrong size ({REBUILD})", SECTION_NAMES[s]);
        let want = |s: usize, len: Option<usize>| -> Result<(), String> {
            if Some(self.sections[s].1) == len {
                Ok(())
            } else {
                Err(bad(s))
            }
        };
        // An offset table of `count` entries holds `count + 1` words.
        let table = |count: usize, size: usize| count.checked_add(1).and_then(|c| c.checked_mul(size));
        let fail = || self.damage.get().cloned().unwrap_or_else(|| format!("damaged ({REBUILD})"));
        // The file names.
        let (fo, fb) = (Sec::FileOff as usize, Sec::FileBytes as usize);
        if !self.sections[fo].1.is_multiple_of(8) || self.sections[fo].1 == 0 {
            return Err(bad(fo));
        }
        let files = self.words(fo, 8) - 1;
        for f in 0..files {
            let r = self.range_in(fo, f, self.sections[fb].1).ok_or_else(fail)?;
            let name = self.get(fb, r.start, r.end).ok_or_else(fail)?;
            if std::str::from_utf8(name).is_err() {
                return Err(format!("damaged: file name {f} is not UTF-8"));
            }
        }
        if self.off_in(fo, files).ok_or_else(fail)? != self.sections[fb].1 {
            return Err(bad(fb));
        }
        // The sources' stamps: none (a memory built without files) or one per file.
        let sl = self.sections[Sec::Sources as usize].1;
        let json = self.get(Sec::Sources as usize, 0, sl).ok_or_else(fail)?;
        let sources: Vec<Option<SourceStamp>> = serde_json::from_slice(json)
            .map_err(|e| format!("damaged: the sources table is unreadable ({e})"))?;
        if !sources.is_empty() && sources.len() != files {
            return Err(bad(Sec::Sources as usize));
        }
        // Per unit tables.
        want(Sec::UnitFile as usize, n.checked_mul(4))?;
        want(Sec::UnitNo as usize, n.checked_mul(4))?;
        want(Sec::TextOff as usize, n.checked_mul(2).and_then(|t| table(t, 8)))?;
        let (t0, tn) = (self.off_in(Sec::TextOff as usize, 0), self.off_in(Sec::TextOff as usize, 2 * n));
        if t0 != Some(0) || tn != Some(self.sections[Sec::TextBytes as usize].1) {
            return Err(self.damage.get().cloned().unwrap_or_else(|| bad(Sec::TextOff as usize)));
        }
        if n > 0 && files == 0 {
            return Err(bad(fo));
        }
        want(Sec::LinkOff as usize, table(n, 8))?;
        let (l0, ln) = (self.off_in(Sec::LinkOff as usize, 0), self.off_in(Sec::LinkOff as usize, n));
        if !self.sections[Sec::Links as usize].1.is_multiple_of(4)
            || l0 != Some(0)
            || ln != Some(self.sections[Sec::Links as usize].1 / 4)
        {
            return Err(self.damage.get().cloned().unwrap_or_else(|| bad(Sec::LinkOff as usize)));
        }
        want(Sec::UnitFlags as usize, Some(n))?;
        let mut all_slots: [Vec<(usize, Range<u32>)>; 2] = [Vec::new(), Vec::new()];
        let mut tok_base: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
        let mut width = [1, 1];
        for (si, lang) in [Lang::Zh, Lang::En].into_iter().enumerate() {
            let sec = |p: Part| part(lang, p);
            let len_of = |p: Part| self.sections[sec(p)].1;
            if len_of(Part::SlotLen) % 4 != 0 {
                return Err(bad(sec(Part::SlotLen)));
            }
            want(sec(Part::SlotStart), len_of(Part::SlotLen).checked_add(4))?;
            want(sec(Part::Unit), n.checked_mul(4))?;
            if len_of(Part::Keys) % 4 != 0 || len_of(Part::Vocab) % 4 != 0 {
                return Err(bad(sec(Part::Keys)));
            }
            want(sec(Part::PostOff), len_of(Part::Keys).checked_add(4))?;
            want(sec(Part::PostByte), len_of(Part::Keys).checked_add(4))?;
            let keys = len_of(Part::Keys) / 4;
            let (p0, pn) = (self.u32_in(sec(Part::PostByte), 0), self.u32_in(sec(Part::PostByte), keys));
            if self.u32_in(sec(Part::PostOff), 0) != Some(0)
                || p0 != Some(0)
                || pn.map(|x| x as usize) != Some(len_of(Part::Post))
            {
                return Err(self.damage.get().cloned().unwrap_or_else(|| bad(sec(Part::PostByte))));
            }
            // The slots: strictly increasing lengths, strictly increasing
            // starts from 0 to the unit count (no slot is empty).
            let count = len_of(Part::SlotLen) / 4;
            let mut slots = Vec::with_capacity(count);
            let mut prev_len: Option<u32> = None;
            let mut start = self.u32_in(sec(Part::SlotStart), 0).ok_or_else(fail)?;
            if start != 0 {
                return Err(format!(
                    "damaged: the {} do not start at 0",
                    SECTION_NAMES[sec(Part::SlotStart)]
                ));
            }
            for i in 0..count {
                let len = self.u32_in(sec(Part::SlotLen), i).ok_or_else(fail)?;
                let end = self.u32_in(sec(Part::SlotStart), i + 1).ok_or_else(fail)?;
                if prev_len.is_some_and(|p| p >= len) || end <= start || end as usize > n {
                    return Err(format!(
                        "damaged: slot {i} of the {} is out of order ({REBUILD})",
                        SECTION_NAMES[sec(Part::SlotStart)]
                    ));
                }
                slots.push((len as usize, start..end));
                prev_len = Some(len);
                start = end;
            }
            if start as usize != n {
                return Err(format!(
                    "damaged: the {} do not cover the units ({REBUILD})",
                    SECTION_NAMES[sec(Part::SlotStart)]
                ));
            }
            // The tokens: each slot's units times its length, at the width
            // the vocabulary needs.
            let mut total = 0usize;
            let mut bases = Vec::with_capacity(slots.len());
            for (len, r) in &slots {
                bases.push(total);
                total = len
                    .checked_mul(r.len())
                    .and_then(|t| total.checked_add(t))
                    .ok_or_else(|| bad(sec(Part::SlotLen)))?;
            }
            let w = id_width(len_of(Part::Vocab) / 4);
            want(sec(Part::Tok), total.checked_mul(w))?;
            width[si] = w;
            tok_base[si] = bases;
            all_slots[si] = slots;
        }
        Ok(Shapes { files, sources, slots: all_slots, tok_base, width })
    }

    /// Reads every block and checks every table in full: what `tmalign index
    /// --verify` runs. Linear in the size of the index.
    pub fn verify(&self) -> Result<(), MemoryError> {
        for blk in 0..self.n_blocks {
            self.verify_block(blk).map_err(|why| self.bad(why))?;
        }
        self.verify_tables().map_err(|why| self.bad(why))?;
        self.check()
    }

    fn bad(&self, why: String) -> MemoryError {
        MemoryError::BadIndex { name: self.name.clone(), why }
    }

    /// The deep checks of [`Memory::verify`], once the blocks are known intact.
    fn verify_tables(&self) -> Result<(), String> {
        let n = self.units;
        let fail = || self.damage.get().cloned().unwrap_or_else(|| format!("damaged ({REBUILD})"));
        let text_len = self.sections[Sec::TextBytes as usize].1;
        for u in 0..2 * n {
            let r = self.range_in(Sec::TextOff as usize, u, text_len).ok_or_else(fail)?;
            let t = self.get(Sec::TextBytes as usize, r.start, r.end).ok_or_else(fail)?;
            if std::str::from_utf8(t).is_err() {
                return Err(format!("damaged: the text of unit {} is not UTF-8", u / 2));
            }
        }
        let links = self.sections[Sec::Links as usize].1 / 4;
        for u in 0..n {
            self.range_in(Sec::LinkOff as usize, u, links).ok_or_else(fail)?;
        }
        for u in 0..n {
            let f = self.u32_in(Sec::UnitFile as usize, u).ok_or_else(fail)?;
            if f as usize >= self.files {
                return Err(format!("damaged: unit {u} names file {f} of {}", self.files));
            }
        }
        let flags = self.get(Sec::UnitFlags as usize, 0, n).ok_or_else(fail)?;
        if let Some(u) = flags.iter().position(|&f| f & !FLAG_JOINED != 0) {
            return Err(format!("damaged: unit {u} has unknown flags {:#04x}", flags[u]));
        }
        for lang in [Lang::Zh, Lang::En] {
            let sec = |p: Part| part(lang, p);
            let mut seen = vec![false; n];
            for l in 0..n {
                let u = self.u32_in(sec(Part::Unit), l).ok_or_else(fail)? as usize;
                if u >= n || std::mem::replace(&mut seen[u], true) {
                    return Err(format!(
                        "damaged: the {} is not a permutation",
                        SECTION_NAMES[sec(Part::Unit)]
                    ));
                }
            }
            let vocab = self.words(sec(Part::Vocab), 4);
            let mut prev = None;
            for v in 0..vocab {
                let h = self.u32_in(sec(Part::Vocab), v).ok_or_else(fail)?;
                if prev.is_some_and(|p| p >= h) {
                    return Err(format!("damaged: the {} is not sorted", SECTION_NAMES[sec(Part::Vocab)]));
                }
                prev = Some(h);
            }
            let (w, toks) = (self.width[side(lang)], self.sections[sec(Part::Tok)].1);
            for at in (0..toks).step_by(1 << 16) {
                let chunk = self.get(sec(Part::Tok), at, (at + (1 << 16)).min(toks)).ok_or_else(fail)?;
                if chunk.chunks_exact(w).any(|c| id_of(c) as usize >= vocab) {
                    return Err(format!(
                        "damaged: the {} name a token outside the vocabulary",
                        SECTION_NAMES[sec(Part::Tok)]
                    ));
                }
            }
            let keys = self.words(sec(Part::Keys), 4);
            let mut prev_key = None;
            for k in 0..keys {
                let key = self.u32_in(sec(Part::Keys), k).ok_or_else(fail)?;
                if prev_key.is_some_and(|p| p >= key) {
                    return Err(format!("damaged: the {} are not sorted", SECTION_NAMES[sec(Part::Keys)]));
                }
                prev_key = Some(key);
                let list = self.list(lang, k).ok_or_else(fail)?;
                if !super::postings::verify(&list) {
                    return Err(format!(
                        "damaged: postings list {k} of the {} does not decode",
                        SECTION_NAMES[sec(Part::Post)]
                    ));
                }
            }
        }
        Ok(())
    }

    /// The first damage a read found, or a change of the file since it was
    /// opened: call before trusting anything read through the memory.
    pub fn check(&self) -> Result<(), MemoryError> {
        if let Some(why) = self.damage.get() {
            return Err(self.bad(why.clone()));
        }
        if let Bytes::Mapped { file, state, .. } = &self.bytes {
            match FileState::of(file) {
                Ok(now) if now == *state => {}
                Ok(_) => {
                    return Err(self.bad(
                        "the index file was changed while it was being read (replace indexes by renaming a new file into place, then run again)".into(),
                    ))
                }
                Err(e) => return Err(MemoryError::Io { name: self.name.clone(), source: e }),
            }
        }
        Ok(())
    }

    /// How many body blocks have been verified so far (of [`Memory::blocks`]).
    pub fn verified_blocks(&self) -> usize {
        self.verified.iter().map(|w| w.load(Ordering::Relaxed).count_ones() as usize).sum()
    }

    /// How many checksummed blocks the body has.
    pub fn blocks(&self) -> usize {
        self.n_blocks
    }

    /// The addresses the file is mapped at, if it is mapped.
    pub fn mapped_range(&self) -> Option<Range<usize>> {
        match &self.bytes {
            Bytes::Mapped { map, .. } => {
                let start = map.as_ptr() as usize;
                Some(start..start + map.len())
            }
            Bytes::Owned(_) => None,
        }
    }

    /// The stamps of the source files, as recorded when the index was built
    /// (empty for a memory built without them).
    pub fn sources(&self) -> &[Option<SourceStamp>] {
        &self.sources
    }

    /// One message per source file that changed or disappeared since the
    /// index was built.
    pub fn stale_sources(&self) -> Vec<String> {
        self.sources.iter().flatten().filter_map(SourceStamp::changed).collect()
    }

    /// [`Memory::stale_sources`] with every source read whole
    /// ([`SourceStamp::changed_thoroughly`]): what `index --verify` reports.
    pub fn stale_sources_thoroughly(&self) -> Vec<String> {
        self.sources.iter().flatten().filter_map(SourceStamp::changed_thoroughly).collect()
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units
    }

    pub fn is_empty(&self) -> bool {
        self.units == 0
    }

    /// The text of unit `u` in `lang`; an error when `u` is out of range or
    /// the index is damaged there.
    pub fn text(&self, u: usize, lang: Lang) -> Result<&str, MemoryError> {
        // A unit number out of range is the caller's mistake, not damage:
        // it must not make later reads of the memory fail.
        if u >= self.units {
            return Err(self.bad(format!("no unit {u} (the index has {})", self.units)));
        }
        self.text_or_empty(u, lang)
            .ok_or_else(|| self.check().err().unwrap_or_else(|| self.bad("damaged".into())))
    }

    /// The text of unit `u` in `lang`; `None` with the damage recorded.
    pub(crate) fn text_or_empty(&self, u: usize, lang: Lang) -> Option<&str> {
        if u >= self.units {
            self.damaged(format!("damaged: unit {u} out of range ({REBUILD})"));
            return None;
        }
        let s = Sec::TextBytes as usize;
        let r = self.range_in(Sec::TextOff as usize, 2 * u + side(lang), self.sections[s].1)?;
        let bytes = self.get(s, r.start, r.end)?;
        match std::str::from_utf8(bytes) {
            Ok(t) => Some(t),
            Err(_) => {
                self.damaged(format!("damaged: the text of unit {u} is not UTF-8 ({REBUILD})"));
                None
            }
        }
    }

    /// The word links of unit `u` (Chinese token number, English token
    /// number, as [`super::tokenize::tokenize`] numbers the tokens), sorted;
    /// none, with the damage recorded, when the index is damaged there.
    pub fn links(&self, u: usize) -> Vec<super::wordalign::Link> {
        let s = Sec::Links as usize;
        if u >= self.units {
            self.damaged(format!("damaged: unit {u} out of range ({REBUILD})"));
            return Vec::new();
        }
        let bytes = self
            .range_in(Sec::LinkOff as usize, u, self.sections[s].1 / 4)
            .and_then(|r| self.get(s, r.start * 4, r.end * 4))
            .unwrap_or(&[]);
        bytes
            .chunks_exact(4)
            .map(|c| {
                let x = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                ((x >> 16) as u16, x as u16)
            })
            .collect()
    }

    /// Whether unit `u` is a joined unit ([`Entry::joined`]); false, with
    /// the damage recorded, when the index is damaged there.
    pub fn is_joined(&self, u: usize) -> bool {
        if u >= self.units {
            self.damaged(format!("damaged: unit {u} out of range ({REBUILD})"));
            return false;
        }
        self.get(Sec::UnitFlags as usize, u, u + 1).is_some_and(|f| f[0] & FLAG_JOINED != 0)
    }

    /// The file a unit comes from and its 1-based number in it.
    pub fn origin(&self, u: usize) -> Result<(&str, u32), MemoryError> {
        if u >= self.units {
            return Err(self.bad(format!("no unit {u} (the index has {})", self.units)));
        }
        let found = (|| {
            let f = self.u32_in(Sec::UnitFile as usize, u)? as usize;
            if f >= self.files {
                self.damaged(format!("damaged: unit {u} names file {f} of {} ({REBUILD})", self.files));
                return None;
            }
            let r = self.range_in(Sec::FileOff as usize, f, self.sections[Sec::FileBytes as usize].1)?;
            let name = std::str::from_utf8(self.get(Sec::FileBytes as usize, r.start, r.end)?).ok()?;
            Some((name, self.u32_in(Sec::UnitNo as usize, u)?))
        })();
        found.ok_or_else(|| self.check().err().unwrap_or_else(|| self.bad("damaged".into())))
    }

    /// The length slots of `lang`'s side: each distinct token count, shortest
    /// first, with the range of local ids holding the units of that length.
    pub fn slots(&self, lang: Lang) -> impl Iterator<Item = (usize, Range<u32>)> + '_ {
        self.slots[side(lang)].iter().cloned()
    }

    /// The unit that local id `local` of `lang`'s side stands for (0, with
    /// the damage recorded for [`Memory::check`], when the index is damaged).
    pub fn unit_of(&self, lang: Lang, local: u32) -> u32 {
        let s = part(lang, Part::Unit);
        match self.u32_in(s, local as usize) {
            Some(u) if (u as usize) < self.units => u,
            Some(u) => {
                self.damaged(format!(
                    "damaged: the {} names unit {u} of {} ({REBUILD})",
                    SECTION_NAMES[s], self.units
                ));
                0
            }
            None => 0,
        }
    }

    /// The tokens of local id `local` on `lang`'s side, as ranks in the
    /// side's vocabulary (see [`Memory::token_ids`]); none, with the damage
    /// recorded, when the index is damaged.
    pub fn tokens(&self, lang: Lang, local: u32) -> impl ExactSizeIterator<Item = u64> + '_ {
        let si = side(lang);
        let slots = &self.slots[si];
        let w = self.width[si];
        let k = slots.partition_point(|(_, r)| r.end <= local);
        let bytes = match slots.get(k) {
            // The bases were computed at open with checked arithmetic from
            // these slots, so this cannot overflow.
            Some((len, r)) if r.contains(&local) => {
                let first = self.tok_base[si][k] + (local - r.start) as usize * len;
                self.get(part(lang, Part::Tok), first * w, (first + len) * w).unwrap_or(&[])
            }
            _ => {
                self.damaged(format!("damaged: local id {local} out of range ({REBUILD})"));
                &[]
            }
        };
        bytes.chunks_exact(w).map(|c| u64::from(id_of(c)))
    }

    /// The query tokens `hashes` (of `lang`) as the index stores tokens:
    /// their ranks in the side's vocabulary; a token the memory does not
    /// have becomes a value no stored token has (`2^32` or'ed with its hash).
    pub fn token_ids(&self, lang: Lang, hashes: &[u64]) -> Vec<u64> {
        let s = part(lang, Part::Vocab);
        let v = self.words(s, 4);
        hashes.iter().map(|&h| self.find_u32(s, v, h).map_or((1 << 32) | h, |i| i as u64)).collect()
    }

    /// Where `x` is in the ascending `u32` table of section `s` (`n`
    /// entries), if it is there. An unreadable entry compares as the
    /// largest value, and its damage is recorded.
    fn find_u32(&self, s: usize, n: usize, x: u64) -> Option<usize> {
        let (mut lo, mut hi) = (0usize, n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if u64::from(self.u32_in(s, mid).unwrap_or(u32::MAX)) < x {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (lo < n && self.u32_in(s, lo).map(u64::from) == Some(x)).then_some(lo)
    }

    /// Where the `k`-th key's list of `lang`'s side lies; `None`, with the
    /// damage recorded, when its counts or offsets are out of order.
    pub(crate) fn list(&self, lang: Lang, k: usize) -> Option<List<'_>> {
        let (os, bs, ps) = (part(lang, Part::PostOff), part(lang, Part::PostByte), part(lang, Part::Post));
        let (c0, c1) = (self.u32_in(os, k)?, self.u32_in(os, k.checked_add(1)?)?);
        let (b0, b1) = (self.u32_in(bs, k)? as usize, self.u32_in(bs, k + 1)? as usize);
        if c0 >= c1 || (c1 - c0) as usize > self.units || b0 > b1 || b1 > self.sections[ps].1 {
            self.damaged(format!(
                "damaged: entry {k} of the {} or the {} is out of range ({REBUILD})",
                SECTION_NAMES[os], SECTION_NAMES[bs]
            ));
            return None;
        }
        Some(List { mem: self, start: self.sections[ps].0 + b0, bytes: b1 - b0, count: (c1 - c0) as usize })
    }

    /// The local ids holding `key` on `lang`'s side, ascending.
    pub fn postings(&self, lang: Lang, key: u32) -> Postings<'_> {
        let ks = part(lang, Part::Keys);
        let Some(k) = self.find_u32(ks, self.words(ks, 4), u64::from(key)) else { return Postings::empty() };
        self.list(lang, k).map_or_else(Postings::empty, Postings::new)
    }

    /// The little-endian `u32` at file offset `at`, verified.
    pub(crate) fn le32_at(&self, at: usize) -> Option<u32> {
        self.bytes_at(at, 4).and_then(|b| le32(b, 0))
    }

    /// `len` bytes at file offset `at`, verified; `None` (damage recorded)
    /// when they are not inside the body or not intact.
    pub(crate) fn bytes_at(&self, at: usize, len: usize) -> Option<&[u8]> {
        let end = at.checked_add(len)?;
        if at < self.body_off || end > self.all().len() {
            self.damaged(format!("damaged: a read past the end of the body ({REBUILD})"));
            return None;
        }
        if !self.ensure(at, len) {
            return None;
        }
        self.all().get(at..end)
    }

    /// Records damage found by a decoder.
    pub(crate) fn record_damage(&self, what: &str) {
        self.damaged(format!("damaged: {what} ({REBUILD})"));
    }
}

/// A token id of 1 to 4 little-endian bytes.
fn id_of(c: &[u8]) -> u32 {
    c.iter().rev().fold(0, |x, &b| (x << 8) | u32::from(b))
}

fn raw(bytes: &Bytes) -> &[u8] {
    match bytes {
        Bytes::Mapped { map, .. } => map,
        Bytes::Owned(v) => v,
    }
}

/// One section's contents, kept typed until written.
enum Data<'a> {
    Bytes(Vec<u8>),
    U32(Vec<u32>),
    U64(Vec<u64>),
    /// The texts of the entries, both sides of each unit in turn.
    Texts(&'a [Entry]),
    /// Bytes spilled to an (unnamed) temporary file by [`Builder`].
    Spilled {
        file: File,
        len: usize,
    },
}

impl Data<'_> {
    fn byte_len(&self) -> usize {
        match self {
            Data::Bytes(v) => v.len(),
            Data::U32(v) => 4 * v.len(),
            Data::U64(v) => 8 * v.len(),
            Data::Texts(e) => e.iter().map(|e| e.zh.len() + e.en.len()).sum(),
            Data::Spilled { len, .. } => *len,
        }
    }

    /// Hands the little-endian bytes to `f` in pieces of bounded size.
    fn emit(&self, f: &mut dyn FnMut(&[u8]) -> std::io::Result<()>) -> std::io::Result<()> {
        match self {
            Data::Bytes(v) => f(v)?,
            Data::U32(v) => emit_le(v, u32::to_le_bytes, f)?,
            Data::U64(v) => emit_le(v, u64::to_le_bytes, f)?,
            Data::Texts(entries) => {
                for e in *entries {
                    f(e.zh.as_bytes())?;
                    f(e.en.as_bytes())?;
                }
            }
            Data::Spilled { file, len } => {
                use std::io::{Seek, SeekFrom};
                let mut file = file;
                file.seek(SeekFrom::Start(0))?;
                let mut buf = vec![0u8; SPILL_BUF];
                let mut left = *len;
                while left > 0 {
                    let take = left.min(buf.len());
                    file.read_exact(&mut buf[..take])?;
                    f(&buf[..take])?;
                    left -= take;
                }
            }
        }
        Ok(())
    }
}

/// Words per piece handed to the writer.
const EMIT_PIECE: usize = 8192;

/// Hands `words` to `f` as little-endian bytes, a bounded piece at a time.
fn emit_le<T: Copy, const N: usize>(
    words: &[T],
    to_le: fn(T) -> [u8; N],
    f: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(N * EMIT_PIECE);
    for piece in words.chunks(EMIT_PIECE) {
        buf.resize(N * piece.len(), 0);
        for (to, &x) in buf.chunks_exact_mut(N).zip(piece) {
            to.copy_from_slice(&to_le(x));
        }
        f(&buf)?;
    }
    Ok(())
}

/// A built index, ready to be written.
pub struct Built<'a> {
    units: usize,
    sections: Vec<Data<'a>>,
}

/// Splits a byte stream into blocks and checksums each.
struct BlockCrcs {
    size: usize,
    filled: usize,
    hasher: crc32fast::Hasher,
    crcs: Vec<u32>,
}

impl BlockCrcs {
    fn new(block_log2: u32) -> BlockCrcs {
        BlockCrcs { size: 1 << block_log2, filled: 0, hasher: crc32fast::Hasher::new(), crcs: Vec::new() }
    }

    fn update(&mut self, mut b: &[u8]) {
        while !b.is_empty() {
            let take = (self.size - self.filled).min(b.len());
            self.hasher.update(&b[..take]);
            self.filled += take;
            b = &b[take..];
            if self.filled == self.size {
                self.crcs.push(std::mem::take(&mut self.hasher).finalize());
                self.filled = 0;
            }
        }
    }

    fn finish(mut self) -> Vec<u32> {
        if self.filled > 0 {
            self.crcs.push(self.hasher.finalize());
        }
        self.crcs
    }
}

/// The header, section table and block table of an index whose body (of
/// `body_len` bytes, sections at `table` relative to the body) has block
/// checksums `crcs`.
fn meta_bytes(
    units: usize,
    file_len: usize,
    body_off: usize,
    table: &[(usize, usize)],
    crcs: &[u32],
) -> Vec<u8> {
    let mut m = Vec::with_capacity(body_off);
    m.extend_from_slice(MAGIC);
    m.extend_from_slice(&VERSION.to_le_bytes());
    m.extend_from_slice(&BLOCK_LOG2.to_le_bytes());
    for x in [units, file_len, crcs.len(), body_off] {
        m.extend_from_slice(&(x as u64).to_le_bytes());
    }
    m.extend_from_slice(&[0; 8]); // the header CRC, then a reserved word
    for &(off, len) in table {
        m.extend_from_slice(&((body_off + off) as u64).to_le_bytes());
        m.extend_from_slice(&(len as u64).to_le_bytes());
    }
    for c in crcs {
        m.extend_from_slice(&c.to_le_bytes());
    }
    m.resize(body_off, 0);
    let crc = meta_crc(&m, body_off);
    m[META_CRC_AT..META_CRC_AT + 4].copy_from_slice(&crc.to_le_bytes());
    m
}

impl Built<'_> {
    /// The sections' (offset in the body, length), and the body's length.
    fn table(&self) -> (Vec<(usize, usize)>, usize) {
        let mut at = 0;
        let mut table = Vec::with_capacity(self.sections.len());
        for s in &self.sections {
            let len = s.byte_len();
            table.push((at, len));
            at += len.next_multiple_of(8);
        }
        (table, at)
    }

    /// Passes the body (every section, padded to 8 bytes) to `f`.
    fn emit_body(&self, f: &mut dyn FnMut(&[u8]) -> std::io::Result<()>) -> std::io::Result<()> {
        const PAD: [u8; 8] = [0; 8];
        for s in &self.sections {
            s.emit(f)?;
            let len = s.byte_len();
            f(&PAD[..len.next_multiple_of(8) - len])?;
        }
        Ok(())
    }

    /// Size of the whole file in bytes.
    pub fn file_len(&self) -> usize {
        let body = self.table().1;
        body_start(body.div_ceil(1 << BLOCK_LOG2)).unwrap_or(usize::MAX) + body
    }

    /// Records the stamps of the source files (one per file, in order).
    pub fn set_sources(&mut self, sources: &[Option<SourceStamp>]) {
        // Serialising plain strings and numbers cannot fail.
        let json = serde_json::to_vec(sources).unwrap_or_else(|_| b"[]".to_vec());
        self.sections[Sec::Sources as usize] = Data::Bytes(json);
    }

    /// Writes the index. The body is read twice, once for its block
    /// checksums (which come first) and once to write it, so the writer
    /// needs no seek.
    pub fn write_to(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut crcs = BlockCrcs::new(BLOCK_LOG2);
        self.emit_body(&mut |b| {
            crcs.update(b);
            Ok(())
        })?;
        let crcs = crcs.finish();
        let (table, body_len) = self.table();
        let body_off = body_start(crcs.len()).unwrap_or(usize::MAX);
        out.write_all(&meta_bytes(self.units, body_off + body_len, body_off, &table, &crcs))?;
        self.emit_body(&mut |b| out.write_all(b))
    }

    /// The index as one buffer, for a memory used without a file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.file_len());
        // Writing to a Vec cannot fail.
        let _ = self.write_to(&mut out);
        out
    }
}

/// The names of the sections, in file order (for `examples/index_sizes`).
#[doc(hidden)]
pub fn section_names() -> &'static [&'static str] {
    &SECTION_NAMES
}

/// The (offset, length) of every section of an index in `bytes`, as its
/// header says, and where its body starts: for tests that damage one table.
#[doc(hidden)]
pub fn layout(bytes: &[u8]) -> (usize, Vec<(usize, usize)>) {
    let field = |at: usize| le64(bytes, at).and_then(size).unwrap_or(0);
    let sections =
        (0..N_SECTIONS).map(|k| (field(FIXED_LEN + 16 * k), field(FIXED_LEN + 16 * k + 8))).collect();
    (field(40), sections)
}

/// Recomputes every checksum of an index in `bytes` after its content was
/// changed, trusting its header's layout: lets tests reach the structural
/// checks behind the checksums, as a buggy writer or a crafted file would.
#[doc(hidden)]
pub fn reseal(bytes: &mut [u8]) {
    let body_off = le64(bytes, 40).and_then(size).unwrap_or(usize::MAX);
    let log2 = le32(bytes, 12).unwrap_or(BLOCK_LOG2);
    if body_off > bytes.len() || body_off < HEADER_LEN || !(9..=24).contains(&log2) {
        return;
    }
    let mut crcs = BlockCrcs::new(log2);
    crcs.update(&bytes[body_off..]);
    for (i, c) in crcs.finish().into_iter().enumerate() {
        let at = HEADER_LEN + 4 * i;
        if at + 4 <= body_off {
            bytes[at..at + 4].copy_from_slice(&c.to_le_bytes());
        }
    }
    let crc = meta_crc(bytes, body_off);
    bytes[META_CRC_AT..META_CRC_AT + 4].copy_from_slice(&crc.to_le_bytes());
}

/// One side of the index, before it is laid out.
struct SideIndex {
    slot_len: Vec<u32>,
    slot_start: Vec<u32>,
    unit: Vec<u32>,
    vocab: Vec<u32>,
    tok: Vec<u8>,
    keys: Vec<u32>,
    post_off: Vec<u32>,
    post_byte: Vec<u32>,
    post: Vec<u8>,
}

/// Hashes a token hash by one multiplication: it is already well mixed.
#[derive(Default, Clone, Copy)]
struct MulHasher(u64);

impl std::hash::Hasher for MulHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(crate::hash::GOLDEN);
        }
    }

    fn write_u32(&mut self, x: u32) {
        self.0 = u64::from(x).wrapping_mul(crate::hash::GOLDEN);
    }
}

type MulBuild = std::hash::BuildHasherDefault<MulHasher>;

/// Each distinct token hash's rank among them.
type Ranks = std::collections::HashMap<u32, u32, MulBuild>;

/// The distinct token hashes of `toks`, ascending, and each one's rank.
fn vocabulary(toks: &[u32]) -> (Vec<u32>, Ranks) {
    let distinct = toks
        .par_chunks(1 << 20)
        .map(|c| c.iter().copied().collect::<std::collections::HashSet<u32, MulBuild>>())
        .reduce(Default::default, |mut a, mut b| {
            if a.len() < b.len() {
                std::mem::swap(&mut a, &mut b);
            }
            a.extend(b);
            a
        });
    let mut vocab: Vec<u32> = distinct.into_iter().collect();
    vocab.par_sort_unstable();
    let ranks = vocab.iter().enumerate().map(|(i, &h)| (h, i as u32)).collect();
    (vocab, ranks)
}

/// Appends the ids of token hashes `hashes`, `w` bytes each.
fn put_ids(hashes: &[u32], ranks: &Ranks, w: usize, out: &mut Vec<u8>) {
    for h in hashes {
        // Every hash of the side is in its vocabulary.
        let id = ranks.get(h).copied().unwrap_or(0);
        out.extend_from_slice(&id.to_le_bytes()[..w]);
    }
}

/// Builds one side from every unit's token hashes (`toks[off[u]..off[u+1]]`).
fn side_index(lang: Lang, off: &[u64], toks: &[u32]) -> Result<SideIndex, MemoryError> {
    let n = off.len() - 1;
    let count = |u: usize| off[u + 1] - off[u];
    let mut unit: Vec<u32> = (0..n as u32).collect();
    unit.par_sort_by_key(|&u| (count(u as usize), u));
    let (mut slot_len, mut slot_start) = (Vec::new(), Vec::new());
    for (local, &u) in unit.iter().enumerate() {
        let len = u32::try_from(count(u as usize)).map_err(|_| MemoryError::TooLarge)?;
        if slot_len.last() != Some(&len) {
            slot_len.push(len);
            slot_start.push(local as u32);
        }
    }
    slot_start.push(n as u32);
    let mut tok_off = Vec::with_capacity(n + 1);
    tok_off.push(0u64);
    let mut tok = Vec::with_capacity(toks.len());
    for &u in &unit {
        tok.extend_from_slice(&toks[off[u as usize] as usize..off[u as usize + 1] as usize]);
        tok_off.push(tok.len() as u64);
    }
    let pairs = sort_pairs(local_pairs(lang, 0, n, &|local| {
        &tok[tok_off[local] as usize..tok_off[local + 1] as usize]
    }));
    let mut postings = PostingsOut::new(Vec::new());
    for p in pairs {
        postings.push(p)?;
    }
    let (keys, post_off, post_byte, post) = postings.finish()?;
    let (vocab, ranks) = vocabulary(&tok);
    let w = id_width(vocab.len());
    let mut ids = Vec::with_capacity(w * tok.len());
    put_ids(&tok, &ranks, w, &mut ids);
    Ok(SideIndex { slot_len, slot_start, unit, vocab, tok: ids, keys, post_off, post_byte, post })
}

/// The (key << 32 | local id) pairs of local ids `from..to`, in local id
/// order, computed in parallel; `tokens(local)` gives a unit's token hashes.
fn local_pairs<'t>(
    lang: Lang,
    from: usize,
    to: usize,
    tokens: &(dyn Fn(usize) -> &'t [u32] + Sync),
) -> Vec<u64> {
    const CHUNK: usize = 8192;
    (from..to)
        .into_par_iter()
        .chunks(CHUNK)
        .flat_map_iter(|chunk| {
            let (mut hashes, mut keys, mut out) = (Vec::new(), Vec::new(), Vec::new());
            for local in chunk {
                hashes.clear();
                hashes.extend(tokens(local).iter().map(|&t| u64::from(t)));
                for &q in gram_lens(lang) {
                    occurrence_keys(&hashes, q, &mut keys);
                    out.extend(keys.iter().map(|&k| (u64::from(k) << 32) | local as u64));
                }
            }
            out
        })
        .collect()
}

/// Where the encoded postings go: kept in memory, or written to a spill file.
trait PostSink {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()>;
}

impl PostSink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.extend_from_slice(bytes);
        Ok(())
    }
}

impl<W: Write> PostSink for std::io::BufWriter<W> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.write_all(bytes)
    }
}

/// Turns (key, local id) pairs in ascending order into the keys, postings
/// counts, postings offsets and (compressed) postings sections.
struct PostingsOut<S> {
    keys: Vec<u32>,
    post_off: Vec<u32>,
    post_byte: Vec<u32>,
    post: S,
    count: u32,
    bytes: u32,
    last: Option<u64>,
    /// The current key's ids, and their encoding.
    ids: Vec<u32>,
    buf: Vec<u8>,
}

impl<S: PostSink> PostingsOut<S> {
    fn new(post: S) -> PostingsOut<S> {
        PostingsOut {
            keys: Vec::new(),
            post_off: Vec::new(),
            post_byte: Vec::new(),
            post,
            count: 0,
            bytes: 0,
            last: None,
            ids: Vec::new(),
            buf: Vec::new(),
        }
    }

    fn push(&mut self, p: u64) -> Result<(), MemoryError> {
        // Two keys of one unit equal by a hash collision make one posting.
        if self.last == Some(p) {
            return Ok(());
        }
        self.last = Some(p);
        let key = (p >> 32) as u32;
        if self.keys.last() != Some(&key) {
            self.flush()?;
            self.keys.push(key);
            self.post_off.push(self.count);
            self.post_byte.push(self.bytes);
        }
        self.ids.push(p as u32);
        self.count = self.count.checked_add(1).ok_or(MemoryError::TooLarge)?;
        Ok(())
    }

    /// Encodes and writes the current key's list.
    fn flush(&mut self) -> Result<(), MemoryError> {
        if self.ids.is_empty() {
            return Ok(());
        }
        self.buf.clear();
        super::postings::encode(&self.ids, &mut self.buf).ok_or(MemoryError::TooLarge)?;
        self.post.put(&self.buf).map_err(spill_error)?;
        self.bytes = u32::try_from(self.buf.len())
            .ok()
            .and_then(|l| self.bytes.checked_add(l))
            .ok_or(MemoryError::TooLarge)?;
        self.ids.clear();
        Ok(())
    }

    /// The keys, counts, byte offsets and the sink.
    #[allow(clippy::type_complexity)]
    fn finish(mut self) -> Result<(Vec<u32>, Vec<u32>, Vec<u32>, S), MemoryError> {
        self.flush()?;
        self.post_off.push(self.count);
        self.post_byte.push(self.bytes);
        Ok((self.keys, self.post_off, self.post_byte, self.post))
    }
}

/// Sorts (key, id) pairs: one scatter by the key's top 11 bits (few enough
/// buckets for the scatter to stay in cache), then the buckets in parallel.
/// On 33 million pairs this took 2.4–2.9 s against 3.5–4.2 s for rayon's
/// parallel sort of the whole array (a loaded 2-core machine).
fn sort_pairs(pairs: Vec<u64>) -> Vec<u64> {
    const BITS: u32 = 11;
    let bucket = |p: u64| (p >> (64 - BITS)) as usize;
    let mut starts = vec![0usize; (1 << BITS) + 1];
    for &p in &pairs {
        starts[bucket(p) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut sorted = vec![0u64; pairs.len()];
    let mut next = starts.clone();
    for p in pairs {
        let b = bucket(p);
        sorted[next[b]] = p;
        next[b] += 1;
    }
    let mut pieces = Vec::with_capacity(1 << BITS);
    let mut rest = sorted.as_mut_slice();
    for w in starts.windows(2) {
        let (piece, tail) = rest.split_at_mut(w[1] - w[0]);
        pieces.push(piece);
        rest = tail;
    }
    pieces.into_par_iter().for_each(|piece| piece.sort_unstable());
    sorted
}

/// Per chunk of units: token counts and token hashes, Chinese then English.
type ChunkTokens = [(Vec<u64>, Vec<u32>); 2];

/// Builds an index over `entries` (their `file` fields index `files`).
/// `progress` is called with the number of units tokenized so far.
pub fn build_index<'a>(
    files: &[String],
    entries: &'a [Entry],
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Built<'a>, MemoryError> {
    if u32::try_from(entries.len()).is_err() {
        return Err(MemoryError::TooLarge);
    }
    let mut parts = tokenize_entries(entries, progress);

    let mut sections: Vec<Data<'a>> = Vec::with_capacity(N_SECTIONS);
    let mut file_off = vec![0u64];
    let mut file_bytes = Vec::new();
    for f in files {
        file_bytes.extend_from_slice(f.as_bytes());
        file_off.push(file_bytes.len() as u64);
    }
    sections.push(Data::U64(file_off));
    sections.push(Data::Bytes(file_bytes));
    sections.push(Data::U32(entries.iter().map(|e| e.file).collect()));
    sections.push(Data::U32(entries.iter().map(|e| e.unit).collect()));
    let mut text_off = Vec::with_capacity(2 * entries.len() + 1);
    let mut at = 0u64;
    text_off.push(0u64);
    for e in entries {
        at += e.zh.len() as u64;
        text_off.push(at);
        at += e.en.len() as u64;
        text_off.push(at);
    }
    sections.push(Data::U64(text_off));
    sections.push(Data::Texts(entries));
    sections.push(Data::Bytes(b"[]".to_vec()));
    let (link_off, links) = super::wordalign::unit_links(entries);
    sections.push(Data::U64(link_off));
    sections.push(Data::U32(links));
    sections.push(Data::Bytes(entries.iter().map(unit_flags).collect()));
    // One side at a time, so that only one side's postings are being sorted.
    for (s, lang) in [Lang::Zh, Lang::En].into_iter().enumerate() {
        let mut off = Vec::with_capacity(entries.len() + 1);
        off.push(0u64);
        let mut toks = Vec::new();
        for p in parts.iter_mut() {
            let (lens, hashes) = std::mem::take(&mut p[s]);
            for l in lens {
                off.push(off[off.len() - 1] + l);
            }
            toks.extend_from_slice(&hashes);
        }
        let si = side_index(lang, &off, &toks)?;
        sections.extend([
            Data::U32(si.slot_len),
            Data::U32(si.slot_start),
            Data::U32(si.unit),
            Data::U32(si.vocab),
            Data::Bytes(si.tok),
            Data::U32(si.keys),
            Data::U32(si.post_off),
            Data::U32(si.post_byte),
            Data::Bytes(si.post),
        ]);
    }
    Ok(Built { units: entries.len(), sections })
}

/// The flags byte of an entry (the unit flags section).
fn unit_flags(e: &Entry) -> u8 {
    if e.joined {
        FLAG_JOINED
    } else {
        0
    }
}

/// Bytes read from or written to a spill file at a time.
const SPILL_BUF: usize = 1 << 20;
/// Units tokenized together by [`Builder::push`] (in parallel, in chunks).
const BATCH: usize = 1 << 16;
/// (key, local id) pairs sorted in memory at a time by [`Builder`] before
/// they are spilled as a run: 2^25 pairs are 256 MiB, twice that while
/// sorted. Ten million generated units have 669 million Chinese postings:
/// about 20 runs.
pub const RUN_PAIRS: usize = 1 << 25;

fn spill_error(e: std::io::Error) -> MemoryError {
    MemoryError::Io { name: "a temporary file of the index build".into(), source: e }
}

fn spill_file(dir: &Path) -> Result<std::io::BufWriter<File>, MemoryError> {
    let file = tempfile::tempfile_in(dir)
        .map_err(|e| MemoryError::Io { name: format!("{} (temporary file)", dir.display()), source: e })?;
    Ok(std::io::BufWriter::with_capacity(SPILL_BUF, file))
}

fn spilled(w: std::io::BufWriter<File>) -> Result<File, MemoryError> {
    w.into_inner().map_err(|e| spill_error(e.into_error()))
}

/// Builds an index from units streamed in, in bounded memory: the texts
/// and each side's token hashes go to temporary files as they come; the
/// postings of a side are sorted in runs of [`RUN_PAIRS`] spilled to
/// temporary files and merged; the large sections are written from those
/// files. What stays in memory is a few words per unit (numbers, offsets,
/// the local order) and one side's token hashes at a time. The index is
/// the same, byte for byte, as [`build_index`] makes from the same units.
///
/// Temporary files are created unnamed (deleted when closed, even by a
/// crash) in the directory given to [`Builder::new`].
pub struct Builder {
    dir: std::path::PathBuf,
    files: Vec<String>,
    unit_file: Vec<u32>,
    unit_no: Vec<u32>,
    unit_flags: Vec<u8>,
    text_off: Vec<u64>,
    texts: std::io::BufWriter<File>,
    /// Per side (Chinese, English): each unit's token count, and every
    /// unit's token hashes in unit order.
    lens: [Vec<u32>; 2],
    tokens: [std::io::BufWriter<File>; 2],
    batch: Vec<Entry>,
    /// Units tokenized together ([`BATCH`]; tests use fewer).
    batch_size: usize,
    run_pairs: usize,
}

impl Builder {
    /// A builder whose temporary files go to `dir` (best on the disk the
    /// index is written to; they take about the index's size).
    pub fn new(dir: &Path) -> Result<Builder, MemoryError> {
        Ok(Builder {
            dir: dir.to_path_buf(),
            files: Vec::new(),
            unit_file: Vec::new(),
            unit_no: Vec::new(),
            unit_flags: Vec::new(),
            text_off: vec![0],
            texts: spill_file(dir)?,
            lens: Default::default(),
            tokens: [spill_file(dir)?, spill_file(dir)?],
            batch: Vec::with_capacity(BATCH),
            batch_size: BATCH,
            run_pairs: RUN_PAIRS,
        })
    }

    /// Sorts at most `n` pairs in memory at a time (tests use a few, to
    /// make many runs).
    pub fn with_run_pairs(mut self, n: usize) -> Builder {
        self.run_pairs = n.max(1);
        self
    }

    /// Names the next source file; entries refer to it by the index returned.
    pub fn add_file(&mut self, name: &str) -> Result<u32, MemoryError> {
        self.files.push(name.to_string());
        u32::try_from(self.files.len() - 1).map_err(|_| MemoryError::TooLarge)
    }

    /// Units added so far.
    pub fn len(&self) -> usize {
        self.unit_no.len() + self.batch.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds a unit (its `file` must name a file added before).
    pub fn push(&mut self, entry: Entry) -> Result<(), MemoryError> {
        if u32::try_from(self.len() + 1).is_err() {
            return Err(MemoryError::TooLarge);
        }
        self.batch.push(entry);
        if self.batch.len() >= self.batch_size {
            self.flush()?;
        }
        Ok(())
    }

    /// Tokenizes the batch and spills its texts and tokens.
    fn flush(&mut self) -> Result<(), MemoryError> {
        let batch = std::mem::take(&mut self.batch);
        let parts = tokenize_entries(&batch, &|_| {});
        for e in &batch {
            self.unit_file.push(e.file);
            self.unit_no.push(e.unit);
            self.unit_flags.push(unit_flags(e));
            for text in [&e.zh, &e.en] {
                self.texts.write_all(text.as_bytes()).map_err(spill_error)?;
                let end = self.text_off[self.text_off.len() - 1] + text.len() as u64;
                self.text_off.push(end);
            }
        }
        for part in parts {
            for (s, (lens, hashes)) in part.into_iter().enumerate() {
                for l in lens {
                    self.lens[s].push(u32::try_from(l).map_err(|_| MemoryError::TooLarge)?);
                }
                emit_le(&hashes, u32::to_le_bytes, &mut |b| self.tokens[s].write_all(b))
                    .map_err(spill_error)?;
            }
        }
        self.batch = batch;
        self.batch.clear();
        Ok(())
    }

    /// Builds the index; `progress` is called with the side (0, 1) and
    /// how many of its units have had their postings made.
    pub fn finish(mut self, progress: &dyn Fn(usize, u64)) -> Result<Built<'static>, MemoryError> {
        self.flush()?;
        let n = self.unit_no.len();
        let mut sections: Vec<Data<'static>> = Vec::with_capacity(N_SECTIONS);
        let mut file_off = vec![0u64];
        let mut file_bytes = Vec::new();
        for f in &self.files {
            file_bytes.extend_from_slice(f.as_bytes());
            file_off.push(file_bytes.len() as u64);
        }
        let texts_len = size(self.text_off[self.text_off.len() - 1]).ok_or(MemoryError::TooLarge)?;
        sections.push(Data::U64(file_off));
        sections.push(Data::Bytes(file_bytes));
        sections.push(Data::U32(std::mem::take(&mut self.unit_file)));
        sections.push(Data::U32(std::mem::take(&mut self.unit_no)));
        let mut texts = spilled(self.texts)?;
        let (link_off, links, links_len) = spill_links(&self.dir, &mut texts, &self.text_off)?;
        sections.push(Data::U64(std::mem::take(&mut self.text_off)));
        sections.push(Data::Spilled { file: texts, len: texts_len });
        sections.push(Data::Bytes(b"[]".to_vec()));
        sections.push(Data::U64(link_off));
        sections.push(Data::Spilled { file: links, len: links_len });
        sections.push(Data::Bytes(std::mem::take(&mut self.unit_flags)));
        let dir = self.dir;
        let run_pairs = self.run_pairs;
        for (s, (lens, tokens)) in self.lens.into_iter().zip(self.tokens).enumerate() {
            let lang = [Lang::Zh, Lang::En][s];
            sections
                .extend(external_side(lang, &dir, run_pairs, lens, spilled(tokens)?, &|k| progress(s, k))?);
        }
        Ok(Built { units: n, sections })
    }
}

/// The word links of the spilled units ([`super::wordalign`]), as
/// [`build_index`] makes them: the model is trained on the same sample,
/// read back from `texts`, then the units are read back in batches and
/// their links spilled. Returns the link offsets, the links' file and its
/// length in bytes.
fn spill_links(
    dir: &Path,
    texts: &mut File,
    text_off: &[u64],
) -> Result<(Vec<u64>, File, usize), MemoryError> {
    use std::io::{Seek, SeekFrom};
    let n = (text_off.len() - 1) / 2;
    // Units `a..b` read back from the texts file in one read.
    let mut read_units = |a: usize, b: usize| -> Result<Vec<Entry>, MemoryError> {
        let start = text_off[2 * a];
        let len = size(text_off[2 * b] - start).ok_or(MemoryError::TooLarge)?;
        let mut buf = vec![0u8; len];
        texts.seek(SeekFrom::Start(start)).map_err(spill_error)?;
        texts.read_exact(&mut buf).map_err(spill_error)?;
        let text = |i: usize| {
            let (x, y) = ((text_off[i] - start) as usize, (text_off[i + 1] - start) as usize);
            String::from_utf8_lossy(&buf[x..y]).into_owned()
        };
        Ok((a..b)
            .map(|u| Entry { file: 0, unit: 0, zh: text(2 * u), en: text(2 * u + 1), joined: false })
            .collect())
    };
    let mut sample = Vec::new();
    for u in super::wordalign::sample_ids(n) {
        sample.extend(read_units(u, u + 1)?);
    }
    let model = super::wordalign::Model::train(&sample);
    drop(sample);
    let anchorer = crate::anchor::Anchorer::new();
    let mut out = spill_file(dir)?;
    let mut off = Vec::with_capacity(n + 1);
    off.push(0u64);
    let mut at = 0;
    while at < n {
        let end = (at + BATCH).min(n);
        let units = read_units(at, end)?;
        let links = super::wordalign::chunk_links(&model, &anchorer, &units, &mut off);
        emit_le(&links, u32::to_le_bytes, &mut |b| out.write_all(b)).map_err(spill_error)?;
        at = end;
    }
    let len = size(off[n] * 4).ok_or(MemoryError::TooLarge)?;
    Ok((off, spilled(out)?, len))
}

/// Token counts and token hashes of `entries`, per chunk, Chinese then English.
fn tokenize_entries(entries: &[Entry], progress: &(dyn Fn(u64) + Sync)) -> Vec<ChunkTokens> {
    const CHUNK: usize = 8192;
    let done = std::sync::atomic::AtomicU64::new(0);
    entries
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut toks: Vec<Token> = Vec::new();
            let mut sides: ChunkTokens = Default::default();
            for e in chunk {
                for (text, (lens, hashes)) in [&e.zh, &e.en].into_iter().zip(sides.iter_mut()) {
                    tokenize_into(text, &mut toks);
                    hashes.extend(toks.iter().map(|t| t.hash as u32));
                    lens.push(toks.len() as u64);
                }
            }
            let n = done.fetch_add(chunk.len() as u64, std::sync::atomic::Ordering::Relaxed);
            progress(n + chunk.len() as u64);
            sides
        })
        .collect()
}

/// One side's sections, built from its units' token counts and the spill
/// file of their token hashes (in unit order), as [`side_index`] builds them.
fn external_side(
    lang: Lang,
    dir: &Path,
    run_pairs: usize,
    lens: Vec<u32>,
    mut tokens: File,
    progress: &dyn Fn(u64),
) -> Result<[Data<'static>; PER_SIDE], MemoryError> {
    use std::io::{Seek, SeekFrom};
    let n = lens.len();
    let mut off = Vec::with_capacity(n + 1);
    off.push(0usize);
    for &l in &lens {
        off.push(off[off.len() - 1] + l as usize);
    }
    // The side's token hashes, read back whole: the one large array held.
    let mut toks = vec![0u32; off[n]];
    tokens.seek(SeekFrom::Start(0)).map_err(spill_error)?;
    {
        let mut reader = std::io::BufReader::with_capacity(SPILL_BUF, &mut tokens);
        let mut word = [0u8; 4];
        for t in toks.iter_mut() {
            reader.read_exact(&mut word).map_err(spill_error)?;
            *t = u32::from_le_bytes(word);
        }
    }
    drop(tokens);
    let mut unit: Vec<u32> = (0..n as u32).collect();
    unit.par_sort_by_key(|&u| (lens[u as usize], u));
    let (mut slot_len, mut slot_start) = (Vec::new(), Vec::new());
    for (local, &u) in unit.iter().enumerate() {
        let len = lens[u as usize];
        if slot_len.last() != Some(&len) {
            slot_len.push(len);
            slot_start.push(local as u32);
        }
    }
    slot_start.push(n as u32);
    drop(lens);
    // The tokens in local order, as ids, go straight to their section's file.
    let (vocab, ranks) = vocabulary(&toks);
    let w = id_width(vocab.len());
    let mut tok_file = spill_file(dir)?;
    let mut buf = Vec::with_capacity(SPILL_BUF);
    for &u in &unit {
        put_ids(&toks[off[u as usize]..off[u as usize + 1]], &ranks, w, &mut buf);
        if buf.len() >= SPILL_BUF - 4 * 1024 {
            tok_file.write_all(&buf).map_err(spill_error)?;
            buf.clear();
        }
    }
    tok_file.write_all(&buf).map_err(spill_error)?;
    drop((buf, ranks));
    let tok_len = w * off[n];
    let tokens_of = |local: usize| {
        let u = unit[local] as usize;
        &toks[off[u]..off[u + 1]]
    };
    // Sorted runs of pairs, each over a range of local ids.
    let grams = gram_lens(lang).len();
    let mut runs: Vec<File> = Vec::new();
    let mut postings = PostingsOut::new(spill_file(dir)?);
    let mut from = 0;
    while from < n {
        let (mut to, mut estimate) = (from, 0usize);
        while to < n && (to == from || estimate + grams * tokens_of(to).len() <= run_pairs) {
            estimate += grams * tokens_of(to).len();
            to += 1;
        }
        let pairs = sort_pairs(local_pairs(lang, from, to, &tokens_of));
        if from == 0 && to == n {
            // One run: no need to spill it.
            for p in pairs {
                postings.push(p)?;
            }
        } else {
            let mut w = spill_file(dir)?;
            emit_le(&pairs, u64::to_le_bytes, &mut |b| w.write_all(b)).map_err(spill_error)?;
            runs.push(spilled(w)?);
        }
        progress(to as u64);
        from = to;
    }
    drop(toks);
    if !runs.is_empty() {
        merge_runs(runs, &mut postings)?;
    }
    let (keys, post_off, post_byte, post) = postings.finish()?;
    let post_len = post_byte[post_byte.len() - 1] as usize;
    Ok([
        Data::U32(slot_len),
        Data::U32(slot_start),
        Data::U32(unit),
        Data::U32(vocab),
        Data::Spilled { file: spilled(tok_file)?, len: tok_len },
        Data::U32(keys),
        Data::U32(post_off),
        Data::U32(post_byte),
        Data::Spilled { file: spilled(post)?, len: post_len },
    ])
}

/// Merges sorted runs of pairs (little-endian u64 files) into `out`. Each
/// run covers later local ids than the one before, so ties cannot occur
/// between runs but for duplicates, which `out` drops.
fn merge_runs(runs: Vec<File>, out: &mut PostingsOut<std::io::BufWriter<File>>) -> Result<(), MemoryError> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    use std::io::{Seek, SeekFrom};
    let per_run = (SPILL_BUF * 16 / runs.len().max(1)).clamp(64 * 1024, SPILL_BUF);
    let mut readers = Vec::with_capacity(runs.len());
    for mut f in runs {
        f.seek(SeekFrom::Start(0)).map_err(spill_error)?;
        readers.push(std::io::BufReader::with_capacity(per_run, f));
    }
    let next = |r: &mut std::io::BufReader<File>| -> Result<Option<u64>, MemoryError> {
        let mut word = [0u8; 8];
        match r.read_exact(&mut word) {
            Ok(()) => Ok(Some(u64::from_le_bytes(word))),
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
            Err(e) => Err(spill_error(e)),
        }
    };
    let mut heap = BinaryHeap::with_capacity(readers.len());
    for (i, r) in readers.iter_mut().enumerate() {
        if let Some(p) = next(r)? {
            heap.push(Reverse((p, i)));
        }
    }
    while let Some(Reverse((p, i))) = heap.pop() {
        out.push(p)?;
        if let Some(q) = next(&mut readers[i])? {
            heap.push(Reverse((q, i)));
        }
    }
    Ok(())
}

/// Builds an index over `entries` as one buffer (see [`Memory::from_vec`]).
pub fn build(
    files: &[String],
    entries: &[Entry],
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<u8>, MemoryError> {
    Ok(build_index(files, entries, progress)?.to_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn external(files: &[String], entries: &[Entry], run_pairs: usize) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let mut b = Builder::new(dir.path()).unwrap().with_run_pairs(run_pairs);
        // Many batches, the last one partial.
        b.batch_size = 701;
        for f in files {
            b.add_file(f).unwrap();
        }
        for e in entries {
            b.push(e.clone()).unwrap();
        }
        assert_eq!(b.len(), entries.len());
        b.finish(&|_, _| {}).unwrap().to_bytes()
    }

    #[test]
    fn the_external_build_makes_the_same_index_as_the_in_memory_one() {
        let mut entries = crate::memory::gen::memory(3000, 11);
        // Empty sides, a second file, joined units.
        for e in entries.iter_mut().step_by(7) {
            e.joined = true;
        }
        entries[5].zh.clear();
        entries[7].en.clear();
        for e in &mut entries[2000..] {
            e.file = 1;
        }
        let files = vec!["a.tmx".to_string(), "b.tmx".to_string()];
        let in_memory = build(&files, &entries, &|_| {}).unwrap();
        // Many runs to merge, a few, and one (nothing spilled).
        for run_pairs in [1, 997, 40_000, usize::MAX] {
            assert!(external(&files, &entries, run_pairs) == in_memory, "runs of {run_pairs} pairs");
        }
        let mem = Memory::from_vec(external(&files, &entries, 5000)).unwrap();
        mem.verify().unwrap();
        assert_eq!(mem.len(), 3000);
        assert_eq!(mem.text(2999, Lang::En).unwrap(), entries[2999].en);
        assert!(mem.is_joined(2996) && !mem.is_joined(2997));
    }

    #[test]
    fn an_empty_external_build_is_a_valid_empty_index() {
        let bytes = external(&[], &[], 10);
        assert!(bytes == build(&[], &[], &|_| {}).unwrap());
        assert!(Memory::from_vec(bytes).unwrap().is_empty());
    }
}
