//! Checking every `Set-Cookie` of one response: one clock, and names set twice.

use std::collections::HashSet;
use std::time::SystemTime;

use super::{Checked, Clock, Severity, Violation, Violations, parse_violation};
use crate::registry::Registry;
use crate::set_cookie::{Head, ParseError};

/// How many names a response keeps on the stack before it uses a hash set.
const INLINE_NAMES: usize = 8;

/// The state of checking one response's headers: the clock and the names seen so far (the
/// first eight on the stack, so that a usual response allocates nothing; then a hash set, so
/// that a response with many cookies costs linear time).
pub(crate) struct ResponseCheck<'h, F: FnMut() -> SystemTime> {
    clock: Clock<F>,
    first: [&'h str; INLINE_NAMES],
    count: usize,
    more: HashSet<&'h str>,
}

impl<'h, F: FnMut() -> SystemTime> ResponseCheck<'h, F> {
    pub(crate) fn new(now: F) -> Self {
        ResponseCheck {
            clock: Clock {
                read: now,
                seconds: None,
            },
            first: [""; INLINE_NAMES],
            count: 0,
            more: HashSet::new(),
        }
    }

    /// Whether `name` was seen before in this response; records it.
    fn seen(&mut self, name: &'h str) -> bool {
        let inline = &self.first[..self.count.min(INLINE_NAMES)];
        if inline.contains(&name) {
            return true;
        }
        if self.count < INLINE_NAMES {
            self.first[self.count] = name;
            self.count += 1;
            return false;
        }
        self.count += 1;
        !self.more.insert(name)
    }

    /// Seconds since the Unix epoch, read once.
    #[cfg_attr(not(any(feature = "tower", feature = "actix")), allow(dead_code))]
    pub(crate) fn now(&mut self) -> i64 {
        self.clock.now()
    }
}

impl Registry {
    /// Checks every header of a response, as of now: see
    /// [`check_all_at`](Registry::check_all_at).
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
    /// // A deletion, then a fresh value: both kept, the second with a warning.
    /// let headers: [&[u8]; 2] = [b"lang=; Max-Age=0", b"lang=fr"];
    /// let results = SiteCookie::registry().check_all(headers);
    /// assert!(results.iter().all(Result::is_ok));
    /// assert!(results[1].as_ref().unwrap().warnings().contains("duplicate-cookie-in-response"));
    /// ```
    pub fn check_all<'h>(
        &self,
        headers: impl IntoIterator<Item = &'h [u8]>,
    ) -> Vec<Result<Checked<'h>, Violations>> {
        self.check_all_at(headers, SystemTime::now())
    }

    /// Checks every header of a response at `now`, one result per header, in order. A name
    /// set again is a warning on the later header (`duplicate-cookie-in-response`: RFC 6265
    /// §4.1.1 says servers SHOULD NOT; browsers apply the headers in order, so a deletion
    /// followed by a fresh cookie leaves the fresh one).
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
    /// assert!(results[0].as_ref().unwrap().warnings().is_empty());
    /// assert!(results[1].as_ref().unwrap_err().contains("undeclared-cookie"));
    /// assert!(results[2].as_ref().unwrap().warnings().contains("duplicate-cookie-in-response"));
    /// ```
    pub fn check_all_at<'h>(
        &self,
        headers: impl IntoIterator<Item = &'h [u8]>,
        now: SystemTime,
    ) -> Vec<Result<Checked<'h>, Violations>> {
        let mut response = ResponseCheck::new(move || now);
        headers
            .into_iter()
            .map(|header| self.check_in_response(&mut response, header).1)
            .collect()
    }

    /// Checks the next `Set-Cookie` of a response: one parse, shared clock, duplicate names
    /// found across the response. Returns the cookie's name too (empty when the header does
    /// not parse).
    pub(crate) fn check_in_response<'h, F: FnMut() -> SystemTime>(
        &self,
        response: &mut ResponseCheck<'h, F>,
        header: &'h [u8],
    ) -> (&'h str, Result<Checked<'h>, Violations>) {
        let head = match std::str::from_utf8(header) {
            Ok(text) => Head::parse(text),
            Err(e) => Err(ParseError::NotUtf8 {
                index: e.valid_up_to(),
            }),
        };
        let head = match head {
            Ok(head) => head,
            Err(e) => return ("", Err(Violations::single(parse_violation(e)))),
        };
        let name = head.name;
        let mut result = self.check_head(head, &mut response.clock, true);
        if response.seen(name) {
            let violation = Violation::new(
                "duplicate-cookie-in-response",
                Severity::Warning,
                format!(
                    "cookie `{name}` is set more than once in one response: browsers apply the headers in order, the last one wins"
                ),
            );
            match &mut result {
                Ok(checked) => checked.warnings.items.push(violation),
                Err(v) => v.items.push(violation),
            }
        }
        (name, result)
    }
}

#[cfg(feature = "http")]
impl Registry {
    /// Checks every `Set-Cookie` of a response's headers as of now (feature `http`); see
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
    /// assert!(results[1].as_ref().unwrap().warnings().contains("duplicate-cookie-in-response"));
    /// ```
    pub fn check_response<'h>(
        &self,
        headers: &'h http::HeaderMap,
    ) -> Vec<Result<Checked<'h>, Violations>> {
        self.check_response_at(headers, SystemTime::now())
    }

    /// [`check_response`](Registry::check_response) at a given time (for `Expires`).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use cookie_registry::CookieRegistry;
    /// use http::header::{HeaderMap, HeaderValue, SET_COOKIE};
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Site")]
    /// enum SiteCookie {
    ///     #[cookie(name = "lang", service = "Language", purpose = "Remember the language",
    ///         category = "necessary", lifetime = "1y")]
    ///     Lang,
    /// }
    /// let mut headers = HeaderMap::new();
    /// headers.append(SET_COOKIE, HeaderValue::from_static("lang=fr; Expires=Fri, 01 Jan 2027 00:00:00 GMT"));
    /// let now = UNIX_EPOCH + Duration::from_secs(1_767_225_600); // 2026-01-01
    /// assert!(SiteCookie::registry().check_response_at(&headers, now)[0].is_ok());
    /// let earlier = UNIX_EPOCH + Duration::from_secs(1_700_000_000); // 2023: over a year away
    /// assert!(SiteCookie::registry().check_response_at(&headers, earlier)[0].is_err());
    /// ```
    pub fn check_response_at<'h>(
        &self,
        headers: &'h http::HeaderMap,
        now: SystemTime,
    ) -> Vec<Result<Checked<'h>, Violations>> {
        self.check_all_at(
            headers
                .get_all(http::header::SET_COOKIE)
                .iter()
                .map(|v| v.as_bytes()),
            now,
        )
    }
}
