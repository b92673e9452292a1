#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the consent-log tests (Debian's `postgresql` package):
# initdb in a temporary directory, as the `postgres` user, on a free loopback port.
#
#   postgres.sh start          prints DIR and URL (two lines); the cluster runs
#   postgres.sh stop DIR       stops it (the directory stays, for restart)
#   postgres.sh restart DIR    starts it again on its port
#   postgres.sh destroy DIR    stops it and removes the directory
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "postgres.sh: no PostgreSQL server (apt-get install postgresql)" >&2
    exit 1
fi
as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}
pg_ctl_start() {
    local dir=$1 port
    port=$(cat "$dir/port")
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
}

case "${1:-}" in
start)
    dir=$(mktemp -d /tmp/cookie-registry-pg.XXXXXX)
    chown postgres "$dir"
    as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 >/dev/null
    # A free port: ask the kernel for one, then give it to the server.
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' >"$dir/port"
    pg_ctl_start "$dir"
    port=$(cat "$dir/port")
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres cookie_registry_test
    echo "$dir"
    echo "postgres://postgres@127.0.0.1:$port/cookie_registry_test"
    ;;
stop)
    as_postgres "$bin/pg_ctl" -D "$2/data" -m fast -w stop >/dev/null
    ;;
restart)
    pg_ctl_start "$2"
    ;;
destroy)
    as_postgres "$bin/pg_ctl" -D "$2/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$2"
    ;;
*)
    echo "usage: postgres.sh start | stop DIR | restart DIR | destroy DIR" >&2
    exit 2
    ;;
esac
