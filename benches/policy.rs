//! Rendering the 1,000-declaration benchmark registry to HTML and to JSON.
//!
//! Run with `cargo bench --bench policy`; criterion reports the time and the bytes per second
//! of output.

use std::hint::black_box;

use cookie_registry::CookieRegistry;
use cookie_registry::policy::{Column, Format};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

include!("fixtures/bench_registry.rs");

fn render(c: &mut Criterion) {
    let registry = BenchCookie::registry();
    let mut group = c.benchmark_group("policy/1000 declarations");
    for (name, format) in [
        ("html", Format::Html),
        ("html-page", Format::HtmlPage),
        ("json", Format::Json),
    ] {
        let policy = registry.policy().language("en").columns(Column::FULL);
        let bytes = policy.render(format).unwrap().len();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| {
            b.iter(|| black_box(&policy).render(format).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
