//! `lookup` in a generated registry of 1,000 declarations (950 names, 50 patterns) against, on
//! the same names and in the same run: `std::collections::HashMap<&str, _>` (SipHash), the
//! same map with `foldhash`, and a `phf` map built at compile time (the natural rival of a
//! table the derive lays out at compile time).
//!
//! Run with `cargo bench --bench lookup`. The ratios are ours / theirs, per set of names. The
//! maps hold the declared names as written; they cannot match patterns, so on the pattern hits
//! they only do the work of a miss.

use std::collections::HashMap;
use std::hint::black_box;

use cookie_registry::CookieRegistry;
use criterion::{Criterion, criterion_group, criterion_main};

include!("fixtures/bench_registry.rs");
include!("fixtures/bench_phf.rs");

fn lookup(c: &mut Criterion) {
    let map: HashMap<&str, BenchCookie> = BenchCookie::ALL
        .iter()
        .map(|&cookie| (cookie.name(), cookie))
        .collect();
    assert_eq!(map.len(), DECLARED_NAMES.len());
    let fold: HashMap<&str, BenchCookie, foldhash::fast::RandomState> =
        map.iter().map(|(&k, &v)| (k, v)).collect();
    assert!(
        EXACT_HITS
            .iter()
            .all(|n| PHF.get(n).is_some() && fold.contains_key(n))
    );
    assert!(MISSES.iter().all(|n| PHF.get(n).is_none()));
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
        group.bench_function("HashMap<foldhash>::get", |b| {
            b.iter(|| {
                let mut found = 0usize;
                for name in names {
                    found += fold.get(black_box(name)).map_or(0, |&c| c as usize);
                }
                found
            })
        });
        group.bench_function("phf::Map::get", |b| {
            b.iter(|| {
                let mut found = 0usize;
                for name in names {
                    found += PHF.get(black_box(name)).map_or(0, |&i| usize::from(i));
                }
                found
            })
        });
        group.finish();
    }
}

criterion_group!(benches, lookup);
criterion_main!(benches);
