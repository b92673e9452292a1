//! Checking `Set-Cookie` headers: [`lint`] against the cookie standards (the server profile
//! of RFC 6265bis §4.1 and what makes browsers drop a cookie), and
//! [`Registry::check`](crate::Registry::check) against the declaration as well.
//!
//! Only errors fail a check: a success ([`Linted`], [`Checked`]) carries its warnings, and an
//! `Err(`[`Violations`]`)` holds at least one error. A header that is not a cookie at all is
//! [malformed](Violations::is_malformed), not undeclared.
//!
//! The folder follows the work: [`lint`](lint()) (the standards alone), `conformance` (the
//! declaration, and [`Registry::check`](crate::Registry::check)), `response` (every header of
//! one response together) and `cache` (the per-thread verdict cache that lets a repeated
//! attribute set skip the lint and conformance, proven equal to the uncached check by a
//! property test and a fuzz invariant).
//!
//! Judgment calls, each cited where it is made:
//! - `Max-Age=0` is accepted: it is how deletion is done, and the draft editor's copy allows
//!   it (the -22 grammar asks for a non-zero first digit).
//! - Grammar that browsers accept anyway (a name that is not a token, a value outside
//!   cookie-octets, a repeated attribute, a lenient date) is a warning: the server profile
//!   says SHOULD, and browsers repair it. What makes browsers drop the cookie, or what the
//!   standard says MUST about, is an error.
//! - Extension attributes (`Priority=High`) are allowed by the grammar (`extension-av`) and are
//!   not reported.
//! - An `Expires` is compared with the declared lifetime with 60 seconds of slack, for the
//!   rounding to whole seconds and the time between writing and checking the header.
//! - An empty `Domain=` on a `__Host-` cookie is an error: 6265bis would ignore the empty
//!   attribute (§5.6.3) and keep the cookie host-only, but layered-cookies drops the cookie,
//!   and a server has no reason to send it.
//! - A lifetime over 400 days is compared with the declaration after the browsers' clamp
//!   (§5.5): sent longer but declared `400d` is what really happens (the lint still warns).
//! - A deletion (`Max-Age` zero or less, or an `Expires` a day or more in the past) of a
//!   declared cookie conforms whatever its other attributes, except `Path`, `Domain` and
//!   `Partitioned`: a deletion with another path, domain or partition misses the cookie it
//!   means to delete. `Expires` is read as browsers read it (§5.1.1: `0069` is 2069), and a
//!   year that is not four digits from 1601 is a warning. An `Expires` less than a day past is
//!   not taken for a deletion (a browser whose clock is behind would keep the cookie): the
//!   header is checked in full, but for its lifetime.
//! - A name set twice in one response is a warning (RFC 6265 §4.1.1: SHOULD NOT); browsers
//!   apply the headers in order, so a deletion followed by a fresh cookie is how a session is
//!   rotated.

mod cache;
mod conformance;
pub(crate) mod lint;
mod response;

pub use lint::{lint, lint_at};
#[cfg(any(feature = "tower", feature = "actix"))]
pub(crate) use response::ResponseCheck;

use std::cell::OnceCell;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::declaration::Declaration;
use crate::set_cookie::{ParseError, SetCookie};

/// How bad a violation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The standard says SHOULD, or browsers repair it.
    Warning,
    /// Browsers drop the cookie, the standard says MUST, or the cookie breaks its declaration.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One thing wrong with a header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    code: &'static str,
    severity: Severity,
    message: String,
}

impl Violation {
    fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Violation {
            code,
            severity,
            message: message.into(),
        }
    }

    /// A stable kebab-case code, such as `samesite-none-without-secure`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// How bad it is.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// What is wrong, for people.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]: {}", self.severity, self.code, self.message)
    }
}

/// The violations of one header, and the declaration it was checked against, if the name is
/// declared. In an `Err` there is at least one error; a success carries its warnings, if any
/// ([`Linted::warnings`], [`Checked::warnings`]).
///
/// ```
/// use cookie_registry::{lint, Severity};
/// let violations = lint("id=1; SameSite=None").unwrap_err();
/// let codes: Vec<_> = violations.iter().map(|v| v.code()).collect();
/// assert_eq!(codes, ["samesite-none-without-secure"]);
/// assert_eq!(violations.max_severity(), Severity::Error);
/// for v in &violations {
///     assert!(v.to_string().starts_with("error [samesite-none-without-secure]"));
/// }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Violations {
    items: Vec<Violation>,
    declaration: Option<&'static Declaration>,
}

/// The codes of a header that is not a cookie at all (browsers ignore it whole, or make a
/// nameless cookie of it).
const MALFORMED: [&str; 5] = [
    "control-character",
    "empty-cookie",
    "cookie-too-large",
    "not-utf8",
    "nameless-cookie",
];

impl Violations {
    fn single(violation: Violation) -> Violations {
        Violations {
            items: vec![violation],
            declaration: None,
        }
    }

    /// The violations, in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.items.iter()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there is none: a success without warnings. (An `Err` always holds an error.)
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The worst severity (`Warning` when there is none).
    pub fn max_severity(&self) -> Severity {
        self.items
            .iter()
            .map(|v| v.severity)
            .max()
            .unwrap_or(Severity::Warning)
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|v| v.severity == Severity::Error)
    }

    /// Whether the violation with this code is among them.
    pub fn contains(&self, code: &str) -> bool {
        self.items.iter().any(|v| v.code == code)
    }

    /// Whether the header is not a cookie at all: it does not parse (a control character,
    /// invalid UTF-8, an empty or oversized pair) or has no name. Such a header is
    /// *malformed*, not *undeclared*: there is no name to declare.
    ///
    /// ```
    /// use cookie_registry::lint;
    /// assert!(lint("noequals").unwrap_err().is_malformed());
    /// assert!(lint("id=a\u{7}b").unwrap_err().is_malformed());
    /// assert!(!lint("id=1; SameSite=None").unwrap_err().is_malformed());
    /// ```
    pub fn is_malformed(&self) -> bool {
        self.items.iter().any(|v| MALFORMED.contains(&v.code))
    }

    /// The declaration of the header's cookie, when it is declared.
    pub fn declaration(&self) -> Option<&'static Declaration> {
        self.declaration
    }
}

/// A header that [`lint`] accepted: the cookie, and the warnings (a SHOULD of the standard,
/// or something browsers repair), perhaps none.
///
/// ```
/// use cookie_registry::lint;
/// let linted = lint("id=1; Max-Age=01; Path=/")?;
/// assert_eq!(linted.cookie().name(), "id");
/// assert!(linted.warnings().contains("max-age-not-digits"));
/// assert!(lint("id=1; Max-Age=1; Path=/")?.warnings().is_empty());
/// # Ok::<(), cookie_registry::Violations>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linted<'a> {
    cookie: SetCookie<'a>,
    warnings: Violations,
}

impl<'a> Linted<'a> {
    /// The parsed cookie.
    pub fn cookie(&self) -> &SetCookie<'a> {
        &self.cookie
    }

    /// The warnings, perhaps none.
    pub fn warnings(&self) -> &Violations {
        &self.warnings
    }

    /// The parsed cookie, by value.
    pub fn into_cookie(self) -> SetCookie<'a> {
        self.cookie
    }
}

/// A header that [`Registry::check`](crate::Registry::check) accepted: its cookie's
/// declaration, the cookie, and the warnings, perhaps none.
///
/// A header the per-thread verdict cache answered for is parsed in full only if
/// [`cookie`](Checked::cookie) is asked for.
pub struct Checked<'h> {
    declaration: &'static Declaration,
    parsed: Parsed<'h>,
    warnings: Violations,
}

enum Parsed<'h> {
    Full(SetCookie<'h>),
    /// Answered by the verdict cache: the header, parsed in full on demand.
    Cached {
        header: &'h str,
        name: &'h str,
        cookie: OnceCell<SetCookie<'h>>,
    },
}

impl<'h> Checked<'h> {
    /// The declaration of the cookie.
    pub fn declaration(&self) -> &'static Declaration {
        self.declaration
    }

    /// The parsed cookie.
    pub fn cookie(&self) -> &SetCookie<'h> {
        match &self.parsed {
            Parsed::Full(cookie) => cookie,
            Parsed::Cached { header, cookie, .. } => {
                cookie.get_or_init(|| SetCookie::reparse(header))
            }
        }
    }

    /// The warnings, perhaps none (their [`declaration`](Violations::declaration) is this
    /// one).
    pub fn warnings(&self) -> &Violations {
        &self.warnings
    }

    /// The header, as given.
    pub fn header(&self) -> &'h str {
        match &self.parsed {
            Parsed::Full(cookie) => cookie.header(),
            Parsed::Cached { header, .. } => header,
        }
    }

    /// The cookie's name (without parsing the attributes).
    pub fn name(&self) -> &'h str {
        match &self.parsed {
            Parsed::Full(cookie) => cookie.name(),
            Parsed::Cached { name, .. } => name,
        }
    }
}

impl fmt::Debug for Checked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Checked")
            .field("declaration", &self.declaration.name())
            .field("header", &self.header())
            .field("warnings", &self.warnings)
            .finish()
    }
}

/// Two checks are equal when they accepted the same header for the same declaration with the
/// same warnings.
impl PartialEq for Checked<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.declaration, other.declaration)
            && self.header() == other.header()
            && self.warnings == other.warnings
    }
}

impl Eq for Checked<'_> {}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl IntoIterator for Violations {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.items.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

/// Collects violations; allocates only when there is one.
#[derive(Default)]
struct Collector {
    items: Vec<Violation>,
}

impl Collector {
    fn push(&mut self, code: &'static str, severity: Severity, message: impl FnOnce() -> String) {
        self.items.push(Violation::new(code, severity, message()));
    }

    fn error(&mut self, code: &'static str, message: impl FnOnce() -> String) {
        self.push(code, Severity::Error, message);
    }

    fn warning(&mut self, code: &'static str, message: impl FnOnce() -> String) {
        self.push(code, Severity::Warning, message);
    }

    /// `Err` with every violation when one is an error; else `ok` of the warnings.
    fn finish<T>(
        self,
        declaration: Option<&'static Declaration>,
        ok: impl FnOnce(Violations) -> T,
    ) -> Result<T, Violations> {
        let has_errors = self.items.iter().any(|v| v.severity == Severity::Error);
        let violations = Violations {
            items: self.items,
            declaration,
        };
        if has_errors {
            Err(violations)
        } else {
            Ok(ok(violations))
        }
    }
}

/// The current time, read at most once and only when needed.
struct Clock<F: FnMut() -> SystemTime> {
    read: F,
    seconds: Option<i64>,
}

impl<F: FnMut() -> SystemTime> Clock<F> {
    fn now(&mut self) -> i64 {
        *self
            .seconds
            .get_or_insert_with(|| unix_seconds((self.read)()))
    }
}

fn unix_seconds(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

fn parse_violation(e: ParseError) -> Violation {
    let (code, message) = match e {
        // 6265bis §5.6 step 1.
        ParseError::ControlCharacter { .. } => ("control-character", e.to_string()),
        // §5.6 step 4.
        ParseError::Empty => ("empty-cookie", e.to_string()),
        // §5.6 step 5.
        ParseError::TooLarge { .. } => ("cookie-too-large", e.to_string()),
        // A header must be visible ASCII (RFC 9110 §5.5); a server should never send this.
        ParseError::NotUtf8 { .. } => ("not-utf8", e.to_string()),
    };
    Violation::new(code, Severity::Error, message)
}
