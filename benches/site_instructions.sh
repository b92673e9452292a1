#!/usr/bin/env bash
# Instructions per request of the demo server itself, with the cookie middleware and without
# it (`--no-middleware`), and with it applied through axum's `Router::layer` (`--route-layer`)
# rather than around the router, under callgrind: the added CPU work of the middleware inside a real
# server (hyper, axum, tokio), counted rather than timed, so that a noisy machine does not
# move it. Kernel time (the sockets) is not counted: it is the same for both servers, and it
# is why `benches/site_load.sh`'s throughput ratio is much closer to 1 than this one.
#
#   bash benches/site_instructions.sh                 # requests carry a browser's cookies
#   DURATION=20 bash benches/site_instructions.sh     # seconds of load per server
#
# Each server runs under callgrind with counting off; after a warm-up, counting is turned on
# for DURATION seconds of load from wrk (8 connections, the same requests as
# `BROWSER_COOKIES=1 bash benches/site_load.sh`: a visitor's five cookies and a signed consent
# record from the server itself), then off. Only 127.0.0.1 is ever loaded.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-8}
for tool in valgrind wrk; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        apt-get update
        apt-get install -y --no-install-recommends valgrind wrk
    fi
done
cargo build --release --example site
BIN=target/release/examples/site

tmp=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    [ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

# count NAME [ARGS...]: prints the instructions per request of the server run with ARGS.
count() {
    local name=$1
    shift
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$tmp/$name.cg" \
        "$BIN" --port 0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
    pid=$!
    local line=""
    for _ in $(seq 300); do
        line=$(grep -m1 '127.0.0.1:' "$tmp/$name.out" 2>/dev/null || true)
        [ -n "$line" ] && break
        sleep 0.1
    done
    local port=${line##*:}
    [[ "$port" =~ ^[0-9]+$ ]] || { echo "server $name did not start: $(cat "$tmp/$name.err")" >&2; exit 1; }
    # The consent record comes from the server with the middleware (the key is the same).
    if [ -z "${consent:-}" ]; then
        consent=$(curl -s -D - -o /dev/null -d 'choice=save&category=statistics' \
            "http://127.0.0.1:$port/consent" \
            | sed -n 's/^[Ss]et-[Cc]ookie: cookies_preferences=\([^;]*\);.*/\1/p')
        [ -n "$consent" ] || { echo "no consent record from the server" >&2; exit 1; }
    fi
    local header="Cookie: csrftoken=4d7feccc2449fcab99e6904e9107dfee; sessionid=1ab3ffd74c4af007542dec7594f6d0fa; django_language=fr; _pk_id.demo=fe41e4bbcf154517.1795939445; cookies_preferences=$consent"
    wrk -t1 -c8 -d3s -H "$header" "http://127.0.0.1:$port/two" >/dev/null
    callgrind_control -i on "$pid" >/dev/null 2>&1
    wrk -t1 -c8 -d"${DURATION}s" -H "$header" "http://127.0.0.1:$port/two" >"$tmp/$name.wrk"
    callgrind_control -i off "$pid" >/dev/null 2>&1
    callgrind_control -d "$pid" >/dev/null 2>&1
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
    local requests total
    requests=$(awk '/ requests in / { print $1 }' "$tmp/$name.wrk")
    total=$(cat "$tmp/$name".cg* | awk '/^totals:/ { s += $2 } END { print s }')
    echo $((total / requests))
}

consent=""
with=$(count with)
per_route=$(count per_route --route-layer)
without=$(count without --no-middleware)
awk -v w="$with" -v r="$per_route" -v wo="$without" 'BEGIN {
    printf "server instructions per request: without %d, with %d: the middleware adds %d (%.1f%%)\n", wo, w, w - wo, 100 * (w - wo) / wo
    printf "with the middleware through Router::layer (--route-layer): %d, %d more than around the router\n", r, r - w
}'
