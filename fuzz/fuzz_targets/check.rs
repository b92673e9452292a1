//! Fuzzes the `Set-Cookie` parser, `lint_at` and `Registry::check_at` / `check_bytes` together,
//! asserting invariants that tie their results to each other (not only "no panic").

#![no_main]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cookie_registry::date::{parse_cookie_date, parse_imf_fixdate};
use cookie_registry::{
    Checked, CookieRegistry, Declaration, Linted, ParseError, Registry, SetCookie, Violation,
    Violations, lint_at,
};
use libfuzzer_sys::fuzz_target;

#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Example")]
pub enum Site {
    #[cookie(
        name = "sessionid",
        service = "Authentication",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
        http_only,
        same_site = "lax",
        path = "/"
    )]
    Session,
    #[cookie(
        name = "_pk_id.*",
        provider = "Matomo",
        service = "Audience measurement",
        purpose = "Count visits",
        category = "statistics",
        lifetime = "13mo",
        consent_exempt
    )]
    AudienceId,
    #[cookie(
        name = "_pk_id.fixed",
        service = "Fixed",
        purpose = "Fixed",
        category = "necessary",
        lifetime = "1h"
    )]
    Fixed,
    #[cookie(
        name = "__Host-csrf",
        service = "Security",
        purpose = "CSRF",
        category = "necessary",
        lifetime = "session",
        secure,
        path = "/"
    )]
    Csrf,
    #[cookie(
        name = "ab*cd",
        service = "A/B tests",
        purpose = "Variant",
        category = "marketing",
        lifetime = "30m",
        third_party = "ads.example",
        secure,
        same_site = "none",
        partitioned,
        domain = "example.com"
    )]
    Variant,
    #[cookie(
        name = "lang",
        service = "Language",
        purpose = "Remember the language",
        category = "preferences",
        lifetime = "1y",
        same_site = "strict"
    )]
    Lang,
}

/// The codes of the violations that mean "not a cookie at all" (a [`ParseError`]).
const PARSE_CODES: [&str; 4] = ["control-character", "empty-cookie", "cookie-too-large", "not-utf8"];

fn parse_code(e: ParseError) -> &'static str {
    match e {
        ParseError::ControlCharacter { .. } => "control-character",
        ParseError::Empty => "empty-cookie",
        ParseError::TooLarge { .. } => "cookie-too-large",
        ParseError::NotUtf8 { .. } => "not-utf8",
        _ => unreachable!("a ParseError this target does not know: {e:?}"),
    }
}

/// 2025-06-15T15:06:40Z: the fixed "now" of `lint_at` and `check_at`.
fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_750_000_000)
}

/// RFC 5234 CTL except HTAB: what makes browsers ignore the header (6265bis §5.6 step 1).
fn is_forbidden_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

fn codes(v: &Violations) -> Vec<&'static str> {
    v.iter().map(Violation::code).collect()
}

/// What a success carries: its warnings.
trait Warned {
    fn warned(&self) -> &Violations;
}

impl Warned for Linted<'_> {
    fn warned(&self) -> &Violations {
        self.warnings()
    }
}

impl Warned for Checked<'_> {
    fn warned(&self) -> &Violations {
        self.warnings()
    }
}

/// Every violation of a result: a success's warnings (never an error), a failure's
/// violations (at least one error).
fn items<T: Warned>(r: &Result<T, Violations>) -> Vec<Violation> {
    let (v, failed) = match r {
        Ok(t) => (t.warned(), false),
        Err(v) => (v, true),
    };
    assert_eq!(v.has_errors(), failed, "an Err holds an error, a success none: {v:?}");
    assert_eq!(v.is_empty(), v.len() == 0);
    v.iter().cloned().collect()
}

/// The declaration a check result refers to, Ok or Err.
fn declaration(r: &Result<Checked<'_>, Violations>) -> Option<&'static Declaration> {
    match r {
        Ok(c) => {
            assert_eq!(c.warnings().declaration().map(|d| d as *const _), Some(c.declaration() as *const _));
            Some(c.declaration())
        }
        Err(v) => v.declaration(),
    }
}

fuzz_target!(|data: &[u8]| {
    let registry: &Registry = Site::registry();
    let parsed_bytes = SetCookie::parse_bytes(data);
    let checked_bytes = registry.check_bytes(data);
    let _ = items(&checked_bytes);

    let header = match std::str::from_utf8(data) {
        Ok(header) => header,
        Err(e) => {
            // Not UTF-8: both byte entry points say so, and nothing else.
            let index = e.valid_up_to();
            assert_eq!(parsed_bytes, Err(ParseError::NotUtf8 { index }));
            let v = checked_bytes.expect_err("check_bytes accepted bytes that are not UTF-8");
            assert_eq!(codes(&v), ["not-utf8"]);
            assert_eq!(v.declaration(), None);
            return;
        }
    };

    // One date algorithm: where the IMF-fixdate reader gives a time, the cookie-date
    // algorithm of 6265bis §5.1.1 (what browsers use) gives the same one.
    if let Some(at) = parse_imf_fixdate(header) {
        assert_eq!(parse_cookie_date(header), Some(at), "the IMF fast path disagrees: {header:?}");
    }

    // parse_bytes and parse agree on UTF-8 input.
    let parsed = SetCookie::parse(header);
    assert_eq!(parsed_bytes, parsed, "parse_bytes and parse disagree");

    let linted = lint_at(header, now());
    let checked = registry.check_at(header, now());
    let lint_items = items(&linted);
    let check_items = items(&checked);

    // lint_at Ok: no forbidden control character, no `;` in the value, a named cookie, and the
    // same cookie as the parser's.
    if let Ok(c) = linted.as_ref().map(Linted::cookie) {
        assert!(
            !header.bytes().any(is_forbidden_control),
            "lint_at accepted a header with a control character: {header:?}"
        );
        assert!(!c.value().contains(';'), "lint_at accepted a value with `;`: {:?}", c.value());
        assert!(!c.name().is_empty(), "lint_at accepted a nameless cookie");
        assert_eq!(Ok(*c), parsed, "lint_at and parse disagree");
        assert_eq!(c.header(), header);
    }

    // The per-thread verdict cache changes nothing: the check agrees with the uncached check,
    // again after a hit for the header itself.
    assert_eq!(checked, registry.__check_uncached_at(header, now()), "cache: {header:?}");
    assert_eq!(registry.check_at(header, now()), registry.__check_uncached_at(header, now()), "cache, second time: {header:?}");

    // check_at Ok implies lint_at Ok; check_at reports lint_at's violations first, then its own.
    if checked.is_ok() {
        assert!(linted.is_ok(), "check_at accepted what lint_at rejects: {:?}", linted);
    }
    assert!(
        check_items.starts_with(&lint_items),
        "check_at's violations do not start with lint_at's:\n lint:  {lint_items:?}\n check: {check_items:?}"
    );

    match parsed {
        Err(e) => {
            // Not a cookie: exactly one violation, the parse error, everywhere.
            let code = parse_code(e);
            assert!(checked.as_ref().is_err_and(Violations::is_malformed));
            assert_eq!(lint_items.iter().map(Violation::code).collect::<Vec<_>>(), [code]);
            assert_eq!(check_items.iter().map(Violation::code).collect::<Vec<_>>(), [code]);
            assert_eq!(checked.as_ref().err().and_then(Violations::declaration), None);
            assert_eq!(checked_bytes, checked, "check_bytes and check_at disagree on a parse error");
        }
        Ok(c) => {
            // A cookie: no parse violation anywhere, and the name/value never hold `;`.
            for v in lint_items.iter().chain(&check_items) {
                assert!(!PARSE_CODES.contains(&v.code()), "parse violation for a parsed cookie: {v}");
            }
            for v in items(&checked_bytes) {
                assert!(!PARSE_CODES.contains(&v.code()), "check_bytes parse violation for a parsed cookie: {v}");
            }
            assert!(!c.name().contains(';') && !c.value().contains(';'));
            assert!(c.name().len() + c.value().len() <= cookie_registry::MAX_NAME_VALUE);

            // Expires is the last readable one by the cookie-date algorithm (values over
            // 1024 bytes ignored), whatever fast path the parser takes; a removal is what
            // browsers delete with (Max-Age ≤ 0, else an Expires not after now).
            let expires = c
                .attributes()
                .filter(|a| a.name().eq_ignore_ascii_case("expires"))
                .filter_map(|a| a.value())
                .filter(|v| v.len() <= cookie_registry::MAX_ATTRIBUTE_VALUE)
                .filter_map(parse_cookie_date)
                .last();
            assert_eq!(c.expires(), expires, "Expires read otherwise than by 6265bis §5.1.1: {header:?}");
            let at = 1_750_000_000;
            let removal = match (c.max_age(), expires) {
                (Some(age), _) => age <= 0,
                (None, Some(t)) => t <= at,
                (None, None) => false,
            };
            assert_eq!(c.is_removal_at(at), removal, "removal: {header:?}");

            // The cache again, after a hit for another header with the same name and
            // attributes (another value).
            if let Some(at) = header.find(';') {
                let variant = format!("{}=cached{}", c.name(), &header[at..]);
                let _ = registry.check_at(&variant, now());
                assert_eq!(
                    registry.check_at(header, now()),
                    registry.__check_uncached_at(header, now()),
                    "cache after {variant:?}: {header:?}"
                );
            }

            // A nameless cookie is malformed, not undeclared.
            if c.name().is_empty() {
                let v = checked.as_ref().expect_err("a nameless cookie passed the check");
                assert!(v.is_malformed() && !v.contains("undeclared-cookie"));
            }

            // The declaration check_at reports is the registry's lookup of the name.
            let declared = registry.lookup(c.name());
            match &checked {
                Ok(c) => assert_eq!(Some(c.declaration()), declared, "check_at Ok with another declaration"),
                Err(v) => assert_eq!(v.declaration(), declared, "check_at Err with another declaration"),
            }

            // check_bytes reads the real clock; the results depend on the clock only through
            // a readable Expires that Max-Age does not override.
            let clock_free = c.expires().is_none() || c.max_age().is_some();
            if clock_free {
                assert_eq!(checked_bytes, checked, "check_bytes and check_at disagree (no clock involved)");
            } else {
                assert_eq!(declaration(&checked_bytes), declaration(&checked));
            }
        }
    }
});
