//! `Domain` and `Path` attribute values.

use core::fmt;

/// The most bytes in an attribute value that browsers keep (6265bis §5.6 step 6).
pub const MAX_ATTRIBUTE_VALUE: usize = 1024;

/// Why a `Domain` value is not acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DomainError {
    /// Empty.
    Empty,
    /// Starts with a dot; servers must send the host name alone (6265bis §4.1.2.3).
    LeadingDot,
    /// Ends with a dot, or contains an empty label (`a..b`).
    EmptyLabel,
    /// A label longer than 63 bytes (RFC 1035 §2.3.4).
    LabelTooLong,
    /// Longer than 253 bytes (RFC 1035 §2.3.4).
    TooLong,
    /// A character other than a letter, digit, `-` or `.` (LDH rule, RFC 1123 §2.1); non-ASCII
    /// domains must be sent as their A-label (`xn--...`).
    InvalidChar(char),
    /// A label that starts or ends with `-`.
    HyphenAtLabelEdge,
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DomainError::Empty => f.write_str("the domain is empty"),
            DomainError::LeadingDot => f.write_str("the domain starts with a dot"),
            DomainError::EmptyLabel => f.write_str("the domain has an empty label"),
            DomainError::LabelTooLong => f.write_str("a domain label is longer than 63 bytes"),
            DomainError::TooLong => f.write_str("the domain is longer than 253 bytes"),
            DomainError::InvalidChar(c) => write!(
                f,
                "{} is not allowed in a domain (letters, digits, `-` and `.`; write non-ASCII names as `xn--` labels)",
                crate::name::DisplayChar(*c)
            ),
            DomainError::HyphenAtLabelEdge => f.write_str("a domain label starts or ends with `-`"),
        }
    }
}

/// Checks a `Domain` value: a host name, without a leading dot (6265bis §4.1.2.3).
///
/// ```
/// use cookie_registry_rules::domain::{check_domain, DomainError};
/// assert_eq!(check_domain("herault-data.fr"), Ok(()));
/// assert_eq!(check_domain(".example.com"), Err(DomainError::LeadingDot));
/// assert_eq!(check_domain("exa mple.com"), Err(DomainError::InvalidChar(' ')));
/// ```
pub fn check_domain(domain: &str) -> Result<(), DomainError> {
    if domain.is_empty() {
        return Err(DomainError::Empty);
    }
    if domain.starts_with('.') {
        return Err(DomainError::LeadingDot);
    }
    if domain.len() > 253 {
        return Err(DomainError::TooLong);
    }
    // One pass over the bytes, each label judged at its end: empty, too long, a character
    // that is not allowed (decoded only then, for the message), a hyphen at an edge, in that
    // order. A byte that is not ASCII is not allowed; `.` is ASCII, so it never splits one.
    let bytes = domain.as_bytes();
    let mut start = 0;
    let mut i = 0;
    loop {
        // The label up to the next dot or the end, and its first byte that is not allowed.
        let mut bad = None;
        while let Some(&b) = bytes.get(i) {
            if b == b'.' {
                break;
            }
            if !LDH[usize::from(b)] && bad.is_none() {
                bad = Some(i);
            }
            i += 1;
        }
        let label = &bytes[start..i];
        if label.is_empty() {
            return Err(DomainError::EmptyLabel);
        }
        if label.len() > 63 {
            return Err(DomainError::LabelTooLong);
        }
        if let Some(at) = bad {
            let c = domain[at..].chars().next().unwrap_or('\u{fffd}');
            return Err(DomainError::InvalidChar(c));
        }
        if label[0] == b'-' || label[label.len() - 1] == b'-' {
            return Err(DomainError::HyphenAtLabelEdge);
        }
        if i == bytes.len() {
            return Ok(());
        }
        i += 1;
        start = i;
    }
}

/// The bytes a domain label may hold (the LDH rule, RFC 1123 §2.1): letters, digits, `-`.
const LDH: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'-';
        b += 1;
    }
    table
};

/// Why a `Path` value is not acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathError {
    /// Does not start with `/`: browsers then use the request's default path instead
    /// (6265bis §5.6.4), so the declared path would not hold.
    NotAbsolute,
    /// A character outside `av-octet` (6265bis §4.1.1: visible ASCII and space, but no `;`).
    InvalidChar(char),
    /// Longer than 1024 bytes (6265bis §5.6 step 6).
    TooLong,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::NotAbsolute => f.write_str("the path must start with `/`"),
            PathError::InvalidChar(c) => write!(
                f,
                "{} is not allowed in a path",
                crate::name::DisplayChar(*c)
            ),
            PathError::TooLong => f.write_str("the path is longer than 1024 bytes"),
        }
    }
}

/// Whether `b` is an `av-octet` (6265bis §4.1.1): `%x20-3A / %x3C-7E`.
pub const fn is_av_octet(b: u8) -> bool {
    matches!(b, 0x20..=0x3A | 0x3C..=0x7E)
}

/// Whether a `Path` value starts with `/`: browsers replace one that does not with the
/// request's default path (6265bis §5.6.4). The first rule of [`check_path`], alone, for the
/// runtime lint, which reports the others under codes of their own.
///
/// ```
/// use cookie_registry_rules::domain::is_absolute_path;
/// assert!(is_absolute_path("/admin"));
/// assert!(!is_absolute_path("admin"));
/// ```
pub fn is_absolute_path(path: &str) -> bool {
    path.starts_with('/')
}

/// Checks a `Path` value.
///
/// ```
/// use cookie_registry_rules::domain::{check_path, PathError};
/// assert_eq!(check_path("/"), Ok(()));
/// assert_eq!(check_path("admin"), Err(PathError::NotAbsolute));
/// assert_eq!(check_path("/a;b"), Err(PathError::InvalidChar(';')));
/// ```
pub fn check_path(path: &str) -> Result<(), PathError> {
    if !is_absolute_path(path) {
        return Err(PathError::NotAbsolute);
    }
    if let Some(c) = path
        .chars()
        .find(|c| !c.is_ascii() || !is_av_octet(*c as u8))
    {
        return Err(PathError::InvalidChar(c));
    }
    if path.len() > MAX_ATTRIBUTE_VALUE {
        return Err(PathError::TooLong);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules of `check_domain`, written the plain way: label by label, over characters.
    fn reference(domain: &str) -> Result<(), DomainError> {
        if domain.is_empty() {
            return Err(DomainError::Empty);
        }
        if domain.starts_with('.') {
            return Err(DomainError::LeadingDot);
        }
        if domain.len() > 253 {
            return Err(DomainError::TooLong);
        }
        for label in domain.split('.') {
            if label.is_empty() {
                return Err(DomainError::EmptyLabel);
            }
            if label.len() > 63 {
                return Err(DomainError::LabelTooLong);
            }
            if let Some(c) = label
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
            {
                return Err(DomainError::InvalidChar(c));
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Err(DomainError::HyphenAtLabelEdge);
            }
        }
        Ok(())
    }

    /// Every string of up to five of these characters, and long labels: the byte loop gives
    /// what the rules give, error for error.
    #[test]
    fn the_byte_loop_agrees_with_the_rules() {
        let alphabet = ["a", "Z", "7", "-", ".", "_", "\u{e9}", " "];
        let mut strings = vec![String::new()];
        let mut level = vec![String::new()];
        for _ in 0..5 {
            level = level
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(level.iter().cloned());
        }
        assert!(strings.len() > 30_000, "{}", strings.len());
        let a63 = "a".repeat(63);
        strings.extend([
            format!("{a63}.com"),
            format!("{a63}a.com"),
            format!("{a63}_.com"),
            format!("x.{a63}-"),
            format!("{}.com", "a.".repeat(130)),
        ]);
        for s in &strings {
            assert_eq!(check_domain(s), reference(s), "{s:?}");
        }
    }
}
