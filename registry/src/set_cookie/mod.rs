//! A zero-copy `Set-Cookie` parser that reads a header the way browsers do (RFC 6265bis §5.6)
//! and notes, on the way, what a server should not have sent (for [`lint`](crate::lint)).

pub(crate) mod bytes;
pub mod date;

use core::fmt;

use crate::declaration::SameSite;

/// The most bytes of name and value together that browsers keep (6265bis §5.6 step 5).
pub const MAX_NAME_VALUE: usize = 4096;
pub use cookie_registry_rules::domain::MAX_ATTRIBUTE_VALUE;

/// How far in the past an `Expires` must be for a header to count as a deletion where that
/// lets it skip a check (the consent gate, the declaration's attributes): one day, more than
/// the clock errors of browsers that matter. Servers delete with `Max-Age=0` or a date in 1970.
const EXPIRES_DELETION_MARGIN: i64 = 86_400;

/// Whether an `Expires` at `at` deletes whatever the browser's clock: at least
/// [`EXPIRES_DELETION_MARGIN`] before `now`. The one rule the consent gate and the declaration
/// check share.
pub(crate) fn clearly_past(at: i64, now: i64) -> bool {
    at <= now.saturating_sub(EXPIRES_DELETION_MARGIN)
}

/// Why a header is not a cookie at all: browsers ignore it entirely (6265bis §5.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseError {
    /// A control character other than tab (step 1).
    ControlCharacter {
        /// Byte offset.
        index: usize,
    },
    /// Both name and value are empty (step 4).
    Empty,
    /// Name and value are longer than 4096 bytes together (step 5).
    TooLarge {
        /// Their length.
        len: usize,
    },
    /// The bytes are not UTF-8 (from [`SetCookie::parse_bytes`]); a header a server sends
    /// should be visible ASCII.
    NotUtf8 {
        /// Byte offset of the first bad byte.
        index: usize,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::ControlCharacter { index } => {
                write!(
                    f,
                    "control character at byte {index}: browsers ignore the whole cookie"
                )
            }
            ParseError::Empty => f.write_str("empty name and value: browsers ignore the cookie"),
            ParseError::TooLarge { len } => write!(
                f,
                "name and value are {len} bytes, over the 4096 browsers keep: they ignore the cookie"
            ),
            ParseError::NotUtf8 { index } => write!(f, "byte {index} is not UTF-8"),
        }
    }
}

impl std::error::Error for ParseError {}

/// The attributes the parser knows; also bit positions in [`SetCookie`]'s bookkeeping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Known {
    Expires = 0,
    MaxAge = 1,
    Domain = 2,
    Path = 3,
    Secure = 4,
    HttpOnly = 5,
    SameSite = 6,
    Partitioned = 7,
}

impl Known {
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Known::Expires => "Expires",
            Known::MaxAge => "Max-Age",
            Known::Domain => "Domain",
            Known::Path => "Path",
            Known::Secure => "Secure",
            Known::HttpOnly => "HttpOnly",
            Known::SameSite => "SameSite",
            Known::Partitioned => "Partitioned",
        }
    }

    /// Case-insensitive match of an attribute name (6265bis §5.6: attribute names are
    /// compared case-insensitively): the name's bytes, lowercased with `| 0x20` (exact for
    /// these names: only letters, `-` and CR map onto letters and `-`, and CR never gets here),
    /// compared as one or two words.
    #[inline]
    fn of(name: &str) -> Option<Known> {
        const fn key(s: &[u8]) -> u64 {
            let mut w = 0u64;
            let mut i = 0;
            while i < s.len() && i < 8 {
                w |= (s[i] as u64) << (8 * i);
                i += 1;
            }
            w
        }
        let b = name.as_bytes();
        let lower = |from: usize, to: usize| {
            let mut w = 0u64;
            for (i, &c) in b[from..to].iter().enumerate() {
                w |= u64::from(c | 0x20) << (8 * i);
            }
            w
        };
        match b.len() {
            4 if lower(0, 4) == key(b"path") => Some(Known::Path),
            6 => match lower(0, 6) {
                w if w == key(b"secure") => Some(Known::Secure),
                w if w == key(b"domain") => Some(Known::Domain),
                _ => None,
            },
            7 => match lower(0, 7) {
                w if w == key(b"expires") => Some(Known::Expires),
                w if w == key(b"max-age") => Some(Known::MaxAge),
                _ => None,
            },
            8 => match lower(0, 8) {
                w if w == key(b"httponly") => Some(Known::HttpOnly),
                w if w == key(b"samesite") => Some(Known::SameSite),
                _ => None,
            },
            11 if lower(0, 8) == key(b"partitio") && lower(8, 11) == key(b"ned") => {
                Some(Known::Partitioned)
            }
            _ => None,
        }
    }

    /// The known attribute whose name starts `b[from..end]` (an attribute with its leading
    /// whitespace skipped) and is followed by `=` or the attribute's end, read from one
    /// 8-byte load: `(attribute, end of the name)`. `None` when it is not so plain (another
    /// name, whitespace before `=`, the header's last 7 bytes): [`Known::of`] then decides on
    /// the trimmed name. Lowercasing with `| 0x20` is exact here, as in [`Known::of`].
    #[inline(always)]
    fn at(b: &[u8], from: usize, end: usize) -> Option<(Known, usize)> {
        const fn key(s: &[u8]) -> u64 {
            let mut w = 0u64;
            let mut i = 0;
            while i < s.len() {
                w |= (s[i] as u64) << (8 * i);
                i += 1;
            }
            w
        }
        const fn low(n: usize) -> u64 {
            (1u64 << (8 * n)) - 1
        }
        if from + 8 > b.len() {
            return None;
        }
        let mut word = [0u8; 8];
        word.copy_from_slice(&b[from..from + 8]);
        let w = u64::from_le_bytes(word) | 0x2020_2020_2020_2020;
        let (known, len) = match w as u8 {
            b'p' if w & low(4) == key(b"path") => (Known::Path, 4),
            b'p' if w == key(b"partitio")
                && from + 11 <= b.len()
                && b[from + 8..from + 11].eq_ignore_ascii_case(b"ned") =>
            {
                (Known::Partitioned, 11)
            }
            b'd' if w & low(6) == key(b"domain") => (Known::Domain, 6),
            b'e' if w & low(7) == key(b"expires") => (Known::Expires, 7),
            b'm' if w & low(7) == key(b"max-age") => (Known::MaxAge, 7),
            b's' if w & low(6) == key(b"secure") => (Known::Secure, 6),
            b's' if w == key(b"samesite") => (Known::SameSite, 8),
            b'h' if w == key(b"httponly") => (Known::HttpOnly, 8),
            _ => return None,
        };
        let name_end = from + len;
        (name_end == end || (name_end < end && b[name_end] == b'=')).then_some((known, name_end))
    }

    pub(crate) const ALL: [Known; 8] = [
        Known::Expires,
        Known::MaxAge,
        Known::Domain,
        Known::Path,
        Known::Secure,
        Known::HttpOnly,
        Known::SameSite,
        Known::Partitioned,
    ];
}

/// What the parser noticed that a server should not send; read by the linter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Notes {
    /// Known attributes seen (bit per [`Known`]).
    pub(crate) seen: u8,
    /// Known attributes seen more than once.
    pub(crate) repeated: u8,
    /// Flags (Secure, HttpOnly, Partitioned) given a value.
    pub(crate) flag_values: u8,
    /// An empty attribute (`;;` or a trailing `;`).
    pub(crate) empty_attribute: bool,
    /// The longest attribute value, in bytes.
    pub(crate) longest_value: usize,
    /// There was no `=` in the name-value pair (a nameless cookie).
    pub(crate) no_equals: bool,
    /// An attribute name or value has a tab or a non-ASCII character (not `av-octet`).
    pub(crate) attribute_not_av_octets: bool,
}

/// A parsed `Set-Cookie` header. It borrows the header: parsing allocates nothing.
///
/// ```
/// use cookie_registry::{SameSite, SetCookie};
/// let c = SetCookie::parse("sessionid=abc123; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax; Priority=High")?;
/// assert_eq!((c.name(), c.value()), ("sessionid", "abc123"));
/// assert_eq!(c.max_age(), Some(1_209_600));
/// assert_eq!(c.path(), Some("/"));
/// assert!(c.http_only() && !c.secure());
/// assert_eq!(c.same_site(), Some(SameSite::Lax));
/// let extensions: Vec<_> = c.extensions().map(|a| (a.name(), a.value())).collect();
/// assert_eq!(extensions, [("Priority", Some("High"))]);
/// # Ok::<(), cookie_registry::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetCookie<'a> {
    header: &'a str,
    name: &'a str,
    value: &'a str,
    attributes: &'a str,
    expires: Option<&'a str>,
    /// `expires` read once, when parsed: `(instant, was an IMF-fixdate)`.
    expires_value: Option<(i64, bool)>,
    max_age: Option<&'a str>,
    max_age_value: Option<i64>,
    domain: Option<&'a str>,
    path: Option<&'a str>,
    same_site: Option<&'a str>,
    same_site_value: Option<SameSite>,
    secure: bool,
    http_only: bool,
    partitioned: bool,
    pub(crate) notes: Notes,
}

use crate::set_cookie::bytes::{find, trim_wsp};

/// One attribute of a header, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attribute<'a> {
    name: &'a str,
    value: Option<&'a str>,
}

impl<'a> Attribute<'a> {
    /// The name, as written.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The value after `=`, if there is an `=`.
    pub fn value(&self) -> Option<&'a str> {
        self.value
    }
}

/// The `cookie-av` `s[start..end]` (whose first `=`, if any, is at `equals`) as a name and
/// optional value, trimmed.
#[inline(always)]
fn split_attribute(s: &str, start: usize, equals: Option<usize>, end: usize) -> Attribute<'_> {
    let trim = |from, to| trim_span(s, from, to);
    match equals {
        Some(at) => Attribute {
            name: trim(start, at),
            value: Some(trim(at + 1, end)),
        },
        None => Attribute {
            name: trim(start, end),
            value: None,
        },
    }
}

/// `s[from..to]` without surrounding spaces and tabs.
#[inline(always)]
fn trim_span(s: &str, from: usize, to: usize) -> &str {
    // Only ASCII bytes delimit the spans (`;`, `=`): both ends are char boundaries.
    s.get(from..to).map_or("", trim_wsp)
}

/// An `Expires` value: an IMF-fixdate read directly (what most servers send; the same instant
/// the cookie-date algorithm gives), else the cookie-date algorithm.
pub(crate) fn read_date(raw: &str) -> Option<i64> {
    crate::set_cookie::date::parse_imf_fixdate(raw)
        .or_else(|| crate::set_cookie::date::parse_cookie_date(raw))
}

/// A `Max-Age` value as browsers read it (6265bis §5.6.2): an optional `-` and digits,
/// saturating.
pub(crate) fn read_max_age(raw: &str) -> Option<i64> {
    let (negative, digits) = match raw.as_bytes().first() {
        Some(b'-') => (true, &raw[1..]),
        _ => (false, raw),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.bytes().fold(0i64, |acc, b| {
        acc.saturating_mul(10).saturating_add(i64::from(b - b'0'))
    });
    Some(if negative { -magnitude } else { magnitude })
}

/// The `cookie-av` `av` split (for [`SetCookie::attributes`]).
fn split_one(av: &str) -> Attribute<'_> {
    split_attribute(av, 0, find(av, b'='), av.len())
}

impl<'a> SetCookie<'a> {
    /// Parses a header as browsers do (6265bis §5.6): the first `;` ends the name-value pair,
    /// the first `=` in it ends the name, attribute names are case-insensitive and the last of
    /// each kind wins. An attribute value over 1024 bytes is ignored, as browsers do.
    ///
    /// # Errors
    ///
    /// Only where browsers ignore the whole header: see [`ParseError`]. Everything else a
    /// server should not send is for [`lint`](crate::lint).
    #[inline]
    pub fn parse(header: &'a str) -> Result<SetCookie<'a>, ParseError> {
        Ok(Head::parse(header)?.finish())
    }
}

/// The first phase of parsing: controls scanned, name and value split, attributes not read
/// yet (what a cached verdict needs).
pub(crate) struct Head<'a> {
    header: &'a str,
    pub(crate) name: &'a str,
    pub(crate) value: &'a str,
    pub(crate) attributes: &'a str,
    pair_len: usize,
    semicolons: crate::set_cookie::bytes::Semicolons,
    pub(crate) no_equals: bool,
}

impl<'a> Head<'a> {
    #[inline]
    pub(crate) fn parse(header: &'a str) -> Result<Head<'a>, ParseError> {
        // One pass: control characters, and where the semicolons are.
        let semicolons = crate::set_cookie::bytes::scan_header(header.as_bytes())
            .map_err(|index| ParseError::ControlCharacter { index })?;
        let semicolon = (semicolons.count > 0).then(|| semicolons.at[0] as usize);
        let (pair, attributes) = match semicolon {
            Some(at) => (&header[..at], &header[at + 1..]),
            None => (header, ""),
        };
        let (name, value, no_equals) = match find(pair, b'=') {
            Some(at) => (trim_wsp(&pair[..at]), trim_wsp(&pair[at + 1..]), false),
            None => ("", trim_wsp(pair), true),
        };
        if name.is_empty() && value.is_empty() {
            return Err(ParseError::Empty);
        }
        if name.len() + value.len() > MAX_NAME_VALUE {
            return Err(ParseError::TooLarge {
                len: name.len() + value.len(),
            });
        }
        Ok(Head {
            header,
            name,
            value,
            attributes,
            pair_len: pair.len(),
            semicolons,
            no_equals,
        })
    }

    /// The whole header.
    pub(crate) fn header(&self) -> &'a str {
        self.header
    }

    /// The second phase: the attributes.
    #[inline]
    pub(crate) fn finish(self) -> SetCookie<'a> {
        let Head {
            header,
            name,
            value,
            attributes,
            pair_len,
            semicolons,
            no_equals,
        } = self;
        // A tab or non-ASCII byte after the first `;` may sit inside an attribute: then each
        // attribute is looked at (rare, so the common case pays nothing).
        let odd_attributes =
            semicolons.count > 0 && semicolons.odd_after(semicolons.at[0] as usize);
        let notes = Notes {
            no_equals,
            ..Notes::default()
        };
        let mut cookie = SetCookie {
            header,
            name,
            value,
            attributes,
            expires: None,
            expires_value: None,
            max_age: None,
            max_age_value: None,
            domain: None,
            path: None,
            same_site: None,
            same_site_value: None,
            secure: false,
            http_only: false,
            partitioned: false,
            notes,
        };
        if attributes.is_empty() && header.len() > pair_len {
            // A lone trailing `;`.
            cookie.notes.empty_attribute = true;
        }
        if semicolons.count > 0 {
            // Each `cookie-av` runs from after one `;` to the next (positions in `header`).
            let mut ends = semicolons.at[1..semicolons.count]
                .iter()
                .map(|&e| e as usize);
            let mut start = semicolons.at[0] as usize + 1;
            loop {
                let end = match ends.next() {
                    Some(end) => end,
                    None if semicolons.overflow => {
                        find(&header[start..], b';').map_or(header.len(), |at| start + at)
                    }
                    None => header.len(),
                };
                // Most attributes are a known name written plainly (`Path=/`, `Secure`):
                // read from one word, without scanning for `=` or trimming the name.
                if !odd_attributes {
                    let bytes = header.as_bytes();
                    let from = start
                        + bytes[start..end]
                            .iter()
                            .position(|&c| c != b' ' && c != b'\t')
                            .unwrap_or(end - start);
                    if let Some((known, name_end)) = Known::at(bytes, from, end) {
                        let value = (name_end < end).then(|| trim_span(header, name_end + 1, end));
                        cookie.known(known, value);
                        if end == header.len() {
                            break;
                        }
                        start = end + 1;
                        continue;
                    }
                }
                let equals = find(&header[start..end], b'=').map(|at| start + at);
                let attribute = split_attribute(header, start, equals, end);
                if odd_attributes {
                    let odd = |s: &str| s.bytes().any(|b| b == b'\t' || b >= 0x80);
                    if odd(attribute.name) || attribute.value.is_some_and(odd) {
                        cookie.notes.attribute_not_av_octets = true;
                    }
                }
                cookie.attribute(attribute);
                if end == header.len() {
                    break;
                }
                start = end + 1;
            }
        }
        cookie
    }
}

impl<'a> SetCookie<'a> {
    /// Parses a header that parsed before (a checked header whose attributes the verdict cache
    /// let the check skip). Parsing is deterministic, so it succeeds again; were it ever to
    /// fail, the result is the whole header as a nameless cookie without attributes, never a
    /// panic.
    pub(crate) fn reparse(header: &'a str) -> SetCookie<'a> {
        match Head::parse(header) {
            Ok(head) => head.finish(),
            Err(_) => SetCookie {
                header,
                name: "",
                value: header,
                attributes: "",
                expires: None,
                expires_value: None,
                max_age: None,
                max_age_value: None,
                domain: None,
                path: None,
                same_site: None,
                same_site_value: None,
                secure: false,
                http_only: false,
                partitioned: false,
                notes: Notes::default(),
            },
        }
    }

    /// [`parse`](SetCookie::parse) for raw header bytes (`HeaderValue::as_bytes`).
    ///
    /// # Errors
    ///
    /// [`ParseError::NotUtf8`] for bytes that are not UTF-8, then as [`parse`](SetCookie::parse).
    ///
    /// ```
    /// use cookie_registry::{ParseError, SetCookie};
    /// assert_eq!(SetCookie::parse_bytes(b"lang=fr; Path=/")?.name(), "lang");
    /// assert_eq!(SetCookie::parse_bytes(b"lang=\xff"), Err(ParseError::NotUtf8 { index: 5 }));
    /// # Ok::<(), ParseError>(())
    /// ```
    pub fn parse_bytes(header: &'a [u8]) -> Result<SetCookie<'a>, ParseError> {
        match std::str::from_utf8(header) {
            Ok(s) => SetCookie::parse(s),
            Err(e) => Err(ParseError::NotUtf8 {
                index: e.valid_up_to(),
            }),
        }
    }

    #[inline]
    fn attribute(&mut self, attribute: Attribute<'a>) {
        if attribute.name.is_empty() {
            if attribute.value.is_none() {
                self.notes.empty_attribute = true;
            }
            return;
        }
        if let Some(known) = Known::of(attribute.name) {
            self.known(known, attribute.value);
        }
    }

    /// A known attribute, with its value if it has an `=`.
    #[inline]
    fn known(&mut self, known: Known, raw_value: Option<&'a str>) {
        let bit = 1u8 << (known as u8);
        if self.notes.seen & bit != 0 {
            self.notes.repeated |= bit;
        }
        self.notes.seen |= bit;
        let value = raw_value.unwrap_or("");
        self.notes.longest_value = self.notes.longest_value.max(value.len());
        if value.len() > MAX_ATTRIBUTE_VALUE {
            // Browsers ignore the attribute (6265bis §5.6 step 6).
            return;
        }
        match known {
            Known::Expires => {
                self.expires = Some(value);
                // Read once here: the lint and the declaration check both need it.
                self.expires_value = match crate::set_cookie::date::parse_imf_fixdate(value) {
                    Some(at) => Some((at, true)),
                    None => crate::set_cookie::date::parse_cookie_date(value).map(|at| (at, false)),
                };
            }
            Known::MaxAge => {
                self.max_age = Some(value);
                self.max_age_value = read_max_age(value);
            }
            Known::Domain => self.domain = Some(value),
            Known::Path => self.path = Some(value),
            Known::SameSite => {
                self.same_site = Some(value);
                self.same_site_value = SameSite::parse(value);
            }
            Known::Secure | Known::HttpOnly | Known::Partitioned => {
                if raw_value.is_some() {
                    self.notes.flag_values |= bit;
                }
                match known {
                    Known::Secure => self.secure = true,
                    Known::HttpOnly => self.http_only = true,
                    _ => self.partitioned = true,
                }
            }
        }
    }

    /// Everything after the first `;`, as sent.
    pub(crate) fn attributes_raw(&self) -> &'a str {
        self.attributes
    }

    /// The whole header.
    pub fn header(&self) -> &'a str {
        self.header
    }

    /// The cookie's name (empty for a nameless cookie, which has no `=`).
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The value, as sent (surrounding double quotes included, as browsers keep them).
    pub fn value(&self) -> &'a str {
        self.value
    }

    /// The raw `Expires` value (the last one).
    pub fn expires_raw(&self) -> Option<&'a str> {
        self.expires
    }

    /// `Expires` read with the cookie-date algorithm (6265bis §5.1.1), in seconds since the
    /// Unix epoch; `None` when absent or unreadable (browsers then ignore it).
    pub fn expires(&self) -> Option<i64> {
        if self.notes.repeated & (1 << Known::Expires as u8) != 0 {
            // Browsers ignore an unreadable Expires (6265bis §5.6.1 step 2) and keep the last
            // one left (§5.7): the last readable one.
            return self
                .known_values(Known::Expires)
                .filter_map(read_date)
                .last();
        }
        self.expires_value.map(|(at, _)| at)
    }

    /// The last `Expires` read, if it is an IMF-fixdate (the form servers should send).
    pub(crate) fn expires_imf(&self) -> Option<i64> {
        self.expires_value.and_then(|(at, imf)| imf.then_some(at))
    }

    /// The raw `Max-Age` value (the last one).
    pub fn max_age_raw(&self) -> Option<&'a str> {
        self.max_age
    }

    /// `Max-Age` as browsers read it (6265bis §5.6.2): an optional `-` and digits, saturating;
    /// `None` when absent or not a number (browsers then ignore it).
    pub fn max_age(&self) -> Option<i64> {
        if self.notes.repeated & (1 << Known::MaxAge as u8) != 0 {
            // Browsers ignore an unreadable Max-Age (6265bis §5.6.2 steps 1-2) and keep the
            // last one left (§5.7): the last readable one.
            return self
                .known_values(Known::MaxAge)
                .filter_map(read_max_age)
                .last();
        }
        self.max_age_value
    }

    /// The values of every `known` attribute, in order (for repeated attributes).
    pub(crate) fn known_values(&self, known: Known) -> impl Iterator<Item = &'a str> + use<'a> {
        self.attributes()
            .filter(move |a| Known::of(a.name) == Some(known))
            .filter_map(|a| a.value)
            .filter(|v| v.len() <= MAX_ATTRIBUTE_VALUE)
    }

    /// The `Domain` value as sent.
    pub fn domain(&self) -> Option<&'a str> {
        self.domain
    }

    /// The `Path` value as sent.
    pub fn path(&self) -> Option<&'a str> {
        self.path
    }

    /// Whether `Secure` is set.
    pub fn secure(&self) -> bool {
        self.secure
    }

    /// Whether `HttpOnly` is set.
    pub fn http_only(&self) -> bool {
        self.http_only
    }

    /// Whether `Partitioned` is set.
    pub fn partitioned(&self) -> bool {
        self.partitioned
    }

    /// The raw `SameSite` value.
    pub fn same_site_raw(&self) -> Option<&'a str> {
        self.same_site
    }

    /// `SameSite`, matched case-insensitively; `None` when absent or not one of the three
    /// values.
    pub fn same_site(&self) -> Option<SameSite> {
        self.same_site_value
    }

    /// Every attribute, in order, as written (empty ones skipped).
    pub fn attributes(&self) -> impl Iterator<Item = Attribute<'a>> + use<'a> {
        let attributes = self.attributes;
        attributes
            .split(';')
            .filter(move |_| !attributes.is_empty())
            .map(split_one)
            .filter(|a| !a.name.is_empty())
    }

    /// The attributes this parser does not know (extension attributes such as `Priority`), in
    /// order.
    pub fn extensions(&self) -> impl Iterator<Item = Attribute<'a>> + use<'a> {
        self.attributes().filter(|a| Known::of(a.name).is_none())
    }

    /// Whether the header deletes the cookie at `now` (seconds since the Unix epoch):
    /// `Max-Age` zero or less, or, without `Max-Age`, an `Expires` not after `now`
    /// (6265bis §5.6.1, §5.6.2: `Max-Age` wins over `Expires`).
    ///
    /// ```
    /// use cookie_registry::SetCookie;
    /// let now = 1_800_000_000;
    /// assert!(SetCookie::parse("id=; Max-Age=0")?.is_removal_at(now));
    /// assert!(SetCookie::parse("id=; Expires=Thu, 01 Jan 1970 00:00:00 GMT")?.is_removal_at(now));
    /// // Max-Age wins over a past Expires.
    /// assert!(!SetCookie::parse("id=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60")?.is_removal_at(now));
    /// # Ok::<(), cookie_registry::ParseError>(())
    /// ```
    pub fn is_removal_at(&self, now: i64) -> bool {
        match (self.max_age(), self.expires()) {
            (Some(age), _) => age <= 0,
            (None, Some(at)) => at <= now,
            (None, None) => false,
        }
    }

    /// Whether the header deletes the cookie at `now` whatever the browser's clock: `Max-Age`
    /// zero or less, or an `Expires` at least [`EXPIRES_DELETION_MARGIN`] before `now`. What
    /// the consent gate and the declaration check let pass as a deletion: a browser whose
    /// clock is behind the server's would store a cookie whose `Expires` is only just past.
    #[cfg_attr(not(any(feature = "tower", feature = "actix")), allow(dead_code))]
    pub(crate) fn is_clear_removal_at(&self, now: i64) -> bool {
        match (self.max_age(), self.expires()) {
            (Some(age), _) => age <= 0,
            (None, Some(at)) => clearly_past(at, now),
            (None, None) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Known;

    #[test]
    fn attribute_names_match_in_any_case_and_nothing_else() {
        for k in Known::ALL {
            let name = k.name();
            assert_eq!(Known::of(name), Some(k));
            assert_eq!(Known::of(&name.to_ascii_lowercase()), Some(k));
            assert_eq!(Known::of(&name.to_ascii_uppercase()), Some(k));
            // Every one-byte change of the name is another name.
            for at in 0..name.len() {
                for b in 0..=255u8 {
                    let mut other = name.as_bytes().to_vec();
                    // Control characters never reach here: the parser refuses them first.
                    if other[at].eq_ignore_ascii_case(&b) || b < 0x20 || b == 0x7f {
                        continue;
                    }
                    other[at] = b;
                    if let Ok(other) = std::str::from_utf8(&other) {
                        assert_eq!(Known::of(other), None, "{other:?}");
                    }
                }
            }
        }
        assert_eq!(Known::of(""), None);
        assert_eq!(Known::of("Priority"), None);
    }
}
