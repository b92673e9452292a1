//! Consent records, the gate and the tower middleware in each mode (over `oneshot`), with a
//! property test: in enforce mode no undeclared or unconsented `Set-Cookie` ever passes, and no
//! conforming, consented one is ever dropped.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cookie_registry::consent::{Consent, ConsentError, ConsentKey, allows, from_cookie_header};
use cookie_registry::middleware::{Action, CookieLayer, Event, Mode, Reason, Recorder};
use cookie_registry::{Category, CookieRegistry, Registry};
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, Request, Response};
use proptest::prelude::*;
use tower::{ServiceBuilder, ServiceExt};

#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Site")]
enum Site {
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
    #[cookie(
        name = "consent",
        service = "Consent",
        purpose = "Remember the cookie choice",
        category = "necessary",
        lifetime = "6mo",
        http_only,
        path = "/"
    )]
    Consent,
    #[cookie(
        name = "theme",
        service = "Theme",
        purpose = "Remember the theme",
        category = "preferences",
        lifetime = "1y",
        path = "/"
    )]
    Theme,
    #[cookie(
        name = "_pk_id.*",
        service = "Statistics",
        purpose = "Count visits",
        category = "statistics",
        lifetime = "13mo",
        http_only,
        path = "/"
    )]
    Stats,
    #[cookie(
        name = "_pk_ses.*",
        service = "Statistics",
        purpose = "Count this visit",
        category = "statistics",
        lifetime = "30m",
        consent_exempt,
        path = "/"
    )]
    ExemptStats,
    #[cookie(
        name = "_ads",
        service = "Ads",
        purpose = "Advertising",
        category = "marketing",
        lifetime = "30d",
        third_party = "ads.example",
        secure,
        same_site = "none"
    )]
    Ads,
}

fn key() -> ConsentKey {
    ConsentKey::from_bytes(b"a test key that is long enough to sign consent").unwrap()
}

fn registry() -> &'static Registry {
    Site::registry()
}

#[test]
fn consent_round_trips() {
    let now = SystemTime::now();
    for consent in [
        Consent::accept_all(registry(), now),
        Consent::refuse_all(registry(), now),
        Consent::new([Category::Statistics, Category::Marketing], registry(), now),
    ] {
        let value = consent.encode(&key());
        assert!(value.bytes().all(cookie_registry_rules_octet), "{value}");
        let back = Consent::decode(&value, &key()).unwrap();
        assert_eq!(
            back,
            Consent::decode(&consent.encode(&key()), &key()).unwrap()
        );
        assert!(back.grants(Category::Necessary));
        for c in Category::ALL {
            assert_eq!(back.grants(c), consent.grants(c));
        }
        assert_eq!(back.version(), registry().version());
    }
    let refused = Consent::refuse_all(registry(), now);
    assert_eq!(refused.granted().collect::<Vec<_>>(), [Category::Necessary]);
}

fn cookie_registry_rules_octet(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

#[test]
fn tampered_or_malformed_records_are_no_consent() {
    let now = SystemTime::now();
    let value = Consent::new([Category::Statistics], registry(), now).encode(&key());
    // Every single-character change is refused.
    for i in 0..value.len() {
        let mut bytes = value.clone().into_bytes();
        bytes[i] = if bytes[i] == b'0' { b'1' } else { b'0' };
        let changed = String::from_utf8(bytes).unwrap();
        if changed != value {
            assert!(Consent::decode(&changed, &key()).is_err(), "{changed}");
        }
    }
    let other = ConsentKey::from_bytes(&[9; 40]).unwrap();
    assert_eq!(
        Consent::decode(&value, &other),
        Err(ConsentError::BadSignature)
    );
    for bad in [
        "",
        "1",
        "yes",
        "1.f.0.0.0",
        "2.5.1.abc.00000000000000000000000000000000",
        &value[..value.len() - 1],
    ] {
        assert!(Consent::decode(bad, &key()).is_err(), "{bad}");
    }
    assert!(matches!(
        ConsentKey::from_bytes(b"short"),
        Err(ConsentError::ShortKey { len: 5 })
    ));
}

#[test]
fn stale_records_are_no_consent() {
    let then = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let consent = Consent::accept_all(registry(), then);
    let max = Consent::DEFAULT_MAX_AGE;
    assert!(consent.is_current(registry(), then, max));
    assert!(consent.is_current(registry(), then + max, max));
    assert!(!consent.is_current(registry(), then + max + Duration::from_secs(1), max));
    // Made in the future (beyond a minute of clock slack).
    assert!(!consent.is_current(registry(), then - Duration::from_secs(120), max));
    // Made for another registry version.
    let other = Registry::combine([Site::registry(), Other::registry()]).unwrap();
    assert!(!consent.is_current(&other, then, max));
    // Through the Cookie header.
    let header = format!(
        "sessionid=abc; consent={}; theme=dark",
        consent.encode(&key())
    );
    assert!(
        from_cookie_header(header.as_bytes(), "consent", &key(), registry(), then, max).is_some()
    );
    assert!(
        from_cookie_header(
            header.as_bytes(),
            "consent",
            &key(),
            registry(),
            then + max * 2,
            max
        )
        .is_none()
    );
    assert!(
        from_cookie_header(b"sessionid=abc", "consent", &key(), registry(), then, max).is_none()
    );
}

#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Other")]
enum Other {
    #[cookie(
        name = "other",
        service = "Other",
        purpose = "Other",
        category = "necessary",
        lifetime = "1d"
    )]
    Other,
}

#[test]
fn the_gate() {
    let now = SystemTime::now();
    let none: Option<&Consent> = None;
    let refused = Consent::refuse_all(registry(), now);
    let stats = Consent::new([Category::Statistics], registry(), now);
    let d = |c: Site| c.declaration();
    for consent in [none, Some(&refused), Some(&stats)] {
        assert!(allows(d(Site::Session), consent));
        assert!(allows(d(Site::ExemptStats), consent));
        assert!(!allows(d(Site::Ads), consent));
        assert!(!allows(d(Site::Theme), consent));
    }
    assert!(!allows(d(Site::Stats), none));
    assert!(!allows(d(Site::Stats), Some(&refused)));
    assert!(allows(d(Site::Stats), Some(&stats)));
}

/// An app that sends the given `Set-Cookie` headers.
async fn run(layer: CookieLayer, cookie: Option<&str>, set: &[&str]) -> Vec<String> {
    let set: Vec<String> = set.iter().map(|s| (*s).to_owned()).collect();
    let app = tower::service_fn(move |_req: Request<()>| {
        let set = set.clone();
        async move {
            let mut response = Response::new(());
            for s in &set {
                response
                    .headers_mut()
                    .append(SET_COOKIE, HeaderValue::from_str(s).unwrap());
            }
            Ok::<_, Infallible>(response)
        }
    });
    let service = ServiceBuilder::new().layer(layer).service(app);
    let mut request = Request::new(());
    if let Some(c) = cookie {
        request
            .headers_mut()
            .insert(COOKIE, HeaderValue::from_str(c).unwrap());
    }
    let response = service.oneshot(request).await.unwrap();
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

fn block<F: std::future::Future>(f: F) -> F::Output {
    tokio_test::block_on(f)
}

const SENT: [&str; 4] = [
    "sessionid=abc; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax",
    "_pk_id.1=v; Max-Age=86400; Path=/; HttpOnly",
    "_fbp=fb.1.123; Max-Age=7776000",
    "sessionid2=x",
];

fn recording(layer: CookieLayer) -> (CookieLayer, Arc<Mutex<Vec<Event>>>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    (
        layer.on_event(move |e| sink.lock().unwrap().push(e.clone())),
        events,
    )
}

#[test]
fn report_mode_changes_nothing_and_reports() {
    let (layer, events) = recording(CookieLayer::new(registry()).mode(Mode::Report));
    let kept = block(run(layer, None, &SENT));
    assert_eq!(kept, SENT);
    let events = events.lock().unwrap();
    let seen: Vec<(Reason, Action, &str)> = events
        .iter()
        .map(|e| (e.reason, e.action, e.cookie.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (Reason::Unconsented, Action::Reported, "_pk_id.1"),
            (Reason::Undeclared, Action::Reported, "_fbp"),
            (Reason::Undeclared, Action::Reported, "sessionid2"),
        ]
    );
    assert!(
        events[1]
            .violations
            .as_ref()
            .unwrap()
            .contains("undeclared-cookie")
    );
}

#[test]
fn enforce_mode_removes_what_does_not_belong() {
    let (layer, events) = recording(
        CookieLayer::new(registry())
            .mode(Mode::Enforce)
            .consent(Site::Consent, key()),
    );
    let kept = block(run(layer, None, &SENT));
    assert_eq!(kept, [SENT[0]]);
    assert!(
        events
            .lock()
            .unwrap()
            .iter()
            .all(|e| e.action == Action::Removed)
    );
    // With statistics granted, the statistics cookie passes.
    let consent =
        Consent::new([Category::Statistics], registry(), SystemTime::now()).encode(&key());
    let layer = CookieLayer::new(registry())
        .mode(Mode::Enforce)
        .consent(Site::Consent, key());
    let kept = block(run(layer, Some(&format!("consent={consent}")), &SENT));
    assert_eq!(kept, [SENT[0], SENT[1]]);
    // A non-conforming declared cookie (HttpOnly missing) is removed too; a warning is kept.
    let layer = CookieLayer::new(registry()).mode(Mode::Enforce);
    assert!(
        block(run(
            layer,
            None,
            &["sessionid=abc; Max-Age=1209600; Path=/; SameSite=Lax"]
        ))
        .is_empty()
    );
    let warned = "sessionid=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=0001";
    let layer = CookieLayer::new(registry()).mode(Mode::Enforce);
    assert_eq!(block(run(layer, None, &[warned])), [warned]);
    // Two headers for one name: a warning, both kept (browsers apply them in order).
    let layer = CookieLayer::new(registry()).mode(Mode::Enforce);
    assert_eq!(
        block(run(layer, None, &[SENT[0], SENT[0]])),
        [SENT[0], SENT[0]]
    );
}

/// A deletion followed by a fresh cookie (a log-in that rotates the session) is no error:
/// removing the fresh one, as a duplicate, would log the user out.
#[test]
fn a_deletion_then_a_fresh_cookie_keeps_both() {
    let sent = [
        "sessionid=; Max-Age=0; Path=/",
        "sessionid=fresh; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax",
    ];
    let (layer, events) = recording(CookieLayer::new(registry()).mode(Mode::Enforce));
    assert_eq!(block(run(layer, None, &sent)), sent);
    let events = events.lock().unwrap();
    let seen: Vec<(Reason, Action)> = events.iter().map(|e| (e.reason, e.action)).collect();
    assert_eq!(seen, [(Reason::Warning, Action::Reported)]);
    assert!(
        events[0]
            .violations
            .as_ref()
            .unwrap()
            .contains("duplicate-cookie-in-response")
    );
}

/// A header that is not a cookie at all is malformed, not undeclared.
#[test]
fn malformed_headers_are_reported_as_malformed() {
    let (layer, events) = recording(CookieLayer::new(registry()).mode(Mode::Enforce));
    let sent = ["novalue", "=nameless", "sessionid=a\u{1}b"];
    assert!(block(run(layer, None, &sent[..2])).is_empty());
    let events = events.lock().unwrap();
    let seen: Vec<(Reason, Action)> = events.iter().map(|e| (e.reason, e.action)).collect();
    assert_eq!(seen, [(Reason::Malformed, Action::Removed); 2]);
    // Control characters and bytes that are not UTF-8 cannot be sent through `run`: the
    // check says malformed for them.
    for header in [&b"sessionid=a\x01b"[..], b"sessionid=\xff"] {
        assert!(registry().check_bytes(header).unwrap_err().is_malformed());
    }
}

#[test]
fn strict_mode_says_what_happened() {
    let layer = CookieLayer::new(registry()).mode(Mode::Strict);
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        block(run(layer, None, &["_fbp=1"]))
    }))
    .unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(
        message.starts_with(
            "cookie-registry strict mode: the response sets 1 cookie(s) that do not belong (nothing was sent): Undeclared cookie `_fbp` (Reported): _fbp=1"
        ),
        "{message}"
    );
    assert!(!message.contains("Removed"), "{message}");
}

#[test]
fn a_tampered_or_stale_consent_grants_nothing() {
    let now = SystemTime::now();
    let good = Consent::accept_all(registry(), now).encode(&key());
    let tampered = good.replacen("1.f.", "1.7.", 1);
    let stale =
        Consent::accept_all(registry(), now - Duration::from_secs(200 * 86_400)).encode(&key());
    for value in [tampered, stale, "garbage".to_owned()] {
        let layer = CookieLayer::new(registry())
            .mode(Mode::Enforce)
            .consent(Site::Consent, key());
        let kept = block(run(layer, Some(&format!("consent={value}")), &[SENT[1]]));
        // The statistics cookie is refused.
        assert!(
            !kept.iter().any(|h| h.starts_with("_pk_id.1=v")),
            "{value}: {kept:?}"
        );
    }
    let layer = CookieLayer::new(registry())
        .mode(Mode::Enforce)
        .consent(Site::Consent, key());
    let kept = block(run(layer, Some(&format!("consent={good}")), &[SENT[1]]));
    assert_eq!(kept, [SENT[1]]);
}

#[test]
#[should_panic(expected = "cookie-registry strict mode")]
fn strict_mode_fails_loudly() {
    let layer = CookieLayer::new(registry()).mode(Mode::Strict);
    block(run(layer, None, &["_fbp=1"]));
}

#[test]
fn strict_mode_passes_what_belongs() {
    let layer = CookieLayer::new(registry()).mode(Mode::Strict);
    assert_eq!(block(run(layer, None, &[SENT[0]])), [SENT[0]]);
}

#[test]
fn withdrawal_deletes_unconsented_cookies_from_the_request() {
    let refused = Consent::refuse_all(registry(), SystemTime::now()).encode(&key());
    let (layer, events) = recording(
        CookieLayer::new(registry())
            .mode(Mode::Enforce)
            .consent(Site::Consent, key()),
    );
    let cookie = format!("sessionid=abc; _pk_id.77=v; theme=dark; consent={refused}; _pk_ses.1=x");
    let sent = block(run(layer, Some(&cookie), &[]));
    // The statistics (HttpOnly) and preferences cookies are deleted with their declared path;
    // the necessary and the consent-exempt ones stay.
    assert_eq!(
        sent,
        [
            "_pk_id.77=; HttpOnly; Path=/; Max-Age=0",
            "theme=; Path=/; Max-Age=0",
        ]
    );
    assert!(
        events
            .lock()
            .unwrap()
            .iter()
            .all(|e| e.reason == Reason::Withdrawn && e.action == Action::DeletionAdded)
    );
    for deletion in &sent {
        assert!(registry().check(deletion).is_ok(), "{deletion}");
    }
    // The application tries to set the withdrawn cookie again: that header is removed, and the
    // deletion is still sent.
    let layer = CookieLayer::new(registry())
        .mode(Mode::Enforce)
        .consent(Site::Consent, key());
    let sent = block(run(
        layer,
        Some(&format!("_pk_id.77=v; consent={refused}")),
        &["_pk_id.77=w; Max-Age=100; Path=/; HttpOnly"],
    ));
    assert_eq!(sent, ["_pk_id.77=; HttpOnly; Path=/; Max-Age=0"]);
    // Report mode adds no deletion.
    let layer = CookieLayer::new(registry())
        .mode(Mode::Report)
        .consent(Site::Consent, key());
    assert!(block(run(layer, Some(&cookie), &[])).is_empty());
}

#[test]
fn the_consent_reaches_the_application() {
    let consent = Consent::new([Category::Preferences], registry(), SystemTime::now());
    let app = tower::service_fn(|req: Request<()>| async move {
        let granted = req
            .extensions()
            .get::<Consent>()
            .map(|c| c.grants(Category::Preferences));
        Ok::<_, Infallible>(Response::new(granted))
    });
    let service = ServiceBuilder::new()
        .layer(CookieLayer::new(registry()).consent(Site::Consent, key()))
        .service(app);
    let request = Request::builder()
        .header(COOKIE, format!("consent={}", consent.encode(&key())))
        .body(())
        .unwrap();
    let response = block(service.oneshot(request)).unwrap();
    assert_eq!(*response.body(), Some(true));
}

#[test]
fn the_recorder_reports_undeclared_and_unseen() {
    let recorder = Recorder::new();
    let layer = CookieLayer::new(registry())
        .mode(Mode::Enforce)
        .recorder(recorder.clone());
    block(run(layer, None, &SENT));
    let report = recorder.report(registry());
    assert_eq!(report.undeclared(), ["_fbp", "sessionid2"]);
    let unseen: Vec<&str> = report.unseen().iter().map(|d| d.name()).collect();
    assert_eq!(unseen, ["consent", "theme", "_pk_ses.*", "_ads"]);
    assert!(
        report
            .to_string()
            .contains("undeclared cookies sent: _fbp, sessionid2")
    );
}

/// Headers the property test draws from: conforming necessary, statistics, preferences and
/// marketing cookies, non-conforming and undeclared ones.
const POOL: [&str; 10] = [
    "sessionid=a; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax",
    "consent=b; Max-Age=100; Path=/; HttpOnly",
    "theme=dark; Max-Age=100; Path=/",
    "_pk_id.9=c; Max-Age=100; Path=/; HttpOnly",
    "_pk_ses.9=d; Max-Age=100; Path=/",
    "_ads=e; Max-Age=100; Secure; SameSite=None",
    "sessionid=a; Max-Age=99999999; Path=/; HttpOnly; SameSite=Lax",
    "_fbp=f",
    "tracker=g; Path=/",
    "theme=dark; Path=/app",
];

proptest! {
    #[test]
    fn enforce_keeps_exactly_the_conforming_consented_cookies(
        picks in proptest::collection::vec(0..POOL.len(), 0..6),
        granted in proptest::collection::vec(any::<bool>(), 4),
    ) {
        let mut names = Vec::new();
        let set: Vec<&str> = picks
            .into_iter()
            .map(|i| POOL[i])
            // One header per name: two for one name is itself non-conforming.
            .filter(|h| {
                let name = h.split('=').next().unwrap();
                let fresh = !names.contains(&name);
                names.push(name);
                fresh
            })
            .collect();
        let categories: Vec<Category> = Category::ALL.into_iter().zip(&granted).filter(|(_, g)| **g).map(|(c, _)| c).collect();
        let consent = Consent::new(categories, registry(), SystemTime::now());
        let layer = CookieLayer::new(registry()).mode(Mode::Enforce).consent(Site::Consent, key());
        let kept = block(run(layer, Some(&format!("consent={}", consent.encode(&key()))), &set));
        for header in &set {
            let conforming = registry().check(header);
            let belongs = match conforming {
                Ok(c) => allows(c.declaration(), Some(&consent)),
                Err(_) => false,
            };
            prop_assert_eq!(kept.iter().any(|k| k == header), belongs, "{} in {:?}", header, kept);
        }
        for k in &kept {
            prop_assert!(set.contains(&k.as_str()), "added {}", k);
        }
    }
}

#[test]
#[should_panic(expected = "the consent cookie `_pk_id.*` is a pattern")]
fn a_pattern_consent_cookie_is_refused_at_start_up() {
    let _ = CookieLayer::new(registry()).consent(Site::Stats, key());
}

#[test]
#[should_panic(
    expected = "the consent cookie `theme` is declared `preferences`, which needs consent itself"
)]
fn a_consent_cookie_that_needs_consent_is_refused_at_start_up() {
    let _ = CookieLayer::new(registry()).consent(Site::Theme, key());
}

#[test]
#[should_panic(expected = "the consent cookie `other` is not declared in the layer's registry")]
fn a_consent_cookie_of_another_registry_is_refused_at_start_up() {
    let _ = CookieLayer::new(registry()).consent(Other::Other, key());
}

#[test]
fn consent_max_age_works_before_or_after_consent() {
    let old = Consent::new(
        [Category::Statistics],
        registry(),
        SystemTime::now() - Duration::from_secs(600),
    )
    .encode(&key());
    let cookie = format!("consent={old}");
    let stats = [SENT[1]];
    let fresh_enough = CookieLayer::new(registry())
        .mode(Mode::Enforce)
        .consent(Site::Consent, key());
    assert_eq!(block(run(fresh_enough, Some(&cookie), &stats)), stats);
    let before = CookieLayer::new(registry())
        .consent_max_age(Duration::from_secs(60))
        .mode(Mode::Enforce)
        .consent(Site::Consent, key());
    let after = CookieLayer::new(registry())
        .mode(Mode::Enforce)
        .consent(Site::Consent, key())
        .consent_max_age(Duration::from_secs(60));
    for layer in [before, after] {
        assert!(block(run(layer, Some(&cookie), &stats)).is_empty());
    }
}
