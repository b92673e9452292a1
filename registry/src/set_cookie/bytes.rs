//! Byte helpers for the hot paths, each kept because a committed benchmark shows its gain over
//! the standard library (`cargo bench --bench bytes`, `--bench lookup`); elsewhere the code
//! uses slice equality and `position`.
//!
//! Measured on the 2-core CI machine (Rust 1.95), side by side:
//! - [`scan_header`] (eight bytes at a time, the last word overlapping the one before): 72.4 ns
//!   for the five realistic headers, against 159.7 ns for a byte loop (0.45×). `memchr` finds
//!   semicolons alone in 41.6 ns but not the control characters the same pass must refuse, so
//!   it would need a second pass.
//! - [`first_non_cookie_octet`]: 25.0 ns for five values, against 30.8 ns for a byte loop
//!   (0.81×).
//! - [`find_byte`]: splitting a visitor's five-pair `Cookie` header takes 41.3 ns with it and
//!   48.4 ns with `memchr` (0.85×), whose call costs more than these short searches.
//! - [`same_bytes`]: in the lookup tables only. `lookup` of the 950 exact names takes 6.17 µs
//!   with it and 6.58 µs with slice equality (the `memcmp` call), 0.94×; alone, on eight name
//!   pairs, the two are even (17.5 ns and 16.4 ns), so it is used nowhere else.

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
/// Twelve: a realistic header has up to eight or nine attributes, and a smaller record is
/// cheaper to move.
pub(crate) const MAX_SEMICOLONS: usize = 12;

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
    let mut found = Semicolons {
        at: [0; MAX_SEMICOLONS],
        count: 0,
        overflow: false,
        last_odd: None,
    };
    if b.len() < 8 {
        for (j, &c) in b.iter().enumerate() {
            byte(&mut found, j, c)?;
        }
        return Ok(found);
    }
    let mut i = 0;
    while i + 8 <= b.len() {
        eight(&mut found, b, i, 0)?;
        i += 8;
    }
    if i < b.len() {
        // The last bytes, in one word that overlaps the one before.
        eight(&mut found, b, b.len() - 8, i - (b.len() - 8))?;
    }
    Ok(found)
}

/// Looks at one byte of a header: `Err(index)` of a control character other than tab; records
/// a tab or non-ASCII byte, and a semicolon.
#[inline(always)]
fn byte(found: &mut Semicolons, i: usize, c: u8) -> Result<(), usize> {
    if (c < 0x20 && c != b'\t') || c == 0x7f {
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
}

/// Looks at the eight bytes of `b` at `at`, the first `skip` of which were seen already (the
/// last word of a header, which overlaps the one before): those become spaces, neither rare nor
/// `;`.
#[inline(always)]
fn eight(found: &mut Semicolons, b: &[u8], at: usize, skip: usize) -> Result<(), usize> {
    let seen = (1u64 << (8 * skip)) - 1;
    let w = (word(b, at) & !seen) | ((LO * 0x20) & seen);
    // Rare bytes (below 0x20, 0x7f, non-ASCII): look at the word byte by byte. A byte below
    // 0x20 borrows in the subtraction, 0x7f carries into the high bit in the addition,
    // non-ASCII has it already. A borrow or carry can flag bytes above a rare one, never a word
    // without one (such a word is looked at byte by byte anyway).
    let rare = (w.wrapping_sub(LO * 0x20) | w.wrapping_add(LO) | w) & HI;
    if rare != 0 {
        for (j, &c) in b[at..at + 8].iter().enumerate().skip(skip) {
            byte(found, at + j, c)?;
        }
    } else {
        // Only semicolons to record: straight from the exact mask.
        let mut semicolons = exact_zero_bytes(w ^ (LO * u64::from(b';')));
        while semicolons != 0 {
            let j = at + (semicolons.trailing_zeros() / 8) as usize;
            byte(found, j, b';')?;
            semicolons &= semicolons - 1;
        }
    }
    Ok(())
}

/// The eight bytes of `b` at `at`, little-endian.
#[inline(always)]
fn word(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

/// The high bit of each byte of `x` that is zero, exactly (no false positives).
#[inline(always)]
fn exact_zero_bytes(x: u64) -> u64 {
    !(((x & !HI).wrapping_add(!HI)) | x | !HI)
}

/// The index of the first byte of `s` that `ok` refuses, eight bytes at a time: `quick` flags
/// every word that may hold one (false positives allowed, none missed).
#[inline(always)]
fn first_refused(s: &[u8], quick: impl Fn(u64) -> u64, ok: impl Fn(u8) -> bool) -> Option<usize> {
    let mut i = 0;
    while i + 8 <= s.len() {
        if quick(word(s, i)) != 0 {
            if let Some(j) = s[i..i + 8].iter().position(|&c| !ok(c)) {
                return Some(i + j);
            }
        }
        i += 8;
    }
    s[i..].iter().position(|&c| !ok(c)).map(|j| i + j)
}

/// The index of the first byte of `s` that is not a cookie-octet (6265bis §4.1.1: 0x21-0x7E
/// but `"`, `,`, `;`, `\\`).
#[inline]
pub(crate) fn first_non_cookie_octet(s: &[u8]) -> Option<usize> {
    let quick = |w: u64| {
        let below = w.wrapping_sub(LO * 0x21) & !w & HI;
        let above = (w | (w & !HI).wrapping_add(LO)) & HI;
        below
            | above
            | zero_bytes(w ^ (LO * 0x22))
            | zero_bytes(w ^ (LO * 0x2c))
            | zero_bytes(w ^ (LO * 0x3b))
            | zero_bytes(w ^ (LO * 0x5c))
    };
    first_refused(s, quick, cookie_registry_rules::name::is_cookie_octet)
}

/// The index of the first `byte` in `s`, eight bytes at a time: what a `Cookie` header is
/// split with (a call to `memchr` costs more than the search on pieces this short).
#[inline]
pub(crate) fn find_byte(s: &[u8], byte: u8) -> Option<usize> {
    let pattern = LO * u64::from(byte);
    let mut i = 0;
    while i + 8 <= s.len() {
        let hits = exact_zero_bytes(word(s, i) ^ pattern);
        if hits != 0 {
            // Little-endian: the lowest flagged byte is the first.
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    s[i..].iter().position(|&c| c == byte).map(|j| i + j)
}

/// `s` without leading and trailing spaces and tabs (the whitespace RFC 6265bis §5.6 trims).
#[inline]
pub(crate) fn trim_wsp(s: &str) -> &str {
    let b = s.as_bytes();
    let wsp = |c: &u8| matches!(c, b' ' | b'\t');
    let start = b.iter().position(|c| !wsp(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !wsp(c)).map_or(start, |at| at + 1);
    // Only ASCII bytes were skipped: both ends are char boundaries.
    &s[start..end]
}

/// The index of the first `byte` (an ASCII byte) in `s`.
#[inline]
pub(crate) fn find(s: &str, byte: u8) -> Option<usize> {
    s.bytes().position(|b| b == byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_byte_agrees_with_position() {
        for len in 0..=40usize {
            for at in 0..=len {
                // Every length and position, with the byte's neighbours in value around it
                // (a borrow from one byte to the next must not flag another).
                let mut s: Vec<u8> = (0..len)
                    .map(|i| [b':', b'<', 0x80 | b';', 0][i % 4])
                    .collect();
                if at < len {
                    s[at] = b';';
                    if at + 1 < len {
                        s[at + 1] = b';';
                    }
                }
                let want = s.iter().position(|&c| c == b';');
                assert_eq!(find_byte(&s, b';'), want, "{s:?}");
                assert_eq!(find_byte(&s, 0), s.iter().position(|&c| c == 0), "{s:?}");
            }
        }
    }

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
        let reference = |b: &[u8]| -> Result<(Vec<u32>, Option<usize>), usize> {
            let mut semicolons = Vec::new();
            let mut last_odd = None;
            for (i, &c) in b.iter().enumerate() {
                if (c < 0x20 && c != b'\t') || c == 0x7f {
                    return Err(i);
                }
                if c == b';' {
                    semicolons.push(i as u32);
                }
                if c == b'\t' || c >= 0x80 {
                    last_odd = Some(i);
                }
            }
            Ok((semicolons, last_odd))
        };
        let scan = |b: &[u8]| scan_header(b).map(|s| (s.at[..s.count].to_vec(), s.last_odd));
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
    fn cookie_octet_scan_agrees_with_the_table() {
        for len in 0..30usize {
            for at in 0..len {
                for bad in 0..=255u8 {
                    let mut v = vec![b'a'; len];
                    v[at] = bad;
                    let expected = v
                        .iter()
                        .position(|&c| !cookie_registry_rules::name::is_cookie_octet(c));
                    assert_eq!(first_non_cookie_octet(&v), expected, "{v:?}");
                }
            }
        }
    }

    #[test]
    fn exact_zero_bytes_has_no_false_positive() {
        for x in [
            0u64,
            1,
            0x0100,
            0xff00_0000_0000_0000,
            0x0001_0000_0001_0000,
            u64::MAX,
        ] {
            let bytes = x.to_le_bytes();
            let mask = exact_zero_bytes(x);
            for (i, &b) in bytes.iter().enumerate() {
                assert_eq!(mask >> (i * 8 + 7) & 1 == 1, b == 0, "{x:#x} byte {i}");
            }
        }
    }

    #[test]
    fn trims_and_finds() {
        assert_eq!(trim_wsp(" \t a b \t"), "a b");
        assert_eq!(trim_wsp("   "), "");
        assert_eq!(trim_wsp("é "), "é");
        assert_eq!(find("a=b=c", b'='), Some(1));
        assert_eq!(find("abc", b'='), None);
    }
}
