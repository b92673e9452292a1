//! Checking every `Set-Cookie` of one response: one clock, and names set twice.

use std::time::SystemTime;

use super::{Clock, Severity, Violation, Violations, parse_violation};
use crate::declaration::Declaration;
use crate::registry::Registry;
use crate::set_cookie::bytes::same_bytes;
use crate::set_cookie::{Head, ParseError};

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

impl Registry {
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
