#!/usr/bin/env bash
# API figures of the foundation issue, measured with wrk against one wave3 server on a private
# PostgreSQL in one run: read throughput as ratios to /health/live, and progress writes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh bench
swift build -c release --product wave3 >/dev/null 2>&1 || swift build -c release --product wave3
bin=$(swift build -c release --show-bin-path)
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
eval "$(scripts/postgres.sh start)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; scripts/postgres.sh stop "$WAVE3_PG_DIR"; }
trap cleanup EXIT
export WAVE3_DATABASE_URL="$WAVE3_PG_URL" WAVE3_LOG_LEVEL=warning WAVE3_JWT_SECRET=bench-secret-bench-secret-bench-secret
"$bin/wave3" migrate >/dev/null
"$bin/wave3" seed --demo >/dev/null
"$bin/wave3" serve --port "$port" >/tmp/wave3-bench-server.log 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
TOKEN=$(curl -sf "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"ada@wave3.dev","password":"learner-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
lesson=$(curl -sf "$base/api/v1/lessons?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')

run() { # name url [extra wrk args] → prints "rps p50 p99"
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${@:2}" "$1")
  echo "$out" > "/tmp/wrk-$(echo "$1" | md5sum | cut -c1-8).log"
  python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def ms(text):
    value, unit = float(re.match(r"([\d.]+)(\w+)", text).group(1)), re.match(r"([\d.]+)(\w+)", text).group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p50 = ms(re.search(r"50%\s+(\S+)", out).group(1)); p99 = ms(re.search(r"99%\s+(\S+)", out).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {errors.group(1) if errors else 0}")
PY
}
curl -sf "$base/api/v1/lessons/$lesson" >/dev/null
read -r live_rps live_p50 live_p99 live_err < <(run "$base/health/live")
read -r one_rps one_p50 one_p99 one_err < <(run "$base/api/v1/lessons/$lesson")
read -r page_rps page_p50 page_p99 page_err < <(run "$base/api/v1/lessons?limit=20")
export TOKEN LESSON=$lesson
read -r prog_rps prog_p50 prog_p99 prog_err < <(run "$base/api/v1/progress" -s scripts/wrk/progress.lua)
python3 - "$THREADS" "$CONNECTIONS" "$DURATION" \
  "$live_rps" "$live_p50" "$live_p99" "$live_err" "$one_rps" "$one_p50" "$one_p99" "$one_err" \
  "$page_rps" "$page_p50" "$page_p99" "$page_err" "$prog_rps" "$prog_p50" "$prog_p99" "$prog_err" <<'PY'
import sys
t, c, d = sys.argv[1:4]
v = sys.argv[4:]
rows = [("GET /health/live", v[0:4]), ("GET /api/v1/lessons/{id}", v[4:8]),
        ("GET /api/v1/lessons?limit=20", v[8:12]), ("POST /api/v1/progress (1 event)", v[12:16])]
live = float(v[0])
print(f"== API (wrk -t{t} -c{c} -d{d}, one wave3 release server on PostgreSQL)")
for i, (name, (rps, p50, p99, err)) in enumerate(rows):
    line = f"{name:34s} {float(rps):9.0f} req/s  p50 {p50:>7} ms  p99 {p99:>7} ms  non-2xx {err}"
    if i == 1:
        ratio = float(rps) / live
        line += f"  ratio {ratio:.2f} (bar >= 0.5: {'PASS' if ratio >= 0.5 else 'FAIL'})"
    elif i == 2:
        line += f"  ratio {float(rps) / live:.2f}"
    print(line)
PY
