//! One table of cases through both adapters, the tower layer (axum, hyper) and the actix-web
//! middleware: the same request and response give the same headers and the same events. A
//! case that differs between them is a bug. A property test then compares the two on random
//! responses.

#[path = "support/site.rs"]
mod site;

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use actix_web::{App, HttpResponse, test as actix_test, web};
use cookie_registry::Category;
use cookie_registry::actix::CookieMiddleware;
use cookie_registry::consent::Consent;
use cookie_registry::middleware::{Action, CookieLayer, Event, Mode, Reason};
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, Request, Response};
use proptest::prelude::*;
use site::{Site, key, registry};
use tower::{ServiceBuilder, ServiceExt};

/// What one request gives: the response's `Set-Cookie` headers, the events, and whether the
/// application saw a consent (and which categories it grants).
#[derive(Debug, PartialEq)]
struct Outcome {
    set_cookie: Vec<String>,
    events: Vec<(Reason, Action, String)>,
    consent: Option<Vec<Category>>,
}

fn seen(consent: Option<Consent>) -> Option<Vec<Category>> {
    consent.map(|c| c.granted().collect())
}

fn sink() -> (
    Arc<Mutex<Vec<Event>>>,
    impl Fn(&Event) + Send + Sync + 'static,
) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let push = events.clone();
    (events, move |e: &Event| {
        push.lock().unwrap().push(e.clone())
    })
}

fn summary(events: &Mutex<Vec<Event>>) -> Vec<(Reason, Action, String)> {
    events
        .lock()
        .unwrap()
        .iter()
        .map(|e| (e.reason, e.action, e.cookie.clone()))
        .collect()
}

/// Through the tower layer.
fn tower_run(mode: Mode, cookie: &[u8], set: &[String]) -> Outcome {
    let (events, hook) = sink();
    let layer = CookieLayer::new(registry())
        .mode(mode)
        .consent(Site::Consent, key())
        .on_event(hook);
    let consent = Arc::new(Mutex::new(None));
    let saw = consent.clone();
    let set = set.to_vec();
    let app = tower::service_fn(move |req: Request<()>| {
        *saw.lock().unwrap() = req.extensions().get::<Consent>().copied();
        let mut response = Response::new(());
        for s in &set {
            response
                .headers_mut()
                .append(SET_COOKIE, HeaderValue::from_str(s).unwrap());
        }
        async move { Ok::<_, Infallible>(response) }
    });
    let service = ServiceBuilder::new().layer(layer).service(app);
    let mut request = Request::new(());
    if !cookie.is_empty() {
        request
            .headers_mut()
            .insert(COOKIE, HeaderValue::from_bytes(cookie).unwrap());
    }
    let response = tokio_test::block_on(service.oneshot(request)).unwrap();
    let set_cookie = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let consent = *consent.lock().unwrap();
    Outcome {
        set_cookie,
        events: summary(&events),
        consent: seen(consent),
    }
}

/// Through the actix-web middleware.
fn actix_run(mode: Mode, cookie: &[u8], set: &[String]) -> Outcome {
    let (events, hook) = sink();
    let middleware = CookieMiddleware::new(registry())
        .mode(mode)
        .consent(Site::Consent, key())
        .on_event(hook);
    let consent = Arc::new(Mutex::new(None));
    let saw = consent.clone();
    let set = set.to_vec();
    let set_cookie = actix_web::rt::System::new().block_on(async move {
        let handler = move |seen: Option<web::ReqData<Consent>>| {
            *saw.lock().unwrap() = seen.map(|c| *c);
            let mut response = HttpResponse::Ok();
            for s in &set {
                response.append_header(("set-cookie", s.as_str()));
            }
            async move { response.finish() }
        };
        let app = actix_test::init_service(
            App::new()
                .wrap(middleware)
                .default_service(web::to(handler)),
        )
        .await;
        let mut request = actix_test::TestRequest::get().uri("/");
        if !cookie.is_empty() {
            request = request.insert_header((
                "cookie",
                actix_web::http::header::HeaderValue::from_bytes(cookie).unwrap(),
            ));
        }
        let response = actix_test::call_service(&app, request.to_request()).await;
        response
            .headers()
            .get_all("set-cookie")
            .map(|v| v.to_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    });
    let consent = *consent.lock().unwrap();
    Outcome {
        set_cookie,
        events: summary(&events),
        consent: seen(consent),
    }
}

fn record(categories: &[Category], at: SystemTime) -> String {
    format!(
        "consent={}",
        Consent::new(categories.iter().copied(), registry(), at).encode(&key())
    )
}

struct Case {
    what: &'static str,
    mode: Mode,
    cookie: Vec<u8>,
    set: Vec<String>,
    kept: Vec<String>,
    events: Vec<(Reason, Action, &'static str)>,
    consent: Option<Vec<Category>>,
}

const SESSION: &str = "sessionid=abc; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax";
const STATS: &str = "_pk_id.1=v; Max-Age=86400; Path=/; HttpOnly";

fn cases() -> Vec<Case> {
    let now = SystemTime::now();
    let stats = record(&[Category::Statistics], now);
    let refused = record(&[], now);
    let stale = record(
        &[Category::Statistics],
        now - Duration::from_secs(200 * 86_400),
    );
    let tampered = stats.replacen("consent=1.5.", "consent=1.f.", 1);
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    use Action::*;
    use Reason::*;
    vec![
        Case {
            what: "report mode changes nothing and reports",
            mode: Mode::Report,
            cookie: vec![],
            set: s(&[SESSION, STATS, "_fbp=1"]),
            kept: s(&[SESSION, STATS, "_fbp=1"]),
            events: vec![
                (Unconsented, Reported, "_pk_id.1"),
                (Undeclared, Reported, "_fbp"),
            ],
            consent: None,
        },
        Case {
            what: "enforce removes the undeclared and the unconsented",
            mode: Mode::Enforce,
            cookie: vec![],
            set: s(&[SESSION, STATS, "_fbp=1"]),
            kept: s(&[SESSION]),
            events: vec![
                (Unconsented, Removed, "_pk_id.1"),
                (Undeclared, Removed, "_fbp"),
            ],
            consent: None,
        },
        Case {
            what: "a consent round trip lets statistics through",
            mode: Mode::Enforce,
            cookie: stats.clone().into_bytes(),
            set: s(&[SESSION, STATS]),
            kept: s(&[SESSION, STATS]),
            events: vec![],
            consent: Some(vec![Category::Necessary, Category::Statistics]),
        },
        Case {
            what: "a tampered record grants nothing",
            mode: Mode::Enforce,
            cookie: tampered.into_bytes(),
            set: s(&[STATS]),
            kept: vec![],
            events: vec![(Unconsented, Removed, "_pk_id.1")],
            consent: None,
        },
        Case {
            what: "a stale record grants nothing",
            mode: Mode::Enforce,
            cookie: stale.into_bytes(),
            set: s(&[STATS]),
            kept: vec![],
            events: vec![(Unconsented, Removed, "_pk_id.1")],
            consent: None,
        },
        Case {
            what: "withdrawal deletes HttpOnly cookies the request carries",
            mode: Mode::Enforce,
            cookie: format!("{refused}; _pk_id.7=v; theme=dark; sessionid=abc").into_bytes(),
            set: vec![],
            kept: s(&[
                "_pk_id.7=; HttpOnly; Path=/; Max-Age=0",
                "theme=; Path=/; Max-Age=0",
            ]),
            events: vec![
                (Withdrawn, DeletionAdded, "_pk_id.7"),
                (Withdrawn, DeletionAdded, "theme"),
            ],
            consent: Some(vec![Category::Necessary]),
        },
        Case {
            what: "a deletion then a fresh session cookie keeps both",
            mode: Mode::Enforce,
            cookie: vec![],
            set: s(&["sessionid=; Max-Age=0; Path=/", SESSION]),
            kept: s(&["sessionid=; Max-Age=0; Path=/", SESSION]),
            events: vec![(Warning, Reported, "sessionid")],
            consent: None,
        },
        Case {
            what: "malformed headers are removed as malformed",
            mode: Mode::Enforce,
            cookie: vec![],
            set: s(&["=nameless", "novalue"]),
            kept: vec![],
            events: vec![(Malformed, Removed, ""), (Malformed, Removed, "")],
            consent: None,
        },
        Case {
            what: "a non-ASCII cookie beside the record hides nothing",
            mode: Mode::Enforce,
            cookie: [&b"city=B\xe9ziers; "[..], stats.as_bytes()].concat(),
            set: s(&[STATS]),
            kept: s(&[STATS]),
            events: vec![],
            consent: Some(vec![Category::Necessary, Category::Statistics]),
        },
        Case {
            what: "an Expires in 0069 is 2069, not a deletion",
            mode: Mode::Enforce,
            cookie: vec![],
            set: s(&["_pk_id.1=t; Path=/; HttpOnly; Expires=Tue, 01 Jan 0069 00:00:00 GMT"]),
            kept: vec![],
            events: vec![(NonConforming, Removed, "_pk_id.1")],
            consent: None,
        },
    ]
}

#[test]
fn one_table_of_cases_through_both_adapters() {
    let cases = cases();
    for case in &cases {
        let expected = Outcome {
            set_cookie: case.kept.clone(),
            events: case
                .events
                .iter()
                .map(|(r, a, c)| (*r, *a, (*c).to_owned()))
                .collect(),
            consent: case.consent.clone(),
        };
        let tower = tower_run(case.mode, &case.cookie, &case.set);
        assert_eq!(tower, expected, "tower: {}", case.what);
        let actix = actix_run(case.mode, &case.cookie, &case.set);
        assert_eq!(actix, expected, "actix: {}", case.what);
    }
    assert_eq!(cases.len(), 10);
}

/// Strict mode fails loudly in both.
#[test]
fn strict_mode_panics_in_both() {
    for run in [tower_run, actix_run] {
        let result = std::panic::catch_unwind(|| run(Mode::Strict, b"", &["_fbp=1".to_owned()]));
        assert!(result.is_err());
    }
}

/// Headers the property test draws from.
const POOL: [&str; 8] = [
    SESSION,
    "consent=b; Max-Age=100; Path=/; HttpOnly",
    "theme=dark; Max-Age=100; Path=/",
    STATS,
    "sessionid=a; Max-Age=99999999; Path=/; HttpOnly; SameSite=Lax",
    "_fbp=f",
    "theme=dark; Path=/app",
    "sessionid=; Max-Age=0; Path=/",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// On random responses and consents, both adapters keep exactly the same headers, and in
    /// enforce mode exactly the conforming, consented ones.
    #[test]
    fn both_adapters_agree(
        picks in prop::collection::vec(0..POOL.len(), 0..5),
        granted in prop::collection::vec(any::<bool>(), 4),
    ) {
        let set: Vec<String> = picks.into_iter().map(|i| POOL[i].to_owned()).collect();
        let categories: Vec<Category> = Category::ALL.into_iter().zip(&granted).filter(|(_, g)| **g).map(|(c, _)| c).collect();
        let consent = Consent::new(categories, registry(), SystemTime::now());
        let cookie = format!("consent={}", consent.encode(&key()));
        let tower = tower_run(Mode::Enforce, cookie.as_bytes(), &set);
        let actix = actix_run(Mode::Enforce, cookie.as_bytes(), &set);
        prop_assert_eq!(&tower, &actix);
        for header in &set {
            let belongs = registry().check(header).is_ok_and(|c| {
                cookie_registry::consent::allows(c.declaration(), Some(&consent))
                    || c.cookie().is_removal_at(0)
            });
            prop_assert_eq!(tower.set_cookie.contains(header), belongs, "{} in {:?}", header, tower.set_cookie);
        }
    }
}
