//! Byte helpers for the hot paths (lookup, parsing, checking): small comparisons written out,
//! because slice equality calls the C library's `memcmp`, and glibc's vectorised one costs
//! well over 100 ns per call on some machines for the short (and empty) slices compared here.

/// Byte equality without a call to `memcmp` for up to 16 bytes: two overlapping loads per
/// side.
#[inline]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&s[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let half = |s: &[u8], at: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&s[at..at + 4]);
        u32::from_le_bytes(w)
    };
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        _ => a == b,
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Bits set where a byte of `x` may be zero (exact for the lowest zero byte; a byte above it
/// may be flagged too, so flagged words are looked at byte by byte).
#[inline]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(LO) & !x & HI
}

/// The `;` positions [`scan_header`] records; a header with more falls back to scanning.
pub(crate) const MAX_SEMICOLONS: usize = 24;

/// What [`scan_header`] finds: the positions of the first [`MAX_SEMICOLONS`] semicolons.
pub(crate) struct Semicolons {
    pub(crate) at: [u32; MAX_SEMICOLONS],
    pub(crate) count: usize,
    /// More semicolons than recorded.
    pub(crate) overflow: bool,
    /// The last tab or non-ASCII byte, if any.
    pub(crate) last_odd: Option<usize>,
}

impl Semicolons {
    /// Whether a tab or non-ASCII byte comes after `index`.
    pub(crate) fn odd_after(&self, index: usize) -> bool {
        self.last_odd.is_some_and(|at| at > index)
    }
}

/// Scans a header for control characters other than tab (6265bis §5.6 step 1) and records
/// where its semicolons are, eight bytes at a time. `Err(index)` of the first control
/// character.
#[inline]
pub(crate) fn scan_header(b: &[u8]) -> Result<Semicolons, usize> {
    let control = |c: u8| (c < 0x20 && c != b'\t') || c == 0x7f;
    let mut found = Semicolons {
        at: [0; MAX_SEMICOLONS],
        count: 0,
        overflow: false,
        last_odd: None,
    };
    let byte = |found: &mut Semicolons, i: usize, c: u8| -> Result<(), usize> {
        if control(c) {
            return Err(i);
        }
        if c == b'\t' || c >= 0x80 {
            found.last_odd = Some(i);
        }
        if c == b';' {
            if found.count < MAX_SEMICOLONS {
                found.at[found.count] = i as u32;
                found.count += 1;
            } else {
                found.overflow = true;
            }
        }
        Ok(())
    };
    let mut i = 0;
    while i + 8 <= b.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&b[i..i + 8]);
        let w = u64::from_le_bytes(word);
        // Bytes below 0x20 (top bit clear), 0x7f, `;` and non-ASCII.
        let below_space = w.wrapping_sub(LO * 0x20) & !w & HI;
        let suspicious = below_space
            | (w & HI)
            | zero_bytes(w ^ (LO * 0x7f))
            | zero_bytes(w ^ (LO * u64::from(b';')));
        if suspicious != 0 {
            for (j, &c) in b.iter().enumerate().skip(i).take(8) {
                byte(&mut found, j, c)?;
            }
        }
        i += 8;
    }
    for (j, &c) in b.iter().enumerate().skip(i) {
        byte(&mut found, j, c)?;
    }
    Ok(found)
}

/// `s` without leading and trailing spaces and tabs (the whitespace RFC 6265bis §5.6 trims).
#[inline]
pub(crate) fn trim_wsp(s: &str) -> &str {
    let b = s.as_bytes();
    let mut start = 0;
    let mut end = b.len();
    while start < end && matches!(b[start], b' ' | b'\t') {
        start += 1;
    }
    while end > start && matches!(b[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    // Only ASCII bytes were skipped: both ends are char boundaries.
    &s[start..end]
}

/// The index of the first `byte` (an ASCII byte) in `s`.
#[inline]
pub(crate) fn find(s: &str, byte: u8) -> Option<usize> {
    s.bytes().position(|b| b == byte)
}

/// Whether `a` equals `b`, ignoring ASCII case.
#[inline]
pub(crate) fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .all(|(x, y)| x.eq_ignore_ascii_case(&y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_agrees_with_slice_equality() {
        for len in 0..=40usize {
            let a: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            assert!(same_bytes(&a, &a.clone()));
            for at in 0..len {
                let mut b = a.clone();
                b[at] = b'#';
                assert!(!same_bytes(&a, &b), "len {len}, byte {at}");
            }
            if len > 0 {
                assert!(!same_bytes(&a, &a[..len - 1]));
            }
        }
    }

    #[test]
    fn scan_agrees_with_a_byte_loop() {
        let reference = |b: &[u8]| -> Result<Vec<u32>, usize> {
            let mut semicolons = Vec::new();
            for (i, &c) in b.iter().enumerate() {
                if (c < 0x20 && c != b'\t') || c == 0x7f {
                    return Err(i);
                }
                if c == b';' {
                    semicolons.push(i as u32);
                }
            }
            Ok(semicolons)
        };
        let scan = |b: &[u8]| scan_header(b).map(|s| s.at[..s.count].to_vec());
        // Every position of every interesting byte in headers of several lengths.
        for len in 0..40 {
            for at in 0..len {
                for special in [0u8, 0x09, 0x0a, 0x1f, 0x20, b';', 0x7f, 0x80, 0xff] {
                    let mut h = vec![b'a'; len];
                    h[at] = special;
                    assert_eq!(scan(&h), reference(&h), "{h:?}");
                    if at + 1 < len {
                        h[at + 1] = b';';
                        assert_eq!(scan(&h), reference(&h), "{h:?}");
                    }
                }
            }
        }
        // More semicolons than recorded.
        let many = ";".repeat(MAX_SEMICOLONS + 3);
        let s = scan_header(many.as_bytes()).unwrap();
        assert_eq!((s.count, s.overflow), (MAX_SEMICOLONS, true));
    }

    #[test]
    fn trims_and_finds() {
        assert_eq!(trim_wsp(" \t a b \t"), "a b");
        assert_eq!(trim_wsp("   "), "");
        assert_eq!(trim_wsp("é "), "é");
        assert_eq!(find("a=b=c", b'='), Some(1));
        assert_eq!(find("abc", b'='), None);
        assert!(eq_ignore_case("SameSite", "samesite"));
        assert!(!eq_ignore_case("SameSite", "samesit"));
    }
}
