#!/usr/bin/env bash
# Prints the bars of issue 4: throughput through rl-balancer vs nginx least_conn (upstream keepalive)
# over the same two replicas in the same run, added p50 latency over direct, decision cost, limiter
# accuracy, killed-replica behaviour and anomaly detection quality. Loopback only; stops only the
# processes it started.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${BENCH_DURATION:-8s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_WRK_THREADS:-2}"
BASE_PORT="${BENCH_BASE_PORT:-18080}"
R1=$((BASE_PORT + 1)); R2=$((BASE_PORT + 2)); LB=$BASE_PORT; ADMIN=$((BASE_PORT + 10)); NGX=$((BASE_PORT + 20))

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  apt-get install -y wrk nginx >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y wrk nginx >/dev/null)
fi

swift build -c release --product rl-balancer >/dev/null
swift build -c release --product balancer-bench >/dev/null
BIN="$(swift build -c release --show-bin-path)"

PIDS=()
WORK="$(mktemp -d)"
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_port() { for _ in $(seq 1 100); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }

"$BIN/balancer-bench" replica --port "$R1" --name r1 >/dev/null & PIDS+=($!)
"$BIN/balancer-bench" replica --port "$R2" --name r2 >/dev/null & PIDS+=($!)
wait_port "$R1"; wait_port "$R2"

"$BIN/rl-balancer" serve --listen "127.0.0.1:$LB" --admin "127.0.0.1:$ADMIN" --upstream "127.0.0.1:$R1" --upstream "127.0.0.1:$R2" \
  --policy least_connections --threads 2 --no-limiter --capacity 100000 >"$WORK/balancer.log" 2>&1 & PIDS+=($!)

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
nginx -c "$WORK/nginx.conf" -g 'daemon off;' & PIDS+=($!)
wait_port "$LB"; wait_port "$NGX"

# wrk's "50%" line to microseconds.
p50_us() { awk '/^ +50%/ { v=$2; if (v ~ /us$/) { sub(/us/,"",v); print v } else if (v ~ /ms$/) { sub(/ms/,"",v); print v*1000 } else { sub(/s/,"",v); print v*1000000 } }' "$1"; }
rps() { awk '/^Requests\/sec/ { print $2 }' "$1"; }
run_wrk() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$1/" >"$WORK/$2.txt" 2>&1; }

# Warm-up, then alternate the two proxies so drift on a shared machine hits both.
wrk -t1 -c8 -d2s "http://127.0.0.1:$LB/" >/dev/null; wrk -t1 -c8 -d2s "http://127.0.0.1:$NGX/" >/dev/null
run_wrk "$R1" direct
run_wrk "$NGX" nginx1; run_wrk "$LB" balancer1
run_wrk "$LB" balancer2; run_wrk "$NGX" nginx2

echo "== throughput (wrk -t$THREADS -c$CONNECTIONS -d$DURATION, two replicas) =="
for n in direct nginx1 balancer1 balancer2 nginx2; do
  printf '%-10s %10s req/s  p50 %8s us  non-2xx: %s\n' "$n" "$(rps "$WORK/$n.txt")" "$(p50_us "$WORK/$n.txt")" "$(grep -c 'Non-2xx' "$WORK/$n.txt" || true)"
done
python3 - "$WORK" <<'PY'
import sys, re
w = sys.argv[1]
def rps(n): return float(re.search(r"Requests/sec:\s+([\d.]+)", open(f"{w}/{n}.txt").read()).group(1))
def p50(n):
    m = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)", open(f"{w}/{n}.txt").read(), re.M)
    return float(m.group(1)) * {"us": 1, "ms": 1e3, "s": 1e6}[m.group(2)]
b = (rps("balancer1") + rps("balancer2")) / 2
n = (rps("nginx1") + rps("nginx2")) / 2
ratio = b / n
print(f"throughput ratio rl-balancer / nginx least_conn: {ratio:.3f} (bar >= 0.8: {'PASS' if ratio >= 0.8 else 'FAIL'})")
added = (p50("balancer1") + p50("balancer2")) / 2 - p50("direct")
nadded = (p50("nginx1") + p50("nginx2")) / 2 - p50("direct")
print(f"added p50 latency over direct: rl-balancer {added:.0f} us, nginx {nadded:.0f} us")
PY

echo "== decision cost =="
"$BIN/balancer-bench" decision
echo "== limiter accuracy =="
"$BIN/balancer-bench" limiter
echo "(with the reputation layer on, informational: abusive clients are held below their limit by design)"
"$BIN/balancer-bench" limiter --with-reputation
echo "== killed replica under load =="
"$BIN/balancer-bench" failover
echo "== anomaly detection on labelled synthetic traces =="
"$BIN/balancer-bench" anomaly
