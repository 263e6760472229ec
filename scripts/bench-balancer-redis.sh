#!/usr/bin/env bash
# The shared limiter's bars (docs/balancer.md, "Shared limiter"), in one run against a private
# redis-server:
#   1. accuracy: two balancers sharing one Redis, one client at 3x its limit spread evenly over
#      both: accepted / limit (bar: within 10 %);
#   2. throughput: one rl-balancer (one event loop) in front of a stub replica, wrk with 1,000
#      distinct verified clients (JWT subjects); the local limiter vs the same balancer with
#      BALANCER_REDIS_URL while a second balancer shares that Redis, alternated (bar: shared >= 0.9x);
#   3. the design not taken, one GCRA script per decision: its ceiling and round trip.
# Knobs: BENCH_CONFIG=debug (default release), BENCH_BIN (binaries already built: no build),
# BENCH_DURATION (wrk, default 6s), BENCH_CONNECTIONS (32), BENCH_ROUNDS (2); BALANCER_REDIS_SYNC_MS applies to
# every balancer of the run (accuracy and throughput). Stops only what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG="${BENCH_CONFIG:-release}"
DURATION="${BENCH_DURATION:-6s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
command -v wrk >/dev/null && command -v redis-server >/dev/null || scripts/install-deps.sh bench
if [ -z "${BENCH_BIN:-}" ]; then
  for product in rl-balancer balancer-bench; do swift build -c "$CONFIG" --product "$product" >/dev/null; done
  BENCH_BIN="$(swift build -c "$CONFIG" --show-bin-path)"
fi
BIN=$BENCH_BIN
echo "binaries: $BIN"

WORK="$(mktemp -d)"
declare -A PID=()
eval "$(scripts/redis.sh start)"
cleanup() {
  for p in "${PID[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PID[@]}"; do wait "$p" 2>/dev/null || true; done
  scripts/redis.sh stop "$WAVE3_REDIS_DIR" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 200); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 never opened" >&2; return 1; }

echo "== 1. accuracy: one client at 3x its limit (100/s, burst 10) spread over two balancers sharing one Redis =="
"$BIN/balancer-bench" shared-limiter --redis "$WAVE3_TEST_REDIS_URL" --seconds "${BENCH_LIMITER_SECONDS:-5}"

echo "== 2. throughput: local limiter vs shared through Redis (wrk -t1 -c$CONNECTIONS -d$DURATION, 1,000 JWT clients) =="
export WAVE3_JWT_SECRET=bench-secret-bench-secret-bench-secret BALANCER_ADMIN_TOKEN=bench-admin-token
REPLICA=$(free_port)
"$BIN/balancer-bench" replica --port "$REPLICA" >"$WORK/replica.log" 2>&1 & PID[replica]=$!
wait_port "$REPLICA"
start_balancer() {  # name, listen port, admin port, redis url ("" = local)
  BALANCER_REDIS_URL="$4" "$BIN/rl-balancer" serve --listen "127.0.0.1:$2" --admin "127.0.0.1:$3" --upstream "127.0.0.1:$REPLICA" \
    --threads 1 --rate 1000000 --burst 1000000 --capacity 100000 >"$WORK/$1.log" 2>&1 & PID[$1]=$!
}
LOCAL=$(free_port); LOCAL_ADMIN=$(free_port); SHARED=$(free_port); SHARED_ADMIN=$(free_port); PEER=$(free_port); PEER_ADMIN=$(free_port)
start_balancer local "$LOCAL" "$LOCAL_ADMIN" ""
start_balancer shared "$SHARED" "$SHARED_ADMIN" "$WAVE3_TEST_REDIS_URL"
start_balancer peer "$PEER" "$PEER_ADMIN" "$WAVE3_TEST_REDIS_URL"
wait_port "$LOCAL"; wait_port "$SHARED"; wait_port "$PEER"
python3 - "$WORK/clients.lua" <<'PY'
import base64, hashlib, hmac, json, os, sys
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
secret = os.environ["WAVE3_JWT_SECRET"].encode()
head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
tokens = []
for i in range(1000):
    body = b64(json.dumps({"sub": f"bench-{i}", "exp": 4102444800}).encode())
    sig = b64(hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest())
    tokens.append(f"{head}.{body}.{sig}")
with open(sys.argv[1], "w") as f:
    f.write("local tokens = {" + ",".join(f'"{t}"' for t in tokens) + "}\n")
    f.write("local i = math.random(#tokens)\n")
    f.write('request = function()\n  i = i % #tokens + 1\n  return wrk.format("GET", "/", {["Authorization"] = "Bearer " .. tokens[i]})\nend\n')
PY
# CPU ticks (user + system) of a process: requests per CPU second is what throughput becomes once
# the balancer has the cores to itself, and unlike wall-clock req/s it barely moves when other
# work shares the machine.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
run_wrk() {  # port, name, pid
  local before; before=$(cpu_ticks "$3")
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s "$WORK/clients.lua" "http://127.0.0.1:$1/" >"$WORK/$2.txt" 2>&1
  echo $(( $(cpu_ticks "$3") - before )) >"$WORK/$2.cpu"
}
wrk -t1 -c8 -d1s -s "$WORK/clients.lua" "http://127.0.0.1:$LOCAL/" >/dev/null; wrk -t1 -c8 -d1s -s "$WORK/clients.lua" "http://127.0.0.1:$SHARED/" >/dev/null
# Alternated (local shared shared local, BENCH_ROUNDS times) so drift on a shared machine hits both alike.
ROUNDS="${BENCH_ROUNDS:-2}"
for r in $(seq 1 "$ROUNDS"); do
  run_wrk "$LOCAL" "local$((2 * r - 1))" "${PID[local]}"; run_wrk "$SHARED" "shared$((2 * r - 1))" "${PID[shared]}"
  run_wrk "$SHARED" "shared$((2 * r))" "${PID[shared]}"; run_wrk "$LOCAL" "local$((2 * r))" "${PID[local]}"
done
echo "$ROUNDS" >"$WORK/rounds"; getconf CLK_TCK >"$WORK/hz"
curl -sf -H "Authorization: Bearer $BALANCER_ADMIN_TOKEN" "http://127.0.0.1:$SHARED_ADMIN/metrics" | grep -E '^balancer_limiter_(backend|syncs)' >"$WORK/shared-metrics.txt" || true
python3 - "$WORK" <<'PY'
import re, sys
w = sys.argv[1]
def text(n): return open(f"{w}/{n}.txt").read()
def rps(n): return float(re.search(r"Requests/sec:\s+([\d.]+)", text(n)).group(1))
hz = int(open(f"{w}/hz").read())
def requests(n): return int(re.search(r"(\d+) requests in", text(n)).group(1))
def per_cpu(n): return requests(n) / max(int(open(f"{w}/{n}.cpu").read()) / hz, 1e-3)
def non2xx(n):
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text(n)); return int(m.group(1)) if m else 0
runs = 2 * int(open(f"{w}/rounds").read())
names = [f"{kind}{i}" for i in range(1, runs + 1) for kind in ("local", "shared")]
for n in names:
    print(f"  {n:<8} {rps(n):>9.0f} req/s   {per_cpu(n):>9.0f} req per balancer CPU second   non-2xx {non2xx(n)}")
metrics = open(f"{w}/shared-metrics.txt").read()
print("  shared balancer after its runs: " + ", ".join(l.strip() for l in metrics.splitlines()))
local = sum(rps(f"local{i}") for i in range(1, runs + 1)) / runs
shared = sum(rps(f"shared{i}") for i in range(1, runs + 1)) / runs
local_cpu = sum(per_cpu(f"local{i}") for i in range(1, runs + 1)) / runs
shared_cpu = sum(per_cpu(f"shared{i}") for i in range(1, runs + 1)) / runs
ratio = shared / local
cpu_ratio = shared_cpu / local_cpu
on_redis = 'balancer_limiter_backend{state="redis"} 1' in metrics
print(f"wall-clock throughput shared / single: {ratio:.3f} (reported: other work on the machine moves it by +-30 %)")
print(f"throughput per balancer CPU second, shared / single: {cpu_ratio:.3f}  (bar >= 0.90, with the limiter on Redis throughout: {'PASS' if cpu_ratio >= 0.9 and on_redis else 'FAIL'})")
open(f"{w}/local-rps", "w").write(f"{local:.0f}")
PY

echo "== 3. the design not taken: one GCRA script per decision, pipelined (64 in flight on one connection) =="
"$BIN/balancer-bench" redis-script --redis "$WAVE3_TEST_REDIS_URL" --seconds 3 | tee "$WORK/script.txt"
python3 - "$(cat "$WORK/local-rps")" "$WORK/script.txt" <<'PY'
import re, sys
local = float(sys.argv[1]); t = open(sys.argv[2]).read()
d = float(re.search(r"([\d.]+) decisions/s", t).group(1)); p50 = float(re.search(r"p50 (\d+) us", t).group(1))
print(f"per-decision script ceiling / single-balancer throughput: {d / local:.2f} (and every request would wait a {p50:.0f} us round trip); reconciling every few ms adds no round trip to any request")
PY
