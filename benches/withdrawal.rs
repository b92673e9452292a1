//! The cost of a hostile request: a `Cookie` header packed with names that match a withdrawn
//! pattern (`_pk_id.0=x; _pk_id.1=x; …`), through the middleware in enforce mode, side by side
//! with the same request through the bare application, in one run.
//!
//! Run with `cargo bench --bench withdrawal`. Every size adds at most 64 deletions to the
//! response (`CookieLayer::DEFAULT_MAX_DELETIONS`), and the time grows linearly with the
//! header: the ratio middleware / bare is the middleware's cost per request of that size.

#[path = "../tests/support/site.rs"]
mod site;

use std::convert::Infallible;
use std::hint::black_box;
use std::time::SystemTime;

use cookie_registry::consent::{Consent, ConsentKey};
use cookie_registry::middleware::{CookieLayer, Mode};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, Request, Response};
use site::{Site, key, registry};
use tower::{Layer, Service};

/// A refusal, then `_pk_id.N=x` pairs up to `size` bytes.
fn hostile_header(key: &ConsentKey, size: usize) -> HeaderValue {
    let refused = Consent::refuse_all(registry(), SystemTime::now()).encode(key);
    let mut header = format!("consent={refused}");
    let mut n = 0;
    while header.len() < size {
        header.push_str(&format!("; _pk_id.{n}=x"));
        n += 1;
    }
    HeaderValue::from_str(&header).expect("visible ASCII")
}

fn request(cookie: &HeaderValue) -> Request<()> {
    let mut request = Request::new(());
    request.headers_mut().insert(COOKIE, cookie.clone());
    request
}

fn app(_req: Request<()>) -> std::future::Ready<Result<Response<()>, Infallible>> {
    std::future::ready(Ok(Response::new(())))
}

fn withdrawal(c: &mut Criterion) {
    let key = key();
    let layer = CookieLayer::new(registry())
        .mode(Mode::Enforce)
        .consent(Site::Consent, key.clone());
    let mut protected = layer.layer(tower::service_fn(app));
    let mut bare = tower::service_fn(app);
    let mut group = c.benchmark_group("hostile Cookie header");
    for size in [64 * 1024, 1024 * 1024] {
        let cookie = hostile_header(&key, size);
        let response = tokio_test::block_on(protected.call(request(&cookie))).expect("infallible");
        let deletions = response.headers().get_all(SET_COOKIE).iter().count();
        assert_eq!(deletions, CookieLayer::DEFAULT_MAX_DELETIONS);
        group.throughput(Throughput::Bytes(size as u64));
        let label = format!("{} KiB", size / 1024);
        group.bench_with_input(
            BenchmarkId::new("middleware", &label),
            &cookie,
            |b, cookie| b.iter(|| tokio_test::block_on(protected.call(black_box(request(cookie))))),
        );
        group.bench_with_input(BenchmarkId::new("bare", &label), &cookie, |b, cookie| {
            b.iter(|| tokio_test::block_on(bare.call(black_box(request(cookie)))))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = withdrawal
}
criterion_main!(benches);
