//! `lookup` in a generated registry of 1,000 declarations (950 names, 50 patterns) against
//! `std::collections::HashMap<&str, _>` on the same names, in the same run.
//!
//! Run with `cargo bench --bench lookup`. The ratio is ours / HashMap's, per set of names. The
//! HashMap holds the 1,000 declared names as written; it cannot match patterns, so on the
//! pattern hits it only does the work of a miss.

use std::collections::HashMap;
use std::hint::black_box;

use cookie_registry::CookieRegistry;
use criterion::{Criterion, criterion_group, criterion_main};

include!("fixtures/bench_registry.rs");

fn lookup(c: &mut Criterion) {
    let map: HashMap<&str, BenchCookie> = BenchCookie::ALL
        .iter()
        .map(|&cookie| (cookie.name(), cookie))
        .collect();
    assert_eq!(map.len(), DECLARED_NAMES.len());
    // Sanity: every hit is found, every miss is not.
    assert!(
        EXACT_HITS
            .iter()
            .chain(PATTERN_HITS)
            .all(|n| BenchCookie::lookup(n).is_some())
    );
    assert!(MISSES.iter().all(|n| BenchCookie::lookup(n).is_none()));
    let registry = BenchCookie::registry();

    // The three sets together, interleaved: 950 exact hits, 50 pattern hits, 1,000 misses.
    let mut mixed: Vec<&str> = Vec::new();
    for (i, miss) in MISSES.iter().enumerate() {
        mixed.extend(EXACT_HITS.get(i));
        mixed.extend(PATTERN_HITS.get(i));
        mixed.push(miss);
    }
    for (set, names) in [
        ("all, mixed", &mixed[..]),
        ("exact hits", EXACT_HITS),
        ("pattern hits", PATTERN_HITS),
        ("misses", MISSES),
    ] {
        let mut group = c.benchmark_group(format!("lookup/{set}"));
        group.throughput(criterion::Throughput::Elements(names.len() as u64));
        group.bench_function("CookieRegistry::lookup", |b| {
            b.iter(|| {
                let mut found = 0usize;
                for name in names {
                    found += BenchCookie::lookup(black_box(name)).map_or(0, |c| c as usize);
                }
                found
            })
        });
        group.bench_function("Registry::lookup", |b| {
            b.iter(|| {
                let mut found = 0usize;
                for name in names {
                    found += registry
                        .lookup(black_box(name))
                        .map_or(0, |d| d.name().len());
                }
                found
            })
        });
        group.bench_function("HashMap::get", |b| {
            b.iter(|| {
                let mut found = 0usize;
                for name in names {
                    found += map.get(black_box(name)).map_or(0, |&c| c as usize);
                }
                found
            })
        });
        group.finish();
    }
}

criterion_group!(benches, lookup);
criterion_main!(benches);
