//! The middleware keeps no memory it does not need (issue 9): layers built and dropped free
//! their configuration, hooks included, and requests leave nothing behind. Counted with a
//! counting global allocator (`allocation-counter`).

#[path = "support/site.rs"]
mod site;

use std::convert::Infallible;
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use cookie_registry::consent::Consent;
use cookie_registry::middleware::{CookieLayer, Mode, Recorder};
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, Request, Response};
use site::{Site, key, registry};
use tower::{Layer, Service};

/// Sets a conforming session cookie and an unconsented statistics cookie.
async fn app(_req: Request<()>) -> Result<Response<()>, Infallible> {
    let mut response = Response::new(());
    for header in [
        "sessionid=abc; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax",
        "_pk_id.1=v; Max-Age=100; Path=/; HttpOnly",
    ] {
        response
            .headers_mut()
            .append(SET_COOKIE, HeaderValue::from_static(header));
    }
    Ok(response)
}

/// A fully configured layer whose hook owns a channel sender.
fn layer(events: mpsc::Sender<String>) -> CookieLayer {
    CookieLayer::new(registry())
        .consent_max_age(Duration::from_secs(3600))
        .mode(Mode::Enforce)
        .consent(Site::Consent, key())
        .max_deletions(8)
        .recorder(Recorder::new())
        .on_event(move |e| {
            let _ = events.send(e.to_string());
        })
}

#[test]
fn layers_built_and_dropped_keep_nothing() {
    let info = allocation_counter::measure(|| {
        for _ in 0..10_000 {
            let (events, _received) = mpsc::channel();
            let layer = layer(events);
            let service = layer.layer(tower::service_fn(app));
            drop(layer);
            drop(service);
        }
    });
    assert!(info.count_total >= 10_000, "the counter counts: {info:?}");
    assert!(info.bytes_current < 64 * 1024, "{info:?}");
    assert_eq!(info.bytes_current, 0, "{info:?}");
}

#[test]
fn a_dropped_layer_closes_its_hooks_channel() {
    let (events, received) = mpsc::channel();
    let mut service = layer(events).layer(tower::service_fn(app));
    tokio_test::block_on(service.call(Request::new(()))).unwrap();
    // The unconsented statistics cookie was reported through the hook.
    assert!(received.recv().unwrap().contains("_pk_id.1"));
    drop(service);
    assert_eq!(received.recv(), Err(mpsc::RecvError));
}

#[test]
fn requests_keep_nothing() {
    let (events, received) = mpsc::channel();
    let mut service = layer(events).layer(tower::service_fn(app));
    let refused = Consent::refuse_all(registry(), SystemTime::now()).encode(&key());
    let cookie = HeaderValue::from_bytes(
        format!("consent={refused}; sessionid=abc; _pk_id.7=x; city=B\u{e9}ziers").as_bytes(),
    )
    .unwrap();
    let request = || {
        let mut request = Request::new(());
        request.headers_mut().insert(COOKIE, cookie.clone());
        request
    };
    // Warm-up: one-time thread-local set-up is not a leak.
    let response = tokio_test::block_on(service.call(request())).unwrap();
    // The session cookie kept, the statistics cookie removed, `_pk_id.7` deleted.
    assert_eq!(response.headers().get_all(SET_COOKIE).iter().count(), 2);
    while received.try_recv().is_ok() {}
    let info = allocation_counter::measure(|| {
        for _ in 0..20_000 {
            let response = tokio_test::block_on(service.call(request())).unwrap();
            drop(response);
            // The hook's events, read and dropped.
            while received.try_recv().is_ok() {}
        }
    });
    assert!(info.count_total >= 20_000, "the counter counts: {info:?}");
    assert_eq!(info.bytes_current, 0, "{info:?}");
}
