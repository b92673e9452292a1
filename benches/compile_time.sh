#!/usr/bin/env bash
# How long `cargo build` takes for a crate that declares the benchmark's 1,000 cookies with
# `#[derive(CookieRegistry)]`, against the same data written by hand as a `static` array of
# structs (the honest alternative: `benches/fixtures/bench_registry_static.rs`), and against the
# bare enum (no data at all). Dependencies are built first; each figure is the median of 5
# rebuilds of the crate alone (its lib.rs touched; see the two measures below), debug profile.
# Target: derive/static <= 2.
#
#   bash benches/compile_time.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The checked-in fixtures (benches/fixtures, kept fresh by tests/bench_fixtures.rs).
out="$root/benches/fixtures"
work="$root/target/compile-time"
export CARGO_TARGET_DIR="$work/target"
for kind in derive static plain; do
  mkdir -p "$work/$kind/src"
  cat > "$work/$kind/Cargo.toml" <<TOML
[package]
name = "bench-registry-$kind"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
cookie-registry = { path = "$root/registry" }

[workspace]
TOML
  if [ "$kind" = derive ]; then
    cp "$out/bench_registry.rs" "$work/$kind/src/lib.rs"
  elif [ "$kind" = static ]; then
    cp "$out/bench_registry_static.rs" "$work/$kind/src/lib.rs"
  else
    { echo '#![allow(dead_code)]'; cat "$out/bench_registry_plain.rs"; } > "$work/$kind/src/lib.rs"
  fi
  cargo build -q --manifest-path "$work/$kind/Cargo.toml"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Two measures: a rebuild after `touch` (incremental: the macro runs again, and rustc reuses
# what did not change), and the crate compiled whole (CARGO_INCREMENTAL=0), what a real edit of
# the declarations costs at worst.
for mode in incremental whole; do
  for kind in derive static plain; do
    for _ in 1 2 3 4 5; do
      touch "$work/$kind/src/lib.rs"
      start=$(date +%s.%N)
      if [ "$mode" = whole ]; then
        CARGO_INCREMENTAL=0 cargo build -q --manifest-path "$work/$kind/Cargo.toml"
      else
        cargo build -q --manifest-path "$work/$kind/Cargo.toml"
      fi
      end=$(date +%s.%N)
      echo "$end - $start" | bc
    done | median > "$work/$kind.$mode.time"
    echo "$mode $kind: $(cat "$work/$kind.$mode.time") s"
  done
  echo "$mode ratio derive/static: $(echo "scale=2; $(cat "$work/derive.$mode.time") / $(cat "$work/static.$mode.time")" | bc) (target <= 2)"
  echo "$mode ratio derive/plain: $(echo "scale=2; $(cat "$work/derive.$mode.time") / $(cat "$work/plain.$mode.time")" | bc)"
done
