//! HAR 1.2 files, as Chromium's and Firefox's DevTools (and chrome-har, WebPagetest) export
//! them, read into audit observations.
//!
//! Exports differ, and all are read:
//! - cookies come from `response.cookies`, the raw `Set-Cookie` response headers,
//!   `request.cookies` and `Cookie` request headers;
//! - several exporters join repeated `Set-Cookie` headers into one value, one per line;
//! - some leave `response.cookies` empty while the headers are there (the headers win when
//!   both are present: they are what the browser read);
//! - values can hold raw control bytes, which JSON forbids unescaped: such a file is repaired
//!   (the bytes escaped inside strings) and read again;
//! - names are reported as written, percent-encoded or not.
//!
//! A cookie a request carries that no response of the files set (for a domain covering the
//! request's host) was set by a script.

use std::collections::HashMap;
use std::fmt;

use cookie_registry::SetCookie;
use cookie_registry::audit::{Expiry, Observation, Phase, SetBy, parse_rfc3339};
use cookie_registry::cookie_header;
use cookie_registry::date::parse_cookie_date;

use crate::domain_covers;
use serde::Deserialize;

/// The most `Set-Cookie` lines read from one header value (a hostile file cannot make the
/// reader build an unbounded list from one string).
const MAX_LINES_PER_HEADER: usize = 1_000;

/// Why a HAR file cannot be audited.
#[derive(Debug)]
pub enum HarError {
    /// Not JSON, even after escaping raw control bytes, or not the shape of a HAR.
    Json(serde_json::Error),
    /// Requests, but not a single cookie, `Cookie` or `Set-Cookie` anywhere: a sanitized
    /// export.
    Sanitized {
        /// How many entries the file has.
        entries: usize,
    },
}

impl fmt::Display for HarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HarError::Json(e) => write!(f, "not a HAR 1.2 file: {e}"),
            HarError::Sanitized { entries } => write!(
                f,
                "{entries} requests but not one cookie, `Cookie` or `Set-Cookie` header: this HAR was exported \
                 sanitized (Chromium's DevTools strip cookies by default since 2024). Export it again with \
                 sensitive data: in DevTools settings > Preferences > Network, tick \"Allow to generate HAR with \
                 sensitive data\", then use Network > \"Export HAR (with sensitive data)...\""
            ),
        }
    }
}

impl std::error::Error for HarError {}

#[derive(Deserialize)]
struct Document {
    log: Log,
}

#[derive(Deserialize)]
struct Log {
    #[serde(default)]
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "startedDateTime", default)]
    started: String,
    #[serde(default)]
    request: Request,
    #[serde(default)]
    response: Response,
}

#[derive(Deserialize, Default)]
struct Request {
    #[serde(default)]
    url: String,
    #[serde(default, deserialize_with = "lenient_list")]
    headers: Vec<Header>,
    #[serde(default, deserialize_with = "lenient_list")]
    cookies: Vec<HarCookie>,
}

#[derive(Deserialize, Default)]
struct Response {
    #[serde(default, deserialize_with = "lenient_list")]
    headers: Vec<Header>,
    #[serde(default, deserialize_with = "lenient_list")]
    cookies: Vec<HarCookie>,
}

#[derive(Deserialize)]
struct Header {
    name: String,
    #[serde(default)]
    value: String,
}

#[derive(Deserialize)]
struct HarCookie {
    name: String,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    expires: Option<String>,
    #[serde(rename = "httpOnly", default)]
    http_only: Option<bool>,
    #[serde(default)]
    secure: Option<bool>,
    #[serde(rename = "sameSite", default)]
    same_site: Option<String>,
}

/// `null` reads as an empty list (some exporters write it for an aborted request).
fn lenient_list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A HAR file, read.
pub struct Har {
    entries: Vec<Entry>,
}

impl fmt::Debug for Har {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Har")
            .field("entries", &self.entries.len())
            .finish()
    }
}

/// Escapes the raw control bytes inside JSON strings, which JSON forbids but some exporters
/// write in cookie values; bytes outside strings are left alone.
fn escape_controls(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let (mut in_string, mut escaped) = (false, false);
    for &b in bytes {
        if in_string && b < 0x20 {
            out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
            escaped = false;
            continue;
        }
        out.push(b);
        if escaped {
            escaped = false;
        } else if in_string && b == b'\\' {
            escaped = true;
        } else if b == b'"' {
            in_string = !in_string;
        }
    }
    out
}

impl Har {
    /// Reads a HAR file's bytes (UTF-8; invalid sequences become U+FFFD).
    ///
    /// # Errors
    ///
    /// Not JSON or not a HAR ([`HarError::Json`]), or a sanitized export
    /// ([`HarError::Sanitized`]).
    pub fn from_slice(bytes: &[u8]) -> Result<Har, HarError> {
        let text = String::from_utf8_lossy(bytes);
        let document: Document = match serde_json::from_str(&text) {
            Ok(d) => d,
            Err(e) if e.is_syntax() => {
                let repaired = escape_controls(text.as_bytes());
                serde_json::from_slice(&repaired).map_err(|_| HarError::Json(e))?
            }
            Err(e) => return Err(HarError::Json(e)),
        };
        let har = Har {
            entries: document.log.entries,
        };
        if !har.entries.is_empty() && !har.has_cookies() {
            return Err(HarError::Sanitized {
                entries: har.entries.len(),
            });
        }
        Ok(har)
    }

    /// How many requests the file records.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it records none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn has_cookies(&self) -> bool {
        self.entries.iter().any(|e| {
            !e.request.cookies.is_empty()
                || !e.response.cookies.is_empty()
                || e.request.headers.iter().any(|h| is(h, "cookie"))
                || e.response.headers.iter().any(|h| is(h, "set-cookie"))
        })
    }
}

fn is(h: &Header, name: &str) -> bool {
    h.name.eq_ignore_ascii_case(name)
}

/// The host of a URL, lowercase, or `""`.
fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default()
}

fn expiry_of(text: Option<&str>) -> Expiry {
    match text.map(str::trim) {
        None | Some("") => Expiry::Unknown,
        Some(t) => parse_rfc3339(t)
            .or_else(|| parse_cookie_date(t))
            .map_or(Expiry::Unknown, Expiry::At),
    }
}

/// Whether a response cookie of the HAR (no header to read) is a deletion at `at`: an
/// expiry not after it, as a `Set-Cookie` line's deletion is skipped (it sets nothing).
fn deletes(c: &HarCookie, at: i64) -> bool {
    matches!(expiry_of(c.expires.as_deref()), Expiry::At(t) if t <= at)
}

/// The lines of a `Set-Cookie` value that exporters joined with newlines.
fn lines(value: &str) -> impl Iterator<Item = &str> {
    value
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .take(MAX_LINES_PER_HEADER)
}

/// Every `Set-Cookie` line of an entry's response (repeated headers, and lines joined in one).
fn set_cookie_lines(entry: &Entry) -> impl Iterator<Item = &str> {
    entry
        .response
        .headers
        .iter()
        .filter(|h| is(h, "set-cookie"))
        .flat_map(|h| lines(&h.value))
}

/// The name of a `Set-Cookie` line the parser refused: what precedes the first `=` (or `;`).
fn raw_name(line: &str) -> &str {
    let end = line.find(['=', ';']).unwrap_or(line.len());
    line[..end].trim()
}

/// A server-set cookie, from a raw `Set-Cookie` line.
fn from_header(line: &str, host: &str, at: i64, phase: Phase, url: &str) -> Option<Observation> {
    let parsed = SetCookie::parse(line).ok();
    let name = parsed
        .as_ref()
        .map_or_else(|| raw_name(line), SetCookie::name);
    if name.is_empty() {
        return None;
    }
    let mut o = Observation::new(name, host, phase, SetBy::Server, at);
    o.url = url.to_owned();
    o.set_cookie = Some(line.to_owned());
    if let Some(c) = parsed {
        if c.is_removal_at(at) {
            // A deletion puts nothing in the browser.
            return None;
        }
        if let Some(d) = c.domain() {
            o.domain = format!(".{}", d.trim_start_matches('.').to_ascii_lowercase());
        }
        o.path = c.path().map(str::to_owned);
        o.http_only = Some(c.http_only());
        o.secure = Some(c.secure());
        o.same_site = c.same_site();
        o.expiry = match (c.max_age(), c.expires()) {
            (Some(age), _) => Expiry::At(at.saturating_add(age)),
            (None, Some(t)) => Expiry::At(t),
            (None, None) => Expiry::Session,
        };
    }
    Some(o)
}

fn from_har_cookie(
    c: &HarCookie,
    host: &str,
    at: i64,
    phase: Phase,
    set_by: SetBy,
    url: &str,
) -> Observation {
    let mut o = Observation::new(
        c.name.as_str(),
        c.domain.as_deref().unwrap_or(host),
        phase,
        set_by,
        at,
    );
    o.url = url.to_owned();
    o.path = c.path.clone();
    o.http_only = c.http_only;
    o.secure = c.secure;
    o.same_site = c
        .same_site
        .as_deref()
        .and_then(cookie_registry::SameSite::parse);
    o.expiry = expiry_of(c.expires.as_deref());
    o
}

/// The time of each entry: its `startedDateTime`, or when that is missing or unreadable, the
/// last readable one before it (the time of the audit for the first entries).
#[derive(Default)]
struct Clock {
    last: Option<i64>,
}

impl Clock {
    fn time_of(&mut self, entry: &Entry) -> i64 {
        let at = parse_rfc3339(&entry.started)
            .or(self.last)
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64)
            });
        self.last = Some(at);
        at
    }
}

/// Every cookie the files show, as observations in `phase`, passed to `sink`.
pub fn observations(hars: &[Har], phase: Phase, mut sink: impl FnMut(Observation)) {
    // Pass 1: what responses set (deletions set nothing): each name, with the domains it was
    // set for, undotted, and whether for that host only (no `Domain`: RFC 6265bis §5.7
    // step 22, the cookie goes back to that host alone).
    let mut set: HashMap<String, Vec<(String, bool)>> = HashMap::new();
    let mut remember = |name: &str, domain: String, host_only: bool| {
        let domains = set.entry(name.to_owned()).or_default();
        if !domains.iter().any(|(d, h)| *d == domain && *h == host_only) {
            domains.push((domain, host_only));
        }
    };
    let mut clock = Clock::default();
    for entry in hars.iter().flat_map(|h| &h.entries) {
        let host = host(&entry.request.url);
        let at = clock.time_of(entry);
        let mut from_headers = false;
        for line in set_cookie_lines(entry) {
            from_headers = true;
            let parsed = SetCookie::parse(line).ok();
            if parsed.as_ref().is_some_and(|c| c.is_removal_at(at)) {
                continue;
            }
            let name = parsed
                .as_ref()
                .map_or_else(|| raw_name(line), SetCookie::name);
            match parsed.as_ref().and_then(SetCookie::domain) {
                Some(d) => remember(name, d.trim_start_matches('.').to_ascii_lowercase(), false),
                None => remember(name, host.clone(), true),
            }
        }
        if !from_headers {
            for c in entry.response.cookies.iter().filter(|c| !deletes(c, at)) {
                match c.domain.as_deref() {
                    Some(d) => remember(
                        &c.name,
                        d.trim_start_matches('.').to_ascii_lowercase(),
                        false,
                    ),
                    None => remember(&c.name, host.clone(), true),
                }
            }
        }
    }
    let server_set = |name: &str, host: &str| {
        set.get(name).is_some_and(|domains| {
            domains.iter().any(|(d, host_only)| {
                if *host_only {
                    d.eq_ignore_ascii_case(host)
                } else {
                    domain_covers(d, host)
                }
            })
        })
    };
    // Pass 2: the observations.
    let mut clock = Clock::default();
    for entry in hars.iter().flat_map(|h| &h.entries) {
        let url = entry.request.url.as_str();
        let host = host(url);
        let at = clock.time_of(entry);
        let mut from_headers = false;
        for line in set_cookie_lines(entry) {
            from_headers = true;
            if let Some(o) = from_header(line, &host, at, phase, url) {
                sink(o);
            }
        }
        if !from_headers {
            for c in entry.response.cookies.iter().filter(|c| !deletes(c, at)) {
                sink(from_har_cookie(c, &host, at, phase, SetBy::Server, url));
            }
        }
        let mut carried: Vec<String> = Vec::new();
        for h in entry.request.headers.iter().filter(|h| is(h, "cookie")) {
            for pair in cookie_header::pairs(h.value.as_bytes()) {
                carried.push(pair.name_lossy().into_owned());
            }
        }
        for c in &entry.request.cookies {
            if !carried.contains(&c.name) {
                carried.push(c.name.clone());
            }
        }
        // A carried cookie that a response set is already observed, with its header; one that
        // none set came from a script.
        for name in carried {
            if server_set(&name, &host) {
                continue;
            }
            let mut o = Observation::new(name, host.as_str(), phase, SetBy::Script, at);
            o.url = url.to_owned();
            sink(o);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bytes_are_escaped_only_inside_strings() {
        let raw = b"{\"a\": \"x\x01y\\\"\x02\",\n \"b\": 1}";
        let fixed = escape_controls(raw);
        let v: serde_json::Value = serde_json::from_slice(&fixed).unwrap();
        assert_eq!(v["a"], "x\u{1}y\"\u{2}");
        assert_eq!(v["b"], 1);
    }
}
