#!/usr/bin/env bash
# Requests per second of the demo site's `/two` (two declared necessary cookies and a 3-byte
# body) with the cookie middleware (enforce mode) and without it (`--no-middleware`), in the
# same run, under wrk on loopback. Both release servers run side by side (an idle one costs
# nothing); after a warm-up, the two are loaded in turn, ROUNDS times, and the script prints
# each rate and the ratio with/without. Target: a ratio of at least 0.95. It also prints each
# server's CPU time per request (user and system, all threads, from /proc): a second view of
# the middleware's added cost, in microseconds. It moves with the load too (an idle tokio
# worker spins a little before it parks), so compare it over rounds, not within one.
#
#   bash benches/site_load.sh                      # -t1 -c32 -d4s, 8 rounds
#   THREADS=2 CONNECTIONS=64 DURATION=20s ROUNDS=5 bash benches/site_load.sh
#   BROWSER_COOKIES=1 bash benches/site_load.sh    # requests carry a browser's five cookies
#   EXAMPLE=actix_site bash benches/site_load.sh   # the actix-web front end of the same site
#
# By default the requests carry no cookies, as wrk sends them. With BROWSER_COOKIES=1 each
# carries what a visitor who accepted statistics sends back (csrftoken, sessionid,
# django_language, _pk_id.demo and a signed consent record from the server itself), so the
# middleware also reads and verifies the consent record on every request.
#
# Only 127.0.0.1 is ever loaded, and each wrk run stops after DURATION.
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-32}
# Short rounds, many of them: the machine's own noise (another guest, a frequency change)
# comes and goes over tens of seconds, and each round compares two runs close in time.
DURATION=${DURATION:-4s}
WARMUP=${WARMUP:-3s}
ROUNDS=${ROUNDS:-8}

if ! command -v wrk >/dev/null 2>&1; then
    apt-get update
    apt-get install -y --no-install-recommends wrk
fi

EXAMPLE=${EXAMPLE:-site}
cargo build --release --example "$EXAMPLE"
BIN=target/release/examples/$EXAMPLE

tmp=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

# start NAME [ARGS...]: starts a server on a free port; sets PORT_<NAME>.
start() {
    local name=$1
    shift
    "$BIN" --port 0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
    pids+=($!)
    printf -v "PID_$name" '%s' "$!"
    local line=""
    for _ in $(seq 100); do
        line=$(head -n1 "$tmp/$name.out" 2>/dev/null || true)
        [ -n "$line" ] && break
        sleep 0.05
    done
    local port=${line##*:}
    [[ "$port" =~ ^[0-9]+$ ]] || { echo "server $name did not start: $(cat "$tmp/$name.err")" >&2; exit 1; }
    printf -v "PORT_$name" '%s' "$port"
}

start without --no-middleware
start with

# Both must answer /two with its two cookies: the middleware keeps declared, necessary ones.
for name in without with; do
    port_var="PORT_$name"
    count=$(curl -s -D - -o /dev/null "http://127.0.0.1:${!port_var}/two" | grep -ci '^set-cookie:' || true)
    if [ "$count" != 2 ]; then
        echo "server $name sent $count Set-Cookie headers on /two, not 2" >&2
        exit 1
    fi
done

headers=()
if [ "${BROWSER_COOKIES:-0}" != 0 ]; then
    consent=$(curl -s -D - -o /dev/null -d 'choice=save&category=statistics' \
        "http://127.0.0.1:$PORT_with/consent" \
        | sed -n 's/^[Ss]et-[Cc]ookie: cookies_preferences=\([^;]*\);.*/\1/p')
    [ -n "$consent" ] || { echo "no consent record from the server" >&2; exit 1; }
    headers=(-H "Cookie: csrftoken=4d7feccc2449fcab99e6904e9107dfee; sessionid=1ab3ffd74c4af007542dec7594f6d0fa; django_language=fr; _pk_id.demo=fe41e4bbcf154517.1795939445; cookies_preferences=$consent")
    echo "requests carry a browser's cookies, with a consent record"
fi

# cpu_ticks NAME: the CPU time server NAME has used, user and system, in clock ticks
# (fields 14 and 15 of /proc/PID/stat; the command name in field 2 has no spaces here).
cpu_ticks() {
    local pid_var="PID_$1"
    awk '{ print $14 + $15 }' "/proc/${!pid_var}/stat"
}
TICK_US=$((1000000 / $(getconf CLK_TCK)))

# rps NAME DURATION: one wrk run against server NAME; prints its requests per second and the
# server's CPU time per request in microseconds (from the ticks it used during the run).
rps() {
    local port_var="PORT_$1"
    local before after
    before=$(cpu_ticks "$1")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" "${headers[@]}" "http://127.0.0.1:${!port_var}/two" \
        >"$tmp/wrk.out"
    after=$(cpu_ticks "$1")
    awk -v ticks=$((after - before)) -v tick_us="$TICK_US" '
        / requests in / { requests = $1 }
        /^Requests\/sec:/ { rate = $2 }
        END { printf "%s %.2f\n", rate, ticks * tick_us / requests }' "$tmp/wrk.out"
}

echo "$EXAMPLE: wrk -t$THREADS -c$CONNECTIONS -d$DURATION http://127.0.0.1:PORT/two, $ROUNDS rounds, $(nproc) cores"
rps without "$WARMUP" >/dev/null
rps with "$WARMUP" >/dev/null

sum_without=0
sum_with=0
ratios=()
cpu_without=0
cpu_with=0
for round in $(seq "$ROUNDS"); do
    # Alternate which goes first, so that neither always follows the other.
    if (( round % 2 )); then order="without with"; else order="with without"; fi
    for name in $order; do
        read -r rate cpu < <(rps "$name" "$DURATION")
        printf -v "rate_$name" '%s' "$rate"
        printf -v "us_$name" '%s' "$cpu"
    done
    sum_without=$(awk -v a="$sum_without" -v b="$rate_without" 'BEGIN { print a + b }')
    sum_with=$(awk -v a="$sum_with" -v b="$rate_with" 'BEGIN { print a + b }')
    cpu_without=$(awk -v a="$cpu_without" -v b="$us_without" 'BEGIN { print a + b }')
    cpu_with=$(awk -v a="$cpu_with" -v b="$us_with" 'BEGIN { print a + b }')
    awk -v r="$round" -v wo="$rate_without" -v w="$rate_with" -v cwo="$us_without" -v cw="$us_with" \
        'BEGIN { printf "round %d: without %10.0f req/s   with %10.0f req/s   ratio %.3f   CPU per request %.2f / %.2f us\n", r, wo, w, w / wo, cwo, cw }'
    ratios+=("$(awk -v wo="$rate_without" -v w="$rate_with" 'BEGIN { printf "%.4f", w / wo }')")
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ r[NR] = $1 } END { print (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }')
awk -v wo="$sum_without" -v w="$sum_with" -v n="$ROUNDS" \
    'BEGIN { printf "mean:    without %10.0f req/s   with %10.0f req/s   ratio %.3f (target >= 0.95)\n", wo / n, w / n, w / wo }'
awk -v m="$median" 'BEGIN { printf "median of the rounds ratios: %.3f (target >= 0.95)\n", m }'
awk -v cwo="$cpu_without" -v cw="$cpu_with" -v n="$ROUNDS" \
    'BEGIN { printf "server CPU per request: without %.2f us, with %.2f us: the middleware adds %.2f us (%.1f%%)\n", cwo / n, cw / n, (cw - cwo) / n, 100 * (cw - cwo) / cwo }'
