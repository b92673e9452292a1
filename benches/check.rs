//! `Registry::check` (parse, standards lint, lookup and conformance to the declaration) on five
//! realistic headers, against `cookie::Cookie::parse` alone on the same headers, same run.
//!
//! Run with `cargo bench --bench check`. The ratio is ours / `cookie`'s.

#[path = "../tests/support/realistic.rs"]
mod realistic;

use std::hint::black_box;

use cookie_registry::CookieRegistry;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use realistic::{HEADERS, Realistic};

fn check(c: &mut Criterion) {
    let registry = Realistic::registry();
    for header in HEADERS {
        assert!(registry.check(header).is_ok(), "{header}");
        assert!(cookie::Cookie::parse(header).is_ok(), "{header}");
    }
    let mut group = c.benchmark_group("set-cookie/5 headers");
    group.throughput(Throughput::Elements(HEADERS.len() as u64));
    group.bench_function("Registry::check", |b| {
        b.iter(|| {
            let mut ok = 0usize;
            for header in HEADERS {
                ok += usize::from(registry.check(black_box(header)).is_ok());
            }
            ok
        })
    });
    group.bench_function("cookie::Cookie::parse", |b| {
        b.iter(|| {
            let mut ok = 0usize;
            for header in HEADERS {
                ok += usize::from(cookie::Cookie::parse(black_box(header)).is_ok());
            }
            ok
        })
    });
    group.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
