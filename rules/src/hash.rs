//! Hashes computed the same way by the macros (at compile time) and at run time.

/// Multiplier of [`name_hash`] (an odd 64-bit constant with well-mixed bits).
const K: u64 = 0xf135_7aea_2e62_a9c5;

/// A fast hash of a cookie name, for the lookup tables the macros generate. Not a
/// cryptographic or DoS-resistant hash: the tables hold a fixed set of declared names, so an
/// unlucky input only walks one probe sequence whose length the table bounds.
///
/// ```
/// use cookie_registry_rules::hash::name_hash;
/// assert_eq!(name_hash(b"sessionid"), name_hash(b"sessionid"));
/// assert_ne!(name_hash(b"sessionid"), name_hash(b"sessionie"));
/// ```
#[inline]
pub fn name_hash(bytes: &[u8]) -> u64 {
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word))
            .wrapping_mul(K)
            .rotate_left(26);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(word))
            .wrapping_mul(K)
            .rotate_left(26);
    }
    h ^= h >> 32;
    h = h.wrapping_mul(K);
    h ^ (h >> 29)
}

/// A 64-bit FNV-1a hasher: simple, fixed and the same on every machine, for values that must
/// stay stable across builds (the registry version).
///
/// ```
/// use cookie_registry_rules::hash::StableHasher;
/// let mut a = StableHasher::new();
/// a.write_str("sessionid");
/// let mut b = StableHasher::new();
/// b.write_str("sessionid");
/// assert_eq!(a.finish(), b.finish());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct StableHasher(u64);

impl Default for StableHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl StableHasher {
    /// A hasher in its initial state (the FNV-1a 64-bit offset basis).
    pub const fn new() -> Self {
        StableHasher(0xcbf2_9ce4_8422_2325)
    }

    /// Feeds bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// Feeds a string, length first, so that `("ab", "c")` and `("a", "bc")` differ.
    pub fn write_str(&mut self, s: &str) {
        self.write_u64(s.len() as u64);
        self.write(s.as_bytes());
    }

    /// Feeds a number, little-endian.
    pub fn write_u64(&mut self, n: u64) {
        self.write(&n.to_le_bytes());
    }

    /// The hash so far.
    pub const fn finish(&self) -> u64 {
        self.0
    }
}
