//! [`Registry::check`]: a `Set-Cookie` header against the standards and its declaration.

use std::time::SystemTime;

use cookie_registry_rules::lifetime::BROWSER_CAP;

use super::cache as verdict_cache;
use super::lint::{lint_pair, lint_parsed};
use super::{Clock, Collector, Violations, parse_violation};
use crate::declaration::Declaration;
use crate::registry::Registry;
use crate::set_cookie::bytes::same_bytes;
use crate::set_cookie::{Head, ParseError, SetCookie};

/// Slack allowed between an `Expires` and the declared lifetime (see the module docs).
const EXPIRES_SLACK: i64 = 60;

fn same_domain(a: &str, b: &str) -> bool {
    let undot = |s: &'_ str| -> usize { usize::from(s.as_bytes().first() == Some(&b'.')) };
    crate::set_cookie::bytes::eq_ignore_case(&a[undot(a)..], &b[undot(b)..])
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
    pub(super) fn check_head<'h, F: FnMut() -> SystemTime>(
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
}
