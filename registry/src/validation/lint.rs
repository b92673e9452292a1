//! [`lint`]: a `Set-Cookie` header against the cookie standards alone.

use std::time::SystemTime;

use cookie_registry_rules::attributes::{self, Attributes, Breach};
use cookie_registry_rules::domain::{DomainError, check_domain, is_absolute_path};
use cookie_registry_rules::lifetime::BROWSER_CAP;
use cookie_registry_rules::name::{DisplayChar, is_token_byte};

use super::{Clock, Collector, Linted, Violations, parse_violation};
use crate::declaration::SameSite;
use crate::set_cookie::{Known, MAX_ATTRIBUTE_VALUE, SetCookie};

/// Checks a `Set-Cookie` header against the cookie standards, as of now: the server profile
/// of RFC 6265bis §4.1 (what a server MUST and SHOULD send) and what makes browsers drop a
/// cookie. See the [module docs](crate::validation) for the judgment calls; each violation has a
/// stable [`code`](super::Violation::code).
///
/// # Errors
///
/// When there is at least one error-level violation: every violation found, warnings
/// included. A header with warnings only is accepted: [`Linted::warnings`] has them.
///
/// ```
/// use cookie_registry::lint;
/// let ok = lint("__Host-sid=abc; Secure; Path=/; HttpOnly; SameSite=Lax").unwrap();
/// assert_eq!(ok.cookie().name(), "__Host-sid");
/// assert!(ok.warnings().is_empty());
///
/// let bad = lint("__Host-sid=abc; Domain=evil.com; Path=/").unwrap_err();
/// let codes: Vec<_> = bad.iter().map(|v| v.code()).collect();
/// assert_eq!(codes, ["host-prefix-without-secure", "host-prefix-with-domain"]);
/// ```
pub fn lint(header: &str) -> Result<Linted<'_>, Violations> {
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
/// let near = lint_at("id=1; Expires=Fri, 01 Jan 2027 00:00:00 GMT", now).unwrap();
/// assert!(near.warnings().is_empty());
/// // Browsers keep a cookie 400 days at most: a warning.
/// let far = lint_at("id=1; Expires=Sat, 01 Jan 2028 00:00:00 GMT", now).unwrap();
/// assert!(far.warnings().contains("expires-over-400-days"));
/// ```
pub fn lint_at(header: &str, now: SystemTime) -> Result<Linted<'_>, Violations> {
    let mut clock = Clock {
        read: || now,
        seconds: None,
    };
    let cookie = SetCookie::parse(header).map_err(|e| Violations::single(parse_violation(e)))?;
    let mut out = Collector::default();
    lint_parsed(&cookie, false, &mut clock, &mut out);
    out.finish(None, |warnings| Linted { cookie, warnings })
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
pub(super) fn lint_pair(
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
    if let Some(ch) =
        crate::set_cookie::bytes::first_non_cookie_octet(inner.as_bytes()).and_then(|at| {
            inner
                .get(at..)
                .and_then(|s| s.chars().next())
                .or(Some('\u{fffd}'))
        })
    {
        out.warning("value-not-cookie-octets", || {
            format!(
                "{} is not allowed in a cookie value (encode the value, for instance in base64)",
                DisplayChar(ch)
            )
        });
    }
}

/// See [`lint_pair`] for `name_is_declared`.
pub(super) fn lint_parsed<F: FnMut() -> SystemTime>(
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
    // §5.6.4: a path that does not start with `/` is replaced by the default path. The rule
    // the declarations obey too (`check_path`); its other breaches (a character outside
    // av-octets, over 1024 bytes) have their own codes above, for every attribute.
    if let Some(path) = c.path() {
        if !is_absolute_path(path) {
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

pub(crate) fn breach_message(breach: Breach) -> String {
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
        let imf = c.expires_imf();
        let full = match imf {
            Some(_) => None,
            None => crate::set_cookie::date::read_cookie_date(raw.as_bytes()),
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
        // four-digit year from 1601 means what it says. Every `Expires` is looked at: the one
        // browsers keep is the last readable one, not always the last.
        let repeated = c.notes.repeated & (1 << Known::Expires as u8) != 0;
        let ambiguous = if repeated {
            c.known_values(Known::Expires).find_map(|value| {
                let (_, year) = crate::set_cookie::date::read_cookie_date(value.as_bytes())?;
                (!year.is_unambiguous()).then_some((value, year))
            })
        } else {
            full.and_then(|(_, year)| (!year.is_unambiguous()).then_some((raw, year)))
        };
        if let Some((raw, year)) = ambiguous {
            out.warning("expires-year-not-four-digits", || {
                let read = crate::set_cookie::date::read_year(year);
                format!(
                    "`Expires={raw}`: browsers read the year `{:0width$}` as {read}; send a four-digit year",
                    year.value,
                    width = year.digits
                )
            });
        }
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
