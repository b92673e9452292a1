//! `Registry::check` (parse, standards lint, lookup and conformance to the declaration) on five
//! realistic headers, against `cookie::Cookie::parse` alone on the same headers, same run.
//!
//! Run with `cargo bench --bench check`. The ratio is ours / `cookie`'s. The first group repeats
//! the five headers, as a server repeats its cookies' attributes: after the first round the
//! per-thread verdict cache answers for all but the `Expires` header. The second group defeats
//! the cache (every header in 64 variants) and measures the full check.

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

    // The same headers, each in 64 variants (an extension attribute `v=N` appended), cycled:
    // the per-thread verdict cache (16 sets of two slots: 32 verdicts) cannot keep them, so
    // this is the full check.
    let variants: Vec<String> = (0..64)
        .flat_map(|n| HEADERS.iter().map(move |h| format!("{h}; v={n}")))
        .collect();
    for header in &variants {
        assert!(registry.check(header).is_ok(), "{header}");
    }
    let mut group = c.benchmark_group("set-cookie/5 headers, uncached");
    group.throughput(Throughput::Elements(variants.len() as u64));
    group.bench_function("Registry::check", |b| {
        b.iter(|| {
            let mut ok = 0usize;
            for header in &variants {
                ok += usize::from(registry.check(black_box(header)).is_ok());
            }
            ok
        })
    });
    group.bench_function("cookie::Cookie::parse", |b| {
        b.iter(|| {
            let mut ok = 0usize;
            for header in &variants {
                ok += usize::from(cookie::Cookie::parse(black_box(header.as_str())).is_ok());
            }
            ok
        })
    });
    group.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
