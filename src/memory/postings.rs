//! Compressed postings lists (index format 6), encoded at build time and
//! read in place from the mapped index.
//!
//! A list of `c` strictly increasing local ids is stored as
//!
//! * a skip table: the last id of each full block of [`BLOCK`] ids, then the
//!   end of each full block in the block data (both `u32`, little-endian);
//! * the full blocks: the gaps between successive ids, bit-packed at the
//!   width the block needs (`bitpacking`'s `BitPacker4x`, 16 bytes per bit
//!   of width, so a block's width is its byte size over 16);
//! * the tail (`c mod 128` ids): the gaps as LEB128 varints.
//!
//! A lookup confined to a range of local ids (a length slot) finds the first
//! block it needs by searching the skip table and decodes only the blocks
//! inside the range. Nothing decoded is trusted: a block's size must be a
//! whole number of widths, its ids must increase from the previous block's
//! last id to its own last id as the skip table says, and the tail must
//! hold exactly its count of varints, none overlong; ids must be below the
//! unit count. A failed check records the damage in the memory (see
//! [`super::index`]) and the read yields nothing.

use std::cell::RefCell;
use std::sync::Arc;

use bitpacking::{BitPacker, BitPacker4x};

use super::index::Memory;

/// Ids per bit-packed block (`BitPacker4x`'s block length).
pub const BLOCK: usize = BitPacker4x::BLOCK_LEN;
/// Bytes per bit of width of a packed block.
const BYTES_PER_BIT: usize = BLOCK / 8;

/// Appends the encoding of `ids` (strictly increasing) to `out`; `None`
/// when the list's blocks would not fit the `u32` offsets of the skip table.
pub(crate) fn encode(ids: &[u32], out: &mut Vec<u8>) -> Option<()> {
    let packer = BitPacker4x::new();
    let nb = ids.len() / BLOCK;
    let table = out.len();
    out.resize(table + 8 * nb, 0);
    let data = out.len();
    let mut prev = None;
    for (b, chunk) in ids.chunks_exact(BLOCK).enumerate() {
        let bits = packer.num_bits_strictly_sorted(prev, chunk);
        let at = out.len();
        out.resize(at + BYTES_PER_BIT * bits as usize, 0);
        packer.compress_strictly_sorted(prev, chunk, &mut out[at..], bits);
        let end = u32::try_from(out.len() - data).ok()?;
        let last = chunk[BLOCK - 1];
        out[table + 4 * b..table + 4 * b + 4].copy_from_slice(&last.to_le_bytes());
        out[table + 4 * (nb + b)..table + 4 * (nb + b) + 4].copy_from_slice(&end.to_le_bytes());
        prev = Some(last);
    }
    for &id in &ids[nb * BLOCK..] {
        let gap = match prev {
            None => id,
            Some(p) => id - p - 1,
        };
        put_varint(gap, out);
        prev = Some(id);
    }
    Some(())
}

fn put_varint(mut x: u32, out: &mut Vec<u8>) {
    while x >= 0x80 {
        out.push((x as u8 & 0x7f) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// Decodes a varint at the start of `b`: the value and its length, `None`
/// when it runs off `b`, is overlong or exceeds `u32`.
fn get_varint(b: &[u8]) -> Option<(u32, usize)> {
    let mut x = 0u32;
    for (i, &byte) in b.iter().enumerate().take(5) {
        let part = u32::from(byte & 0x7f);
        if i == 4 && part > 0x0f {
            return None;
        }
        x |= part << (7 * i);
        if byte & 0x80 == 0 {
            // A last byte of zero after the first is an overlong encoding.
            return (i == 0 || byte != 0).then_some((x, i + 1));
        }
    }
    None
}

/// Where one key's list lies in the mapped file.
#[derive(Clone, Copy)]
pub(crate) struct List<'a> {
    pub(crate) mem: &'a Memory,
    /// File offset of the list's first byte, and its length in bytes.
    pub(crate) start: usize,
    pub(crate) bytes: usize,
    /// Number of ids.
    pub(crate) count: usize,
}

impl List<'_> {
    fn full_blocks(&self) -> usize {
        self.count / BLOCK
    }

    /// The `i`-th word of the skip table.
    fn word(&self, i: usize) -> Option<u32> {
        self.mem.le32_at(self.start + 4 * i)
    }

    /// The last id of block `b` (`u32::MAX` for the tail, whose ids are all
    /// at most that, and when unreadable, with the damage recorded).
    fn last(&self, b: usize) -> u32 {
        if b < self.full_blocks() {
            self.word(b).unwrap_or(u32::MAX)
        } else {
            u32::MAX
        }
    }

    /// Decodes block `b` (the tail when `b` is the number of full blocks)
    /// into `buf`; the number of ids, 0 with the damage recorded.
    fn decode(&self, b: usize, buf: &mut [u32; BLOCK]) -> usize {
        let got = self.try_decode(b, buf);
        if got.is_none() {
            self.mem.record_damage("a postings list does not decode");
        }
        got.unwrap_or(0)
    }

    fn try_decode(&self, b: usize, buf: &mut [u32; BLOCK]) -> Option<usize> {
        let nb = self.full_blocks();
        let data = self.start.checked_add(8 * nb)?;
        let data_len = self.bytes.checked_sub(8 * nb)?;
        let from = if b == 0 { 0 } else { self.word(nb + b - 1)? as usize };
        let prev = if b == 0 { None } else { Some(self.word(b - 1)?) };
        let units = self.mem.len();
        if b < nb {
            let to = self.word(nb + b)? as usize;
            let size = to.checked_sub(from)?;
            if size % BYTES_PER_BIT != 0 || size > 32 * BYTES_PER_BIT || to > data_len {
                return None;
            }
            let packed = self.mem.bytes_at(data + from, size)?;
            let packer = BitPacker4x::new();
            packer.decompress_strictly_sorted(prev, packed, buf, (size / BYTES_PER_BIT) as u8);
            let mut before = prev;
            for &id in buf.iter() {
                if before.is_some_and(|p| p >= id) {
                    return None;
                }
                before = Some(id);
            }
            if buf[BLOCK - 1] != self.word(b)? || buf[BLOCK - 1] as usize >= units {
                return None;
            }
            Some(BLOCK)
        } else if b == nb {
            let n = self.count - nb * BLOCK;
            if from > data_len {
                return None;
            }
            let mut rest = self.mem.bytes_at(data + from, data_len - from)?;
            let mut before = prev;
            for slot in buf.iter_mut().take(n) {
                let (gap, used) = get_varint(rest)?;
                let id = match before {
                    None => gap,
                    Some(p) => p.checked_add(1)?.checked_add(gap)?,
                };
                if id as usize >= units {
                    return None;
                }
                *slot = id;
                before = Some(id);
                rest = &rest[used..];
            }
            rest.is_empty().then_some(n)
        } else {
            None
        }
    }
}

/// One decoded block, kept so that reads in the same block decode it once.
#[derive(Clone)]
pub struct Block {
    /// Which block `ids` holds (`usize::MAX`: none yet).
    at: usize,
    n: usize,
    ids: [u32; BLOCK],
}

impl Default for Block {
    fn default() -> Block {
        Block { at: usize::MAX, n: 0, ids: [0; BLOCK] }
    }
}

impl Block {
    /// The ids of block `b` of `list` (empty when damaged).
    fn load(&mut self, list: &List<'_>, b: usize) -> &[u32] {
        if self.at != b {
            self.n = list.decode(b, &mut self.ids);
            self.at = b;
        }
        &self.ids[..self.n]
    }
}

/// Where a [`Postings`]' ids come from.
#[derive(Clone)]
enum Src<'a> {
    None,
    /// Read in place, a block at a time.
    Packed(List<'a>),
    /// A list without a full block, decoded once when it was looked up: a
    /// lookup cuts the same list to many length slots, and decoding its
    /// varints for each would cost more than the search it saves.
    Ids(Arc<[u32]>),
}

/// A postings list, or the part of one between two positions: local ids in
/// ascending order, decoded (and verified) block by block as they are read.
#[derive(Clone)]
pub struct Postings<'a> {
    src: Src<'a>,
    /// Positions `lo..hi` of the list.
    lo: usize,
    hi: usize,
    /// The block [`Postings::get`] and [`Postings::seek`] read last, so that
    /// stepping through a list with them decodes each block once.
    last: RefCell<Block>,
}

impl<'a> Postings<'a> {
    pub(crate) fn empty() -> Postings<'a> {
        Postings { src: Src::None, lo: 0, hi: 0, last: RefCell::default() }
    }

    pub(crate) fn new(list: List<'a>) -> Postings<'a> {
        if list.full_blocks() > 0 {
            return Postings { src: Src::Packed(list), lo: 0, hi: list.count, last: RefCell::default() };
        }
        let mut buf = [0u32; BLOCK];
        let n = list.decode(0, &mut buf);
        Postings { src: Src::Ids(Arc::from(&buf[..n])), lo: 0, hi: n, last: RefCell::default() }
    }

    pub fn len(&self) -> usize {
        self.hi - self.lo
    }

    pub fn is_empty(&self) -> bool {
        self.hi == self.lo
    }

    /// The `i`-th id (`u32::MAX`, with the damage recorded, when unreadable).
    pub fn get(&self, i: usize) -> u32 {
        self.get_in(i, &mut self.last.borrow_mut())
    }

    /// [`Postings::get`] through a block kept between calls.
    pub fn get_in(&self, i: usize, block: &mut Block) -> u32 {
        if i >= self.len() {
            return u32::MAX;
        }
        let at = self.lo + i;
        match &self.src {
            Src::None => u32::MAX,
            Src::Ids(ids) => ids.get(at).copied().unwrap_or(u32::MAX),
            Src::Packed(list) => block.load(list, at / BLOCK).get(at % BLOCK).copied().unwrap_or(u32::MAX),
        }
    }

    pub fn iter(&self) -> Iter<'a> {
        Iter { src: self.src.clone(), at: self.lo, end: self.hi, block: Block::default() }
    }

    /// The position of the first id `>= id` at or after `from`: the skip
    /// table is searched by doubling steps then bisection, so that walking
    /// a long list towards a few ascending targets costs a logarithm of each
    /// gap in blocks, and one block is decoded.
    pub fn seek(&self, from: usize, id: u32) -> usize {
        self.seek_in(from, id, &mut self.last.borrow_mut())
    }

    /// [`Postings::seek`] through a block kept between calls.
    pub fn seek_in(&self, from: usize, id: u32, block: &mut Block) -> usize {
        let abs = self.lo.saturating_add(from);
        if abs >= self.hi {
            return self.len();
        }
        let list = match &self.src {
            Src::None => return 0,
            Src::Ids(ids) => {
                let part = ids.get(abs..self.hi).unwrap_or(&[]);
                return from + part.partition_point(|&x| x < id);
            }
            Src::Packed(list) => list,
        };
        let (mut b, last) = (abs / BLOCK, (self.hi - 1) / BLOCK);
        if list.last(b) < id {
            // Invariant: block `lo`'s last id is below the target.
            let (mut lo, mut step) = (b, 1usize);
            let mut hi = loop {
                let probe = lo.saturating_add(step);
                if probe >= last {
                    break last;
                }
                if list.last(probe) >= id {
                    break probe;
                }
                lo = probe;
                step = step.saturating_mul(2);
            };
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if list.last(mid) < id {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            b = hi;
        }
        let ids = block.load(list, b);
        let first = b * BLOCK;
        let skip = abs.saturating_sub(first).min(ids.len());
        let found = first + skip + ids[skip..].partition_point(|&x| x < id);
        // A block that failed to decode has no ids: the search ends there.
        let found = if ids.is_empty() { self.hi } else { found };
        found.min(self.hi) - self.lo
    }

    /// The part of the list whose ids lie in `range`.
    pub fn within(&self, range: &std::ops::Range<u32>) -> Postings<'a> {
        let mut block = Block::default();
        let a = self.seek_in(0, range.start, &mut block);
        let b = self.seek_in(a, range.end, &mut block);
        Postings { src: self.src.clone(), lo: self.lo + a, hi: self.lo + b, last: RefCell::new(block) }
    }
}

/// The ids of a [`Postings`], decoded a block at a time.
pub struct Iter<'a> {
    src: Src<'a>,
    at: usize,
    end: usize,
    block: Block,
}

impl Iterator for Iter<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.at >= self.end {
            return None;
        }
        let got = match &self.src {
            Src::None => None,
            Src::Ids(ids) => ids.get(self.at).copied(),
            Src::Packed(list) => self.block.load(list, self.at / BLOCK).get(self.at % BLOCK).copied(),
        };
        match got {
            Some(id) => {
                self.at += 1;
                Some(id)
            }
            None => {
                // Damaged (recorded): nothing more is read.
                self.at = self.end;
                None
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.end - self.at))
    }
}

/// Checks a whole list: what [`Memory::verify`] runs on every key.
pub(crate) fn verify(list: &List<'_>) -> bool {
    let mut buf = [0u32; BLOCK];
    let nb = list.full_blocks();
    let tail = list.count - nb * BLOCK;
    for b in 0..nb {
        if list.try_decode(b, &mut buf) != Some(BLOCK) {
            return false;
        }
    }
    if tail > 0 {
        return list.try_decode(nb, &mut buf) == Some(tail);
    }
    // Without a tail the blocks must end exactly at the list's end.
    let end = if nb == 0 { Some(0) } else { list.word(2 * nb - 1) };
    end.and_then(|e| (e as usize).checked_add(8 * nb)) == Some(list.bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_and_overlong_ones_are_refused() {
        for x in [0u32, 1, 127, 128, 300, 1 << 21, u32::MAX] {
            let mut b = Vec::new();
            put_varint(x, &mut b);
            assert_eq!(get_varint(&b), Some((x, b.len())));
        }
        assert_eq!(get_varint(&[0x80, 0x00]), None, "overlong zero");
        assert_eq!(get_varint(&[0xff, 0xff, 0xff, 0xff, 0x1f]), None, "beyond u32");
        assert_eq!(get_varint(&[0x80]), None, "runs off the end");
    }
}
