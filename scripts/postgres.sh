#!/usr/bin/env bash
# A private PostgreSQL for tests and benchmarks: temp data dir, loopback only, its own port.
# Usage: eval "$(scripts/postgres.sh start)"  → exports WAVE3_PG_URL, WAVE3_PG_DIR, WAVE3_PG_PID
#        scripts/postgres.sh stop "$WAVE3_PG_DIR"
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] || { echo "PostgreSQL is not installed (scripts/install-deps.sh test)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$1" in
  start)
    port=${2:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
    dir=$(mktemp -d /tmp/wave3-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=600" start >/dev/null
    as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres wave3 
    echo "export WAVE3_PG_URL=postgres://postgres@127.0.0.1:$port/wave3?sslmode=disable WAVE3_PG_DIR=$dir WAVE3_PG_PORT=$port"
    ;;
  stop)
    dir=$2
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start [port] | stop DIR" >&2; exit 2 ;;
esac
