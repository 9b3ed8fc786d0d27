#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the tests (shared-state stores):
#   Scripts/postgres.sh start DIR PORT   initdb into DIR (trust auth for 127.0.0.1), start on PORT
#   Scripts/postgres.sh stop DIR         stop it at once (-m immediate); DIR is left for the caller
# Run as root, the server runs as the `postgres` user (PostgreSQL refuses root). The URL of the
# cluster is postgres://postgres@127.0.0.1:PORT/postgres.
set -euo pipefail
command=${1:?start or stop}
dir=${2:?a directory}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
fi
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$command" in
start)
    port=${3:?a port}
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    # The server keeps no descriptor of the caller's (a caller reading our output to its end would wait for it).
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync </dev/null >"$dir/initdb.log" 2>&1
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300" \
        start </dev/null >"$dir/pg_ctl.log" 2>&1 || { cat "$dir/pg_ctl.log" "$dir/server.log" >&2; exit 1; }
    ;;
stop)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    ;;
*)
    echo "postgres.sh: start or stop, not $command" >&2
    exit 2
    ;;
esac
