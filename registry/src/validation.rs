//! Checking `Set-Cookie` headers: [`lint`] against the cookie standards (the server profile
//! of RFC 6265bis §4.1 and what makes browsers drop a cookie), and
//! [`Registry::check`](crate::Registry::check) against the declaration as well.
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
//! - A deletion (`Max-Age` zero or less, or an `Expires` in the past) of a declared cookie
//!   conforms whatever its other attributes, except `Path` and `Domain`: a deletion with
//!   another path or domain misses the cookie it means to delete.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use cookie_registry_rules::attributes::{self, Attributes, Breach};
use cookie_registry_rules::domain::{DomainError, check_domain};
use cookie_registry_rules::lifetime::BROWSER_CAP;
use cookie_registry_rules::name::{DisplayChar, is_token_byte};

use crate::bytes::same_bytes;
use crate::declaration::{Declaration, SameSite};
use crate::registry::Registry;
use crate::set_cookie::{Head, Known, MAX_ATTRIBUTE_VALUE, ParseError, SetCookie};

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

/// Every violation of one header (never empty), and the declaration it was checked against,
/// if the name is declared.
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violations {
    items: Vec<Violation>,
    declaration: Option<&'static Declaration>,
}

impl Violations {
    /// The violations, in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.items.iter()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Always false: there is at least one.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The worst severity.
    pub fn max_severity(&self) -> Severity {
        self.items
            .iter()
            .map(|v| v.severity)
            .max()
            .unwrap_or(Severity::Warning)
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.max_severity() == Severity::Error
    }

    /// Whether the violation with this code is among them.
    pub fn contains(&self, code: &str) -> bool {
        self.items.iter().any(|v| v.code == code)
    }

    /// The declaration of the header's cookie, when it is declared.
    pub fn declaration(&self) -> Option<&'static Declaration> {
        self.declaration
    }
}

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

    fn finish<T>(self, ok: T, declaration: Option<&'static Declaration>) -> Result<T, Violations> {
        if self.items.is_empty() {
            Ok(ok)
        } else {
            Err(Violations {
                items: self.items,
                declaration,
            })
        }
    }
}

/// The state of checking one response's headers: the clock and the names seen so far (the
/// first eight on the stack, so that a usual response allocates nothing).
pub(crate) struct ResponseCheck<'h, F: FnMut() -> SystemTime> {
    clock: Clock<F>,
    first: [&'h str; 8],
    count: usize,
    more: Vec<&'h str>,
}

impl<'h, F: FnMut() -> SystemTime> ResponseCheck<'h, F> {
    pub(crate) fn new(now: F) -> Self {
        ResponseCheck {
            clock: Clock {
                read: now,
                seconds: None,
            },
            first: [""; 8],
            count: 0,
            more: Vec::new(),
        }
    }

    /// Whether `name` was seen before in this response; records it.
    fn seen(&mut self, name: &'h str) -> bool {
        let known = self.first[..self.count.min(8)]
            .iter()
            .chain(&self.more)
            .any(|n| same_bytes(n.as_bytes(), name.as_bytes()));
        if self.count < 8 {
            self.first[self.count] = name;
        } else {
            self.more.push(name);
        }
        self.count += 1;
        known
    }

    /// Seconds since the Unix epoch, read once.
    #[cfg_attr(not(feature = "tower"), allow(dead_code))]
    pub(crate) fn now(&mut self) -> i64 {
        self.clock.now()
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

/// Checks a `Set-Cookie` header against the cookie standards, as of now: the server profile
/// of RFC 6265bis §4.1 (what a server MUST and SHOULD send) and what makes browsers drop a
/// cookie. See the [module docs](crate::validation) for the judgment calls; each violation has a
/// stable [`code`](Violation::code).
///
/// # Errors
///
/// Every violation found, warnings included; callers decide by [`Severity`].
///
/// ```
/// use cookie_registry::lint;
/// let ok = lint("__Host-sid=abc; Secure; Path=/; HttpOnly; SameSite=Lax").unwrap();
/// assert_eq!(ok.name(), "__Host-sid");
///
/// let bad = lint("__Host-sid=abc; Domain=evil.com; Path=/").unwrap_err();
/// let codes: Vec<_> = bad.iter().map(|v| v.code()).collect();
/// assert_eq!(codes, ["host-prefix-without-secure", "host-prefix-with-domain"]);
/// ```
pub fn lint(header: &str) -> Result<SetCookie<'_>, Violations> {
    lint_at(header, SystemTime::now())
}

/// [`lint`] at a given time (for the 400-day cap on `Expires`).
///
/// # Errors
///
/// As [`lint`].
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use cookie_registry::lint_at;
/// let now = UNIX_EPOCH + Duration::from_secs(1_767_225_600); // 2026-01-01
/// assert!(lint_at("id=1; Expires=Fri, 01 Jan 2027 00:00:00 GMT", now).is_ok());
/// let far = lint_at("id=1; Expires=Sat, 01 Jan 2028 00:00:00 GMT", now).unwrap_err();
/// assert!(far.contains("expires-over-400-days"));
/// ```
pub fn lint_at(header: &str, now: SystemTime) -> Result<SetCookie<'_>, Violations> {
    let mut clock = Clock {
        read: || now,
        seconds: None,
    };
    let cookie = SetCookie::parse(header).map_err(|e| Violations {
        items: vec![parse_violation(e)],
        declaration: None,
    })?;
    let mut out = Collector::default();
    lint_parsed(&cookie, false, &mut clock, &mut out);
    out.finish(cookie, None)
}

/// The first character of `s` that is not ASCII or that `ok` refuses (a byte loop: the
/// character is decoded only when there is one).
#[inline]
fn first_bad_char(s: &str, ok: impl Fn(u8) -> bool) -> Option<char> {
    let at = s.bytes().position(|b| b >= 0x80 || !ok(b))?;
    s[at..].chars().next()
}

/// The checks of the name-value pair. `name_is_declared`: the name is a declared exact name,
/// so a valid token (the macros checked it): the name check is skipped.
fn lint_pair(
    name: &str,
    value: &str,
    no_equals: bool,
    name_is_declared: bool,
    out: &mut Collector,
) {
    // 6265bis §4.1.1: cookie-name is a token; servers MUST NOT send nameless cookies.
    if name_is_declared {
        // A declared exact name: a token.
    } else if name.is_empty() {
        out.error("nameless-cookie", || {
            if no_equals {
                "no `=` in the name-value pair: browsers make a nameless cookie of it; send `name=value`".to_owned()
            } else {
                "the cookie name is empty; servers must not send nameless cookies".to_owned()
            }
        });
    } else if let Some(ch) = first_bad_char(name, is_token_byte) {
        out.warning("name-not-token", || {
            format!(
                "name `{name}`: {} is not allowed in a cookie name (an RFC 9110 token)",
                DisplayChar(ch)
            )
        });
    }
    // §4.1.1: cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE ).
    let inner = match value.as_bytes() {
        [b'"', .., b'"'] if value.len() >= 2 => &value[1..value.len() - 1],
        _ => value,
    };
    if let Some(ch) = crate::bytes::first_non_cookie_octet(inner.as_bytes()).and_then(|at| {
        inner
            .get(at..)
            .and_then(|s| s.chars().next())
            .or(Some('\u{fffd}'))
    }) {
        out.warning("value-not-cookie-octets", || {
            format!(
                "{} is not allowed in a cookie value (encode the value, for instance in base64)",
                DisplayChar(ch)
            )
        });
    }
}

/// See [`lint_pair`] for `name_is_declared`.
fn lint_parsed<F: FnMut() -> SystemTime>(
    c: &SetCookie<'_>,
    name_is_declared: bool,
    clock: &mut Clock<F>,
    out: &mut Collector,
) {
    let notes = c.notes;
    lint_pair(c.name(), c.value(), notes.no_equals, name_is_declared, out);
    // §4.1.1: path-value and extension-av are `*av-octet` (visible ASCII and space).
    if notes.attribute_not_av_octets {
        out.warning("attribute-not-av-octets", || {
            "an attribute has a tab or a non-ASCII character (attribute values are visible ASCII and spaces)".to_owned()
        });
    }
    // §4.1.1 grammar: every cookie-av is non-empty.
    if notes.empty_attribute {
        out.warning("empty-attribute", || {
            "an empty attribute (`;;` or a trailing `;`)".to_owned()
        });
    }
    // §5.6 step 6: browsers ignore an attribute value over 1024 bytes.
    if notes.longest_value > MAX_ATTRIBUTE_VALUE {
        out.warning("attribute-value-too-long", || {
            format!(
                "an attribute value of {} bytes: browsers ignore values over 1024 bytes",
                notes.longest_value
            )
        });
    }
    // §4.1.1: servers SHOULD NOT repeat an attribute (browsers keep the last).
    if notes.repeated != 0 {
        for k in Known::ALL {
            if notes.repeated & (1 << k as u8) != 0 {
                out.warning("duplicate-attribute", || {
                    format!(
                        "`{}` is given more than once: browsers keep the last",
                        k.name()
                    )
                });
            }
        }
    }
    for (k, code) in [
        (Known::Secure, "secure-with-value"),
        (Known::HttpOnly, "http-only-with-value"),
        (Known::Partitioned, "partitioned-with-value"),
    ] {
        if notes.flag_values & (1 << k as u8) != 0 {
            out.warning(code, || {
                format!("`{}` takes no value: browsers ignore it", k.name())
            });
        }
    }
    lint_lifetime(c, clock, out);
    if let Some(domain) = c.domain() {
        lint_domain(domain, out);
    }
    // §5.6.4: a path that does not start with `/` is replaced by the default path.
    if let Some(path) = c.path() {
        if path.as_bytes().first() != Some(&b'/') {
            out.warning("path-not-absolute", || {
                format!("`Path={path}` does not start with `/`: browsers use the request's directory instead")
            });
        }
    }
    // §5.6.7: an unknown SameSite value is ignored.
    if let Some(raw) = c.same_site_raw() {
        if c.same_site().is_none() {
            out.warning("samesite-invalid", || {
                format!("`SameSite={raw}` is not `Strict`, `Lax` or `None`: browsers ignore it")
            });
        }
    }
    // The rules shared with the declarations' compile-time checks.
    let attrs = Attributes {
        secure: c.secure(),
        http_only: c.http_only(),
        same_site_none: c.same_site() == Some(SameSite::None),
        partitioned: c.partitioned(),
        domain: c.domain(),
        path: c.path(),
    };
    attributes::check(c.name(), &attrs, |breach| {
        out.error(breach.code(), || breach_message(breach));
    });
}

fn breach_message(breach: Breach) -> String {
    match breach {
        // 6265bis §4.1.3.1, §4.1.3.2, §5.7 steps 20-22.
        Breach::PrefixWithoutSecure(p) => {
            format!("a `{p}` cookie without `Secure`: browsers drop it")
        }
        // layered-cookies §4.1.3 (with httpwg PR #3511).
        Breach::PrefixWithoutHttpOnly(p) => {
            format!("a `{p}` cookie without `HttpOnly`: browsers drop it")
        }
        Breach::HostPrefixWithDomain(p) => {
            format!("a `{p}` cookie with a `Domain`: browsers drop it")
        }
        Breach::HostPrefixWithoutRootPath(p) => {
            format!("a `{p}` cookie without `Path=/`: browsers drop it")
        }
        // §5.7 step 19.
        Breach::SameSiteNoneWithoutSecure => {
            "`SameSite=None` without `Secure`: browsers drop the cookie".to_owned()
        }
        // CHIPS.
        Breach::PartitionedWithoutSecure => {
            "`Partitioned` without `Secure`: browsers drop the cookie".to_owned()
        }
    }
}

fn lint_lifetime<F: FnMut() -> SystemTime>(
    c: &SetCookie<'_>,
    clock: &mut Clock<F>,
    out: &mut Collector,
) {
    // The last raw value is checked as sent; the value browsers use is the last readable one
    // (`max_age()`, `expires()`).
    if let Some(raw) = c.max_age_raw() {
        let kept = c.max_age();
        match crate::set_cookie::read_max_age(raw) {
            // §4.1.1: max-age-av = "Max-Age=" non-zero-digit *DIGIT; `0` accepted (module docs).
            None => out.warning("max-age-not-digits", || {
                format!("`Max-Age={raw}` is not a number of seconds: browsers ignore it")
            }),
            Some(_)
                if raw.as_bytes()[0] == b'-' || (raw.len() > 1 && raw.as_bytes()[0] == b'0') =>
            {
                out.warning("max-age-not-digits", || {
                    format!("`Max-Age={raw}`: send digits without a sign or leading zeros (`0` to delete)")
                });
            }
            Some(_) => {}
        }
        // §5.5: browsers clamp lifetimes to 400 days.
        if let Some(age) = kept.filter(|&age| age > BROWSER_CAP as i64) {
            out.warning("max-age-over-400-days", || {
                format!(
                    "`Max-Age={age}` is over 400 days: browsers keep the cookie 400 days at most"
                )
            });
        }
    }
    if let Some(raw) = c.expires_raw() {
        let imf = crate::date::parse_imf_fixdate(raw);
        let full = match imf {
            Some(_) => None,
            None => crate::date::read_cookie_date(raw.as_bytes()),
        };
        let last = imf.or(full.map(|(at, _)| at));
        match (last, imf) {
            // §5.1.1: browsers ignore an Expires they cannot read.
            (None, _) => out.warning("expires-unparsable", || {
                format!("`Expires={raw}` is not a date browsers can read: they ignore it")
            }),
            // §4.1.1: sane-cookie-date is an IMF-fixdate (RFC 9110 §5.6.7).
            (Some(_), None) => out.warning("expires-not-imf-fixdate", || {
                format!(
                    "`Expires={raw}` is not an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`"
                )
            }),
            (Some(_), Some(_)) => {}
        }
        // §5.1.1: browsers read the year as a number, `69` and `0069` alike as 2069; only a
        // four-digit year from 1601 means what it says.
        if let Some((_, year)) = full.filter(|(_, year)| !year.is_unambiguous()) {
            out.warning("expires-year-not-four-digits", || {
                let read = crate::date::read_year(year);
                format!(
                    "`Expires={raw}`: browsers read the year `{:0width$}` as {read}; send a four-digit year",
                    year.value,
                    width = year.digits
                )
            });
        }
        let repeated = c.notes.repeated & (1 << Known::Expires as u8) != 0;
        let kept = if repeated { c.expires() } else { last };
        if let (Some(at), None) = (kept, c.max_age()) {
            // §5.5: browsers clamp lifetimes to 400 days.
            if at.saturating_sub(clock.now()) > BROWSER_CAP as i64 {
                out.warning("expires-over-400-days", || {
                    format!("`Expires={raw}` is over 400 days away: browsers keep the cookie 400 days at most")
                });
            }
        }
    }
}

fn lint_domain(domain: &str, out: &mut Collector) {
    if domain.is_empty() {
        // §5.6.3: browsers should ignore an empty Domain.
        out.warning("domain-empty", || {
            "an empty `Domain`: browsers ignore it".to_owned()
        });
        return;
    }
    match check_domain(domain) {
        Ok(()) => {}
        // §4.1.2.3: the leading dot is ignored by browsers.
        Err(DomainError::LeadingDot) => {
            if check_domain(&domain[1..]).is_ok() {
                out.warning("domain-leading-dot", || {
                    format!("`Domain={domain}`: send it without the leading dot (browsers drop it)")
                });
            } else {
                out.error("domain-invalid", || {
                    format!("`Domain={domain}` is not a valid domain: browsers ignore the cookie")
                });
            }
        }
        // §5.6.3, §5.7: a domain that cannot domain-match the host makes browsers ignore the cookie.
        Err(e) => out.error("domain-invalid", || {
            format!("`Domain={domain}`: {e}; browsers ignore the cookie")
        }),
    }
}

/// Slack allowed between an `Expires` and the declared lifetime (see the module docs).
const EXPIRES_SLACK: i64 = 60;

fn same_domain(a: &str, b: &str) -> bool {
    let undot = |s: &'_ str| -> usize { usize::from(s.as_bytes().first() == Some(&b'.')) };
    crate::bytes::eq_ignore_case(&a[undot(a)..], &b[undot(b)..])
}

fn conformance<F: FnMut() -> SystemTime>(
    c: &SetCookie<'_>,
    d: &'static Declaration,
    clock: &mut Clock<F>,
    out: &mut Collector,
) {
    // Path and Domain decide which cookie a header sets or deletes: checked for deletions too.
    match (d.path(), c.path()) {
        (Some(declared), Some(sent)) if same_bytes(declared.as_bytes(), sent.as_bytes()) => {}
        (Some(declared), sent) => out.error("path-mismatch", || match sent {
            Some(sent) => format!(
                "`Path={sent}`, but `{}` is declared with path `{declared}`",
                d.name()
            ),
            None => format!(
                "no `Path`, but `{}` is declared with path `{declared}`",
                d.name()
            ),
        }),
        (None, Some(sent)) => out.warning("path-not-declared", || {
            format!("`Path={sent}`, but `{}` declares no path", d.name())
        }),
        (None, None) => {}
    }
    match (d.domain(), c.domain()) {
        (Some(declared), Some(sent)) if same_domain(declared, sent) => {}
        (Some(declared), sent) => out.error("domain-mismatch", || match sent {
            Some(sent) => format!("`Domain={sent}`, but `{}` is declared with domain `{declared}`", d.name()),
            None => format!("no `Domain`, but `{}` is declared with domain `{declared}`", d.name()),
        }),
        (None, Some(sent)) => out.error("domain-not-declared", || {
            format!(
                "`Domain={sent}` shares the cookie with every subdomain, but `{}` declares no domain",
                d.name()
            )
        }),
        (None, None) => {}
    }
    // The lifetime the header gives, in seconds from now: Max-Age wins over Expires
    // (§5.6.2); the clock is read only for an Expires.
    let sent = match (c.max_age(), c.expires()) {
        (Some(age), _) => Some((age, false)),
        (None, Some(at)) => Some((at.saturating_sub(clock.now()), true)),
        (None, None) => None,
    };
    if matches!(sent, Some((seconds, _)) if seconds <= 0) {
        // A deletion.
        return;
    }
    for (declared, sent, missing, extra, attribute) in [
        (
            d.secure(),
            c.secure(),
            "secure-missing",
            "secure-not-declared",
            "Secure",
        ),
        (
            d.http_only(),
            c.http_only(),
            "http-only-missing",
            "http-only-not-declared",
            "HttpOnly",
        ),
        (
            d.partitioned(),
            c.partitioned(),
            "partitioned-missing",
            "partitioned-not-declared",
            "Partitioned",
        ),
    ] {
        if declared && !sent {
            out.error(missing, || {
                format!(
                    "`{}` is declared `{attribute}`, but sent without it",
                    d.name()
                )
            });
        } else if sent && !declared {
            out.warning(extra, || {
                format!("`{}` is sent `{attribute}`, but not declared so", d.name())
            });
        }
    }
    match (d.same_site(), c.same_site()) {
        (Some(declared), Some(sent)) if declared == sent => {}
        (Some(declared), sent) => out.error("same-site-mismatch", || {
            let sent = sent.map_or("no SameSite".to_owned(), |s| format!("`SameSite={s}`"));
            format!(
                "{sent}, but `{}` is declared `SameSite={declared}`",
                d.name()
            )
        }),
        (None, Some(sent)) => out.warning("same-site-not-declared", || {
            format!("`SameSite={sent}`, but `{}` declares no SameSite", d.name())
        }),
        (None, None) => {}
    }
    let attribute_name = |expires: bool| if expires { "Expires" } else { "Max-Age" };
    match (d.lifetime().seconds(), sent) {
        (None, Some((_, expires))) => out.error("persistent-cookie-declared-session", || {
            let attribute = attribute_name(expires);
            format!(
                "`{attribute}` makes a persistent cookie, but `{}` is declared a session cookie",
                d.name()
            )
        }),
        (Some(declared), Some((seconds, expires))) => {
            let slack = if expires { EXPIRES_SLACK } else { 0 };
            // Browsers clamp to 400 days (§5.5): a longer lifetime lasts 400 days, which a
            // 400-day declaration tells truly (the lint warns about the clamp).
            let kept = seconds.min(BROWSER_CAP as i64);
            let declared_max = i64::try_from(declared).unwrap_or(i64::MAX);
            if kept > declared_max.saturating_add(slack) {
                out.error("lifetime-exceeds-declaration", || {
                    let attribute = attribute_name(expires);
                    format!(
                        "`{attribute}` keeps the cookie {seconds} s, but `{}` is declared {} ({declared} s): the policy page would lie",
                        d.name(),
                        d.lifetime()
                    )
                });
            }
        }
        _ => {}
    }
}

impl Registry {
    /// Checks a `Set-Cookie` header against the standards ([`lint`]) and against the
    /// declaration of its cookie: an undeclared name (with a did-you-mean); `Secure`,
    /// `HttpOnly`, `SameSite`, `Path`, `Domain` or `Partitioned` not as declared; a lifetime
    /// longer than declared; a persistent cookie declared `session`. A deletion of a declared
    /// cookie conforms (see the [module docs](crate::validation)). A successful check
    /// allocates nothing.
    ///
    /// # Errors
    ///
    /// Every violation, warnings included; [`Violations::declaration`] gives the declaration
    /// when the name is declared.
    ///
    /// ```
    /// use cookie_registry::CookieRegistry;
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Opendatasoft")]
    /// enum SiteCookie {
    ///     #[cookie(name = "sessionid", service = "Login", purpose = "Remember the user",
    ///         category = "necessary", lifetime = "14d", http_only, same_site = "lax", path = "/")]
    ///     Session,
    /// }
    /// let registry = SiteCookie::registry();
    /// let ok = registry.check("sessionid=abc; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax");
    /// assert_eq!(ok.unwrap().name(), "sessionid");
    ///
    /// let long = registry.check("sessionid=abc; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax");
    /// assert!(long.unwrap_err().contains("lifetime-exceeds-declaration"));
    ///
    /// let typo = registry.check("sesionid=abc").unwrap_err();
    /// assert_eq!(typo.iter().next().unwrap().message(),
    ///     "cookie `sesionid` is not declared; did you mean `sessionid`?");
    ///
    /// // Deleting a declared cookie conforms.
    /// assert!(registry.check("sessionid=; Max-Age=0; Path=/").is_ok());
    /// ```
    pub fn check(&self, header: &str) -> Result<&'static Declaration, Violations> {
        self.check_with(header, SystemTime::now)
    }

    /// [`check`](Registry::check) at a given time (for `Expires`).
    ///
    /// # Errors
    ///
    /// As [`check`](Registry::check).
    pub fn check_at(
        &self,
        header: &str,
        now: SystemTime,
    ) -> Result<&'static Declaration, Violations> {
        self.check_with(header, || now)
    }

    /// [`check`](Registry::check) for raw header bytes (`HeaderValue::as_bytes`), which may
    /// not be UTF-8.
    ///
    /// # Errors
    ///
    /// As [`check`](Registry::check), with `not-utf8` for bytes that are not UTF-8.
    ///
    /// ```
    /// use cookie_registry::CookieRegistry;
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Site")]
    /// enum SiteCookie {
    ///     #[cookie(name = "lang", service = "Language", purpose = "Remember the language",
    ///         category = "necessary", lifetime = "session")]
    ///     Lang,
    /// }
    /// let registry = SiteCookie::registry();
    /// assert!(registry.check_bytes(b"lang=fr").is_ok());
    /// assert!(registry.check_bytes(b"lang=\xc3").unwrap_err().contains("not-utf8"));
    /// ```
    pub fn check_bytes(&self, header: &[u8]) -> Result<&'static Declaration, Violations> {
        match std::str::from_utf8(header) {
            Ok(s) => self.check(s),
            Err(e) => Err(Violations {
                items: vec![parse_violation(ParseError::NotUtf8 {
                    index: e.valid_up_to(),
                })],
                declaration: None,
            }),
        }
    }

    fn check_with(
        &self,
        header: &str,
        now: impl FnMut() -> SystemTime,
    ) -> Result<&'static Declaration, Violations> {
        let mut clock = Clock {
            read: now,
            seconds: None,
        };
        let head = Head::parse(header).map_err(|e| Violations {
            items: vec![parse_violation(e)],
            declaration: None,
        })?;
        self.check_head(head, &mut clock).1
    }

    /// Checks a header whose head is parsed: from the verdict cache when this declaration has
    /// passed with exactly these attributes before on this thread (then only the name-value
    /// pair is checked), else in full. Returns the parsed header when it was parsed in full.
    fn check_head<'h, F: FnMut() -> SystemTime>(
        &self,
        head: Head<'h>,
        clock: &mut Clock<F>,
    ) -> (
        Option<SetCookie<'h>>,
        Result<&'static Declaration, Violations>,
    ) {
        let declaration = self.lookup(head.name);
        if let Some(d) = declaration {
            if verdict_cache::passed(d, head.name, head.attributes) {
                let mut out = Collector::default();
                lint_pair(
                    head.name,
                    head.value,
                    head.no_equals,
                    d.pattern().is_none(),
                    &mut out,
                );
                return (None, out.finish(d, Some(d)));
            }
        }
        let cookie = head.finish();
        let result = self.check_parsed(&cookie, declaration, clock);
        if let Ok(d) = result {
            // A verdict that does not depend on the time: no Expires.
            if cookie.expires_raw().is_none() {
                verdict_cache::remember(d, cookie.name(), cookie.attributes_raw());
            }
        }
        (Some(cookie), result)
    }

    /// The full check of a parsed header whose declaration (by name) was looked up already.
    fn check_parsed<F: FnMut() -> SystemTime>(
        &self,
        cookie: &SetCookie<'_>,
        declaration: Option<&'static Declaration>,
        clock: &mut Clock<F>,
    ) -> Result<&'static Declaration, Violations> {
        let mut out = Collector::default();
        let exact = declaration.is_some_and(|d| d.pattern().is_none());
        lint_parsed(cookie, exact, clock, &mut out);
        match declaration {
            Some(d) => conformance(cookie, d, clock, &mut out),
            None if !cookie.name().is_empty() => out.error("undeclared-cookie", || {
                let hint = cookie_registry_rules::suggest::closest(
                    cookie.name(),
                    self.declarations().map(Declaration::name),
                )
                .map_or(String::new(), |n| format!("; did you mean `{n}`?"));
                format!("cookie `{}` is not declared{hint}", cookie.name())
            }),
            None => {}
        }
        match declaration {
            Some(d) => out.finish(d, Some(d)),
            None => Err(Violations {
                items: out.items,
                declaration: None,
            }),
        }
    }

    /// Checks every header of a response at `now`; a name set twice is reported on the later
    /// header (`duplicate-cookie-in-response`: servers must not send two `Set-Cookie` with the
    /// same name in one response, draft-ietf-httpbis-layered-cookies §4.1).
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use cookie_registry::CookieRegistry;
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Site")]
    /// enum SiteCookie {
    ///     #[cookie(name = "lang", service = "Language", purpose = "Remember the language",
    ///         category = "necessary", lifetime = "session")]
    ///     Lang,
    /// }
    /// let headers: [&[u8]; 3] = [b"lang=fr", b"tracker=1", b"lang=en"];
    /// let results = SiteCookie::registry().check_all_at(headers, SystemTime::now());
    /// assert!(results[0].is_ok());
    /// assert!(results[1].as_ref().unwrap_err().contains("undeclared-cookie"));
    /// assert!(results[2].as_ref().unwrap_err().contains("duplicate-cookie-in-response"));
    /// ```
    pub fn check_all_at<'h>(
        &self,
        headers: impl IntoIterator<Item = &'h [u8]>,
        now: SystemTime,
    ) -> Vec<Result<&'static Declaration, Violations>> {
        let mut response = ResponseCheck::new(move || now);
        headers
            .into_iter()
            .map(|header| self.check_in_response(&mut response, header).1)
            .collect()
    }

    /// Checks the next `Set-Cookie` of a response: one parse, shared clock, duplicate names
    /// found across the response. Returns the parsed header too.
    pub(crate) fn check_in_response<'h, F: FnMut() -> SystemTime>(
        &self,
        response: &mut ResponseCheck<'h, F>,
        header: &'h [u8],
    ) -> (&'h str, Result<&'static Declaration, Violations>) {
        let head = match std::str::from_utf8(header) {
            Ok(text) => Head::parse(text),
            Err(e) => Err(ParseError::NotUtf8 {
                index: e.valid_up_to(),
            }),
        };
        let head = match head {
            Ok(head) => head,
            Err(e) => {
                let v = Violations {
                    items: vec![parse_violation(e)],
                    declaration: None,
                };
                return ("", Err(v));
            }
        };
        let name = head.name;
        let (_, mut result) = self.check_head(head, &mut response.clock);
        if response.seen(name) {
            let violation = Violation::new(
                "duplicate-cookie-in-response",
                Severity::Error,
                format!("cookie `{name}` is set twice in one response: browsers keep one of them"),
            );
            result = match result {
                Ok(d) => Err(Violations {
                    items: vec![violation],
                    declaration: Some(d),
                }),
                Err(mut v) => {
                    v.items.push(violation);
                    Err(v)
                }
            };
        }
        (name, result)
    }
}

#[cfg(feature = "http")]
impl Registry {
    /// Checks every `Set-Cookie` of a response's headers (feature `http`); see
    /// [`check_all_at`](Registry::check_all_at). One result per header, in order.
    ///
    /// ```
    /// use cookie_registry::CookieRegistry;
    /// use http::header::{HeaderMap, HeaderValue, SET_COOKIE};
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Site")]
    /// enum SiteCookie {
    ///     #[cookie(name = "lang", service = "Language", purpose = "Remember the language",
    ///         category = "necessary", lifetime = "session")]
    ///     Lang,
    /// }
    /// let mut headers = HeaderMap::new();
    /// headers.append(SET_COOKIE, HeaderValue::from_static("lang=fr"));
    /// headers.append(SET_COOKIE, HeaderValue::from_static("lang=en"));
    /// let results = SiteCookie::registry().check_response(&headers);
    /// assert!(results[0].is_ok());
    /// assert!(results[1].as_ref().unwrap_err().contains("duplicate-cookie-in-response"));
    /// ```
    pub fn check_response(
        &self,
        headers: &http::HeaderMap,
    ) -> Vec<Result<&'static Declaration, Violations>> {
        self.check_all_at(
            headers
                .get_all(http::header::SET_COOKIE)
                .iter()
                .map(|v| v.as_bytes()),
            SystemTime::now(),
        )
    }
}

/// Verdicts remembered per thread: a declaration that passed every check with exactly these
/// attributes (and this name) passes again, whatever the value, which is checked each time.
/// Responses repeat their attributes (the same builder sets the same cookie), so the attribute
/// parsing, lint and conformance run once per thread and attribute set. Only verdicts that do
/// not depend on the time (no `Expires`) are kept. A small two-way table of fixed-size slots:
/// no lock, no allocation.
mod verdict_cache {
    use std::cell::RefCell;

    use cookie_registry_rules::hash::name_hash;

    use crate::bytes::same_bytes;
    use crate::declaration::Declaration;

    /// Sets of two slots: two headers whose attributes hash alike (one response setting two
    /// cookies) do not evict each other.
    const SETS: usize = 16;
    const BYTES: usize = 120;

    #[derive(Clone, Copy)]
    struct Slot {
        declaration: usize,
        name_len: usize,
        len: usize,
        bytes: [u8; BYTES],
    }

    const EMPTY: Slot = Slot {
        declaration: 0,
        name_len: 0,
        len: 0,
        bytes: [0; BYTES],
    };

    thread_local! {
        static CACHE: RefCell<[[Slot; 2]; SETS]> = const { RefCell::new([[EMPTY; 2]; SETS]) };
    }

    fn set_of(d: &Declaration, attributes: &str) -> usize {
        let h = name_hash(attributes.as_bytes()) ^ (d as *const Declaration as u64);
        (h as usize ^ (h >> 32) as usize) % SETS
    }

    fn holds(slot: &Slot, d: &Declaration, name: &str, attributes: &str) -> bool {
        slot.declaration == d as *const Declaration as usize
            && slot.name_len == name.len()
            && slot.len == name.len() + attributes.len()
            && same_bytes(&slot.bytes[..name.len()], name.as_bytes())
            && same_bytes(&slot.bytes[name.len()..slot.len], attributes.as_bytes())
    }

    /// Whether `d` passed with this name and these attributes before on this thread.
    #[inline]
    pub(super) fn passed(d: &'static Declaration, name: &str, attributes: &str) -> bool {
        if attributes.is_empty() || name.len() + attributes.len() > BYTES {
            return false;
        }
        let set = set_of(d, attributes);
        CACHE.with(|cache| {
            let cache = cache.borrow();
            cache[set]
                .iter()
                .any(|slot| holds(slot, d, name, attributes))
        })
    }

    /// Remembers that `d` passed with this name and these attributes: first in its set, the
    /// previous first second.
    pub(super) fn remember(d: &'static Declaration, name: &str, attributes: &str) {
        if attributes.is_empty() || name.len() + attributes.len() > BYTES {
            return;
        }
        let set = set_of(d, attributes);
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let pair = &mut cache[set];
            pair[1] = pair[0];
            let slot = &mut pair[0];
            slot.declaration = d as *const Declaration as usize;
            slot.name_len = name.len();
            slot.len = name.len() + attributes.len();
            slot.bytes[..name.len()].copy_from_slice(name.as_bytes());
            slot.bytes[name.len()..slot.len].copy_from_slice(attributes.as_bytes());
        });
    }
}

#[cfg(test)]
mod tests {
    use super::verdict_cache;
    use crate::CookieRegistry;

    #[derive(crate::CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "P", crate = "crate")]
    enum Cached {
        #[cookie(
            name = "csrftoken",
            service = "S",
            purpose = "P",
            category = "necessary",
            lifetime = "52w",
            secure,
            same_site = "lax",
            path = "/"
        )]
        Csrf,
    }

    #[test]
    fn a_passing_header_is_remembered() {
        let d = Cached::Csrf.declaration();
        let attributes = " SameSite=Lax; Secure; Path=/; Max-Age=31449600";
        assert!(!verdict_cache::passed(d, "csrftoken", attributes));
        let header = format!("csrftoken=abc;{attributes}");
        assert!(Cached::registry().check(&header).is_ok());
        assert!(verdict_cache::passed(d, "csrftoken", attributes));
        assert!(!verdict_cache::passed(
            d,
            "csrftoken",
            " SameSite=Lax; Secure; Path=/; Max-Age=31449601"
        ));
    }
}
