//! [`Registry::check`]: a `Set-Cookie` header against the standards and its declaration.

use std::cell::OnceCell;
use std::time::SystemTime;

use cookie_registry_rules::lifetime::BROWSER_CAP;

use super::cache as verdict_cache;
use super::lint::{lint_pair, lint_parsed};
use super::{Checked, Clock, Collector, Parsed, Violations, parse_violation};
use crate::declaration::Declaration;
use crate::registry::Registry;
use crate::set_cookie::{Head, ParseError, SetCookie, clearly_past};

/// Slack allowed between an `Expires` and the declared lifetime (see the module docs).
const EXPIRES_SLACK: i64 = 60;

fn same_domain(a: &str, b: &str) -> bool {
    let undot = |s: &'_ str| -> usize { usize::from(s.as_bytes().first() == Some(&b'.')) };
    let (a, b) = (&a[undot(a)..], &b[undot(b)..]);
    // Sent as declared, nearly always: one comparison.
    a == b || a.eq_ignore_ascii_case(b)
}

fn conformance<F: FnMut() -> SystemTime>(
    c: &SetCookie<'_>,
    d: &'static Declaration,
    clock: &mut Clock<F>,
    out: &mut Collector,
) {
    // Path and Domain decide which cookie a header sets or deletes: checked for deletions too.
    match (d.path(), c.path()) {
        (Some(declared), Some(sent)) if declared == sent => {}
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
    let (sent, deletion) = match (c.max_age(), c.expires()) {
        (Some(age), _) => (Some((age, false)), age <= 0),
        (None, Some(at)) => {
            let now = clock.now();
            (Some((at.saturating_sub(now), true)), clearly_past(at, now))
        }
        (None, None) => (None, false),
    };
    // A deletion: `Max-Age` zero or less, or an `Expires` clearly past. `Partitioned` decides
    // which cookie it deletes, like `Path` and `Domain` (a deletion without it misses the
    // partitioned cookie, CHIPS).
    if deletion {
        if d.partitioned() && !c.partitioned() {
            out.error("partitioned-missing", || {
                format!(
                    "`{}` is declared `Partitioned`: a deletion without it misses the partitioned cookie",
                    d.name()
                )
            });
        }
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
        // An `Expires` just past is no persistent cookie either (not a deletion, see above).
        (None, Some((seconds, expires))) if seconds > 0 => out.error("persistent-cookie-declared-session", || {
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
    /// Checks a `Set-Cookie` header against the standards ([`lint`](crate::lint)) and against
    /// the declaration of its cookie: an undeclared name (with a did-you-mean); `Secure`,
    /// `HttpOnly`, `SameSite`, `Path`, `Domain` or `Partitioned` not as declared; a lifetime
    /// longer than declared; a persistent cookie declared `session`. A deletion of a declared
    /// cookie conforms (see the [module docs](crate::validation)). A successful check
    /// allocates nothing (unless it has warnings).
    ///
    /// # Errors
    ///
    /// When there is at least one error-level violation: every violation, warnings included;
    /// [`Violations::declaration`] gives the declaration when the name is declared. Warnings
    /// alone do not fail the check: [`Checked::warnings`] has them.
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
    /// let ok = registry.check("sessionid=abc; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax")?;
    /// assert_eq!(ok.declaration().name(), "sessionid");
    /// assert_eq!(ok.cookie().value(), "abc");
    /// assert!(ok.warnings().is_empty());
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
    /// // A warning does not fail the check.
    /// let warned = registry.check("sessionid=abc; Max-Age=01; Path=/; HttpOnly; SameSite=Lax")?;
    /// assert!(warned.warnings().contains("max-age-not-digits"));
    /// # Ok::<(), cookie_registry::Violations>(())
    /// ```
    pub fn check<'h>(&self, header: &'h str) -> Result<Checked<'h>, Violations> {
        self.check_with(header, SystemTime::now)
    }

    /// [`check`](Registry::check) at a given time (for `Expires`).
    ///
    /// # Errors
    ///
    /// As [`check`](Registry::check).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use cookie_registry::CookieRegistry;
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Site")]
    /// enum SiteCookie {
    ///     #[cookie(name = "lang", service = "Language", purpose = "Remember the language",
    ///         category = "necessary", lifetime = "1y")]
    ///     Lang,
    /// }
    /// let now = UNIX_EPOCH + Duration::from_secs(1_767_225_600); // 2026-01-01
    /// let header = "lang=fr; Expires=Fri, 01 Jan 2027 00:00:00 GMT";
    /// assert!(SiteCookie::registry().check_at(header, now).is_ok());
    /// let earlier = UNIX_EPOCH + Duration::from_secs(1_700_000_000); // 2023
    /// assert!(SiteCookie::registry().check_at(header, earlier).is_err());
    /// ```
    pub fn check_at<'h>(
        &self,
        header: &'h str,
        now: SystemTime,
    ) -> Result<Checked<'h>, Violations> {
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
    /// let v = registry.check_bytes(b"lang=\xc3").unwrap_err();
    /// assert!(v.contains("not-utf8") && v.is_malformed());
    /// ```
    pub fn check_bytes<'h>(&self, header: &'h [u8]) -> Result<Checked<'h>, Violations> {
        match std::str::from_utf8(header) {
            Ok(s) => self.check(s),
            Err(e) => Err(Violations::single(parse_violation(ParseError::NotUtf8 {
                index: e.valid_up_to(),
            }))),
        }
    }

    fn check_with<'h>(
        &self,
        header: &'h str,
        now: impl FnMut() -> SystemTime,
    ) -> Result<Checked<'h>, Violations> {
        let mut clock = Clock {
            read: now,
            seconds: None,
        };
        let head = Head::parse(header).map_err(|e| Violations::single(parse_violation(e)))?;
        self.check_head(head, &mut clock, true)
    }

    /// [`check_at`](Registry::check_at) without the per-thread verdict cache (neither read
    /// nor written): what the cache must always agree with. For tests and fuzzing.
    #[doc(hidden)]
    pub fn __check_uncached_at<'h>(
        &self,
        header: &'h str,
        now: SystemTime,
    ) -> Result<Checked<'h>, Violations> {
        let mut clock = Clock {
            read: || now,
            seconds: None,
        };
        let head = Head::parse(header).map_err(|e| Violations::single(parse_violation(e)))?;
        self.check_head(head, &mut clock, false)
    }

    /// Checks a header whose head is parsed: from the verdict cache (when `cache` allows it)
    /// if this declaration has passed with exactly these attributes before on this thread
    /// (then only the name-value pair is checked), else in full.
    pub(super) fn check_head<'h, F: FnMut() -> SystemTime>(
        &self,
        head: Head<'h>,
        clock: &mut Clock<F>,
        cache: bool,
    ) -> Result<Checked<'h>, Violations> {
        let declaration = self.lookup(head.name);
        let cached = declaration
            .filter(|_| cache)
            .and_then(|d| Some((d, verdict_cache::key(d, head.name, head.attributes)?)));
        if let Some((d, key)) = cached {
            if verdict_cache::passed(key, d, head.name, head.attributes) {
                let mut out = Collector::default();
                lint_pair(
                    head.name,
                    head.value,
                    head.no_equals,
                    d.pattern().is_none(),
                    &mut out,
                );
                return out.finish(Some(d), |warnings| Checked {
                    declaration: d,
                    parsed: Parsed::Cached {
                        header: head.header(),
                        name: head.name,
                        cookie: OnceCell::new(),
                    },
                    warnings,
                });
            }
        }
        let cookie = head.finish();
        let mut out = Collector::default();
        self.check_parsed(&cookie, declaration, clock, &mut out);
        if let Some((d, key)) = cached {
            // A clean verdict that does not depend on the time (no Expires) is remembered.
            if out.items.is_empty() && cookie.expires_raw().is_none() {
                verdict_cache::remember(key, d, cookie.name(), cookie.attributes_raw());
            }
        }
        match declaration {
            Some(d) => out.finish(Some(d), |warnings| Checked {
                declaration: d,
                parsed: Parsed::Full(cookie),
                warnings,
            }),
            // Undeclared or nameless: an error was collected.
            None => Err(Violations {
                items: out.items,
                declaration: None,
            }),
        }
    }

    /// The full check of a parsed header whose declaration (by name) was looked up already.
    fn check_parsed<F: FnMut() -> SystemTime>(
        &self,
        cookie: &SetCookie<'_>,
        declaration: Option<&'static Declaration>,
        clock: &mut Clock<F>,
        out: &mut Collector,
    ) {
        let exact = declaration.is_some_and(|d| d.pattern().is_none());
        lint_parsed(cookie, exact, clock, out);
        match declaration {
            Some(d) => conformance(cookie, d, clock, out),
            None if !cookie.name().is_empty() => out.error("undeclared-cookie", || {
                // `closest` gives up on names longer than any it compares (a bounded cost
                // for names of kilobytes from the network).
                let hint = cookie_registry_rules::suggest::closest(
                    cookie.name(),
                    self.declarations().map(Declaration::name),
                )
                .map_or(String::new(), |n| format!("; did you mean `{n}`?"));
                format!("cookie `{}` is not declared{hint}", cookie.name())
            }),
            // Nameless: `nameless-cookie` from the lint.
            None => {}
        }
    }
}
