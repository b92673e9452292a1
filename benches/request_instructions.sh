#!/usr/bin/env bash
# Instructions per request of `benches/request.rs` under callgrind (which a noisy machine does
# not disturb the way it disturbs times): the middleware, the bare application, and the
# difference, for the same visitor and for a new visitor on every request. The count covers
# the benchmark routine only (criterion's analysis and the setup are left out).
#
#   bash benches/request_instructions.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v valgrind >/dev/null 2>&1; then
    apt-get update
    apt-get install -y --no-install-recommends valgrind
fi
bench=$(cargo bench --bench request --no-run --message-format=json 2>/dev/null \
    | sed -n 's/.*"executable":"\([^"]*request-[^"]*\)".*/\1/p' | tail -n1)
[ -x "$bench" ] || { echo "no benchmark executable" >&2; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# per_request FILTER: instructions of the routine, over the application's calls.
per_request() {
    valgrind --tool=callgrind --callgrind-out-file="$out" "$bench" --bench --profile-time 1 "$1" \
        >/dev/null 2>&1
    python3 - "$out" <<'PY'
import re, sys
# Inclusive costs follow a `calls=` line: the routine's are the calls criterion's
# `Bencher::iter` makes; the requests are the calls of the application.
names, calls, routine, current, pending = {}, 0, 0, '', False
for line in open(sys.argv[1]):
    m = re.match(r'^(c?fn)=\((\d+)\)(?: (.*))?', line)
    if m:
        if m.group(3):
            names[m.group(2)] = m.group(3)
        if m.group(1) == 'cfn':
            current = names.get(m.group(2), '')
        continue
    if pending:
        routine += int(line.split()[1])
        pending = False
        continue
    m = re.match(r'^calls=(\d+)', line)
    if m and current == 'request::app':
        calls += int(m.group(1))
    elif m and current.startswith('criterion::bencher::Bencher<') and current.endswith('>::iter'):
        pending = True
print(routine // calls)
PY
}

for visitors in "same visitor" "12 visitors in turn" "a new visitor each time"; do
    with=$(per_request "$visitors/middleware")
    without=$(per_request "$visitors/bare")
    echo "$visitors: middleware $with, bare $without, added $((with - without)) instructions per request"
done
