#!/usr/bin/env bash
# The bars of issue 4, in one run on loopback:
#   1. throughput through rl-balancer (P2C peak EWMA) vs nginx least_conn (upstream keepalive) over
#      the same two real `wave3 serve` replicas (embedded SQLite), same wrk parameters, plus the
#      added p50 latency over hitting one replica directly;
#   2. limiter + reputation + policy decision cost (microbenchmark);
#   3. one wave3 replica killed (SIGKILL) under load: failed GETs, time to ejection, time to
#      readmission after it is back;
#   4. limiter accuracy at 3x the limit, normal and VIP x2;
#   5. anomaly detection on labelled synthetic traces;
#   0. first, cost per proxied request over two static upstreams against nginx: CPU, throughput,
#      callgrind instructions and heap allocations (scripts/bench/balancer-cost.sh; fails when the
#      allocations exceed the committed budget).
# Stops only the processes it started. Knobs: BENCH_DURATION, BENCH_CONNECTIONS, BENCH_WRK_THREADS,
# BENCH_PATH, BENCH_BASE_PORT, SWIFT_SCRATCH_PATH (a separate .build for release builds).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${BENCH_DURATION:-8s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_WRK_THREADS:-2}"
BASE_PORT="${BENCH_BASE_PORT:-18080}"
SCRATCH=(--scratch-path "${SWIFT_SCRATCH_PATH:-.build}")
R1=$((BASE_PORT + 1)); R2=$((BASE_PORT + 2)); LB=$BASE_PORT; ADMIN=$((BASE_PORT + 10)); NGX=$((BASE_PORT + 20))

command -v wrk >/dev/null && command -v nginx >/dev/null || scripts/install-deps.sh bench

for product in wave3 rl-balancer balancer-bench; do
  swift build -c release "${SCRATCH[@]}" --product "$product" >/dev/null
done
BIN="$(swift build -c release "${SCRATCH[@]}" --show-bin-path)"

echo "== 0. cost per proxied request (two static upstreams, one event loop against one nginx worker) =="
scripts/bench/balancer-cost.sh "$BIN"

WORK="$(mktemp -d)"
declare -A PID=()
cleanup() {
  for p in "${PID[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PID[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_port() { for _ in $(seq 1 200); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 never opened" >&2; return 1; }

# Two real replicas sharing one SQLite file (WAL + busy_timeout make that safe), migrated and
# seeded once.
# The admin API needs its bearer token (docs/balancer.md); the failover step polls /upstreams with it.
export BALANCER_ADMIN_TOKEN=${BALANCER_ADMIN_TOKEN:-bench-admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export WAVE3_DATABASE_URL="sqlite://$WORK/wave3.sqlite" WAVE3_LOG_LEVEL=error WAVE3_LOG_FORMAT=text \
       WAVE3_JWT_SECRET=bench-secret-bench-secret-bench-secret
"$BIN/wave3" migrate >/dev/null
"$BIN/wave3" seed --demo >/dev/null
start_replica() { "$BIN/wave3" serve --port "$1" >>"$WORK/replica-$1.log" 2>&1 & PID[r$1]=$!; }
start_replica "$R1"; start_replica "$R2"
wait_port "$R1"; wait_port "$R2"

lesson=$(curl -sf "http://127.0.0.1:$R1/api/v1/lessons?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])' || true)
PATH_UNDER_TEST="${BENCH_PATH:-${lesson:+/api/v1/lessons/$lesson}}"
PATH_UNDER_TEST="${PATH_UNDER_TEST:-/health/live}"

"$BIN/rl-balancer" serve --listen "127.0.0.1:$LB" --admin "127.0.0.1:$ADMIN" --upstream "127.0.0.1:$R1" --upstream "127.0.0.1:$R2" \
  --policy p2c_peak_ewma --threads 2 --rate 1000000 --burst 1000000 --capacity 100000 >"$WORK/balancer.log" 2>&1 & PID[lb]=$!

mkdir -p "$WORK/nginx"
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  upstream replicas { least_conn; server 127.0.0.1:$R1; server 127.0.0.1:$R2; keepalive 64; }
  server {
    listen 127.0.0.1:$NGX;
    location / { proxy_pass http://replicas; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
nginx -c "$WORK/nginx.conf" -g 'daemon off;' & PID[nginx]=$!
wait_port "$LB"; wait_port "$NGX"

run_wrk() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$1$PATH_UNDER_TEST" >"$WORK/$2.txt" 2>&1; }

echo "== 1. throughput and latency (wrk -t$THREADS -c$CONNECTIONS -d$DURATION GET $PATH_UNDER_TEST, two wave3 replicas) =="
# Warm-up, then alternate the proxies so drift on a shared machine hits both alike.
wrk -t1 -c8 -d2s "http://127.0.0.1:$LB$PATH_UNDER_TEST" >/dev/null; wrk -t1 -c8 -d2s "http://127.0.0.1:$NGX$PATH_UNDER_TEST" >/dev/null
run_wrk "$R1" direct
run_wrk "$NGX" nginx1; run_wrk "$LB" balancer1
run_wrk "$LB" balancer2; run_wrk "$NGX" nginx2
python3 - "$WORK" <<'PY'
import sys, re
w = sys.argv[1]
def text(n): return open(f"{w}/{n}.txt").read()
def rps(n): return float(re.search(r"Requests/sec:\s+([\d.]+)", text(n)).group(1))
def p50(n):
    m = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)", text(n), re.M)
    return float(m.group(1)) * {"us": 1, "ms": 1e3, "s": 1e6}[m.group(2)]
def errors(n):
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text(n)); s = re.search(r"Socket errors: (.*)", text(n))
    return (int(m.group(1)) if m else 0), (s.group(1) if s else "none")
for n in ["direct", "nginx1", "balancer1", "balancer2", "nginx2"]:
    e, s = errors(n)
    print(f"  {n:<10} {rps(n):>10.0f} req/s   p50 {p50(n):>8.0f} us   non-2xx {e}   socket errors {s}")
b = (rps("balancer1") + rps("balancer2")) / 2
n = (rps("nginx1") + rps("nginx2")) / 2
ratio = b / n
print(f"throughput ratio rl-balancer / nginx least_conn: {ratio:.3f}  (bar >= 0.8: {'PASS' if ratio >= 0.8 else 'FAIL'})")
added = (p50("balancer1") + p50("balancer2")) / 2 - p50("direct")
nadded = (p50("nginx1") + p50("nginx2")) / 2 - p50("direct")
print(f"added p50 latency over direct: rl-balancer {added:.0f} us, nginx {nadded:.0f} us (reported, no bar)")
PY

echo "== 2. decision cost (limiter + reputation + policy, per request) =="
"$BIN/balancer-bench" decision

echo "== 3. one replica killed under load (SIGKILL, restarted 1.5 s later) =="
"$BIN/balancer-bench" load --port "$LB" --path "$PATH_UNDER_TEST" --seconds 7 --workers 8 >"$WORK/load.txt" & LOADPID=$!
sleep 1.5
kill -9 "${PID[r$R2]}"; wait "${PID[r$R2]}" 2>/dev/null || true
python3 - "$ADMIN" "127.0.0.1:$R2" "$R2" "$WORK" "$BIN/wave3" <<'PY'
import json, os, socket, subprocess, sys, time, urllib.request
admin, name, port, work, wave3 = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
def eligible():
    req = urllib.request.Request(f"http://127.0.0.1:{admin}/upstreams", headers={"Authorization": "Bearer " + os.environ["BALANCER_ADMIN_TOKEN"]})
    with urllib.request.urlopen(req, timeout=1) as r:
        return next(u["eligible"] for u in json.load(r) if u["name"] == name)
killed = time.monotonic()
ejected = None
while time.monotonic() - killed < 5:
    if not eligible(): ejected = time.monotonic() - killed; break
    time.sleep(0.005)
time.sleep(max(0, 1.5 - (time.monotonic() - killed)))
log = open(f"{work}/replica-{port}.log", "a")
proc = subprocess.Popen([wave3, "serve", "--port", str(port)], stdout=log, stderr=log)
open(f"{work}/restarted.pid", "w").write(str(proc.pid))
while True:  # "back" = its port accepts connections again
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close(); break
    except OSError: time.sleep(0.005)
back = time.monotonic()
readmitted = None
while time.monotonic() - back < 10:
    if eligible(): readmitted = time.monotonic() - back; break
    time.sleep(0.005)
ok = lambda v, bar: "PASS" if v is not None and v <= bar else "FAIL"
print(f"ejected {ejected if ejected is not None else float('nan'):.3f} s after the kill  (bar <= 1 s: {ok(ejected, 1)})")
print(f"readmitted {readmitted if readmitted is not None else float('nan'):.3f} s after it accepted connections again  (bar <= 2 s: {ok(readmitted, 2)})")
PY
PID[restarted]=$(cat "$WORK/restarted.pid")
wait "$LOADPID"
python3 - "$WORK/load.txt" <<'PY'
import re, sys
line = open(sys.argv[1]).read().strip()
m = re.search(r"ok=(\d+) failed=(\d+)", line)
ok, failed = int(m.group(1)), int(m.group(2))
print(f"GETs during the kill: {ok} ok, {failed} failed  (bar 0 failed: {'PASS' if failed == 0 and ok > 0 else 'FAIL'})" + ("" if failed == 0 else f"  [{line}]"))
PY

echo "== 4. limiter accuracy (3x the limit over real sockets; reputation layer on) =="
"$BIN/balancer-bench" limiter

echo "== 5. anomaly detection on labelled synthetic traces (diurnal traffic, 14 days evaluated) =="
"$BIN/balancer-bench" anomaly
