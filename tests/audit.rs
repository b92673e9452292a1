//! `cookie_registry::audit`: observed cookies in, findings out, on the reference registry.

#[path = "../examples/herault_data/registry.rs"]
mod herault;

use cookie_registry::audit::{
    Audit, Expiry, FindingKind, MAX_COOKIES, Observation, Phase, SetBy, Severity,
};
use cookie_registry::{CookieRegistry, SameSite};
use herault::HeraultCookie;

/// 2026-01-01T00:00:00Z.
const NOW: i64 = 1_767_225_600;
const DAY: i64 = 86_400;

fn seen(name: &str, phase: Phase, set_by: SetBy) -> Observation {
    let mut o = Observation::new(name, "www.herault-data.fr", phase, set_by, NOW);
    o.url = "https://www.herault-data.fr/".to_owned();
    o
}

fn kinds(audit: Audit<'_>) -> Vec<(FindingKind, Severity, String, Option<&'static str>)> {
    audit
        .finish()
        .findings
        .into_iter()
        .filter(|f| f.kind != FindingKind::Unseen)
        .map(|f| (f.kind, f.severity, f.name, f.code))
        .collect()
}

#[test]
fn a_declared_header_as_declared_gives_no_finding() {
    let mut audit = Audit::new(HeraultCookie::registry());
    let mut o = seen("sessionid", Phase::BeforeConsent, SetBy::Server);
    o.set_cookie =
        Some("sessionid=a; Secure; HttpOnly; SameSite=Lax; Path=/; Max-Age=1209600".to_owned());
    audit.observe(o);
    let report = audit.finish();
    assert!(!report.has_errors(), "{:#?}", report.findings);
    assert_eq!(report.count(Severity::Warning), 0);
    // The three other declarations were not seen.
    assert_eq!(report.count(Severity::Info), HeraultCookie::ALL.len() - 1);
}

#[test]
fn a_header_is_checked_by_the_library() {
    let mut audit = Audit::new(HeraultCookie::registry());
    let mut o = seen("sessionid", Phase::AfterAccept, SetBy::Server);
    o.set_cookie = Some("sessionid=a; Path=/; Max-Age=99999999".to_owned());
    audit.observe(o);
    let found = kinds(audit);
    let codes: Vec<_> = found.iter().filter_map(|f| f.3).collect();
    for code in [
        "secure-missing",
        "http-only-missing",
        "lifetime-exceeds-declaration",
    ] {
        assert!(codes.contains(&code), "{code}: {found:?}");
    }
    assert!(found.iter().all(|f| f.0 == FindingKind::Nonconforming));
}

#[test]
fn a_cookie_seen_without_its_header_is_checked_on_its_flags_and_expiry() {
    let mut audit = Audit::new(HeraultCookie::registry());
    // The jar holds the CSRF cookie without Secure, for two years, with SameSite=Strict.
    let mut o = seen("csrftoken", Phase::AfterAccept, SetBy::Script);
    o.secure = Some(false);
    o.http_only = Some(false);
    o.same_site = Some(SameSite::Strict);
    o.expiry = Expiry::At(NOW + 730 * DAY);
    audit.observe(o);
    let codes: Vec<_> = kinds(audit).into_iter().filter_map(|f| f.3).collect();
    assert_eq!(
        codes,
        [
            "secure-missing",
            "same-site-mismatch",
            "lifetime-exceeds-declaration",
            "lifetime-over-400-days"
        ]
    );
}

#[test]
fn a_session_cookie_held_for_a_day_breaks_its_declaration_but_a_minute_does_not() {
    let registry = HeraultCookie::registry();
    let mut audit = Audit::new(registry);
    // `django_language` is declared a session cookie.
    let mut o = seen("django_language", Phase::AfterAccept, SetBy::Script);
    o.expiry = Expiry::At(NOW + 30);
    audit.observe(o.clone());
    assert!(kinds(audit).is_empty());
    let mut audit = Audit::new(registry);
    o.expiry = Expiry::At(NOW + DAY);
    audit.observe(o);
    assert_eq!(
        kinds(audit)[0].3,
        Some("persistent-cookie-declared-session")
    );
}

#[test]
fn consent_is_needed_before_a_choice_and_after_a_refusal_only() {
    // `cookies_preferences` is the consent choice itself: necessary. An undeclared tracker
    // shows the other kinds; the reference registry has no cookie needing consent, so a
    // small one is declared here.
    #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "Site")]
    enum Site {
        #[cookie(
            name = "_pk_id.*",
            provider = "Matomo",
            service = "Statistics",
            purpose = "Count visits",
            category = "statistics",
            lifetime = "13mo"
        )]
        Audience,
    }
    for (phase, expected) in [
        (Phase::BeforeConsent, true),
        (Phase::AfterRefuse, true),
        (Phase::AfterAccept, false),
        (Phase::Unknown, false),
    ] {
        let mut audit = Audit::new(Site::registry());
        audit.observe(Observation::new(
            "_pk_id.1.ab",
            "example.org",
            phase,
            SetBy::Script,
            NOW,
        ));
        let found = kinds(audit);
        assert_eq!(
            found.iter().any(|f| f.0 == FindingKind::WithoutConsent),
            expected,
            "{phase}: {found:?}"
        );
    }
}

#[test]
fn repeated_sightings_make_one_row_and_one_finding() {
    let mut audit = Audit::new(HeraultCookie::registry());
    for i in 0..1_000 {
        let mut o = seen("_fbp", Phase::BeforeConsent, SetBy::Script);
        o.url = format!("https://www.herault-data.fr/page/{i}");
        audit.observe(o);
    }
    // The server set it too, later: the row says so.
    let mut o = seen("_fbp", Phase::BeforeConsent, SetBy::Server);
    o.set_cookie = Some("_fbp=1".to_owned());
    audit.observe(o);
    let report = audit.finish();
    assert_eq!(report.cookies.len(), 1);
    assert_eq!(report.cookies[0].set_by, SetBy::Server);
    assert_eq!(
        report.cookies[0].first_url,
        "https://www.herault-data.fr/page/0"
    );
    let undeclared: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Undeclared)
        .collect();
    assert_eq!(undeclared.len(), 1);
}

#[test]
fn a_near_miss_gets_a_did_you_mean() {
    let mut audit = Audit::new(HeraultCookie::registry());
    audit.observe(seen("sesionid", Phase::AfterAccept, SetBy::Server));
    let report = audit.finish();
    assert!(
        report.findings[0]
            .message
            .contains("did you mean `sessionid`?"),
        "{}",
        report.findings[0].message
    );
}

#[test]
fn the_number_of_distinct_cookies_is_bounded_and_the_rest_is_counted() {
    let mut audit = Audit::new(HeraultCookie::registry());
    for i in 0..MAX_COOKIES + 10 {
        audit.observe(seen(&format!("c{i}"), Phase::BeforeConsent, SetBy::Script));
    }
    let report = audit.finish();
    assert_eq!(report.cookies.len(), MAX_COOKIES);
    assert_eq!(report.dropped, 10);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == Some("too-many-cookies") && f.message.starts_with("10 "))
    );
}
