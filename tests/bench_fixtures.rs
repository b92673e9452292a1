//! The benchmarks' 1,000-declaration registry is checked in (`benches/fixtures/`) rather than
//! generated on every build; this test keeps it what its generator gives. Rewrite it with
//! `UPDATE_FIXTURES=1 cargo test --test bench_fixtures` and read the diff.

#[path = "../benches/support/fixture.rs"]
mod fixture;

use std::path::Path;

#[test]
fn the_benchmark_fixtures_are_fresh() {
    let fixture::Fixtures {
        derived,
        plain,
        static_array,
        phf,
    } = fixture::generate();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/fixtures");
    for (file, content) in [
        ("bench_registry.rs", &derived),
        ("bench_registry_plain.rs", &plain),
        ("bench_registry_static.rs", &static_array),
        ("bench_phf.rs", &phf),
    ] {
        let path = dir.join(file);
        if std::env::var_os("UPDATE_FIXTURES").is_some() {
            std::fs::write(&path, content).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_FIXTURES=1", path.display()));
        assert!(
            committed == *content,
            "{} is stale: run `UPDATE_FIXTURES=1 cargo test --test bench_fixtures`",
            path.display()
        );
    }
    // The registry has what the benchmarks count on.
    assert_eq!(derived.matches("#[cookie(").count(), 1000);
    let patterns = derived
        .lines()
        .filter(|l| l.trim_start().starts_with("#[cookie(name = "))
        .filter(|l| l.split('"').nth(1).is_some_and(|name| name.contains('*')))
        .count();
    assert_eq!(patterns, 50);
    // The hand-written peer declares the same 1,000.
    assert_eq!(static_array.matches("    Cookie { name: ").count(), 1000);
}
