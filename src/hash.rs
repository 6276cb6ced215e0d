//! Every hash the crate computes itself, in one place.
//!
//! Three needs, three tools, all stable across runs, platforms and Rust
//! versions (some hashes are stored: the index keeps token hashes, the
//! compiled dictionary keeps anchor keys), so none may change without a
//! format bump:
//! * [`fnv1a`] for short byte strings that become ids or are stored (token
//!   hashes of the index, lexicon token ids, the review page's storage key);
//! * [`splitmix64`], a finaliser that spreads the bits of a 64-bit value;
//! * [`KeyMix`], the hasher of maps and sets whose keys are already such
//!   hashes, where one multiply per word is enough (SipHash took a tenth of
//!   the aligner's time spent finding evidence), and [`KeyHasher`], which
//!   builds anchor keys from words.
//!
//! Deduplication of memory units uses XXH3-128 instead (`tmx::fingerprint`),
//! since a collision there would silently drop a unit.

/// The 64-bit FNV-1a offset basis.
pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// The 64-bit FNV-1a prime.
pub(crate) const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Continues an FNV-1a hash `h` over `bytes` (start from [`FNV_OFFSET`]).
#[inline]
pub(crate) fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The SplitMix64 finaliser: every input bit affects every output bit.
#[inline]
pub(crate) fn splitmix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The golden-ratio multiplier (2⁶⁴ / φ) of multiplicative hashing.
pub(crate) const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The hasher of maps and sets keyed by anchor keys and token hashes (the
/// dictionary's phrase map, the aligner's key sets, the lexicon's token
/// ids): the keys are well mixed already, so one multiply per word is enough.
#[derive(Default)]
pub(crate) struct KeyMix(u64);

impl std::hash::Hasher for KeyMix {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(26) ^ x).wrapping_mul(GOLDEN);
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
    fn write_isize(&mut self, x: isize) {
        self.write_u64(x as u64);
    }
}

/// Mixes a sequence of words into an anchor key: a multiply-rotate hash
/// seeded by the anchor's kind, with [`splitmix64`] as the final avalanche.
#[derive(Clone, Debug)]
pub(crate) struct KeyHasher(u64);

impl KeyHasher {
    pub(crate) fn new(kind: crate::anchor::AnchorKind) -> KeyHasher {
        KeyHasher(0x243F_6A88_85A3_08D3 ^ (kind as u64 + 1).wrapping_mul(GOLDEN))
    }

    pub(crate) fn word(&mut self, w: u64) -> &mut Self {
        self.0 = (self.0 ^ w).wrapping_mul(GOLDEN).rotate_left(29);
        self
    }

    pub(crate) fn bytes(&mut self, b: &[u8]) -> &mut Self {
        for chunk in b.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.word(u64::from_le_bytes(buf));
        }
        self.word(b.len() as u64)
    }

    pub(crate) fn finish(&self) -> crate::anchor::AnchorKey {
        splitmix64(self.0)
    }
}
