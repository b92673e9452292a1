//! Compile-fail UI tests: one file per mistake under `tests/ui/`, with the compiler's output in
//! the `.stderr` beside it. Regenerate with `TRYBUILD=overwrite cargo test --test ui` and read
//! the diff. The messages are pinned to the stable toolchain CI uses.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
