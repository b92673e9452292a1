//! Rules tying a cookie's name to its attributes: the name prefixes, `SameSite` and its values,
//! `Partitioned`.

use core::fmt;

/// A name prefix that browsers enforce (6265bis §4.1.3; `__Http-` and `__Host-Http-` from
/// draft-ietf-httpbis-layered-cookies-02 §4.1.3, with the HttpOnly fix of httpwg PR #3511).
/// Browsers match prefixes case-insensitively (6265bis §5.4 step 20 onwards).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NamePrefix {
    /// `__Secure-`: needs Secure.
    Secure,
    /// `__Host-`: needs Secure, no Domain, `Path=/`.
    Host,
    /// `__Http-`: needs Secure and HttpOnly.
    Http,
    /// `__Host-Http-`: the `__Host-` rules plus HttpOnly.
    HostHttp,
}

impl NamePrefix {
    /// The prefix as it is usually written.
    pub const fn as_str(self) -> &'static str {
        match self {
            NamePrefix::Secure => "__Secure-",
            NamePrefix::Host => "__Host-",
            NamePrefix::Http => "__Http-",
            NamePrefix::HostHttp => "__Host-Http-",
        }
    }

    /// Whether the prefix requires HttpOnly.
    pub const fn needs_http_only(self) -> bool {
        matches!(self, NamePrefix::Http | NamePrefix::HostHttp)
    }

    /// Whether the prefix carries the `__Host-` rules (no Domain, `Path=/`).
    pub const fn is_host(self) -> bool {
        matches!(self, NamePrefix::Host | NamePrefix::HostHttp)
    }
}

impl fmt::Display for NamePrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn starts_with_ignore_case(name: &str, prefix: &str) -> bool {
    name.len() >= prefix.len()
        && name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// The prefix `name` starts with, matched case-insensitively as browsers do.
///
/// ```
/// use cookie_registry_rules::attributes::{name_prefix, NamePrefix};
/// assert_eq!(name_prefix("__Host-sid"), Some(NamePrefix::Host));
/// assert_eq!(name_prefix("__HOST-HTTP-sid"), Some(NamePrefix::HostHttp));
/// assert_eq!(name_prefix("__secure-x"), Some(NamePrefix::Secure));
/// assert_eq!(name_prefix("_Host-x"), None);
/// ```
pub fn name_prefix(name: &str) -> Option<NamePrefix> {
    // Every prefix starts with `__` (no case to ignore there): most names stop here.
    if !name.starts_with("__") {
        return None;
    }
    // Longest first: `__Host-Http-` also starts with `__Host-`.
    [
        NamePrefix::HostHttp,
        NamePrefix::Host,
        NamePrefix::Http,
        NamePrefix::Secure,
    ]
    .into_iter()
    .find(|p| starts_with_ignore_case(name, p.as_str()))
}

/// The attributes of one cookie that the rules look at, whether they come from a declaration or
/// from a Set-Cookie header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Attributes<'a> {
    /// `Secure` is set.
    pub secure: bool,
    /// `HttpOnly` is set.
    pub http_only: bool,
    /// `SameSite=None` is set.
    pub same_site_none: bool,
    /// `Partitioned` is set.
    pub partitioned: bool,
    /// The `Domain` attribute, if any.
    pub domain: Option<&'a str>,
    /// The `Path` attribute, if any.
    pub path: Option<&'a str>,
}

/// A broken rule tying a name to its attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Breach {
    /// A prefixed name without Secure (6265bis §4.1.3.1, §4.1.3.2).
    PrefixWithoutSecure(NamePrefix),
    /// `__Http-` or `__Host-Http-` without HttpOnly (layered-cookies §4.1.3).
    PrefixWithoutHttpOnly(NamePrefix),
    /// `__Host-` with a Domain (6265bis §4.1.3.2).
    HostPrefixWithDomain(NamePrefix),
    /// `__Host-` without an explicit `Path=/` (6265bis §4.1.3.2; an empty `Path=` fails too).
    HostPrefixWithoutRootPath(NamePrefix),
    /// `SameSite=None` without Secure: browsers drop the cookie (6265bis §5.7 step 19).
    SameSiteNoneWithoutSecure,
    /// `Partitioned` without Secure: browsers drop the cookie (CHIPS, draft-cutler-httpbis-partitioned-cookies §2.1).
    PartitionedWithoutSecure,
}

impl Breach {
    /// A stable kebab-case code for the breach.
    pub const fn code(self) -> &'static str {
        match self {
            Breach::PrefixWithoutSecure(NamePrefix::Secure) => "secure-prefix-without-secure",
            Breach::PrefixWithoutSecure(NamePrefix::Host) => "host-prefix-without-secure",
            Breach::PrefixWithoutSecure(NamePrefix::Http) => "http-prefix-without-secure",
            Breach::PrefixWithoutSecure(NamePrefix::HostHttp) => "host-http-prefix-without-secure",
            Breach::PrefixWithoutHttpOnly(NamePrefix::HostHttp) => {
                "host-http-prefix-without-http-only"
            }
            Breach::PrefixWithoutHttpOnly(_) => "http-prefix-without-http-only",
            Breach::HostPrefixWithDomain(_) => "host-prefix-with-domain",
            Breach::HostPrefixWithoutRootPath(_) => "host-prefix-without-root-path",
            Breach::SameSiteNoneWithoutSecure => "samesite-none-without-secure",
            Breach::PartitionedWithoutSecure => "partitioned-without-secure",
        }
    }
}

/// Checks the rules that tie `name` to `attrs`, calling `report` once per broken rule, in a
/// fixed order.
///
/// ```
/// use cookie_registry_rules::attributes::{check, Attributes, Breach, NamePrefix};
/// let mut found = Vec::new();
/// let attrs = Attributes { domain: Some("example.com"), ..Attributes::default() };
/// check("__Host-sid", &attrs, |b| found.push(b));
/// assert_eq!(found, [
///     Breach::PrefixWithoutSecure(NamePrefix::Host),
///     Breach::HostPrefixWithDomain(NamePrefix::Host),
///     Breach::HostPrefixWithoutRootPath(NamePrefix::Host),
/// ]);
/// ```
pub fn check(name: &str, attrs: &Attributes<'_>, mut report: impl FnMut(Breach)) {
    if let Some(prefix) = name_prefix(name) {
        if !attrs.secure {
            report(Breach::PrefixWithoutSecure(prefix));
        }
        if prefix.needs_http_only() && !attrs.http_only {
            report(Breach::PrefixWithoutHttpOnly(prefix));
        }
        if prefix.is_host() {
            if attrs.domain.is_some() {
                report(Breach::HostPrefixWithDomain(prefix));
            }
            // An explicit `Path=/` (compared byte-wise: cheap on the runtime's hot path).
            if !matches!(attrs.path.map(str::as_bytes), Some([b'/'])) {
                report(Breach::HostPrefixWithoutRootPath(prefix));
            }
        }
    }
    if attrs.same_site_none && !attrs.secure {
        report(Breach::SameSiteNoneWithoutSecure);
    }
    if attrs.partitioned && !attrs.secure {
        report(Breach::PartitionedWithoutSecure);
    }
}

/// The `SameSite` attribute (6265bis §4.1.2.7).
///
/// ```
/// use cookie_registry_rules::attributes::SameSite;
/// assert_eq!(SameSite::Lax.as_str(), "Lax");
/// assert_eq!(SameSite::parse("lax"), Some(SameSite::Lax));
/// assert_eq!(SameSite::parse("NONE"), Some(SameSite::None));
/// assert_eq!(SameSite::parse("loose"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SameSite {
    /// Sent only with same-site requests.
    Strict,
    /// Also sent with top-level cross-site navigations.
    Lax,
    /// Sent with cross-site requests too; needs `Secure`.
    None,
}

impl SameSite {
    /// The three values.
    pub const ALL: [SameSite; 3] = [SameSite::Strict, SameSite::Lax, SameSite::None];

    /// The attribute value as written in a header: `Strict`, `Lax` or `None`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
        }
    }

    /// The value `text` names, matched case-insensitively as browsers do (6265bis §5.6.7),
    /// in a header or a declaration.
    pub fn parse(text: &str) -> Option<SameSite> {
        // The three values have three lengths: one comparison, of the bytes packed in words
        // with `| 0x20` (which folds case exactly for letters, and every byte of the three
        // values is a letter: any other byte that folds onto one is a letter too).
        const FOLD: u32 = 0x2020_2020;
        let word = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) | FOLD;
        let b = text.as_bytes();
        let (candidate, same) = match *b {
            [x, y, z] => {
                let w = u32::from_le_bytes([x, y, z, b' ']) | FOLD;
                (SameSite::Lax, w == u32::from_le_bytes(*b"lax "))
            }
            [_, _, _, _] => (SameSite::None, word(b) == u32::from_le_bytes(*b"none")),
            [_, _, _, _, y, z] => {
                let end = u16::from_le_bytes([y, z]) | 0x2020;
                let same =
                    word(b) == u32::from_le_bytes(*b"stri") && end == u16::from_le_bytes(*b"ct");
                (SameSite::Strict, same)
            }
            _ => return None,
        };
        same.then_some(candidate)
    }
}

impl fmt::Display for SameSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// ```
/// use cookie_registry_rules::attributes::SameSite;
/// assert_eq!(cookie::SameSite::from(SameSite::Strict), cookie::SameSite::Strict);
/// ```
#[cfg(feature = "cookie")]
impl From<SameSite> for cookie::SameSite {
    fn from(s: SameSite) -> cookie::SameSite {
        match s {
            SameSite::Strict => cookie::SameSite::Strict,
            SameSite::Lax => cookie::SameSite::Lax,
            SameSite::None => cookie::SameSite::None,
        }
    }
}

/// ```
/// use cookie_registry_rules::attributes::SameSite;
/// assert_eq!(SameSite::from(cookie::SameSite::None), SameSite::None);
/// ```
#[cfg(feature = "cookie")]
impl From<cookie::SameSite> for SameSite {
    fn from(s: cookie::SameSite) -> SameSite {
        match s {
            cookie::SameSite::Strict => SameSite::Strict,
            cookie::SameSite::Lax => SameSite::Lax,
            cookie::SameSite::None => SameSite::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The packed comparison agrees with `eq_ignore_ascii_case` on every case variant of the
    /// three values and on every string one byte (any of the 256) away from one.
    #[test]
    fn same_site_parse_agrees_with_a_case_insensitive_comparison() {
        let reference = |text: &[u8]| {
            SameSite::ALL
                .into_iter()
                .find(|v| v.as_str().as_bytes().eq_ignore_ascii_case(text))
        };
        for value in SameSite::ALL {
            let word = value.as_str().as_bytes();
            for mask in 0..1u32 << word.len() {
                let variant: Vec<u8> = word
                    .iter()
                    .enumerate()
                    .map(|(i, &c)| if mask >> i & 1 == 1 { c ^ 0x20 } else { c })
                    .collect();
                let text = std::str::from_utf8(&variant).unwrap();
                assert_eq!(SameSite::parse(text), Some(value), "{text:?}");
            }
            for at in 0..word.len() {
                for b in 0..=255u8 {
                    let mut text = word.to_vec();
                    text[at] = b;
                    if let Ok(text) = std::str::from_utf8(&text) {
                        assert_eq!(
                            SameSite::parse(text),
                            reference(text.as_bytes()),
                            "{text:?}"
                        );
                    }
                }
            }
        }
        for text in ["", "La", "Laxx", "Nones", "Stric", "Strictly", "None\0\0"] {
            assert_eq!(SameSite::parse(text), None, "{text:?}");
        }
    }
}
