#!/usr/bin/env bash
# Progress writes (issue 15, docs/performance.md "Progress writes"), in one run on one private
# PostgreSQL:
#   1. the anchor: pgbench's TPC-B-like transaction at 64 clients on the same server;
#   2. wave3 (release) under wrk: POST /api/v1/progress, one event per request, a fresh
#      Idempotency-Key each, spread over many learners: writes/s, p99, ratio to pgbench, wave3 CPU
#      per write (/proc/PID/stat utime+stime delta / writes);
#   3. heap allocations per write: wave3 under an LD_PRELOAD malloc counter read by signal
#      (scripts/bench/malloc-snapshot.c): N writes in a fixed window minus an idle window of the
#      same length, divided by N;
#   4. the same wrk load on SQLite (the embedded default).
# Knobs: WAVE3_BIN (a wave3 binary; default: release build in SWIFT_SCRATCH_PATH, .build-bench),
# BENCH_PROGRESS_DURATION (10s), BENCH_PROGRESS_CONNECTIONS (64), BENCH_PROGRESS_LEARNERS (64),
# BENCH_PROGRESS_ALLOC_WRITES (400) in BENCH_PROGRESS_ALLOC_WINDOW seconds (8), BENCH_PGBENCH_SCALE (10), BENCH_PROGRESS_PARTS ("pg alloc sqlite").
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pgbench >/dev/null && command -v wrk >/dev/null && command -v cc >/dev/null || scripts/install-deps.sh bench
if [ -n "${WAVE3_BIN:-}" ]; then
  BIN="$WAVE3_BIN"
else
  SCRATCH=(--scratch-path "${SWIFT_SCRATCH_PATH:-.build-bench}")
  swift build -c release "${SCRATCH[@]}" --product wave3 >/dev/null
  BIN="$(swift build -c release "${SCRATCH[@]}" --show-bin-path)/wave3"
fi
DURATION=${BENCH_PROGRESS_DURATION:-10s}
CONNS=${BENCH_PROGRESS_CONNECTIONS:-64}
LEARNERS=${BENCH_PROGRESS_LEARNERS:-64}
ALLOC_N=${BENCH_PROGRESS_ALLOC_WRITES:-400}
ALLOC_WINDOW=${BENCH_PROGRESS_ALLOC_WINDOW:-8}
SCALE=${BENCH_PGBENCH_SCALE:-10}
PARTS=${BENCH_PROGRESS_PARTS:-pg alloc sqlite}
LESSON=math-arithmetic-basics
HZ=$(getconf CLK_TCK)

WORK="$(mktemp -d)"
server_pid=""
eval "$(scripts/postgres.sh start)"
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  scripts/postgres.sh stop "$WAVE3_PG_DIR"
  rm -rf "$WORK"
}
trap cleanup EXIT
export WAVE3_LOG_LEVEL=warning WAVE3_JWT_SECRET=bench-secret-bench-secret-bench-secret WAVE3_BCRYPT_COST=4
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# start_server DATABASE_URL [env assignments…]: a migrated, seeded wave3 on a free port ($port, $server_pid).
start_server() {
  local url=$1; shift
  WAVE3_DATABASE_URL="$url" "$BIN" migrate >/dev/null
  WAVE3_DATABASE_URL="$url" "$BIN" seed --demo >/dev/null
  port=$(free_port)
  env WAVE3_DATABASE_URL="$url" "$@" "$BIN" serve --port "$port" >"$WORK/server.log" 2>&1 &
  server_pid=$!
  local up=""
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && { up=1; break; }; sleep 0.1; done
  [ -n "$up" ] || { echo "wave3 did not start:" >&2; cat "$WORK/server.log" >&2; return 1; }
  # the seed's fan-out backlog would be measured with the writes (CPU per write, allocations)
  python3 scripts/wait-outbox-drained.py "$url"
}
stop_server() {
  kill -TERM "$server_pid"
  for _ in $(seq 1 600); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.05; done
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
# load NAME: the wrk run against the server; prints "writes/s p99_ms cpu_us_per_write non2xx".
load() {
  local before after out
  python3 scripts/bench/progress-learners.py "http://127.0.0.1:$port" "$LEARNERS" "$LESSON" >"$WORK/tokens"
  before=$(cpu_ticks "$server_pid")
  out=$(TOKENS_FILE="$WORK/tokens" LESSON=$LESSON wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s scripts/wrk/progress-learners.lua \
    "http://127.0.0.1:$port/api/v1/progress")
  after=$(cpu_ticks "$server_pid")
  echo "$out" >"$WORK/wrk-$1.log"
  python3 - "$out" "$before" "$after" "$HZ" <<'PY'
import re, sys
out, before, after, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def ms(text):
    m = re.match(r"([\d.]+)(\w+)", text)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[m.group(2)]
requests = int(re.search(r"(\d+) requests in", out).group(1))
seconds = ms(re.search(r"requests in ([\d.]+\w+),", out).group(1)) / 1000
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
errors = int(errors.group(1)) if errors else 0
writes = requests - errors
cpu_us = (after - before) * 1e6 / hz / max(writes, 1)
p99 = ms(re.search(r"99%\s+(\S+)", out).group(1))
print(f"{writes / seconds:.0f} {p99:.2f} {cpu_us:.0f} {errors}")
PY
}

report=()
if [[ " $PARTS " == *" pg "* ]]; then
  pgurl="$WAVE3_PG_URL"
  pgbench -i -q -s "$SCALE" "$pgurl" >"$WORK/pgbench-init.log" 2>&1
  pgbench_out=$(pgbench -b tpcb-like -c "$CONNS" -j 2 -T "${DURATION%s}" "$pgurl" 2>&1)
  tps=$(echo "$pgbench_out" | awk '/^tps = / {print $3; exit}')
  start_server "$pgurl"
  read -r pg_wps pg_p99 pg_cpu pg_err < <(load pg)
  stop_server
  ratio=$(python3 -c "print(f'{$pg_wps / $tps:.2f}')")
  report+=("== Progress writes on PostgreSQL (wrk -t2 -c$CONNS -d$DURATION, $LEARNERS learners, one event per request)")
  report+=("pgbench TPC-B-like (scale $SCALE, -c$CONNS):  $tps tps")
  report+=("POST /api/v1/progress:              $pg_wps writes/s  p99 $pg_p99 ms  non-2xx $pg_err")
  report+=("ratio to pgbench: $ratio (bar >= 0.5: $(python3 -c "print('PASS' if $ratio >= 0.5 else 'FAIL')"))")
  report+=("wave3 CPU per write: $pg_cpu µs (bar <= 250: $(python3 -c "print('PASS' if $pg_cpu <= 250 else 'FAIL')"))")
fi
if [[ " $PARTS " == *" alloc "* ]]; then
  cc -O2 -shared -fPIC -o "$WORK/malloc-snapshot.so" scripts/bench/malloc-snapshot.c
  : >"$WORK/mallocs"
  start_server "$WAVE3_PG_URL" LD_PRELOAD="$WORK/malloc-snapshot.so" MALLOC_COUNT_FILE="$WORK/mallocs"
  python3 scripts/bench/progress-learners.py "http://127.0.0.1:$port" 8 "$LESSON" >"$WORK/alloc-tokens"
  snap() { kill -USR2 "$server_pid"; sleep 0.2; tail -1 "$WORK/mallocs"; }
  idle0=$(snap); sleep "$ALLOC_WINDOW"; idle1=$(snap)
  load0=$(snap); started=$(date +%s.%N)
  python3 scripts/bench/progress-client.py "$port" "$ALLOC_N" "$LESSON" "$WORK/alloc-tokens"
  left=$(python3 -c "print(max(0.0, $ALLOC_WINDOW - ($(date +%s.%N) - $started)))")
  [ "$left" = "0.0" ] && echo "warning: $ALLOC_N writes took longer than the ${ALLOC_WINDOW}s window" >&2
  sleep "$left"; load1=$(snap)
  stop_server
  per_write=$(python3 -c "print(f'{(($load1 - $load0) - ($idle1 - $idle0)) / $ALLOC_N:.0f}')")
  report+=("heap allocations per write (PostgreSQL, $ALLOC_N writes in a ${ALLOC_WINDOW}s window minus an idle window): $per_write (idle window $((idle1 - idle0)), write window $((load1 - load0)))")
fi
if [[ " $PARTS " == *" sqlite "* ]]; then
  start_server "sqlite://$WORK/bench.sqlite"
  read -r sq_wps sq_p99 sq_cpu sq_err < <(load sqlite)
  stop_server
  report+=("== Progress writes on SQLite (same load)")
  report+=("POST /api/v1/progress:              $sq_wps writes/s  p99 $sq_p99 ms  CPU per write $sq_cpu µs  non-2xx $sq_err" \
           "(bar >= 1500: $(python3 -c "print('PASS' if $sq_wps >= 1500 else 'FAIL')"))")
fi
printf '%s\n' "${report[@]}"
