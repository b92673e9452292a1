//! The hand-written byte helpers of the hot paths against what the standard library and
//! `memchr` offer, on the inputs they see: cookie names (3 to 16 bytes), values (32 bytes) and
//! whole `Set-Cookie` headers (60 to 110 bytes). Run with `cargo bench --bench bytes`; each
//! group compares the two in one run. A helper stays only where it wins.

// Only the headers: the registry beside them is for the other benchmarks.
#[allow(dead_code)]
#[path = "../tests/support/realistic.rs"]
mod realistic;

use std::hint::black_box;

use cookie_registry::__bench;
use cookie_registry_rules::name::is_cookie_octet;
use criterion::{Criterion, criterion_group, criterion_main};
use realistic::HEADERS;

/// Pairs of names compared by lookups: equal, same length, other length.
const NAMES: [(&str, &str); 8] = [
    ("id", "id"),
    ("lang", "lang"),
    ("theme", "thema"),
    ("sessionid", "sessionid"),
    ("csrftoken", "csrftokem"),
    ("_pk_id.1a2b", "_pk_id.1a2b"),
    ("cookies_preferences", "cookies_preferences"),
    ("django_language", "sessionid"),
];

fn equality(c: &mut Criterion) {
    let mut group = c.benchmark_group("name equality (8 pairs)");
    group.bench_function("same_bytes", |b| {
        b.iter(|| {
            NAMES
                .iter()
                .filter(|(x, y)| {
                    __bench::same_bytes(black_box(x.as_bytes()), black_box(y.as_bytes()))
                })
                .count()
        })
    });
    group.bench_function("slice ==", |b| {
        b.iter(|| {
            NAMES
                .iter()
                .filter(|(x, y)| black_box(x.as_bytes()) == black_box(y.as_bytes()))
                .count()
        })
    });
    group.finish();
}

/// The straightforward scan `scan_header` replaces: a byte loop.
fn scan_loop(b: &[u8]) -> Result<usize, usize> {
    let mut count = 0;
    for (i, &c) in b.iter().enumerate() {
        if (c < 0x20 && c != b'\t') || c == 0x7f {
            return Err(i);
        }
        count += usize::from(c == b';');
    }
    Ok(count)
}

fn scanning(c: &mut Criterion) {
    for header in HEADERS {
        assert_eq!(
            __bench::scan_header(header.as_bytes()),
            scan_loop(header.as_bytes())
        );
    }
    let mut group = c.benchmark_group("header scan (5 headers)");
    group.bench_function("scan_header (8 bytes at a time)", |b| {
        b.iter(|| {
            HEADERS
                .iter()
                .map(|h| __bench::scan_header(black_box(h.as_bytes())).unwrap_or(0))
                .sum::<usize>()
        })
    });
    group.bench_function("byte loop", |b| {
        b.iter(|| {
            HEADERS
                .iter()
                .map(|h| scan_loop(black_box(h.as_bytes())).unwrap_or(0))
                .sum::<usize>()
        })
    });
    group.bench_function("memchr_iter (semicolons only)", |b| {
        b.iter(|| {
            HEADERS
                .iter()
                .map(|h| memchr::memchr_iter(b';', black_box(h.as_bytes())).count())
                .sum::<usize>()
        })
    });
    group.finish();

    let values: Vec<&[u8]> = HEADERS
        .iter()
        .map(|h| {
            h.split(';')
                .next()
                .unwrap()
                .split_once('=')
                .unwrap()
                .1
                .as_bytes()
        })
        .collect();
    let mut group = c.benchmark_group("cookie-octet check (5 values)");
    group.bench_function("first_non_cookie_octet (8 bytes at a time)", |b| {
        b.iter(|| {
            values
                .iter()
                .filter(|v| __bench::first_non_cookie_octet(black_box(v)).is_none())
                .count()
        })
    });
    group.bench_function("byte loop", |b| {
        b.iter(|| {
            values
                .iter()
                .filter(|v| black_box(v).iter().all(|&c| is_cookie_octet(c)))
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, equality, scanning);
criterion_main!(benches);
