//! Reading a request's `Cookie` header (RFC 6265bis §4.2.1, §5.8.3) the way it arrives: as
//! bytes.
//!
//! Browsers send `name=value` pairs separated by `; `. What they send is not always ASCII:
//! `document.cookie = "city=Béziers"` reaches the server as raw UTF-8, and older clients send
//! Latin-1. HTTP/2 and HTTP/3 clients may split the header into one `Cookie` field per pair
//! (RFC 9113 §8.2.3). A pair that cannot be read (no `=`, an empty name) is skipped on its
//! own; the rest of the header still counts, so that one odd cookie never hides the consent
//! record beside it.
//!
//! ```
//! use cookie_registry::cookie_header::pairs;
//! let header = "sessionid=abc; city=B\u{e9}ziers; ;novalue; theme = dark".as_bytes();
//! let read: Vec<(&[u8], &[u8])> = pairs(header).map(|p| (p.name(), p.value())).collect();
//! assert_eq!(read, [
//!     (&b"sessionid"[..], &b"abc"[..]),
//!     (b"city", "B\u{e9}ziers".as_bytes()),
//!     (b"theme", b"dark"),
//! ]);
//! ```

use std::borrow::Cow;

/// One `name=value` pair of a `Cookie` header, as sent (surrounding spaces and tabs trimmed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair<'a> {
    name: &'a [u8],
    value: &'a [u8],
}

impl<'a> Pair<'a> {
    /// The name's bytes: never empty.
    pub fn name(&self) -> &'a [u8] {
        self.name
    }

    /// The value's bytes (surrounding double quotes kept, as browsers send them).
    pub fn value(&self) -> &'a [u8] {
        self.value
    }

    /// The name as text: borrowed when it is UTF-8, else with U+FFFD for each bad sequence
    /// (the form to look a name up with, or to show it: a declared name is ASCII, so a name
    /// with a replacement character can only match a pattern).
    ///
    /// ```
    /// use cookie_registry::cookie_header::pairs;
    /// let pair = pairs(b"_pk_id.\xe9=1").next().unwrap();
    /// assert_eq!(pair.name_lossy(), "_pk_id.\u{fffd}");
    /// ```
    pub fn name_lossy(&self) -> Cow<'a, str> {
        String::from_utf8_lossy(self.name)
    }

    /// The value as text, when it is UTF-8.
    pub fn value_str(&self) -> Option<&'a str> {
        std::str::from_utf8(self.value).ok()
    }
}

/// The pairs of one `Cookie` header value, in order. A piece without `=` (a nameless cookie)
/// or with an empty name is skipped; nothing else is. Linear in the header's length.
pub fn pairs(header: &[u8]) -> Pairs<'_> {
    Pairs { rest: Some(header) }
}

/// The iterator of [`pairs`].
#[derive(Clone, Debug)]
pub struct Pairs<'a> {
    rest: Option<&'a [u8]>,
}

fn trim(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

impl<'a> Iterator for Pairs<'a> {
    type Item = Pair<'a>;

    fn next(&mut self) -> Option<Pair<'a>> {
        loop {
            let rest = self.rest?;
            let piece = match find_byte(b';', rest) {
                Some(at) => {
                    self.rest = Some(&rest[at + 1..]);
                    &rest[..at]
                }
                None => {
                    self.rest = None;
                    rest
                }
            };
            let Some(equals) = find_byte(b'=', piece) else {
                continue;
            };
            let name = trim(&piece[..equals]);
            if name.is_empty() {
                continue;
            }
            return Some(Pair {
                name,
                value: trim(&piece[equals + 1..]),
            });
        }
    }
}

#[inline]
fn find_byte(needle: u8, haystack: &[u8]) -> Option<usize> {
    crate::set_cookie::bytes::find_byte(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(header: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
        pairs(header)
            .map(|p| (p.name().to_vec(), p.value().to_vec()))
            .collect()
    }

    #[test]
    fn odd_pairs_are_skipped_alone() {
        let header = b"a=1;;  ; novalue ;=orphan; b = 2 ;\tc=\xe9t\xe9; d=; e==x; f=\"q\"";
        let got = read(header);
        let want: Vec<(&[u8], &[u8])> = vec![
            (b"a", b"1"),
            (b"b", b"2"),
            (b"c", b"\xe9t\xe9"),
            (b"d", b""),
            (b"e", b"=x"),
            (b"f", b"\"q\""),
        ];
        assert_eq!(
            got,
            want.iter()
                .map(|(n, v)| (n.to_vec(), v.to_vec()))
                .collect::<Vec<_>>()
        );
        assert!(read(b"").is_empty());
        assert!(read(b";;;").is_empty());
        assert!(read(b"novalue").is_empty());
    }

    /// The plain reading the one-pass iterator must agree with: split at every `;`, then at
    /// the piece's first `=`, trim both sides, skip a piece without `=` or with an empty name.
    fn reference(header: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
        header
            .split(|&b| b == b';')
            .filter_map(|piece| {
                let at = piece.iter().position(|&b| b == b'=')?;
                let name = trim(&piece[..at]);
                (!name.is_empty()).then(|| (name.to_vec(), trim(&piece[at + 1..]).to_vec()))
            })
            .collect()
    }

    proptest::proptest! {
        /// Headers made mostly of the bytes that matter (`;`, `=`, spaces, tabs), in every
        /// arrangement, and of any byte.
        #[test]
        fn pairs_agree_with_the_plain_reading(
            header in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(b"; =\ta\xe9".to_vec()),
                    proptest::num::u8::ANY,
                ],
                0..80,
            )
        ) {
            proptest::prop_assert_eq!(read(&header), reference(&header));
        }
    }
}
