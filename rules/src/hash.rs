//! Hashes computed the same way by the macros (at compile time) and at run time.

/// Mixing constants (odd 64-bit values with well-spread bits).
const K: u64 = 0xf135_7aea_2e62_a9c5;
const K2: u64 = 0x9e37_79b9_7f4a_7c15;

#[inline]
fn read8(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

#[inline]
fn read4(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u64::from(u32::from_le_bytes(word))
}

/// A folded 64×64→128-bit multiply: both halves of the product mixed together.
#[inline]
fn fold_mul(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

#[inline]
fn finish(h: u64) -> u64 {
    let h = (h ^ (h >> 32)).wrapping_mul(K);
    h ^ (h >> 29)
}

/// A fast hash of a cookie name, for the exact-name tables the macros generate. Names of up to
/// 16 bytes are read in two (overlapping) loads, longer ones 16 bytes at a time. Not a
/// cryptographic or DoS-resistant hash: the tables hold a fixed set of declared names, so an
/// unlucky input only walks one probe sequence, whose length the table's layout bounds.
///
/// ```
/// use cookie_registry_rules::hash::name_hash;
/// assert_eq!(name_hash(b"sessionid"), name_hash(b"sessionid"));
/// assert_ne!(name_hash(b"sessionid"), name_hash(b"sessionie"));
/// ```
#[inline]
pub fn name_hash(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let h = (len as u64).wrapping_mul(K);
    let h = if len > 16 {
        let mut h = h;
        let mut at = 0;
        while at + 16 < len {
            h = fold_mul(h ^ read8(bytes, at), K2 ^ read8(bytes, at + 8));
            at += 16;
        }
        fold_mul(h ^ read8(bytes, len - 16), K2 ^ read8(bytes, len - 8))
    } else if len >= 8 {
        fold_mul(h ^ read8(bytes, 0), K2 ^ read8(bytes, len - 8))
    } else if len >= 4 {
        fold_mul(h ^ read4(bytes, 0), K2 ^ read4(bytes, len - 4))
    } else if len > 0 {
        let packed = u64::from(bytes[0])
            | (u64::from(bytes[len / 2]) << 8)
            | (u64::from(bytes[len - 1]) << 16);
        fold_mul(h ^ packed, K2)
    } else {
        h
    };
    finish(h)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_counts_at_every_length() {
        // Changing any one byte of a name of any length up to 40 changes the hash.
        for len in 1..=40usize {
            let base: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            let h = name_hash(&base);
            for at in 0..len {
                let mut other = base.clone();
                other[at] = b'Z';
                assert_ne!(name_hash(&other), h, "len {len}, byte {at}");
            }
        }
        assert_ne!(name_hash(b""), name_hash(b"\0"));
    }
}
