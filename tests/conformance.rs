//! Conformance suite for `SetCookie::parse`, `lint_at` and `Registry::check_at`.
//!
//! Every row is `(header, expected violations)`, with the EXACT list of codes and the severity
//! of each, in the order the validator reports them, and a comment citing the rule:
//! "6265bis" is draft-ietf-httpbis-rfc6265bis-22, "layered" is
//! draft-ietf-httpbis-layered-cookies-02, "CHIPS" is draft-cutler-httpbis-partitioned-cookies.
//! Ideas taken from web-platform-tests (`cookies/`) and from the http-state test suite
//! (`abarth/http-state`, `tests/data/parser` and `tests/data/dates`) are rewritten here, and say
//! where they come from.
//!
//! Every check uses the fixed `NOW` (2026-01-01T00:00:00Z, a Thursday) so that no test depends
//! on the clock.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cookie_registry::{
    Checked, CookieRegistry, Linted, ParseError, Registry, SameSite, SetCookie, Severity,
    Violations, lint_at,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// 2026-01-01T00:00:00Z, a Thursday.
const NOW_SECS: i64 = 1_767_225_600;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW_SECS as u64)
}

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;

type Expected = &'static [(&'static str, Severity)];
type Row = (&'static str, Expected);

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

/// Every violation of a result: the warnings of a success (never an error), or the violations
/// of a failure (at least one error).
fn found<T: Warned>(result: &Result<T, Violations>) -> Vec<(&'static str, Severity)> {
    let (violations, failed) = match result {
        Ok(t) => (t.warned(), false),
        Err(v) => (v, true),
    };
    assert_eq!(
        violations.has_errors(),
        failed,
        "an Err holds an error, a success none: {violations:?}"
    );
    violations
        .iter()
        .map(|v| (v.code(), v.severity()))
        .collect()
}

fn lint_codes(header: &str) -> Vec<(&'static str, Severity)> {
    found(&lint_at(header, now()))
}

fn check_codes(header: &str) -> Vec<(&'static str, Severity)> {
    found(&registry().check_at(header, now()))
}

/// Runs every row and reports all the rows that differ at once.
fn run_table(
    what: &str,
    rows: &[(String, Vec<(&'static str, Severity)>)],
    run: impl Fn(&str) -> Vec<(&'static str, Severity)>,
) {
    let mut failures = Vec::new();
    for (header, expected) in rows {
        let got = run(header);
        if &got != expected {
            failures.push(format!(
                "  {header:?}\n      expected {expected:?}\n      got      {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{what}: {} of {} rows differ:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

fn owned(rows: &[Row]) -> Vec<(String, Vec<(&'static str, Severity)>)> {
    rows.iter()
        .map(|(h, e)| ((*h).to_owned(), e.to_vec()))
        .collect()
}

fn lint_table(what: &str, rows: &[Row]) {
    run_table(what, &owned(rows), lint_codes);
}

fn check_table(what: &str, rows: &[Row]) {
    run_table(what, &owned(rows), check_codes);
}

/// Seconds since the epoch of a UTC civil date (days-from-civil), for the date tables.
fn utc(year: i64, month: i64, day: i64, h: i64, m: i64, s: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400 + h * 3600 + m * 60 + s
}

// ---------------------------------------------------------------------------------------------
// The test registry
// ---------------------------------------------------------------------------------------------

#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Conformance")]
#[allow(dead_code)]
enum TestCookie {
    // Django's session cookie (Django's defaults, as in the seed's table).
    #[cookie(
        name = "sessionid",
        service = "Login",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
        http_only,
        same_site = "lax",
        path = "/"
    )]
    Session,
    // Matomo's visitor id: a pattern.
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
    // A session cookie.
    #[cookie(
        name = "django_language",
        service = "Language",
        purpose = "Remember the language",
        category = "necessary",
        lifetime = "session",
        path = "/"
    )]
    Language,
    #[cookie(
        name = "__Host-csrf",
        service = "Security",
        purpose = "CSRF protection",
        category = "necessary",
        lifetime = "session",
        secure,
        path = "/"
    )]
    Csrf,
    #[cookie(
        name = "api_token",
        service = "API",
        purpose = "Authenticate API calls",
        category = "necessary",
        lifetime = "1h",
        secure
    )]
    ApiToken,
    // Every attribute declared.
    #[cookie(
        name = "widget",
        service = "Widget",
        purpose = "Embedded widget state",
        category = "marketing",
        lifetime = "30m",
        third_party = "ads.example",
        secure,
        same_site = "none",
        partitioned,
        domain = "example.com"
    )]
    Widget,
    // No attribute declared.
    #[cookie(
        name = "prefs",
        service = "Preferences",
        purpose = "Remember display choices",
        category = "preferences",
        lifetime = "6mo"
    )]
    Prefs,
    // The longest lifetime a declaration may have (6265bis §5.5: 400 days).
    #[cookie(
        name = "longlived",
        service = "Device",
        purpose = "Remember the device",
        category = "preferences",
        lifetime = "400d"
    )]
    LongLived,
}

fn registry() -> &'static Registry {
    TestCookie::registry()
}

// ---------------------------------------------------------------------------------------------
// lint: the draft's own examples
// ---------------------------------------------------------------------------------------------

static DRAFT_EXAMPLES: &[Row] = &[
    // 6265bis §3.1: the Set-Cookie examples, all conforming (the Expires ones are in the past
    // at NOW, which is no violation).
    ("SID=31d4d96e407aad42", &[]),
    ("SID=31d4d96e407aad42; Path=/; Domain=example.com", &[]),
    ("SID=31d4d96e407aad42; Path=/; Secure; HttpOnly", &[]),
    ("lang=en-US; Path=/; Domain=example.com", &[]),
    ("lang=en-US; Expires=Wed, 09 Jun 2021 10:18:14 GMT", &[]),
    ("lang=; Expires=Sun, 06 Nov 1994 08:49:37 GMT", &[]),
    // 6265bis §4.1.3.1: the `__Secure-` examples, rejected then accepted.
    (
        "__Secure-SID=12345; Domain=site.example",
        &[("secure-prefix-without-secure", E)],
    ),
    ("__Secure-SID=12345; Domain=site.example; Secure", &[]),
    // 6265bis §4.1.3.2: the `__Host-` examples that "would always be rejected".
    (
        "__Host-SID=12345",
        &[
            ("host-prefix-without-secure", E),
            ("host-prefix-without-root-path", E),
        ],
    ),
    (
        "__Host-SID=12345; Secure",
        &[("host-prefix-without-root-path", E)],
    ),
    (
        "__Host-SID=12345; Domain=site.example",
        &[
            ("host-prefix-without-secure", E),
            ("host-prefix-with-domain", E),
            ("host-prefix-without-root-path", E),
        ],
    ),
    (
        "__Host-SID=12345; Domain=site.example; Path=/",
        &[
            ("host-prefix-without-secure", E),
            ("host-prefix-with-domain", E),
        ],
    ),
    (
        "__Host-SID=12345; Secure; Domain=site.example; Path=/",
        &[("host-prefix-with-domain", E)],
    ),
    // 6265bis §4.1.3.2: the one that is accepted from a secure origin.
    ("__Host-SID=12345; Secure; Path=/", &[]),
];

#[test]
fn draft_examples() {
    lint_table("6265bis examples", DRAFT_EXAMPLES);
}

// ---------------------------------------------------------------------------------------------
// lint: conforming headers that must produce no violation
// ---------------------------------------------------------------------------------------------

static CONFORMING: &[Row] = &[
    // Module docs judgment call: `Max-Age=0` is how deletion is done (editor's copy of
    // 6265bis §4.1.1 allows it; layered §4.1.1 max-age-av = 1*DIGIT).
    ("id=; Max-Age=0", &[]),
    ("id=0; Max-Age=0; Path=/", &[]),
    // 6265bis §4.1.1 NOTE and §5.6: attribute names are case-insensitive.
    (
        "id=1; max-age=60; path=/; secure; httponly; samesite=strict; partitioned",
        &[],
    ),
    (
        "id=1; MAX-AGE=60; PATH=/; SECURE; HTTPONLY; SAMESITE=LAX; DOMAIN=example.com",
        &[],
    ),
    // 6265bis §5.6.7: SameSite values match case-insensitively.
    ("id=1; SameSite=lax", &[]),
    ("id=1; SameSite=LAX", &[]),
    ("id=1; SameSite=lAx", &[]),
    ("id=1; SameSite=Strict", &[]),
    ("id=1; SameSite=STRICT", &[]),
    ("id=1; SameSite=None; Secure", &[]),
    ("id=1; samesite=none; secure", &[]),
    // 6265bis §4.1.1 extension-av (module docs: extension attributes are not reported);
    // `Priority` is Chrome's.
    ("id=1; Priority=High", &[]),
    ("id=1; Priority=High; SameParty", &[]),
    // 6265bis §4.1.1: cookie-value = DQUOTE *cookie-octet DQUOTE; the quotes stay.
    ("id=\"abc\"", &[]),
    ("id=\"\"", &[]),
    // 6265bis §4.1.1: cookie-value = *cookie-octet, so it may be empty.
    ("id=", &[]),
    // 6265bis §5.6 step 2: the first `=` ends the name; `=` is a cookie-octet.
    ("id=a=b", &[]),
    ("id=dGVzdA==", &[]),
    // 6265bis §4.1.1: BWS around `=` and before `;`, OWS after it.
    ("  id = abc  ; Path = / ", &[]),
    ("id=1;Path=/", &[]),
    ("id=1;\tPath=/", &[]),
    ("id\t=\t1", &[]),
    // RFC 9110 §5.6.2: every tchar is allowed in a token.
    ("!#$%&'*+-.^_`|~09AZaz=1", &[]),
    // 6265bis §4.1.2.3, §5.6.3: Domain is lowercased by browsers.
    ("id=1; Domain=Example.COM", &[]),
    ("id=1; Domain=sub.example.co.uk", &[]),
    ("id=1; Domain=xn--exmple-cua.com", &[]),
    // CHIPS §2.1: Partitioned with Secure.
    ("id=1; Secure; Partitioned; SameSite=None; Path=/", &[]),
    // 6265bis §5.5: exactly 400 days is within the cap.
    ("id=1; Max-Age=34560000", &[]),
    ("id=1; Expires=Fri, 05 Feb 2027 00:00:00 GMT", &[]),
    // 6265bis §4.1.2.2: Max-Age has precedence, so a far Expires beside it is not over the cap.
    (
        "id=1; Max-Age=60; Expires=Fri, 01 Jan 2038 00:00:00 GMT",
        &[],
    ),
    // An IMF-fixdate in the past (RFC 9110 §5.6.7).
    ("id=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT", &[]),
    // 6265bis §5.6 step 1: a tab is the one control character allowed.
    ("id=1; Priority=\tHigh", &[]),
    // http-state parser/attribute0003 idea: `"Secure"` (quoted) is an extension attribute,
    // not Secure, and extension-av = *av-octet allows `"`.
    ("id=1; \"Secure\"", &[]),
];

#[test]
fn conforming_headers_have_no_violation() {
    lint_table("conforming", CONFORMING);
}

// ---------------------------------------------------------------------------------------------
// lint: prefixes (WPT cookies/prefix/)
// ---------------------------------------------------------------------------------------------

static PREFIXES: &[Row] = &[
    // 6265bis §4.1.3.1, §5.7 step 20; WPT cookies/prefix/__secure.header.https.html.
    ("__Secure-x=1", &[("secure-prefix-without-secure", E)]),
    ("__Secure-x=1; Secure", &[]),
    // 6265bis §5.4/§5.7: browsers match prefixes case-insensitively; WPT
    // cookies/prefix/prefix-case-insensitive idea.
    ("__SECURE-x=1", &[("secure-prefix-without-secure", E)]),
    ("__secure-x=1; secure", &[]),
    // The `Secure` flag is set by `Secure=no` too (6265bis §5.6.5), with a warning.
    ("__Secure-x=1; Secure=no", &[("secure-with-value", W)]),
    // A quoted `"Secure"` is an unknown attribute: the prefix rule breaks (http-state
    // parser/attribute0003 idea).
    (
        "__Secure-x=1; \"Secure\"",
        &[("secure-prefix-without-secure", E)],
    ),
    // 6265bis §4.1.3.2, §5.7 step 21; WPT cookies/prefix/__host.header.https.html.
    ("__Host-x=1; Secure; Path=/", &[]),
    (
        "__Host-x=1; Secure",
        &[("host-prefix-without-root-path", E)],
    ),
    (
        "__Host-x=1; Secure; Path=/foo",
        &[("host-prefix-without-root-path", E)],
    ),
    // WPT cookies/prefix/__host.explicit-path idea: an empty `Path=` is not `Path=/`
    // (6265bis §5.6.4: an empty path is replaced by the default path).
    (
        "__Host-x=1; Secure; Path=",
        &[
            ("path-not-absolute", W),
            ("host-prefix-without-root-path", E),
        ],
    ),
    (
        "__Host-x=1; Secure; Path=/; Domain=example.com",
        &[("host-prefix-with-domain", E)],
    ),
    // Case-insensitive: `__host-x` without Secure is an error (the brief's example).
    ("__host-x=1; Path=/", &[("host-prefix-without-secure", E)]),
    (
        "__host-x=1",
        &[
            ("host-prefix-without-secure", E),
            ("host-prefix-without-root-path", E),
        ],
    ),
    ("__HOST-x=1; SECURE; PATH=/", &[]),
    // 6265bis §5.6 / §5.7 step 11: the last Path wins, also for the prefix rule.
    (
        "__Host-x=1; Secure; Path=/; Path=/foo",
        &[
            ("duplicate-attribute", W),
            ("host-prefix-without-root-path", E),
        ],
    ),
    (
        "__Host-x=1; Secure; Path=/foo; Path=/",
        &[("duplicate-attribute", W)],
    ),
    // layered §4.1.3.3 `__Http-` (Secure and HttpOnly, httpwg PR #3511).
    (
        "__Http-x=1",
        &[
            ("http-prefix-without-secure", E),
            ("http-prefix-without-http-only", E),
        ],
    ),
    (
        "__Http-x=1; Secure",
        &[("http-prefix-without-http-only", E)],
    ),
    ("__Http-x=1; HttpOnly", &[("http-prefix-without-secure", E)]),
    ("__Http-x=1; Secure; HttpOnly", &[]),
    (
        "__http-x=1; Secure",
        &[("http-prefix-without-http-only", E)],
    ),
    // layered §4.1.3.4 `__Host-Http-`: the `__Host-` rules plus HttpOnly.
    (
        "__Host-Http-x=1",
        &[
            ("host-http-prefix-without-secure", E),
            ("host-http-prefix-without-http-only", E),
            ("host-prefix-without-root-path", E),
        ],
    ),
    (
        "__Host-Http-x=1; Secure; Path=/",
        &[("host-http-prefix-without-http-only", E)],
    ),
    ("__Host-Http-x=1; Secure; HttpOnly; Path=/", &[]),
    (
        "__Host-Http-x=1; Secure; HttpOnly; Path=/; Domain=example.com",
        &[("host-prefix-with-domain", E)],
    ),
    (
        "__host-http-x=1; HttpOnly; Path=/",
        &[("host-http-prefix-without-secure", E)],
    ),
    // Not prefixes: the dash is part of the prefix (6265bis §4.1.3).
    ("_Host-x=1", &[]),
    ("__Hostx=1", &[]),
    ("__Secure=1", &[]),
    ("x__Secure-=1", &[]),
];

#[test]
fn name_prefixes() {
    lint_table("prefixes", PREFIXES);
}

// ---------------------------------------------------------------------------------------------
// lint: name and value grammar
// ---------------------------------------------------------------------------------------------

static NAME_VALUE: &[Row] = &[
    // 6265bis §4.1.1: cookie-name is a token (RFC 9110 §5.6.2); SHOULD, so a warning
    // (module docs). WPT cookies/name/name.html: a name with internal whitespace.
    ("a b=c", &[("name-not-token", W)]),
    ("a(b=c", &[("name-not-token", W)]),
    ("a)b=c", &[("name-not-token", W)]),
    ("a<b>=c", &[("name-not-token", W)]),
    ("a@b=c", &[("name-not-token", W)]),
    ("a,b=c", &[("name-not-token", W)]),
    ("a:b=c", &[("name-not-token", W)]),
    ("a\\b=c", &[("name-not-token", W)]),
    ("\"a\"=c", &[("name-not-token", W)]),
    ("a/b=c", &[("name-not-token", W)]),
    ("a[b]=c", &[("name-not-token", W)]),
    ("a?b=c", &[("name-not-token", W)]),
    ("a{b}=c", &[("name-not-token", W)]),
    ("a\tb=c", &[("name-not-token", W)]),
    ("café=1", &[("name-not-token", W)]),
    // 6265bis §4.1.1: cookie-octet excludes CTLs, whitespace, DQUOTE, `,`, `;` and `\`.
    // WPT cookies/value/value.html: a value with internal whitespace.
    ("id=a b", &[("value-not-cookie-octets", W)]),
    ("id=a,b", &[("value-not-cookie-octets", W)]),
    ("id=a\\b", &[("value-not-cookie-octets", W)]),
    ("id=a\"b", &[("value-not-cookie-octets", W)]),
    ("id=a\tb", &[("value-not-cookie-octets", W)]),
    ("id=é", &[("value-not-cookie-octets", W)]),
    // Quotes must come as one pair around the whole value.
    ("id=\"abc", &[("value-not-cookie-octets", W)]),
    ("id=abc\"", &[("value-not-cookie-octets", W)]),
    ("id=\"", &[("value-not-cookie-octets", W)]),
    ("id=\"a\"b\"", &[("value-not-cookie-octets", W)]),
    ("id=\"a b\"", &[("value-not-cookie-octets", W)]),
    // Both broken: name first, then value.
    (
        "a b=c d",
        &[("name-not-token", W), ("value-not-cookie-octets", W)],
    ),
    // 6265bis §4.1.1 / layered §4.1.1: servers MUST NOT send nameless cookies; §5.6 step 2
    // makes one of a pair without `=` (WPT cookies/name/name.html "nameless").
    ("=abc", &[("nameless-cookie", E)]),
    ("abc", &[("nameless-cookie", E)]),
    ("abc; Path=/", &[("nameless-cookie", E)]),
    (" = abc", &[("nameless-cookie", E)]),
    // 6265bis §5.7: a nameless cookie whose value starts with a prefix is dropped too.
    ("__Host-x; Secure; Path=/", &[("nameless-cookie", E)]),
    ("=__Secure-x; Secure", &[("nameless-cookie", E)]),
    // 6265bis §5.6 / §5.7 step 2: empty name and value, the cookie is ignored.
    ("", &[("empty-cookie", E)]),
    ("=", &[("empty-cookie", E)]),
    ("  ", &[("empty-cookie", E)]),
    (" = ", &[("empty-cookie", E)]),
    ("; Path=/", &[("empty-cookie", E)]),
    ("=; Secure", &[("empty-cookie", E)]),
];

#[test]
fn name_and_value_grammar() {
    lint_table("name and value", NAME_VALUE);
}

// ---------------------------------------------------------------------------------------------
// lint: control characters (6265bis §5.6 step 1, layered §5.6.1 step 1)
// ---------------------------------------------------------------------------------------------

static CONTROL: &[Row] = &[
    // WPT cookies/attributes/attributes-ctl and cookies/name/name-ctl ideas: any CTL but
    // HTAB anywhere makes browsers ignore the whole header.
    ("id=a\u{0}b", &[("control-character", E)]),
    ("id=a\u{1}", &[("control-character", E)]),
    ("id=\u{1f}", &[("control-character", E)]),
    ("id=a\u{7f}", &[("control-character", E)]),
    ("id=a\nb", &[("control-character", E)]),
    ("id=a\rb", &[("control-character", E)]),
    ("i\u{8}d=1", &[("control-character", E)]),
    ("id=1; Path=/\u{b}", &[("control-character", E)]),
    ("id=1; Priority=\u{c}High", &[("control-character", E)]),
    ("__Host-x=1\u{0}", &[("control-character", E)]),
    // A tab is allowed (WSP): trimmed around names, values and attributes.
    ("id=1;\tSecure", &[]),
    ("\tid\t=\t1\t", &[]),
];

#[test]
fn control_characters() {
    lint_table("control characters", CONTROL);
}

// ---------------------------------------------------------------------------------------------
// lint: attributes
// ---------------------------------------------------------------------------------------------

static ATTRIBUTES: &[Row] = &[
    // 6265bis §4.1.1 (fact sheet): every cookie-av is non-empty; a trailing `;` is not.
    ("id=1;", &[("empty-attribute", W)]),
    ("id=1; ", &[("empty-attribute", W)]),
    ("id=1; ; Path=/", &[("empty-attribute", W)]),
    ("id=1;;Path=/", &[("empty-attribute", W)]),
    ("id=1; Path=/;", &[("empty-attribute", W)]),
    // 6265bis §4.1.1: servers SHOULD NOT produce two attributes with the same name.
    ("id=1; Path=/a; Path=/b", &[("duplicate-attribute", W)]),
    ("id=1; Secure; Secure", &[("duplicate-attribute", W)]),
    ("id=1; Max-Age=1; max-age=2", &[("duplicate-attribute", W)]),
    (
        "id=1; SameSite=Lax; SAMESITE=Strict",
        &[("duplicate-attribute", W)],
    ),
    (
        "id=1; Path=/; Secure; Path=/; Secure",
        &[("duplicate-attribute", W), ("duplicate-attribute", W)],
    ),
    // Extension attributes may repeat (only known ones are counted).
    ("id=1; Priority=High; Priority=Low", &[]),
    // 6265bis §4.1.1: secure-av = "Secure", httponly-av = "HttpOnly" take no value; browsers
    // set the flag anyway (http-state parser/attribute0004, attribute0005 ideas).
    ("id=1; Secure=", &[("secure-with-value", W)]),
    ("id=1; Secure=aaaa", &[("secure-with-value", W)]),
    ("id=1; HttpOnly=true", &[("http-only-with-value", W)]),
    // CHIPS §2.1: Partitioned takes no value either.
    (
        "id=1; Secure; Partitioned=yes",
        &[("partitioned-with-value", W)],
    ),
    (
        "id=1; Partitioned=1",
        &[
            ("partitioned-with-value", W),
            ("partitioned-without-secure", E),
        ],
    ),
    // 6265bis §4.1.1 max-age-av = "Max-Age=" non-zero-digit *DIGIT; §5.6.2 browsers ignore
    // what is not `-`? digits.
    ("id=1; Max-Age=abc", &[("max-age-not-digits", W)]),
    ("id=1; Max-Age=", &[("max-age-not-digits", W)]),
    ("id=1; Max-Age", &[("max-age-not-digits", W)]),
    ("id=1; Max-Age=+60", &[("max-age-not-digits", W)]),
    ("id=1; Max-Age=1.5", &[("max-age-not-digits", W)]),
    ("id=1; Max-Age=60s", &[("max-age-not-digits", W)]),
    ("id=1; Max-Age=-", &[("max-age-not-digits", W)]),
    // A negative Max-Age deletes (§5.6.2) but is outside the server grammar.
    ("id=1; Max-Age=-1", &[("max-age-not-digits", W)]),
    // Leading zeros are outside non-zero-digit *DIGIT.
    ("id=1; Max-Age=060", &[("max-age-not-digits", W)]),
    ("id=1; Max-Age=00", &[("max-age-not-digits", W)]),
    // 6265bis §5.5: browsers clamp lifetimes to 400 days.
    ("id=1; Max-Age=34560001", &[("max-age-over-400-days", W)]),
    (
        "id=1; Max-Age=99999999999999999999999999",
        &[("max-age-over-400-days", W)],
    ),
    // 6265bis §5.1.1, §5.6.1: an Expires browsers cannot read is ignored.
    ("id=1; Expires=yesterday", &[("expires-unparsable", W)]),
    ("id=1; Expires=", &[("expires-unparsable", W)]),
    ("id=1; Expires", &[("expires-unparsable", W)]),
    (
        "id=1; Expires=Sun, 31 Feb 1994 08:49:37 GMT",
        &[("expires-unparsable", W)],
    ),
    // RFC 9110 §5.6.7 leap second: allowed by IMF-fixdate, not by the cookie-date algorithm.
    (
        "id=1; Expires=Thu, 01 Jan 1970 00:00:60 GMT",
        &[("expires-unparsable", W)],
    ),
    // 6265bis §4.1.1 sane-cookie-date = IMF-fixdate (RFC 9110 §5.6.7); lenient forms are read
    // by browsers, so a warning. RFC 850 and asctime forms:
    (
        "id=1; Expires=Sunday, 06-Nov-94 08:49:37 GMT",
        &[
            ("expires-not-imf-fixdate", W),
            ("expires-year-not-four-digits", W),
        ],
    ),
    (
        "id=1; Expires=Sun Nov  6 08:49:37 1994",
        &[("expires-not-imf-fixdate", W)],
    ),
    // The wrong day name, `UTC`, lowercase names, a one-digit day.
    (
        "id=1; Expires=Mon, 06 Nov 1994 08:49:37 GMT",
        &[("expires-not-imf-fixdate", W)],
    ),
    (
        "id=1; Expires=Sun, 06 Nov 1994 08:49:37 UTC",
        &[("expires-not-imf-fixdate", W)],
    ),
    (
        "id=1; Expires=sun, 06 nov 1994 08:49:37 GMT",
        &[("expires-not-imf-fixdate", W)],
    ),
    (
        "id=1; Expires=Sun, 6 Nov 1994 08:49:37 GMT",
        &[("expires-not-imf-fixdate", W)],
    ),
    // 6265bis §5.5: an Expires more than 400 days after NOW.
    (
        "id=1; Expires=Fri, 05 Feb 2027 00:00:01 GMT",
        &[("expires-over-400-days", W)],
    ),
    (
        "id=1; Expires=Fri, 01 Jan 2038 00:00:00 GMT",
        &[("expires-over-400-days", W)],
    ),
    (
        "id=1; Expires=Friday, 01-Jan-38 00:00:00 GMT",
        &[
            ("expires-not-imf-fixdate", W),
            ("expires-year-not-four-digits", W),
            ("expires-over-400-days", W),
        ],
    ),
    // 6265bis §5.1.1 reads a year as a number: `0027` is 2027, not 27 AD. It is no IMF-fixdate
    // (those are read as written, from 1601), and the year is ambiguous.
    (
        "id=1; Expires=Fri, 01 Jan 0027 00:00:00 GMT",
        &[
            ("expires-not-imf-fixdate", W),
            ("expires-year-not-four-digits", W),
        ],
    ),
    (
        "id=1; Expires=Tue, 01 Jan 0069 00:00:00 GMT",
        &[
            ("expires-not-imf-fixdate", W),
            ("expires-year-not-four-digits", W),
            ("expires-over-400-days", W),
        ],
    ),
    // An unreadable Max-Age is ignored, so the far Expires counts.
    (
        "id=1; Max-Age=soon; Expires=Fri, 01 Jan 2038 00:00:00 GMT",
        &[("max-age-not-digits", W), ("expires-over-400-days", W)],
    ),
    // 6265bis §5.6.3: an empty Domain is ignored by browsers.
    ("id=1; Domain=", &[("domain-empty", W)]),
    // 6265bis §4.1.2.3: a leading dot is ignored by browsers, but not conforming.
    ("id=1; Domain=.example.com", &[("domain-leading-dot", W)]),
    // 6265bis §5.7: a Domain that cannot domain-match the host makes browsers drop the cookie;
    // domain-value is an RFC 1034 §3.5 subdomain (RFC 1123 §2.1).
    ("id=1; Domain=..example.com", &[("domain-invalid", E)]),
    ("id=1; Domain=example.com.", &[("domain-invalid", E)]),
    ("id=1; Domain=exa mple.com", &[("domain-invalid", E)]),
    ("id=1; Domain=example.com:443", &[("domain-invalid", E)]),
    ("id=1; Domain=-example.com", &[("domain-invalid", E)]),
    ("id=1; Domain=a..b", &[("domain-invalid", E)]),
    // 6265bis §5.7 step 8: a non-ASCII Domain makes browsers ignore the cookie.
    // Not av-octets either (§4.1.1).
    (
        "id=1; Domain=exämple.com",
        &[("attribute-not-av-octets", W), ("domain-invalid", E)],
    ),
    // 6265bis §5.6.4: a Path not starting with `/` is replaced by the default path; WPT
    // cookies/attributes/path.html idea (empty and relative paths).
    ("id=1; Path=", &[("path-not-absolute", W)]),
    ("id=1; Path", &[("path-not-absolute", W)]),
    ("id=1; Path=admin", &[("path-not-absolute", W)]),
    // 6265bis §5.6.7: an unknown SameSite value is ignored (enforcement "Default").
    ("id=1; SameSite=Lx", &[("samesite-invalid", W)]),
    ("id=1; SameSite", &[("samesite-invalid", W)]),
    ("id=1; SameSite=", &[("samesite-invalid", W)]),
    ("id=1; SameSite=\"Lax\"", &[("samesite-invalid", W)]),
    // 6265bis §5.7 step 19; WPT cookies/samesite-none-secure: dropped without Secure.
    (
        "id=1; SameSite=None",
        &[("samesite-none-without-secure", E)],
    ),
    (
        "id=1; SameSite=none",
        &[("samesite-none-without-secure", E)],
    ),
    // CHIPS §2.1: Partitioned without Secure is dropped.
    ("id=1; Partitioned", &[("partitioned-without-secure", E)]),
    (
        "id=1; Partitioned; SameSite=None",
        &[
            ("samesite-none-without-secure", E),
            ("partitioned-without-secure", E),
        ],
    ),
];

#[test]
fn attributes() {
    lint_table("attributes", ATTRIBUTES);
}

/// Everything wrong at once: the order of the report is fixed (name, value, empty attribute,
/// long value, duplicates, flag values, lifetime, domain, path, SameSite, then the shared
/// rules).
#[test]
fn report_order_is_fixed() {
    lint_table(
        "order",
        &[(
            "__Host-a b=c d; Secure=1; Max-Age=x; Expires=never; Domain=.example.com; \
             Path=rel; SameSite=maybe; Path=rel;",
            &[
                ("name-not-token", W),
                ("value-not-cookie-octets", W),
                ("empty-attribute", W),
                ("duplicate-attribute", W),
                ("secure-with-value", W),
                ("max-age-not-digits", W),
                ("expires-unparsable", W),
                ("domain-leading-dot", W),
                ("path-not-absolute", W),
                ("samesite-invalid", W),
                ("host-prefix-with-domain", E),
                ("host-prefix-without-root-path", E),
            ],
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// Sizes (6265bis §5.6 steps 5 and 6; WPT cookies/size/)
// ---------------------------------------------------------------------------------------------

#[test]
fn name_and_value_over_4096_bytes_are_rejected() {
    // WPT cookies/size/name-and-value.html idea: 4096 bytes of name and value are kept, 4097
    // are not.
    let ok = format!("{}={}", "n".repeat(4000), "v".repeat(96));
    let c = SetCookie::parse(&ok).unwrap();
    assert_eq!(c.name().len() + c.value().len(), 4096);
    assert_eq!(lint_codes(&ok), []);

    let too_large = format!("{}={}", "n".repeat(4000), "v".repeat(97));
    assert_eq!(
        SetCookie::parse(&too_large),
        Err(ParseError::TooLarge { len: 4097 })
    );
    assert_eq!(lint_codes(&too_large), [("cookie-too-large", E)]);
    assert_eq!(check_codes(&too_large), [("cookie-too-large", E)]);

    // Only the name counts too, and a nameless cookie's value.
    let name_only = format!("{}=", "n".repeat(4097));
    assert_eq!(lint_codes(&name_only), [("cookie-too-large", E)]);
    let nameless = "v".repeat(4097);
    assert_eq!(
        SetCookie::parse(&nameless),
        Err(ParseError::TooLarge { len: 4097 })
    );
    // Whitespace around them is trimmed first (§5.6 step 3 before step 5).
    let padded = format!("  {}  =  {}  ", "n".repeat(4000), "v".repeat(96));
    assert_eq!(lint_codes(&padded), []);
    // Attributes do not count.
    let with_attributes = format!("{}={}; Path=/; Secure", "n".repeat(4000), "v".repeat(96));
    assert_eq!(lint_codes(&with_attributes), []);
}

#[test]
fn attribute_values_over_1024_bytes_are_ignored() {
    // WPT cookies/size/attributes.www.sub.html idea; 6265bis §5.6 step 6: an attribute value
    // of 1024 bytes is kept, one of 1025 is ignored (the attribute, not the cookie).
    let path_1024 = format!("/{}", "p".repeat(1023));
    let header = format!("id=1; Path={path_1024}");
    assert_eq!(SetCookie::parse(&header).unwrap().path(), Some(&*path_1024));
    assert_eq!(lint_codes(&header), []);

    let path_1025 = format!("/{}", "p".repeat(1024));
    let header = format!("id=1; Path=/; Path={path_1025}");
    let c = SetCookie::parse(&header).unwrap();
    // The ignored one does not override the earlier `Path=/`.
    assert_eq!(c.path(), Some("/"));
    assert_eq!(
        lint_codes(&header),
        [("attribute-value-too-long", W), ("duplicate-attribute", W)]
    );
    // So a `__Host-` cookie keeps its `Path=/`.
    let host = format!("__Host-x=1; Secure; Path=/; Path={path_1025}");
    assert_eq!(
        lint_codes(&host),
        [("attribute-value-too-long", W), ("duplicate-attribute", W)]
    );

    // An ignored Max-Age is no Max-Age.
    let header = format!("id=1; Max-Age={}", "1".repeat(1025));
    let c = SetCookie::parse(&header).unwrap();
    assert_eq!((c.max_age_raw(), c.max_age()), (None, None));
    assert_eq!(lint_codes(&header), [("attribute-value-too-long", W)]);

    // An ignored `Secure=...` does not set Secure.
    let header = format!("__Secure-x=1; Secure={}", "y".repeat(1025));
    assert!(!SetCookie::parse(&header).unwrap().secure());
    assert_eq!(
        lint_codes(&header),
        [
            ("attribute-value-too-long", W),
            ("secure-prefix-without-secure", E)
        ]
    );

    // Trimmed first (§5.6 step 5 before step 6): 1024 bytes with spaces around are kept.
    let header = format!("id=1; Path=  {path_1024}  ");
    assert_eq!(SetCookie::parse(&header).unwrap().path(), Some(&*path_1024));
    assert_eq!(lint_codes(&header), []);
}

// ---------------------------------------------------------------------------------------------
// Dates (6265bis §5.1.1; http-state tests/data/dates ideas)
// ---------------------------------------------------------------------------------------------

#[test]
fn cookie_date_algorithm() {
    let nov_1994 = Some(784_111_777);
    let cases: Vec<(&str, Option<i64>)> = vec![
        // RFC 9110 §5.6.7: the three HTTP date forms.
        ("Sun, 06 Nov 1994 08:49:37 GMT", nov_1994),
        ("Sunday, 06-Nov-94 08:49:37 GMT", nov_1994),
        ("Sun Nov  6 08:49:37 1994", nov_1994),
        // http-state dates/examples.json-like forms.
        (
            "Mon, 10-Dec-2007 17:02:24 GMT",
            Some(utc(2007, 12, 10, 17, 2, 24)),
        ),
        (
            "Wed, 09 Dec 2009 16:27:23 GMT",
            Some(utc(2009, 12, 9, 16, 27, 23)),
        ),
        ("Thursday, 01-Jan-1970 00:00:00 GMT", Some(0)),
        (
            "Mon Dec 10 16:32:30 2007 GMT",
            Some(utc(2007, 12, 10, 16, 32, 30)),
        ),
        (
            "Wednesday, 01-Jan-10 00:00:00 GMT",
            Some(utc(2010, 1, 1, 0, 0, 0)),
        ),
        (
            "Mon, 10-Dec-07 20:35:03 GMT",
            Some(utc(2007, 12, 10, 20, 35, 3)),
        ),
        (
            "Wed, 1 Jan 2020 00:00:00 GMT",
            Some(utc(2020, 1, 1, 0, 0, 0)),
        ),
        (
            "Saturday, 8-Dec-2012 21:24:09 GMT",
            Some(utc(2012, 12, 8, 21, 24, 9)),
        ),
        (
            "Thu, 31 Dec 23:55:55 2107 GMT",
            Some(utc(2107, 12, 31, 23, 55, 55)),
        ),
        (
            "Tue, 18 Oct 2011 07:42:42.123 GMT",
            Some(utc(2011, 10, 18, 7, 42, 42)),
        ),
        (
            "18 Oct 2011 07:42:42 GMT",
            Some(utc(2011, 10, 18, 7, 42, 42)),
        ),
        ("8 Oct 2011 7:42:42 GMT", Some(utc(2011, 10, 8, 7, 42, 42))),
        ("8 Oct 2011 7:2:42 GMT", Some(utc(2011, 10, 8, 7, 2, 42))),
        (
            "Oct 18 2011 07:42:42 GMT",
            Some(utc(2011, 10, 18, 7, 42, 42)),
        ),
        (
            "Tue Oct 18 2011 07:05:03 GMT+0000 (GMT)",
            Some(utc(2011, 10, 18, 7, 5, 3)),
        ),
        (
            "Thu, 10 Dec 2009 13:57:2 GMT",
            Some(utc(2009, 12, 10, 13, 57, 2)),
        ),
        // Tokens in any order, any case, month names by their first three letters.
        ("1994 Nov 06 08:49:37", nov_1994),
        ("08:49:37 06 november 1994", nov_1994),
        ("Sun, 06 NOV 1994 08:49:37 UTC", nov_1994),
        ("06Nov1994 08:49:37", None),
        // Tokens may carry trailing non-digits (day-of-month, year and time productions).
        ("06th Nov 1994ad 08:49:37z", nov_1994),
        (
            "Thu, 01 Jan 2000 00:00:00:00 GMT",
            Some(utc(2000, 1, 1, 0, 0, 0)),
        ),
        // §5.1.1 steps 3-4: two-digit years: 70-99 → 19xx, 00-69 → 20xx.
        ("01 Jan 70 00:00:00", Some(0)),
        ("01 Jan 99 00:00:00", Some(utc(1999, 1, 1, 0, 0, 0))),
        ("01 Jan 00 00:00:00", Some(utc(2000, 1, 1, 0, 0, 0))),
        ("01 Jan 69 00:00:00", Some(utc(2069, 1, 1, 0, 0, 0))),
        // §5.1.1 step 5: the earliest year is 1601.
        ("01 Jan 1601 00:00:00 GMT", Some(-11_644_473_600)),
        ("31 Dec 1600 23:59:59 GMT", None),
        // Leap years (§5.1.1 step 6: the date must exist).
        ("29 Feb 2000 00:00:00", Some(utc(2000, 2, 29, 0, 0, 0))),
        ("29 Feb 2024 12:00:00", Some(utc(2024, 2, 29, 12, 0, 0))),
        ("29 Feb 2023 00:00:00", None),
        ("29 Feb 2100 00:00:00", None),
        ("31 Apr 2021 00:00:00", None),
        // Out-of-range fields (§5.1.1 step 5).
        ("Thu, 01 Jan 2000 24:00:00 GMT", None),
        ("Thu, 01 Jan 2000 00:60:00 GMT", None),
        ("Thu, 01 Jan 2000 00:00:60 GMT", None),
        ("Thu, 32 Jan 2000 00:00:00 GMT", None),
        ("Thu, 00 Jan 2000 00:00:00 GMT", None),
        // A missing field.
        ("Thu, 01 Foo 2000 00:00:00 GMT", None),
        ("Thu, 01 Jan 00:00:00 GMT", None),
        ("Thu, 01 Jan 2000", None),
        ("Jan 2000 00:00:00", None),
        // Too many digits for a field.
        ("01 Jan 12345 00:00:00", None),
        ("001 Jan 2000 00:00:00", None),
        ("01 Jan 2000 000:00:00", None),
        ("", None),
        ("yesterday", None),
        ("0", None),
    ];
    let mut failures = Vec::new();
    for (date, expected) in &cases {
        let header = format!("id=1; Expires={date}");
        let c = SetCookie::parse(&header).unwrap();
        assert_eq!(c.expires_raw(), Some(date.trim()));
        if c.expires() != *expected {
            failures.push(format!(
                "{date:?}: expected {expected:?}, got {:?}",
                c.expires()
            ));
        }
        // The linter agrees: unreadable dates are reported as such.
        let unparsable = lint_codes(&header).contains(&("expires-unparsable", W));
        if unparsable != expected.is_none() {
            failures.push(format!(
                "{date:?}: expires-unparsable reported: {unparsable}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The parser (6265bis §5.6)
// ---------------------------------------------------------------------------------------------

#[test]
fn parser_splits_and_trims() {
    // §5.6 step 2: the first `=` ends the name.
    let c = SetCookie::parse("a=b=c").unwrap();
    assert_eq!((c.name(), c.value()), ("a", "b=c"));
    // Step 1: the first `;` ends the pair.
    let c = SetCookie::parse("a=b;c=d").unwrap();
    assert_eq!((c.name(), c.value()), ("a", "b"));
    let ext: Vec<_> = c.extensions().map(|a| (a.name(), a.value())).collect();
    assert_eq!(ext, [("c", Some("d"))]);
    // Step 3: WSP (space and tab) trimmed, internal whitespace kept.
    let c = SetCookie::parse(" \t a b \t = \t c d \t ;  Path =  /x  ").unwrap();
    assert_eq!((c.name(), c.value(), c.path()), ("a b", "c d", Some("/x")));
    // No `=`: a nameless cookie whose value is the pair.
    let c = SetCookie::parse("abc; Secure").unwrap();
    assert_eq!((c.name(), c.value(), c.secure()), ("", "abc", true));
    // `=abc`: empty name too.
    let c = SetCookie::parse("=abc").unwrap();
    assert_eq!((c.name(), c.value()), ("", "abc"));
    // Quotes are part of the value (6265bis §4.1.1).
    assert_eq!(SetCookie::parse("id=\"abc\"").unwrap().value(), "\"abc\"");
    // Empty name and value: ignored.
    assert_eq!(SetCookie::parse("="), Err(ParseError::Empty));
    assert_eq!(SetCookie::parse(""), Err(ParseError::Empty));
    assert_eq!(SetCookie::parse(" ; Secure"), Err(ParseError::Empty));
    // The header is kept whole.
    assert_eq!(
        SetCookie::parse("a=b; Path=/").unwrap().header(),
        "a=b; Path=/"
    );
}

#[test]
fn parser_attributes() {
    // Attribute names are case-insensitive (§5.6.x "case-insensitively matches").
    let c = SetCookie::parse(
        "a=b; pAtH=/p; mAx-AgE=5; sEcUrE; hTtPoNlY; SaMeSiTe=sTrIcT; pArTiTiOnEd; dOmAiN=x.example; eXpIrEs=Sun, 06 Nov 1994 08:49:37 GMT",
    )
    .unwrap();
    assert_eq!(c.path(), Some("/p"));
    assert_eq!(c.max_age(), Some(5));
    assert!(c.secure() && c.http_only() && c.partitioned());
    assert_eq!(c.same_site(), Some(SameSite::Strict));
    assert_eq!(c.domain(), Some("x.example"));
    assert_eq!(c.expires(), Some(784_111_777));
    assert_eq!(c.extensions().count(), 0);

    // The last attribute of each kind wins (§5.7 "the last attribute in the
    // cookie-attribute-list").
    let c = SetCookie::parse(
        "a=b; Path=/x; Domain=a.example; SameSite=Strict; Max-Age=1; Path=/y; Domain=b.example; SameSite=Lax; Max-Age=2",
    )
    .unwrap();
    assert_eq!(c.path(), Some("/y"));
    assert_eq!(c.domain(), Some("b.example"));
    assert_eq!(c.same_site(), Some(SameSite::Lax));
    assert_eq!(c.max_age(), Some(2));
    // An unknown SameSite value after a good one: enforcement "Default" (§5.6.7 appends it).
    let c = SetCookie::parse("a=b; SameSite=Lax; SameSite=bogus").unwrap();
    assert_eq!((c.same_site(), c.same_site_raw()), (None, Some("bogus")));

    // Extensions in order, empty attributes skipped.
    let c = SetCookie::parse("a=b; Priority=High; ; SameParty; Secure;").unwrap();
    let ext: Vec<_> = c.extensions().map(|a| (a.name(), a.value())).collect();
    assert_eq!(ext, [("Priority", Some("High")), ("SameParty", None)]);
    let all: Vec<_> = c.attributes().map(|a| a.name()).collect();
    assert_eq!(all, ["Priority", "SameParty", "Secure"]);

    // Max-Age as browsers read it (§5.6.2).
    for (raw, age) in [
        ("60", Some(60)),
        ("0", Some(0)),
        ("-1", Some(-1)),
        ("007", Some(7)),
        ("99999999999999999999999", Some(i64::MAX)),
        ("-99999999999999999999999", Some(-i64::MAX)),
        ("", None),
        ("-", None),
        ("+1", None),
        ("1e3", None),
        (" 60 ", Some(60)),
    ] {
        let header = format!("a=b; Max-Age={raw}");
        assert_eq!(SetCookie::parse(&header).unwrap().max_age(), age, "{raw:?}");
    }
}

#[test]
fn removal_and_max_age_precedence() {
    let removal = |h: &str| SetCookie::parse(h).unwrap().is_removal_at(NOW_SECS);
    // 6265bis §5.6.2: Max-Age ≤ 0 expires at once.
    assert!(removal("a=; Max-Age=0"));
    assert!(removal("a=; Max-Age=-5"));
    assert!(!removal("a=b; Max-Age=1"));
    // §5.6.1: an Expires not after now.
    assert!(removal("a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
    assert!(removal("a=; Expires=Thu, 01 Jan 2026 00:00:00 GMT"));
    assert!(!removal("a=; Expires=Thu, 01 Jan 2026 00:00:01 GMT"));
    // No lifetime: a session cookie, not a removal.
    assert!(!removal("a=b"));
    // §4.1.2.2 / §5.7: Max-Age wins over Expires, in either order.
    assert!(!removal(
        "a=b; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
    ));
    assert!(!removal(
        "a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60"
    ));
    assert!(removal(
        "a=b; Max-Age=0; Expires=Fri, 01 Jan 2038 00:00:00 GMT"
    ));
    assert!(removal(
        "a=b; Expires=Fri, 01 Jan 2038 00:00:00 GMT; Max-Age=0"
    ));
    // An unreadable Max-Age is ignored, so Expires decides.
    assert!(removal(
        "a=b; Max-Age=abc; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
    ));
    // An unreadable Expires is ignored.
    assert!(!removal("a=b; Expires=never"));
}

#[test]
fn parser_control_characters_and_bytes() {
    // §5.6 step 1: the byte offset of the first CTL.
    assert_eq!(
        SetCookie::parse("id=a\u{0}b"),
        Err(ParseError::ControlCharacter { index: 4 })
    );
    assert_eq!(
        SetCookie::parse("id=1; Path=/\u{7f}"),
        Err(ParseError::ControlCharacter { index: 12 })
    );
    assert_eq!(
        SetCookie::parse("\nid=1"),
        Err(ParseError::ControlCharacter { index: 0 })
    );
    // A tab is allowed, and trimmed.
    let c = SetCookie::parse("id=\t1\t;\tSecure").unwrap();
    assert_eq!((c.value(), c.secure()), ("1", true));
    // Non-ASCII (UTF-8) is not a CTL: U+0085 is bytes C2 85.
    assert!(SetCookie::parse("id=\u{85}").is_ok());

    // parse_bytes: UTF-8 bytes parse as the string does.
    assert_eq!(
        SetCookie::parse_bytes(b"id=1; Secure").unwrap(),
        SetCookie::parse("id=1; Secure").unwrap()
    );
    assert_eq!(
        SetCookie::parse_bytes("id=é".as_bytes()).unwrap().value(),
        "é"
    );
    // Non-UTF-8 bytes: the offset of the first bad byte.
    assert_eq!(
        SetCookie::parse_bytes(b"id=\xff"),
        Err(ParseError::NotUtf8 { index: 3 })
    );
    assert_eq!(
        SetCookie::parse_bytes(b"\xfeid=1"),
        Err(ParseError::NotUtf8 { index: 0 })
    );
    // A truncated sequence.
    assert_eq!(
        SetCookie::parse_bytes(b"id=1; Path=/\xc3"),
        Err(ParseError::NotUtf8 { index: 12 })
    );
    // Latin-1 `é`.
    assert_eq!(
        SetCookie::parse_bytes(b"id=caf\xe9"),
        Err(ParseError::NotUtf8 { index: 6 })
    );
    // Bytes that are UTF-8 but hold a CTL: the CTL error.
    assert_eq!(
        SetCookie::parse_bytes(b"id=\x01"),
        Err(ParseError::ControlCharacter { index: 3 })
    );
}

// ---------------------------------------------------------------------------------------------
// Registry::check_at
// ---------------------------------------------------------------------------------------------

static CHECK_CONFORMING: &[Row] = &[
    // As declared (module docs of validation; Django's defaults for sessionid).
    (
        "sessionid=abc; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax",
        &[],
    ),
    (
        "sessionid=abc; path=/; httponly; samesite=lax; max-age=60",
        &[],
    ),
    // No lifetime: a session cookie, shorter than declared.
    ("sessionid=abc; Path=/; HttpOnly; SameSite=Lax", &[]),
    // Exactly the declared lifetime via Expires, and within the 60 s slack (module docs).
    (
        "sessionid=abc; Expires=Thu, 15 Jan 2026 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax",
        &[],
    ),
    (
        "sessionid=abc; Expires=Thu, 15 Jan 2026 00:01:00 GMT; Path=/; HttpOnly; SameSite=Lax",
        &[],
    ),
    // Max-Age wins over Expires (6265bis §4.1.2.2): a far Expires beside it is not checked.
    (
        "sessionid=abc; Max-Age=60; Expires=Fri, 01 Jan 2038 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax",
        &[],
    ),
    // Pattern declarations: `_pk_id.*` covers `_pk_id.abc` (13mo = 34,186,698 s).
    ("_pk_id.abc=1", &[]),
    ("_pk_id.abc=1; Max-Age=34186698", &[]),
    ("_pk_id.a.b.c=1; Expires=Sun, 31 Jan 2027 16:19:18 GMT", &[]),
    ("django_language=fr; Path=/", &[]),
    ("__Host-csrf=tok; Secure; Path=/", &[]),
    ("api_token=t; Secure; Max-Age=3600", &[]),
    (
        "widget=w; Secure; SameSite=None; Partitioned; Domain=example.com; Max-Age=1800",
        &[],
    ),
    // Domain compared case-insensitively (6265bis §5.6.3 lowercases it).
    (
        "widget=w; Secure; SameSite=None; Partitioned; Domain=EXAMPLE.com; Max-Age=1800",
        &[],
    ),
    // A leading dot is the same domain, but not conforming (6265bis §4.1.2.3).
    (
        "widget=w; Secure; SameSite=none; Partitioned; Domain=.example.com; Max-Age=1800",
        &[("domain-leading-dot", W)],
    ),
    ("prefs=dark", &[]),
    ("prefs=dark; Max-Age=15778476", &[]),
    // Extensions are not reported.
    ("prefs=dark; Priority=Low", &[]),
    ("longlived=1; Max-Age=34560000", &[]),
];

#[test]
fn check_conforming() {
    check_table("check conforming", CHECK_CONFORMING);
}

static CHECK_DELETIONS: &[Row] = &[
    // Module docs: a deletion of a declared cookie conforms whatever its other attributes
    // (6265bis §3.1 last example; §5.6.2 Max-Age ≤ 0).
    ("sessionid=; Max-Age=0; Path=/", &[]),
    (
        "sessionid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
        &[],
    ),
    (
        "sessionid=; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Path=/",
        &[],
    ),
    (
        "sessionid=; Max-Age=-1; Path=/",
        &[("max-age-not-digits", W)],
    ),
    // A session-declared cookie may be deleted.
    ("django_language=; Max-Age=0; Path=/", &[]),
    (
        "widget=; Max-Age=0; Domain=example.com; Secure; Partitioned",
        &[],
    ),
    ("api_token=; Max-Age=0", &[]),
    ("_pk_id.abc=; Max-Age=0", &[]),
    // ... but not with another Path or Domain: that misses the cookie (6265bis §3.1: "only if
    // the Path and the Domain attribute ... match").
    (
        "sessionid=; Max-Age=0; Path=/admin",
        &[("path-mismatch", E)],
    ),
    ("sessionid=; Max-Age=0", &[("path-mismatch", E)]),
    (
        "sessionid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        &[("path-mismatch", E)],
    ),
    (
        "widget=; Max-Age=0; Secure; Partitioned",
        &[("domain-mismatch", E)],
    ),
    // CHIPS: a deletion without `Partitioned` misses the partitioned cookie.
    (
        "widget=; Max-Age=0; Domain=example.com",
        &[("partitioned-missing", E)],
    ),
    // An Expires less than a day past is no deletion for the check (a browser whose clock is
    // behind keeps the cookie): the attributes are checked, but no lifetime.
    (
        "sessionid=x; Path=/; Expires=Wed, 31 Dec 2025 23:00:00 GMT",
        &[("http-only-missing", E), ("same-site-mismatch", E)],
    ),
    (
        "sessionid=x; Path=/; HttpOnly; SameSite=Lax; Expires=Wed, 31 Dec 2025 23:00:00 GMT",
        &[],
    ),
    (
        "django_language=x; Path=/; Expires=Wed, 31 Dec 2025 23:00:00 GMT",
        &[],
    ),
    (
        "widget=; Max-Age=0; Domain=evil.example; Secure; Partitioned",
        &[("domain-mismatch", E)],
    ),
    (
        "prefs=; Max-Age=0; Domain=example.com",
        &[("domain-not-declared", E)],
    ),
    ("prefs=; Max-Age=0; Path=/", &[("path-not-declared", W)]),
    // The standards still apply: browsers drop a `__Host-` deletion without Secure
    // (6265bis §5.7 step 21).
    (
        "__Host-csrf=; Max-Age=0; Path=/",
        &[("host-prefix-without-secure", E)],
    ),
    ("__Host-csrf=; Max-Age=0; Secure; Path=/", &[]),
];

#[test]
fn check_deletions() {
    check_table("check deletions", CHECK_DELETIONS);
}

static CHECK_MISMATCHES: &[Row] = &[
    // Secure declared, missing: error; sent, not declared: warning.
    ("api_token=t; Max-Age=60", &[("secure-missing", E)]),
    ("prefs=dark; Secure", &[("secure-not-declared", W)]),
    // HttpOnly.
    (
        "sessionid=abc; Path=/; SameSite=Lax",
        &[("http-only-missing", E)],
    ),
    ("prefs=dark; HttpOnly", &[("http-only-not-declared", W)]),
    // Partitioned (CHIPS).
    (
        "widget=w; Secure; SameSite=None; Domain=example.com",
        &[("partitioned-missing", E)],
    ),
    (
        "api_token=t; Secure; Partitioned",
        &[("partitioned-not-declared", W)],
    ),
    // SameSite: another value, none, an unknown one.
    (
        "sessionid=abc; Path=/; HttpOnly; SameSite=Strict",
        &[("same-site-mismatch", E)],
    ),
    (
        "sessionid=abc; Path=/; HttpOnly",
        &[("same-site-mismatch", E)],
    ),
    (
        "sessionid=abc; Path=/; HttpOnly; SameSite=Lx",
        &[("samesite-invalid", W), ("same-site-mismatch", E)],
    ),
    ("prefs=dark; SameSite=Lax", &[("same-site-not-declared", W)]),
    // Path.
    (
        "sessionid=abc; Path=/app; HttpOnly; SameSite=Lax",
        &[("path-mismatch", E)],
    ),
    (
        "sessionid=abc; HttpOnly; SameSite=Lax",
        &[("path-mismatch", E)],
    ),
    ("prefs=dark; Path=/", &[("path-not-declared", W)]),
    // Domain.
    (
        "widget=w; Secure; SameSite=None; Partitioned; Domain=evil.example",
        &[("domain-mismatch", E)],
    ),
    (
        "widget=w; Secure; SameSite=None; Partitioned",
        &[("domain-mismatch", E)],
    ),
    (
        "prefs=dark; Domain=example.com",
        &[("domain-not-declared", E)],
    ),
    // Standards first, then the declaration.
    (
        "widget=w; SameSite=None; Partitioned; Domain=example.com",
        &[
            ("samesite-none-without-secure", E),
            ("partitioned-without-secure", E),
            ("secure-missing", E),
        ],
    ),
    (
        "__Host-csrf=tok; Path=/",
        &[("host-prefix-without-secure", E), ("secure-missing", E)],
    ),
    // Every "not declared" at once, in the fixed order.
    (
        "prefs=dark; Secure; HttpOnly; Partitioned; SameSite=Strict; Path=/; Domain=example.com",
        &[
            ("path-not-declared", W),
            ("domain-not-declared", E),
            ("secure-not-declared", W),
            ("http-only-not-declared", W),
            ("partitioned-not-declared", W),
            ("same-site-not-declared", W),
        ],
    ),
];

#[test]
fn check_attribute_mismatches() {
    check_table("check mismatches", CHECK_MISMATCHES);
}

static CHECK_LIFETIMES: &[Row] = &[
    // Max-Age over the declared 14 days (1,209,600 s): no slack for Max-Age.
    (
        "sessionid=abc; Max-Age=1209601; Path=/; HttpOnly; SameSite=Lax",
        &[("lifetime-exceeds-declaration", E)],
    ),
    // Expires 61 s past NOW + 14 days: over the 60 s slack.
    (
        "sessionid=abc; Expires=Thu, 15 Jan 2026 00:01:01 GMT; Path=/; HttpOnly; SameSite=Lax",
        &[("lifetime-exceeds-declaration", E)],
    ),
    // Max-Age wins: a near Expires does not hide a long Max-Age.
    (
        "sessionid=abc; Max-Age=99999999; Expires=Thu, 01 Jan 2026 01:00:00 GMT; Path=/; HttpOnly; SameSite=Lax",
        &[
            ("max-age-over-400-days", W),
            ("lifetime-exceeds-declaration", E),
        ],
    ),
    // Patterns: 13mo = 34,186,698 s.
    (
        "_pk_id.abc=1; Max-Age=34186699",
        &[("lifetime-exceeds-declaration", E)],
    ),
    (
        "_pk_id.abc=1; Expires=Sun, 31 Jan 2027 16:19:19 GMT",
        &[("lifetime-exceeds-declaration", E)],
    ),
    // An Expires over 400 days away and over the declaration.
    (
        "prefs=x; Expires=Fri, 01 Jan 2038 00:00:00 GMT",
        &[
            ("expires-over-400-days", W),
            ("lifetime-exceeds-declaration", E),
        ],
    ),
    // A persistent cookie declared `session`, via Max-Age and via Expires.
    (
        "django_language=fr; Path=/; Max-Age=3600",
        &[("persistent-cookie-declared-session", E)],
    ),
    (
        "django_language=fr; Path=/; Expires=Thu, 01 Jan 2026 01:00:00 GMT",
        &[("persistent-cookie-declared-session", E)],
    ),
    // Unreadable Max-Age or Expires are ignored by browsers: still a session cookie.
    (
        "django_language=fr; Path=/; Max-Age=soon",
        &[("max-age-not-digits", W)],
    ),
    (
        "django_language=fr; Path=/; Expires=someday",
        &[("expires-unparsable", W)],
    ),
];

#[test]
fn check_lifetimes() {
    check_table("check lifetimes", CHECK_LIFETIMES);
}

static CHECK_NAMES: &[Row] = &[
    // Undeclared names (the registry's purpose); names are case-sensitive (layered §3 example:
    // `SID` and `sid` are two cookies).
    ("sesionid=abc", &[("undeclared-cookie", E)]),
    ("tracker=1", &[("undeclared-cookie", E)]),
    ("SessionId=abc", &[("undeclared-cookie", E)]),
    // The pattern's `*` stands for at least one character.
    ("_pk_id.=1", &[("undeclared-cookie", E)]),
    // Undeclared and non-conforming.
    (
        "tracker=1; SameSite=None",
        &[
            ("samesite-none-without-secure", E),
            ("undeclared-cookie", E),
        ],
    ),
    // Nameless cookies are not "undeclared": they are nameless.
    ("abc", &[("nameless-cookie", E)]),
    ("=abc", &[("nameless-cookie", E)]),
    // Parse errors come alone.
    ("sessionid=a\u{1}", &[("control-character", E)]),
    ("=", &[("empty-cookie", E)]),
];

#[test]
fn check_names() {
    check_table("check names", CHECK_NAMES);
}

#[test]
fn check_messages_and_declarations() {
    let registry = registry();
    let typo = registry.check_at("sesionid=abc", now()).unwrap_err();
    assert_eq!(
        typo.iter().next().unwrap().message(),
        "cookie `sesionid` is not declared; did you mean `sessionid`?"
    );
    assert!(typo.declaration().is_none());
    let unknown = registry.check_at("tracker=1", now()).unwrap_err();
    assert_eq!(
        unknown.iter().next().unwrap().message(),
        "cookie `tracker` is not declared"
    );

    // The declaration comes back, for the pattern too.
    let d = registry.check_at("_pk_id.abc=1", now()).unwrap();
    let d = d.declaration();
    assert_eq!((d.name(), d.variant_name()), ("_pk_id.*", "AudienceId"));
    let v = registry
        .check_at("_pk_id.abc=1; Max-Age=34186699", now())
        .unwrap_err();
    assert_eq!(v.declaration().map(|d| d.name()), Some("_pk_id.*"));
    assert!(v.has_errors());
    // Warnings only: a success that carries them.
    let checked = registry.check_at("prefs=dark; Path=/", now()).unwrap();
    let v = checked.warnings();
    assert_eq!(v.max_severity(), Severity::Warning);
    assert!(!v.has_errors() && !v.is_empty());
    assert_eq!(v.declaration().map(|d| d.name()), Some("prefs"));
    assert_eq!(checked.declaration().name(), "prefs");
}

#[test]
fn check_bytes() {
    let registry = registry();
    // Non-UTF-8: one `not-utf8` error, no declaration.
    for bytes in [
        &b"sessionid=\xff"[..],
        b"\xc3",
        b"sessionid=abc; Path=/\xe9",
    ] {
        let v = registry.check_bytes(bytes).unwrap_err();
        assert_eq!(
            found::<Linted<'_>>(&Err(v.clone())),
            [("not-utf8", E)],
            "{bytes:?}"
        );
        assert!(v.declaration().is_none());
    }
    // UTF-8 bytes check as the string does (Max-Age only: check_bytes reads the clock).
    let d = registry
        .check_bytes(b"sessionid=abc; Max-Age=60; Path=/; HttpOnly; SameSite=Lax")
        .unwrap();
    assert_eq!(d.name(), "sessionid");
    let v = registry
        .check_bytes(b"sessionid=abc; Max-Age=60")
        .unwrap_err();
    assert_eq!(
        found::<Linted<'_>>(&Err(v)),
        [
            ("path-mismatch", E),
            ("http-only-missing", E),
            ("same-site-mismatch", E)
        ]
    );
    assert_eq!(
        found(&registry.check_bytes(b"id=\x00")),
        [("control-character", E)]
    );
}

#[test]
fn check_all_flags_the_second_header_only() {
    let registry = registry();
    let session = &b"sessionid=abc; Max-Age=60; Path=/; HttpOnly; SameSite=Lax"[..];
    let headers: Vec<&[u8]> = vec![
        session,
        b"prefs=dark",
        // RFC 6265 §4.1.1: servers SHOULD NOT send two Set-Cookie with the same name (a
        // warning: browsers apply them in order).
        b"sessionid=def; Max-Age=60; Path=/; HttpOnly; SameSite=Lax",
        // Names are case-sensitive: not a duplicate of `prefs`.
        b"PREFS=x",
        // Not UTF-8: no name, so it neither is nor makes a duplicate.
        b"prefs=\xff",
        // A duplicate that has its own violations: the duplicate comes last.
        b"prefs=light; Secure",
        // A third `sessionid`.
        b"sessionid=; Max-Age=0; Path=/",
    ];
    let results = registry.check_all_at(headers, now());
    let codes: Vec<_> = results.iter().map(found).collect();
    assert_eq!(
        codes,
        [
            vec![],
            vec![],
            vec![("duplicate-cookie-in-response", W)],
            vec![("undeclared-cookie", E)],
            vec![("not-utf8", E)],
            vec![
                ("secure-not-declared", W),
                ("duplicate-cookie-in-response", W)
            ],
            vec![("duplicate-cookie-in-response", W)],
        ]
    );
    // The duplicate keeps its declaration.
    let second = results[2].as_ref().unwrap();
    assert_eq!(second.declaration().name(), "sessionid");
    assert_eq!(
        second.warnings().declaration().map(|d| d.name()),
        Some("sessionid")
    );
    // The first header is fine on its own.
    assert_eq!(results[0].as_ref().unwrap().name(), "sessionid");
    // The same header twice, alone: first clean, second flagged.
    let results = registry.check_all_at([session, session], now());
    assert!(results[0].is_ok());
    assert_eq!(found(&results[1]), [("duplicate-cookie-in-response", W)]);
}

// ---------------------------------------------------------------------------------------------
// Coverage: every code the validator emits is exercised above
// ---------------------------------------------------------------------------------------------

/// The string literals of a source file that look like violation codes (lowercase kebab-case).
fn codes_in(source: &str) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for literal in source.split('"').skip(1).step_by(2) {
        let kebab = literal.contains('-')
            && !literal.starts_with('-')
            && !literal.ends_with('-')
            && literal
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if kebab {
            codes.insert(literal.to_owned());
        }
    }
    codes
}

#[test]
fn every_code_is_covered() {
    let mut emitted = codes_in(include_str!("../registry/src/validation/mod.rs"));
    for source in [
        include_str!("../registry/src/validation/lint.rs"),
        include_str!("../registry/src/validation/conformance.rs"),
        include_str!("../registry/src/validation/response.rs"),
    ] {
        emitted.extend(codes_in(source));
    }
    emitted.extend(codes_in(include_str!("../rules/src/attributes.rs")));
    let mut covered: BTreeSet<String> = [
        DRAFT_EXAMPLES,
        CONFORMING,
        PREFIXES,
        NAME_VALUE,
        CONTROL,
        ATTRIBUTES,
        CHECK_CONFORMING,
        CHECK_DELETIONS,
        CHECK_MISMATCHES,
        CHECK_LIFETIMES,
        CHECK_NAMES,
    ]
    .iter()
    .flat_map(|rows| rows.iter())
    .flat_map(|(_, expected)| expected.iter().map(|(code, _)| (*code).to_owned()))
    .collect();
    // Asserted in the dedicated tests above (sizes, bytes, check_all_at).
    covered.extend(
        [
            "cookie-too-large",
            "attribute-value-too-long",
            "not-utf8",
            "duplicate-cookie-in-response",
        ]
        .map(str::to_owned),
    );
    let missing: Vec<_> = emitted.difference(&covered).collect();
    assert!(missing.is_empty(), "codes without a case: {missing:?}");
    let unknown: Vec<_> = covered.difference(&emitted).collect();
    assert!(
        unknown.is_empty(),
        "codes the validator never emits: {unknown:?}"
    );
    assert!(emitted.len() >= 40, "{emitted:?}");
}

// ---------------------------------------------------------------------------------------------
// Found by this suite and fixed; the judgment calls are in the validator's module docs
// ---------------------------------------------------------------------------------------------

#[test]
fn last_valid_max_age_wins() {
    // 6265bis §5.6.2 steps 1-2: a Max-Age that is not `-`? digits is ignored ("ignore the
    // cookie-av"): it is never appended to the cookie-attribute-list, so §5.7 takes the last
    // *valid* one. Layered §5.6.1 "Parse a Cookie": an invalid Max-Age `continue`s and leaves
    // the expiry time as it was.
    let c = SetCookie::parse("id=1; Max-Age=0; Max-Age=soon").unwrap();
    assert_eq!(c.max_age(), Some(0));
    assert!(c.is_removal_at(NOW_SECS));
}

#[test]
fn last_valid_expires_wins() {
    let c = SetCookie::parse("id=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Expires=never").unwrap();
    assert_eq!(c.expires(), Some(0));
    assert!(c.is_removal_at(NOW_SECS));
}

#[test]
fn registry_lifetime_with_unreadable_later_max_age() {
    // Browsers keep the cookie a year (clamped to 400 days), the declaration says 14 days.
    check_table(
        "last valid Max-Age",
        &[(
            "sessionid=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000; Max-Age=forever",
            &[
                ("duplicate-attribute", W),
                ("max-age-not-digits", W),
                ("lifetime-exceeds-declaration", E),
            ],
        )],
    );
}

#[test]
fn max_age_minus_zero() {
    // The check is `age < 0 || leading zero`, and -0 is 0 with a leading `-`.
    lint_table(
        "signed zero",
        &[
            ("id=1; Max-Age=-0", &[("max-age-not-digits", W)]),
            ("id=1; Max-Age=-00", &[("max-age-not-digits", W)]),
        ],
    );
}

#[test]
fn attribute_values_outside_av_octet() {
    // A grammar breach browsers repair: a warning (module docs).
    for header in [
        "id=1; Path=/café",
        "id=1; Path=/a\tb",
        "id=1; Priority=Hïgh",
        "id=1; Priority=a\tb",
    ] {
        let linted = lint_at(header, now()).expect(header);
        let v = linted.warnings();
        assert_eq!(v.max_severity(), Severity::Warning, "{header}");
        assert!(v.contains("attribute-not-av-octets"), "{header}: {v}");
    }
}

#[test]
fn lifetime_compared_after_clamp() {
    check_table(
        "clamp",
        &[
            (
                "longlived=1; Max-Age=34560001",
                &[("max-age-over-400-days", W)],
            ),
            (
                "longlived=1; Expires=Fri, 01 Jan 2038 00:00:00 GMT",
                &[("expires-over-400-days", W)],
            ),
        ],
    );
}

#[test]
fn empty_domain_on_host_prefix() {
    // A judgment call (validator module docs): 6265bis would ignore the empty Domain and keep
    // the cookie host-only; layered §5.6.1 fails host parsing of "" and drops the cookie. Both
    // findings are reported, the prefix one as an error.
    lint_table(
        "empty domain",
        &[(
            "__Host-x=1; Secure; Path=/; Domain=",
            &[("domain-empty", W), ("host-prefix-with-domain", E)],
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Pieces of Set-Cookie headers, to build headers that reach deep into the parser.
const FRAGMENTS: &[&str] = &[
    "id",
    "sessionid",
    "_pk_id.",
    "widget",
    "prefs",
    "django_language",
    "__Host-",
    "__Secure-",
    "__Http-",
    "__Host-Http-",
    "=",
    "=",
    ";",
    ";",
    "; ",
    " ",
    "\t",
    "\"",
    ",",
    "\\",
    ":",
    "é",
    "\u{1}",
    "\u{7f}",
    "\n",
    "Path",
    "=/",
    "Domain",
    ".",
    "example.com",
    "Max-Age",
    "-",
    "0",
    "1",
    "99999999999999999999",
    "Expires",
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "Fri, 01 Jan 2038 00:00:00 GMT",
    "Secure",
    "HttpOnly",
    "SameSite",
    "None",
    "Lax",
    "Partitioned",
    "Priority=High",
];

fn header_from_fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..14).prop_map(|parts| parts.concat())
}

/// Characters for generated cookie values: `;`, controls (tab among them), separators.
const VALUE_CHARS: &[char] = &[
    'a', 'Z', '7', '-', '=', ';', ';', ' ', '\t', '\u{0}', '\u{1}', '\n', '\r', '\u{1f}', '\u{7f}',
    '"', ',', '\\', 'é',
];

fn is_ctl(c: char) -> bool {
    (c as u32) < 0x20 || c == '\u{7f}'
}

fn exercise(header: &str) {
    let registry = registry();
    let parsed = SetCookie::parse(header);
    let linted = lint_at(header, now());
    let checked = registry.check_at(header, now());
    // lint and check agree with the parser on what is a cookie at all.
    if linted.is_ok() || checked.is_ok() {
        assert!(parsed.is_ok());
    }
    if let Ok(c) = parsed {
        let _ = (
            c.expires(),
            c.max_age(),
            c.same_site(),
            c.is_removal_at(NOW_SECS),
        );
        let _ = c.attributes().count() + c.extensions().count();
    }
    let _ = registry.check_all_at([header.as_bytes(), header.as_bytes()], now());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn nothing_panics_on_any_string(header in any::<String>()) {
        exercise(&header);
    }

    #[test]
    fn nothing_panics_on_header_like_strings(header in header_from_fragments()) {
        exercise(&header);
    }

    #[test]
    fn nothing_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let registry = registry();
        let parsed = SetCookie::parse_bytes(&bytes);
        match std::str::from_utf8(&bytes) {
            Ok(s) => prop_assert_eq!(parsed, SetCookie::parse(s)),
            Err(e) => {
                prop_assert_eq!(parsed, Err(ParseError::NotUtf8 { index: e.valid_up_to() }));
                let v = registry.check_bytes(&bytes).unwrap_err();
                prop_assert_eq!(found::<Linted<'_>>(&Err(v)), vec![("not-utf8", E)]);
            }
        }
        let _ = registry.check_bytes(&bytes);
        let _ = registry.check_all_at([&bytes[..], &bytes[..]], now());
    }

    /// 6265bis §5.6 step 1: lint never accepts a header with a control character other than
    /// tab, wherever it is, and reports exactly that.
    #[test]
    fn lint_rejects_every_control_character(
        before in header_from_fragments(),
        ctl in prop::sample::select((0u8..0x20).filter(|&b| b != b'\t').chain([0x7f]).collect::<Vec<u8>>()),
        after in header_from_fragments(),
    ) {
        let header = format!("{before}{}{after}", char::from(ctl));
        let index = header.bytes().position(|b| (b < 0x20 && b != b'\t') || b == 0x7f).unwrap();
        prop_assert_eq!(SetCookie::parse(&header), Err(ParseError::ControlCharacter { index }));
        prop_assert_eq!(lint_codes(&header), vec![("control-character", E)]);
        prop_assert_eq!(check_codes(&header), vec![("control-character", E)]);
    }

    /// `name=<value>` from generated values: `;` ends the value (6265bis §5.6 step 1), so what
    /// lint accepts is the part before it, and a value lint accepts without a warning never
    /// holds `;` or a control character (tab included: not a cookie-octet).
    #[test]
    fn lint_ok_values_hold_no_semicolon_or_control(
        chars in prop::collection::vec(prop::sample::select(VALUE_CHARS), 0..24),
    ) {
        let value: String = chars.into_iter().collect();
        let header = format!("id={value}");
        let result = lint_at(&header, now());
        if value.chars().any(|c| is_ctl(c) && c != '\t') {
            prop_assert_eq!(found(&result), vec![("control-character", E)]);
        }
        if let Ok(linted) = result {
            let c = linted.cookie();
            prop_assert_eq!(c.name(), "id");
            prop_assert!(!c.value().contains(';'), "{:?}", c.value());
            // A tab inside the value is a warning; a clean value holds no control at all.
            if linted.warnings().is_empty() {
                prop_assert!(!c.value().chars().any(is_ctl), "{:?}", c.value());
            } else {
                prop_assert!(!linted.warnings().has_errors());
            }
            let sent = value.split(';').next().unwrap().trim_matches([' ', '\t']);
            prop_assert_eq!(c.value(), sent);
        }
    }
}

/// Attributes for the cache property: what declared cookies are sent with, right or wrong.
const CACHE_ATTRIBUTES: &[&str] = &[
    " Path=/",
    " Path=/app",
    " HttpOnly",
    " Secure",
    " SameSite=Lax",
    " SameSite=None",
    " Max-Age=1209600",
    " Max-Age=0",
    " Max-Age=99999999",
    " Domain=example.com",
    " Partitioned",
    " Expires=Fri, 01 Jan 2027 00:00:00 GMT",
    "",
];

proptest! {
    /// The verdict cache changes nothing: for every header, the cached check gives what the
    /// uncached one gives, fresh, after a hit for another header with the same name and
    /// attributes (another value), and after a hit for the header itself.
    #[test]
    fn cached_and_uncached_verdicts_agree(
        name in prop::sample::select(vec!["sessionid", "prefs", "_pk_id.1", "_pk_id.abc", "widget", "django_language", "tracker"]),
        value in prop::collection::vec(prop::sample::select(VALUE_CHARS), 0..6),
        other in prop::collection::vec(prop::sample::select(VALUE_CHARS), 0..6),
        attributes in prop_oneof![
            // What the session cookie is declared with: the cache answers the second time.
            Just(vec![" Path=/", " HttpOnly", " SameSite=Lax", " Max-Age=1209600"]),
            prop::collection::vec(prop::sample::select(CACHE_ATTRIBUTES), 0..6),
        ],
    ) {
        let registry = registry();
        let attributes = attributes.join(";");
        let value: String = value.into_iter().collect();
        let other: String = other.into_iter().collect();
        let header = format!("{name}={value};{attributes}");
        let variant = format!("{name}={other};{attributes}");
        prop_assert_eq!(
            registry.check_at(&header, now()),
            registry.__check_uncached_at(&header, now())
        );
        for _ in 0..2 {
            prop_assert_eq!(
                registry.check_at(&variant, now()),
                registry.__check_uncached_at(&variant, now())
            );
            prop_assert_eq!(
                registry.check_at(&header, now()),
                registry.__check_uncached_at(&header, now())
            );
        }
    }
}

proptest! {
    /// After a header's verdict is cached, the same header with a control character anywhere
    /// is still refused, at the right byte, as the uncached check refuses it.
    #[test]
    fn a_control_character_is_refused_after_a_cached_verdict(
        at in 0usize..64,
        ctl in prop::sample::select((0u8..0x20).filter(|&b| b != b'\t').chain([0x7f]).collect::<Vec<u8>>()),
    ) {
        let registry = registry();
        let good = "sessionid=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=1209600";
        prop_assert!(registry.check_at(good, now()).is_ok());
        prop_assert!(registry.check_at(good, now()).is_ok());
        let at = at % (good.len() + 1);
        let mut bad = good.as_bytes().to_vec();
        bad.insert(at, ctl);
        let bad = String::from_utf8(bad).unwrap();
        let cached = registry.check_at(&bad, now());
        prop_assert_eq!(&cached, &registry.__check_uncached_at(&bad, now()));
        prop_assert_eq!(found(&cached), vec![("control-character", E)]);
        let index = bad.bytes().position(|b| b == ctl).unwrap();
        let message = cached.unwrap_err().iter().next().unwrap().message().to_owned();
        let want = format!("byte {index}:");
        prop_assert!(message.contains(&want), "{} in {}", want, message);
    }
}

/// The per-thread verdict cache: a header whose attributes passed before still has its name
/// and value checked, and a change anywhere in the attributes is checked in full.
#[test]
fn cached_verdicts_still_check_the_value_and_the_attributes() {
    let registry = registry();
    let good = "sessionid=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=1209600";
    for _ in 0..3 {
        assert!(registry.check_at(good, now()).is_ok());
        let bad_value = registry
            .check_at(
                "sessionid=a b; Path=/; HttpOnly; SameSite=Lax; Max-Age=1209600",
                now(),
            )
            .unwrap();
        assert_eq!(codes(bad_value.warnings()), ["value-not-cookie-octets"]);
        let longer = registry
            .check_at(
                "sessionid=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=1209601",
                now(),
            )
            .unwrap_err();
        assert_eq!(codes(&longer), ["lifetime-exceeds-declaration"]);
        // The same attributes on another declared cookie are checked against its own
        // declaration (api_token must be Secure and live an hour at most).
        let other = registry
            .check_at(
                "api_token=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=1209600",
                now(),
            )
            .unwrap_err();
        assert!(other.contains("secure-missing") && other.contains("lifetime-exceeds-declaration"));
    }
    // Every header of the suite gives the same verdict twice in a row (the second from the
    // cache where it applies).
    for rows in [
        CHECK_CONFORMING,
        CHECK_DELETIONS,
        CHECK_MISMATCHES,
        CHECK_LIFETIMES,
        CHECK_NAMES,
    ] {
        for (header, _) in rows.iter() {
            let first = registry.check_at(header, now());
            let second = registry.check_at(header, now());
            assert_eq!(first, second, "{header}");
        }
    }
}

fn codes(v: &cookie_registry::Violations) -> Vec<&'static str> {
    v.iter().map(|v| v.code()).collect()
}

/// Attribute names and separators, in the cases and spacings servers write them, with names
/// that only start like a known one.
const ATTRIBUTE_PARTS: &[&str] = &[
    "Path",
    "path",
    "PATH",
    "Domain",
    "dOmAiN",
    "Expires",
    "Max-Age",
    "max-age",
    "Secure",
    "secure",
    "SECURE",
    "HttpOnly",
    "httponly",
    "SameSite",
    "samesite",
    "Partitioned",
    "partitioned",
    "PartitioneD",
    "Pathology",
    "Secured",
    "Max-Ages",
    "SameSites",
    "Partition",
    "Priority",
    "=",
    "=",
    " =",
    "= ",
    " ",
    "\t",
    "/",
    "Lax",
    "None",
    "1209600",
    "-1",
    "example.com",
    "Sun, 06 Nov 2033 08:49:37 GMT",
    "x",
    "",
];

/// What §5.6 gives for the attributes of `header`, by the letter: split at `;`, the first `=`
/// ends the name, both trimmed of spaces and tabs, names compared case-insensitively, values
/// over 1024 bytes ignored, the last of each kind kept. `(expires, max-age, domain, path,
/// samesite, secure, httponly, partitioned)`.
#[allow(clippy::type_complexity)]
fn reference_attributes(
    header: &str,
) -> (
    Option<&str>,
    Option<&str>,
    Option<&str>,
    Option<&str>,
    Option<&str>,
    bool,
    bool,
    bool,
) {
    let mut out = (None, None, None, None, None, false, false, false);
    for av in header.split(';').skip(1) {
        let (name, value) = match av.split_once('=') {
            Some((n, v)) => (n, Some(v.trim_matches([' ', '\t']))),
            None => (av, None),
        };
        let name = name.trim_matches([' ', '\t']).to_ascii_lowercase();
        let value_or_empty = value.unwrap_or("");
        if value_or_empty.len() > 1024 {
            continue;
        }
        match name.as_str() {
            "expires" => out.0 = Some(value_or_empty),
            "max-age" => out.1 = Some(value_or_empty),
            "domain" => out.2 = Some(value_or_empty),
            "path" => out.3 = Some(value_or_empty),
            "samesite" => out.4 = Some(value_or_empty),
            "secure" => out.5 = true,
            "httponly" => out.6 = true,
            "partitioned" => out.7 = true,
            _ => {}
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The parser's attributes are §5.6's, whatever the case, spacing and neighbours: the
    /// word-at-a-time reading of plain attributes and the general one agree with the letter.
    #[test]
    fn attributes_are_read_as_the_algorithm_reads_them(
        attributes in prop::collection::vec(
            prop::collection::vec(prop::sample::select(ATTRIBUTE_PARTS), 0..5),
            // Past the twelve semicolons the scan records.
            0..16,
        ),
        tail in prop::sample::select(vec!["", " ", ";", "é", "\t"]),
    ) {
        let mut header = String::from("id=1");
        for parts in &attributes {
            header.push(';');
            header.push_str(&parts.concat());
        }
        header.push_str(tail);
        let c = SetCookie::parse(&header).unwrap();
        let (expires, max_age, domain, path, same_site, secure, http_only, partitioned) =
            reference_attributes(&header);
        prop_assert_eq!(c.expires_raw(), expires, "{:?}", header);
        prop_assert_eq!(c.max_age_raw(), max_age, "{:?}", header);
        prop_assert_eq!(c.domain(), domain, "{:?}", header);
        prop_assert_eq!(c.path(), path, "{:?}", header);
        prop_assert_eq!(c.same_site_raw(), same_site, "{:?}", header);
        prop_assert_eq!(
            (c.secure(), c.http_only(), c.partitioned()),
            (secure, http_only, partitioned),
            "{:?}", header
        );
        prop_assert_eq!(
            c.expires(),
            expires.and_then(cookie_registry::date::parse_cookie_date),
            "{:?}", header
        );
    }
}
