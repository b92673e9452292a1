//! A visitor's request through the middleware (enforce mode), side by side with the same
//! request through the bare application, in one run: the request carries a session, a
//! language, a theme, a statistics cookie and a signed consent record (preferences and
//! statistics granted), and the response sets two declared necessary cookies, as the demo's
//! `/two` does.
//!
//! Run with `cargo bench --bench request`. Three groups:
//! - the same visitor again and again (the per-thread memory of `Cookie` headers answers);
//! - twelve visitors in turn, as a server thread serves a few visitors' pages at once (their
//!   headers share the memory's 32 slots; three may fall in the same set of two);
//! - a new visitor on every request (4,096 records, more than the caches hold: every header
//!   is read and every record's MAC is verified).
//!
//! The ratio middleware / bare, less one, is what the middleware adds to a request of an
//! application that does nothing else; `benches/site_load.sh` measures it on a real server.

#[path = "../tests/support/site.rs"]
mod site;

use std::convert::Infallible;
use std::hint::black_box;
use std::task::{Context, Poll, Waker};
use std::time::SystemTime;

use cookie_registry::Category;
use cookie_registry::consent::{Consent, ConsentId};
use cookie_registry::middleware::{CookieLayer, Mode};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, Request, Response};
use site::{Site, key, registry};
use tower::{Layer, Service};

/// The visitors' `Cookie` headers, each with its own consent record.
fn visitors(count: usize) -> Vec<HeaderValue> {
    let key = key();
    (0..count)
        .map(|_| {
            let consent = Consent::new(
                [Category::Preferences, Category::Statistics],
                registry(),
                SystemTime::now(),
            )
            .with_id(ConsentId::random().expect("the system's random source"))
            .encode(&key);
            HeaderValue::from_str(&format!(
                "sessionid=1ab3ffd74c4af007542dec7594f6d0fa; lang=fr; theme=dark; _pk_id.demo=fe41e4bbcf154517.1795939445; consent={consent}"
            ))
            .expect("visible ASCII")
        })
        .collect()
}

/// The output of a future that is ready at once (the application's is, and so the
/// middleware's): polled once, with a waker that does nothing, so that no executor's cost is
/// measured.
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut context) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the service's future is not ready at once"),
    }
}

fn request(cookie: &HeaderValue) -> Request<()> {
    let mut request = Request::new(());
    request.headers_mut().insert(COOKIE, cookie.clone());
    request
}

/// The application: two declared necessary cookies, as `/two` sets them.
#[inline(never)]
fn app(_req: Request<()>) -> std::future::Ready<Result<Response<()>, Infallible>> {
    let mut response = Response::new(());
    let headers = response.headers_mut();
    headers.append(
        SET_COOKIE,
        HeaderValue::from_static(
            "sessionid=1ab3ffd74c4af007542dec7594f6d0fa; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax",
        ),
    );
    headers.append(SET_COOKIE, HeaderValue::from_static("lang=fr; Path=/"));
    std::future::ready(Ok(response))
}

fn visitor_request(c: &mut Criterion) {
    let layer = CookieLayer::new(registry())
        .mode(Mode::Enforce)
        .consent(Site::Consent, key());
    let mut protected = layer.layer(tower::service_fn(app));
    let mut bare = tower::service_fn(app);
    for (label, visitors) in [
        ("visitor request, same visitor", visitors(1)),
        ("visitor request, 12 visitors in turn", visitors(12)),
        ("visitor request, a new visitor each time", visitors(4096)),
    ] {
        // The middleware keeps both cookies and deletes nothing: the consent is valid.
        let response = ready(protected.call(request(&visitors[0]))).expect("infallible");
        assert_eq!(response.headers().get_all(SET_COOKIE).iter().count(), 2);
        let mut group = c.benchmark_group(label);
        group.throughput(Throughput::Elements(visitors.len() as u64));
        group.bench_function("middleware", |b| {
            b.iter(|| {
                for cookie in &visitors {
                    black_box(ready(protected.call(request(cookie))).ok());
                }
            })
        });
        group.bench_function("bare", |b| {
            b.iter(|| {
                for cookie in &visitors {
                    black_box(ready(bare.call(request(cookie))).ok());
                }
            })
        });
        group.finish();
    }
}

criterion_group!(benches, visitor_request);
criterion_main!(benches);
