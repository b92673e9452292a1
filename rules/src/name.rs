//! Cookie names: the RFC 9110 token grammar, and the declaration patterns with one `*`.

use core::fmt;

/// Builds a 256-entry table from a rule (a macro: `const fn` cannot call function pointers).
macro_rules! table {
    ($rule:ident) => {{
        let mut t = [false; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = $rule(i as u8);
            i += 1;
        }
        t
    }};
}

const fn token_rule(b: u8) -> bool {
    matches!(
        b,
        b'!' | b'#'
            | b'$'
            | b'%'
            | b'&'
            | b'\''
            | b'*'
            | b'+'
            | b'-'
            | b'.'
            | b'^'
            | b'_'
            | b'`'
            | b'|'
            | b'~'
            | b'0'..=b'9'
            | b'A'..=b'Z'
            | b'a'..=b'z'
    )
}

const fn cookie_octet_rule(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

/// Lookup tables: one load per byte on the runtime's hot path.
static TOKEN: [bool; 256] = table!(token_rule);
static COOKIE_OCTET: [bool; 256] = table!(cookie_octet_rule);

/// Whether `b` may appear in an HTTP `token` (RFC 9110 §5.6.2), the grammar of a cookie name
/// (6265bis §4.1.1): letters, digits and ``!#$%&'*+-.^_`|~``.
///
/// ```
/// use cookie_registry_rules::name::is_token_byte;
/// assert!(is_token_byte(b'_'));
/// assert!(!is_token_byte(b';'));
/// ```
#[inline]
pub fn is_token_byte(b: u8) -> bool {
    TOKEN[b as usize]
}

/// Whether `b` is a `cookie-octet` (6265bis §4.1.1): `%x21 / %x23-2B / %x2D-3A / %x3C-5B /
/// %x5D-7E`, that is visible ASCII except `"`, `,`, `;` and `\`.
///
/// ```
/// use cookie_registry_rules::name::is_cookie_octet;
/// assert!(is_cookie_octet(b'a'));
/// assert!(!is_cookie_octet(b';'));
/// assert!(!is_cookie_octet(b' '));
/// ```
#[inline]
pub fn is_cookie_octet(b: u8) -> bool {
    COOKIE_OCTET[b as usize]
}

/// What a declared name is: an exact cookie name, or a pattern with one `*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameShape<'a> {
    /// An exact name such as `sessionid`.
    Exact(&'a str),
    /// A pattern: `prefix*suffix`, where `*` stands for one or more characters.
    Pattern {
        /// What the name starts with (may be empty: `*_l`).
        prefix: &'a str,
        /// What the name ends with (may be empty: `_ga_*`).
        suffix: &'a str,
    },
}

/// Why a declared name is not acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameError {
    /// The name is empty: servers must not send nameless cookies (6265bis §4.1.1).
    Empty,
    /// A character that is not allowed in an HTTP token.
    InvalidChar {
        /// Byte offset of the character.
        index: usize,
        /// The character.
        ch: char,
    },
    /// The pattern is `*` alone, which would match every cookie.
    LoneStar,
    /// More than one `*`.
    TwoStars,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Empty => f.write_str("cookie name is empty"),
            NameError::InvalidChar { ch, .. } => {
                write!(f, "{} is not allowed in a cookie name", DisplayChar(*ch))
            }
            NameError::LoneStar => f.write_str("the pattern `*` alone would match every cookie"),
            NameError::TwoStars => f.write_str("a name pattern may contain only one `*`"),
        }
    }
}

/// Shows a character the way a reader can see it: `' '` as "a space", controls as `U+0009`.
#[derive(Clone, Copy, Debug)]
pub struct DisplayChar(pub char);

impl fmt::Display for DisplayChar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            ' ' => f.write_str("a space"),
            '\t' => f.write_str("a tab"),
            c if c.is_control() => write!(f, "the control character U+{:04X}", c as u32),
            c => write!(f, "`{c}`"),
        }
    }
}

/// Parses a declared name: an exact token, or a pattern with exactly one `*`.
///
/// ```
/// use cookie_registry_rules::name::{parse_name, NameError, NameShape};
/// assert_eq!(parse_name("sessionid"), Ok(NameShape::Exact("sessionid")));
/// assert_eq!(parse_name("*_l"), Ok(NameShape::Pattern { prefix: "", suffix: "_l" }));
/// assert_eq!(parse_name("a*b*"), Err(NameError::TwoStars));
/// assert!(matches!(parse_name("a b"), Err(NameError::InvalidChar { index: 1, ch: ' ' })));
/// ```
pub fn parse_name(name: &str) -> Result<NameShape<'_>, NameError> {
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if let Some((index, ch)) = name
        .char_indices()
        .find(|&(_, c)| !c.is_ascii() || !is_token_byte(c as u8))
    {
        return Err(NameError::InvalidChar { index, ch });
    }
    let mut stars = name.match_indices('*');
    match (stars.next(), stars.next()) {
        (None, _) => Ok(NameShape::Exact(name)),
        (Some(_), Some(_)) => Err(NameError::TwoStars),
        (Some(_), None) if name.len() == 1 => Err(NameError::LoneStar),
        (Some((at, _)), None) => Ok(NameShape::Pattern {
            prefix: &name[..at],
            suffix: &name[at + 1..],
        }),
    }
}

/// Whether `name` matches the pattern `prefix*suffix`; the `*` stands for one or more
/// characters, so `_ga_*` matches `_ga_ABC` but not `_ga_`.
///
/// ```
/// use cookie_registry_rules::name::pattern_matches;
/// assert!(pattern_matches("_pk_id.", "", "_pk_id.1a2b"));
/// assert!(!pattern_matches("_pk_id.", "", "_pk_id."));
/// assert!(pattern_matches("a", "b", "axb"));
/// assert!(!pattern_matches("a", "b", "ab"));
/// ```
#[inline]
pub fn pattern_matches(prefix: &str, suffix: &str, name: &str) -> bool {
    pattern_matches_bytes(prefix.as_bytes(), suffix.as_bytes(), name.as_bytes())
}

/// [`pattern_matches`] on bytes, as a `const fn`: the one definition of what a pattern
/// matches, used by the macros, by `cookie!` during constant evaluation and by the runtime's
/// lookups.
///
/// ```
/// use cookie_registry_rules::name::pattern_matches_bytes;
/// const MATCHES: bool = pattern_matches_bytes(b"_ga_", b"", b"_ga_X1");
/// assert!(MATCHES);
/// assert!(!pattern_matches_bytes(b"_ga_", b"", b"_ga_"));
/// ```
#[inline]
pub const fn pattern_matches_bytes(prefix: &[u8], suffix: &[u8], name: &[u8]) -> bool {
    if name.len() <= prefix.len() + suffix.len() {
        return false;
    }
    let (head, _) = name.split_at(prefix.len());
    let (_, tail) = name.split_at(name.len() - suffix.len());
    bytes_eq(head, prefix) && bytes_eq(tail, suffix)
}

/// Byte-slice equality in a `const fn`.
#[inline]
pub const fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether some cookie name matches both patterns `a` and `b` (each a `(prefix, suffix)` pair).
///
/// Two patterns share a name exactly when one prefix is a prefix of the other and one suffix is
/// a suffix of the other: then the longer prefix, one more character and the longer suffix make
/// a name both match.
///
/// ```
/// use cookie_registry_rules::name::patterns_overlap;
/// assert!(patterns_overlap(("_ga", ""), ("_ga_", "")));
/// assert!(patterns_overlap(("_ga_", ""), ("", "_l")));
/// assert!(!patterns_overlap(("a", "x"), ("a", "y")));
/// assert!(!patterns_overlap(("_ga_", ""), ("_gid", "")));
/// ```
pub fn patterns_overlap(a: (&str, &str), b: (&str, &str)) -> bool {
    let compatible_prefix = a.0.starts_with(b.0) || b.0.starts_with(a.0);
    let compatible_suffix = a.1.ends_with(b.1) || b.1.ends_with(a.1);
    compatible_prefix && compatible_suffix
}

/// A name that both patterns match, for error messages; `None` when they do not overlap.
///
/// ```
/// use cookie_registry_rules::name::common_match;
/// assert_eq!(common_match(("_ga_", ""), ("", "_l")).as_deref(), Some("_ga_x_l"));
/// ```
pub fn common_match(a: (&str, &str), b: (&str, &str)) -> Option<String> {
    if !patterns_overlap(a, b) {
        return None;
    }
    let prefix = if a.0.len() >= b.0.len() { a.0 } else { b.0 };
    let suffix = if a.1.len() >= b.1.len() { a.1 } else { b.1 };
    Some(format!("{prefix}x{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_separator_is_rejected() {
        for sep in "()<>@,;:\\\"/[]?={} \t".chars() {
            let name = format!("a{sep}b");
            assert!(
                matches!(parse_name(&name), Err(NameError::InvalidChar { index: 1, ch }) if ch == sep),
                "{name:?} was accepted"
            );
        }
    }

    #[test]
    fn tables_follow_the_grammar() {
        let token: Vec<u8> = (0..=255u8).filter(|&b| is_token_byte(b)).collect();
        assert_eq!(
            token,
            b"!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~"
        );
        let octets = (0..=255u8).filter(|&b| is_cookie_octet(b)).count();
        // Visible ASCII (0x21-0x7E, 94 bytes) less `"`, `,`, `;` and `\`.
        assert_eq!(octets, 90);
        for b in [b'"', b',', b';', b'\\', b' ', 0x7f, 0x80] {
            assert!(!is_cookie_octet(b));
        }
    }

    #[test]
    fn non_ascii_is_rejected() {
        assert_eq!(
            parse_name("café"),
            Err(NameError::InvalidChar { index: 3, ch: 'é' })
        );
    }

    #[test]
    fn overlap_agrees_with_brute_force() {
        // Every pattern over a two-letter alphabet up to a small size, against every name up to
        // length 6: the closed form must agree with the search.
        let parts = ["", "a", "b", "aa", "ab", "ba", "bb"];
        let mut names = vec![String::new()];
        for len in 1..=6 {
            for n in 0..(1u32 << len) {
                names.push(
                    (0..len)
                        .map(|i| if n >> i & 1 == 0 { 'a' } else { 'b' })
                        .collect(),
                );
            }
        }
        for p1 in parts {
            for s1 in parts {
                for p2 in parts {
                    for s2 in parts {
                        let brute = names
                            .iter()
                            .any(|n| pattern_matches(p1, s1, n) && pattern_matches(p2, s2, n));
                        assert_eq!(
                            patterns_overlap((p1, s1), (p2, s2)),
                            brute,
                            "{p1}*{s1} vs {p2}*{s2}"
                        );
                    }
                }
            }
        }
    }
}
