//! The index file: flat little-endian arrays that are used in place.
//!
//! Opening an index maps the file and checks only the fixed header and the
//! section table (magic, version, sizes, that every section lies inside the
//! file and has the length the unit count implies), so opening a memory of a
//! million units costs a fraction of a millisecond. The CRC-32 of the body is
//! stored in the header and checked by [`Memory::verify`] (`tmalign index
//! --verify`), not on every open. Every read is bounds-checked, so a damaged
//! body can give wrong matches but never a crash.
//!
//! Layout: a 336-byte header, then the sections listed in [`Sec`]. The text of
//! unit `u` on side `s` (0 = Chinese, 1 = English) is `text[off[2u+s]..off[2u+s+1]]`.
//! Each side has its token counts per unit, every unit's token hashes (so that
//! scoring a candidate needs no tokenizing), its sorted gram keys, and one
//! postings list per key: the ids of the units holding that gram, ascending.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use super::tokenize::{gram_keys, tokenize_into, Token};
use super::MemoryError;
use crate::lang::Lang;

const MAGIC: &[u8; 8] = b"TMALIDX\0";
/// Bumped whenever the layout or the tokenizer changes.
pub const VERSION: u32 = 2;
const N_SECTIONS: usize = 18;
const HEADER_LEN: usize = 336;

/// The sections of the file, in order.
#[derive(Clone, Copy)]
enum Sec {
    FileOff = 0,
    FileBytes,
    UnitFile,
    UnitNo,
    TextOff,
    TextBytes,
    LenZh,
    KeysZh,
    PostOffZh,
    PostZh,
    LenEn,
    KeysEn,
    PostOffEn,
    PostEn,
    TokOffZh,
    TokZh,
    TokOffEn,
    TokEn,
}

/// Index of a side in the file.
pub fn side(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 0,
        Lang::En => 1,
    }
}

/// Tokens per gram: character bigrams for Chinese, single words for English.
pub fn gram_len(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 2,
        Lang::En => 1,
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
}

/// Raw bytes of an index: mapped from a file, or built in memory.
enum Bytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

/// An open index.
pub struct Memory {
    bytes: Bytes,
    units: usize,
    sections: [(usize, usize); N_SECTIONS],
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    b.get(i * 4..i * 4 + 4).and_then(|s| <[u8; 4]>::try_from(s).ok()).map_or(0, u32::from_le_bytes)
}

fn u64_at(b: &[u8], i: usize) -> u64 {
    b.get(i * 8..i * 8 + 8).and_then(|s| <[u8; 8]>::try_from(s).ok()).map_or(0, u64::from_le_bytes)
}

impl Memory {
    /// Maps an index file, checking its header and section table.
    pub fn open(path: &Path) -> Result<Memory, MemoryError> {
        let name = path.display().to_string();
        let file = File::open(path).map_err(|source| MemoryError::Io { name: name.clone(), source })?;
        // SAFETY: the map is read-only and every read is bounds-checked; an
        // index rewritten under us is replaced by rename, never in place.
        let map = unsafe { memmap2::Mmap::map(&file) }
            .map_err(|source| MemoryError::Io { name: name.clone(), source })?;
        Memory::from_bytes(Bytes::Mapped(map)).map_err(|why| MemoryError::BadIndex { name, why })
    }

    /// Uses an index built in memory (see [`build`]).
    pub fn from_vec(bytes: Vec<u8>) -> Result<Memory, MemoryError> {
        Memory::from_bytes(Bytes::Owned(bytes))
            .map_err(|why| MemoryError::BadIndex { name: "<memory>".into(), why })
    }

    fn from_bytes(bytes: Bytes) -> Result<Memory, String> {
        let b: &[u8] = match &bytes {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        };
        if b.len() < HEADER_LEN || &b[..8] != MAGIC {
            return Err("not a tmalign index (rebuild it with `tmalign index`)".into());
        }
        let version = u32_at(b, 2);
        if version != VERSION {
            return Err(format!(
                "index format version {version}, this tmalign reads version {VERSION} (rebuild it with `tmalign index`)"
            ));
        }
        let units = u64_at(b, 2) as usize;
        let body_len = u64_at(b, 3) as usize;
        if body_len != b.len() - HEADER_LEN {
            return Err(format!(
                "truncated or damaged: header says {} bytes, file has {}",
                body_len + HEADER_LEN,
                b.len()
            ));
        }
        let mut sections = [(0, 0); N_SECTIONS];
        for (k, s) in sections.iter_mut().enumerate() {
            let off = u64_at(b, 5 + 2 * k) as usize;
            let len = u64_at(b, 6 + 2 * k) as usize;
            if off < HEADER_LEN || off.checked_add(len).is_none_or(|e| e > b.len()) || off % 8 != 0 {
                return Err(format!("damaged section table (section {k})"));
            }
            *s = (off, len);
        }
        let mem = Memory { bytes, units, sections };
        mem.check_shapes()?;
        Ok(mem)
    }

    /// Checks that the section sizes agree with the unit count, so that
    /// later reads cannot run off a table.
    fn check_shapes(&self) -> Result<(), String> {
        let n = self.units;
        let want = |s: Sec, len: usize| -> Result<(), String> {
            if self.sections[s as usize].1 == len {
                Ok(())
            } else {
                Err(format!("damaged: section {} has the wrong size", s as usize))
            }
        };
        want(Sec::UnitFile, 4 * n)?;
        want(Sec::UnitNo, 4 * n)?;
        want(Sec::TextOff, 8 * (2 * n + 1))?;
        want(Sec::LenZh, 4 * n)?;
        want(Sec::LenEn, 4 * n)?;
        want(Sec::TokOffZh, 8 * (n + 1))?;
        want(Sec::TokOffEn, 8 * (n + 1))?;
        for (keys, off) in [(Sec::KeysZh, Sec::PostOffZh), (Sec::KeysEn, Sec::PostOffEn)] {
            want(off, self.sections[keys as usize].1 + 4)?;
        }
        let last_text = u64_at(self.sec(Sec::TextOff), 2 * n) as usize;
        if last_text != self.sec(Sec::TextBytes).len() {
            return Err("damaged: text table does not match the text".into());
        }
        Ok(())
    }

    fn all(&self) -> &[u8] {
        match &self.bytes {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        }
    }

    fn sec(&self, s: Sec) -> &[u8] {
        let (off, len) = self.sections[s as usize];
        self.all().get(off..off + len).unwrap_or(&[])
    }

    /// Recomputes the checksum of the whole body.
    pub fn verify(&self) -> Result<(), String> {
        let b = self.all();
        let stored = u32_at(b, 8);
        let actual = crc32fast::hash(&b[HEADER_LEN..]);
        if stored == actual {
            Ok(())
        } else {
            Err(format!(
                "checksum mismatch (stored {stored:08x}, computed {actual:08x}): the index is damaged"
            ))
        }
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units
    }

    pub fn is_empty(&self) -> bool {
        self.units == 0
    }

    /// The text of unit `u` in `lang` (empty when it has none or the index is damaged).
    pub fn text(&self, u: usize, lang: Lang) -> &str {
        let offs = self.sec(Sec::TextOff);
        let i = 2 * u + side(lang);
        let (a, b) = (u64_at(offs, i) as usize, u64_at(offs, i + 1) as usize);
        self.sec(Sec::TextBytes).get(a..b).and_then(|s| std::str::from_utf8(s).ok()).unwrap_or("")
    }

    /// The file a unit comes from and its 1-based number in it.
    pub fn origin(&self, u: usize) -> (&str, u32) {
        let f = u32_at(self.sec(Sec::UnitFile), u) as usize;
        let offs = self.sec(Sec::FileOff);
        let (a, b) = (u64_at(offs, f) as usize, u64_at(offs, f + 1) as usize);
        let name = self.sec(Sec::FileBytes).get(a..b).and_then(|s| std::str::from_utf8(s).ok()).unwrap_or("");
        (name, u32_at(self.sec(Sec::UnitNo), u))
    }

    /// Token count of unit `u` on `lang`'s side.
    pub fn token_count(&self, u: usize, lang: Lang) -> usize {
        let s = if lang == Lang::Zh { Sec::LenZh } else { Sec::LenEn };
        u32_at(self.sec(s), u) as usize
    }

    /// The token hashes of unit `u` on `lang`'s side.
    pub fn tokens(&self, u: usize, lang: Lang) -> impl Iterator<Item = u64> + '_ {
        let (off, tok) = match lang {
            Lang::Zh => (Sec::TokOffZh, Sec::TokZh),
            Lang::En => (Sec::TokOffEn, Sec::TokEn),
        };
        let offs = self.sec(off);
        let (a, b) = (u64_at(offs, u) as usize, u64_at(offs, u + 1) as usize);
        let bytes = self.sec(tok).get(a.saturating_mul(4)..b.saturating_mul(4)).unwrap_or(&[]);
        bytes.chunks_exact(4).map(|c| u64::from(u32::from_le_bytes([c[0], c[1], c[2], c[3]])))
    }

    /// The units holding gram `key` on `lang`'s side, ascending, as raw bytes.
    pub fn postings(&self, lang: Lang, key: u32) -> Postings<'_> {
        let (keys, offs, post) = match lang {
            Lang::Zh => (Sec::KeysZh, Sec::PostOffZh, Sec::PostZh),
            Lang::En => (Sec::KeysEn, Sec::PostOffEn, Sec::PostEn),
        };
        let keys = self.sec(keys);
        let (mut lo, mut hi) = (0usize, keys.len() / 4);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if u32_at(keys, mid) < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo < keys.len() / 4 && u32_at(keys, lo) == key {
            let offs = self.sec(offs);
            let (a, b) = (u32_at(offs, lo) as usize, u32_at(offs, lo + 1) as usize);
            Postings(self.sec(post).get(a * 4..b * 4).unwrap_or(&[]))
        } else {
            Postings(&[])
        }
    }
}

/// A postings list: unit ids in ascending order.
#[derive(Clone, Copy)]
pub struct Postings<'a>(&'a [u8]);

impl<'a> Postings<'a> {
    pub fn len(&self) -> usize {
        self.0.len() / 4
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, i: usize) -> u32 {
        u32_at(self.0, i)
    }

    pub fn iter(&self) -> impl Iterator<Item = u32> + 'a {
        self.0.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }

    /// True when `unit` is in the list.
    pub fn contains(&self, unit: u32) -> bool {
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let v = self.get(mid);
            if v == unit {
                return true;
            } else if v < unit {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        false
    }
}

/// Gram keys and token count of one side of one unit; its tokens are appended to `all`.
fn side_grams(
    text: &str,
    lang: Lang,
    toks: &mut Vec<Token>,
    hashes: &mut Vec<u64>,
    keys: &mut Vec<u32>,
    all: &mut Vec<u32>,
) -> u32 {
    tokenize_into(text, toks);
    hashes.clear();
    hashes.extend(toks.iter().map(|t| t.hash));
    all.extend(hashes.iter().map(|&h| h as u32));
    gram_keys(hashes, gram_len(lang), keys);
    u32::try_from(hashes.len()).unwrap_or(u32::MAX)
}

/// Builds the postings of one side from (key, unit) pairs packed into u64s.
/// Sorted gram keys, the start of each key's list, and the lists end to end.
struct SidePostings {
    keys: Vec<u32>,
    offs: Vec<u32>,
    post: Vec<u32>,
}

fn postings(mut pairs: Vec<u64>) -> Result<SidePostings, MemoryError> {
    pairs.par_sort_unstable();
    let mut keys = Vec::new();
    let mut offs = Vec::new();
    let mut post = Vec::with_capacity(pairs.len());
    let mut last = None;
    for p in pairs {
        let key = (p >> 32) as u32;
        if last != Some(key) {
            keys.push(key);
            offs.push(u32::try_from(post.len()).map_err(|_| MemoryError::TooLarge)?);
            last = Some(key);
        }
        post.push(p as u32);
    }
    offs.push(u32::try_from(post.len()).map_err(|_| MemoryError::TooLarge)?);
    Ok(SidePostings { keys, offs, post })
}

fn put_u32s(out: &mut Vec<u8>, v: &[u32]) {
    out.reserve(v.len() * 4);
    for x in v {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

fn put_u64s(out: &mut Vec<u8>, v: &[u64]) {
    out.reserve(v.len() * 8);
    for x in v {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

/// Per chunk of units: token counts (zh, en) and packed (key, unit) pairs (zh, en).
type ChunkGrams = (Vec<u32>, Vec<u32>, Vec<u64>, Vec<u64>, Vec<u32>, Vec<u32>);

/// Builds an index over `entries` (their `file` fields index `files`).
/// `progress` is called with the number of units tokenized so far.
pub fn build(
    files: &[String],
    entries: &[Entry],
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<u8>, MemoryError> {
    if u32::try_from(entries.len()).is_err() {
        return Err(MemoryError::TooLarge);
    }
    const CHUNK: usize = 8192;
    let done = std::sync::atomic::AtomicU64::new(0);
    let parts: Vec<ChunkGrams> = entries
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let (mut toks, mut hashes, mut keys) = (Vec::new(), Vec::new(), Vec::new());
            let (mut len_zh, mut len_en, mut pz, mut pe) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            let (mut tz, mut te) = (Vec::new(), Vec::new());
            for (k, e) in chunk.iter().enumerate() {
                let id = (c * CHUNK + k) as u64;
                len_zh.push(side_grams(&e.zh, Lang::Zh, &mut toks, &mut hashes, &mut keys, &mut tz));
                pz.extend(keys.iter().map(|&g| (u64::from(g) << 32) | id));
                len_en.push(side_grams(&e.en, Lang::En, &mut toks, &mut hashes, &mut keys, &mut te));
                pe.extend(keys.iter().map(|&g| (u64::from(g) << 32) | id));
            }
            let n = done.fetch_add(chunk.len() as u64, std::sync::atomic::Ordering::Relaxed);
            progress(n + chunk.len() as u64);
            (len_zh, len_en, pz, pe, tz, te)
        })
        .collect();
    let mut len_zh = Vec::with_capacity(entries.len());
    let mut len_en = Vec::with_capacity(entries.len());
    let (mut pz, mut pe, mut tok_zh, mut tok_en) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (a, b, c, d, e, f) in parts {
        len_zh.extend(a);
        len_en.extend(b);
        pz.extend(c);
        pe.extend(d);
        tok_zh.extend(e);
        tok_en.extend(f);
    }
    let (zh, en) = rayon::join(|| postings(pz), || postings(pe));
    let (zh, en) = (zh?, en?);

    let mut sections: Vec<Vec<u8>> = vec![Vec::new(); N_SECTIONS];
    let mut file_off = vec![0u64];
    let mut file_bytes = Vec::new();
    for f in files {
        file_bytes.extend_from_slice(f.as_bytes());
        file_off.push(file_bytes.len() as u64);
    }
    put_u64s(&mut sections[Sec::FileOff as usize], &file_off);
    sections[Sec::FileBytes as usize] = file_bytes;
    let unit_file: Vec<u32> = entries.iter().map(|e| e.file).collect();
    let unit_no: Vec<u32> = entries.iter().map(|e| e.unit).collect();
    put_u32s(&mut sections[Sec::UnitFile as usize], &unit_file);
    put_u32s(&mut sections[Sec::UnitNo as usize], &unit_no);
    let mut text_off = Vec::with_capacity(2 * entries.len() + 1);
    let mut text = Vec::new();
    text_off.push(0u64);
    for e in entries {
        text.extend_from_slice(e.zh.as_bytes());
        text_off.push(text.len() as u64);
        text.extend_from_slice(e.en.as_bytes());
        text_off.push(text.len() as u64);
    }
    put_u64s(&mut sections[Sec::TextOff as usize], &text_off);
    sections[Sec::TextBytes as usize] = text;
    put_u32s(&mut sections[Sec::LenZh as usize], &len_zh);
    put_u32s(&mut sections[Sec::KeysZh as usize], &zh.keys);
    put_u32s(&mut sections[Sec::PostOffZh as usize], &zh.offs);
    put_u32s(&mut sections[Sec::PostZh as usize], &zh.post);
    put_u32s(&mut sections[Sec::LenEn as usize], &len_en);
    put_u32s(&mut sections[Sec::KeysEn as usize], &en.keys);
    put_u32s(&mut sections[Sec::PostOffEn as usize], &en.offs);
    put_u32s(&mut sections[Sec::PostEn as usize], &en.post);
    for (lens, toks, off_sec, tok_sec) in
        [(&len_zh, &tok_zh, Sec::TokOffZh, Sec::TokZh), (&len_en, &tok_en, Sec::TokOffEn, Sec::TokEn)]
    {
        let mut offs = Vec::with_capacity(lens.len() + 1);
        let mut at = 0u64;
        offs.push(0);
        for &l in lens.iter() {
            at += u64::from(l);
            offs.push(at);
        }
        put_u64s(&mut sections[off_sec as usize], &offs);
        put_u32s(&mut sections[tok_sec as usize], toks);
    }

    let total: usize = HEADER_LEN + sections.iter().map(|s| s.len().next_multiple_of(8)).sum::<usize>();
    let mut out = Vec::with_capacity(total);
    out.resize(HEADER_LEN, 0);
    let mut table = Vec::with_capacity(N_SECTIONS);
    for s in &sections {
        table.push((out.len() as u64, s.len() as u64));
        out.extend_from_slice(s);
        out.resize(out.len().next_multiple_of(8), 0);
    }
    let crc = crc32fast::hash(&out[HEADER_LEN..]);
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&VERSION.to_le_bytes());
    header.extend_from_slice(&0u32.to_le_bytes());
    header.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    header.extend_from_slice(&((out.len() - HEADER_LEN) as u64).to_le_bytes());
    header.extend_from_slice(&u64::from(crc).to_le_bytes());
    for (off, len) in table {
        header.extend_from_slice(&off.to_le_bytes());
        header.extend_from_slice(&len.to_le_bytes());
    }
    out[..header.len()].copy_from_slice(&header);
    Ok(out)
}

/// Writes an index built by [`build`] to any writer.
pub fn write(out: &mut dyn Write, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(bytes)
}
