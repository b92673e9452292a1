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

/// A visitor's `Cookie` header (what `benches/request.rs` sends): five pairs, one of them a
/// signed consent record.
const COOKIE_HEADER: &[u8] =
    b"sessionid=1ab3ffd74c4af007542dec7594f6d0fa; csrftoken=Xk2mP9qLw3RtY7vB1nC5; \
lang=fr; _pk_id.1.1fff=5d2c9a1b7e3f4a6c.1767225600.; \
cookie_consent=v1.0.7.1767225600.3f1b2c9d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c";

/// Splits `header` into pairs the way `cookie_header::pairs` does (`;`, then the first `=`),
/// with `find`; the sum of the names' lengths.
fn split(header: &[u8], find: impl Fn(&[u8], u8) -> Option<usize>) -> usize {
    let mut rest = header;
    let mut names = 0;
    loop {
        let (piece, next) = match find(rest, b';') {
            Some(at) => (&rest[..at], Some(&rest[at + 1..])),
            None => (rest, None),
        };
        names += find(piece, b'=').unwrap_or(0);
        match next {
            Some(next) => rest = next,
            None => return names,
        }
    }
}

fn splitting(c: &mut Criterion) {
    assert_eq!(
        split(COOKIE_HEADER, __bench::find_byte),
        split(COOKIE_HEADER, |s, b| memchr::memchr(b, s))
    );
    let mut group = c.benchmark_group("cookie header split (5 pairs)");
    group.bench_function("find_byte (8 bytes at a time)", |b| {
        b.iter(|| split(black_box(COOKIE_HEADER), __bench::find_byte))
    });
    group.bench_function("memchr", |b| {
        b.iter(|| split(black_box(COOKIE_HEADER), |s, b| memchr::memchr(b, s)))
    });
    group.finish();
}

criterion_group!(benches, equality, scanning, splitting);
criterion_main!(benches);
