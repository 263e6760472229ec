#!/usr/bin/env bash
# Cost per proxied request, rl-balancer against nginx least_conn, each with one event loop / one
# worker, over the same two static upstreams (an nginx answering a fixed body, so the proxies'
# own cost dominates):
#   a. throughput and CPU per request under wrk (alternated rounds, median ratio);
#   b. instructions per request, counted by valgrind --tool=callgrind: a run serving N requests
#      minus an idle run held open just as long, divided by N (counts repeat run to run, unlike
#      wall clock);
#   c. heap allocations per request, counted by an LD_PRELOAD malloc interposer (malloc-count.c,
#      built here) the same way, checked against the committed budget in balancer-alloc-budget.
# Usage: scripts/bench/balancer-cost.sh BIN_DIR (with rl-balancer built in release).
# Knobs: COST_BASE_PORT, COST_ROUNDS, COST_DURATION, COST_CONNECTIONS, COST_CG_REQUESTS, COST_ALLOC_REQUESTS.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="$1"
BASE="${COST_BASE_PORT:-18200}"
ROUNDS="${COST_ROUNDS:-3}"
DURATION="${COST_DURATION:-5s}"
CONNS="${COST_CONNECTIONS:-32}"
CG_N="${COST_CG_REQUESTS:-2000}"
ALLOC_N="${COST_ALLOC_REQUESTS:-10000}"
PARTS="${COST_PARTS:-a b c}"   # a subset, e.g. COST_PARTS=c, to rerun one measurement
S1=$((BASE + 1)); S2=$((BASE + 2)); LB=$BASE; ADMIN=$((BASE + 10)); NGX=$((BASE + 20))
BUDGET_FILE=scripts/bench/balancer-alloc-budget

command -v valgrind >/dev/null && command -v wrk >/dev/null && command -v nginx >/dev/null && command -v cc >/dev/null \
  || scripts/install-deps.sh bench

WORK="$(mktemp -d)"
declare -A PID=()
cleanup() {
  for p in "${PID[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PID[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
wait_port() { for _ in $(seq 1 "${2:-600}"); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 never opened" >&2; return 1; }
wait_gone() { for _ in $(seq 1 1200); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.05; done; echo "process $1 did not exit" >&2; return 1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

cc -O2 -shared -fPIC -o "$WORK/malloc-count.so" scripts/bench/malloc-count.c
objcopy --strip-debug "$BIN/rl-balancer" "$WORK/rl-balancer-nodebug"

# The static upstreams.
mkdir -p "$WORK/tmp"
cat >"$WORK/upstreams.conf" <<NGINX
worker_processes 1; daemon off; pid $WORK/upstreams.pid; error_log $WORK/upstreams-error.log;
events { worker_connections 4096; }
http {
  access_log off; client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp; keepalive_requests 1000000;
  server { listen 127.0.0.1:$S1; location / { return 200 "hello from a static upstream\n"; } }
  server { listen 127.0.0.1:$S2; location / { return 200 "hello from a static upstream\n"; } }
}
NGINX
nginx -c "$WORK/upstreams.conf" & PID[upstreams]=$!
wait_port "$S1"; wait_port "$S2"

# nginx as the anchor: one process (no master), least_conn, upstream keepalive.
cat >"$WORK/proxy.conf" <<NGINX
worker_processes 1; master_process off; daemon off; pid $WORK/proxy.pid; error_log $WORK/proxy-error.log;
events { worker_connections 4096; }
http {
  access_log off; client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp; keepalive_requests 1000000;
  upstream replicas { least_conn; server 127.0.0.1:$S1; server 127.0.0.1:$S2; keepalive 64; }
  server { listen 127.0.0.1:$NGX; location / { proxy_pass http://replicas; proxy_http_version 1.1; proxy_set_header Connection ""; } }
}
NGINX
BALANCER=("$BIN/rl-balancer" serve --listen "127.0.0.1:$LB" --admin "127.0.0.1:$ADMIN" --upstream "127.0.0.1:$S1"
          --upstream "127.0.0.1:$S2" --policy p2c_peak_ewma --threads 1 --rate 1000000 --burst 1000000 --capacity 100000)
NGINX_PROXY=(nginx -c "$WORK/proxy.conf")

# start NAME PREFIX... -- starts a proxy (balancer or nginx) behind an optional wrapper, waits for its port.
start() {
  local name=$1 port=$NGX; shift
  [[ $name == lb* ]] && port=$LB
  "$@" >"$WORK/$name.log" 2>&1 & PID[$name]=$!
  # Under valgrind a start takes many seconds: allow two minutes, unless the process died.
  for _ in $(seq 1 2400); do
    (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && return 0
    kill -0 "${PID[$name]}" 2>/dev/null || break
    sleep 0.05
  done
  echo "$name never opened port $port (log: $(tail -c 300 "$WORK/$name.log"))" >&2
  kill "${PID[$name]}" 2>/dev/null || true; wait "${PID[$name]}" 2>/dev/null || true; unset "PID[$name]"
  return 1
}
stop() {
  local name=$1
  kill -TERM "${PID[$name]}" 2>/dev/null || true
  wait_gone "${PID[$name]}"; wait "${PID[$name]}" 2>/dev/null || true
  unset "PID[$name]"
}
load() { python3 scripts/bench/fixed-load.py "$1" / "$2" "$CONNS"; }

status=0
if [[ $PARTS == *a* ]]; then
echo "== a. throughput and CPU per request (wrk -t1 -c$CONNS -d$DURATION, $ROUNDS alternated rounds) =="
start lb "${BALANCER[@]}"; start ngx "${NGINX_PROXY[@]}"
wrk -t1 -c8 -d1s "http://127.0.0.1:$LB/" >/dev/null; wrk -t1 -c8 -d1s "http://127.0.0.1:$NGX/" >/dev/null
for r in $(seq 1 "$ROUNDS"); do
  for who in lb ngx; do
    port=$LB; [ $who = ngx ] && port=$NGX
    before=$(cpu_ticks "${PID[$who]}")
    wrk -t1 -c"$CONNS" -d"$DURATION" "http://127.0.0.1:$port/" >"$WORK/wrk-$who-$r.txt"
    echo "$before $(cpu_ticks "${PID[$who]}")" >"$WORK/cpu-$who-$r.txt"
  done
done
stop lb; stop ngx
python3 - "$WORK" "$ROUNDS" "$(getconf CLK_TCK)" >"$WORK/a.txt" <<'PY'
import re, statistics, sys
w, rounds, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def run(who, r):
    t = open(f"{w}/wrk-{who}-{r}.txt").read()
    n = int(re.search(r"(\d+) requests in", t).group(1)); rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    a, b = map(int, open(f"{w}/cpu-{who}-{r}.txt").read().split())
    return rps, (b - a) / hz / n * 1e6, int(bad.group(1)) if bad else 0
rows = {who: [run(who, r) for r in range(1, rounds + 1)] for who in ("lb", "ngx")}
for r in range(rounds):
    print(f"  round {r+1}: rl-balancer {rows['lb'][r][0]:>8.0f} req/s {rows['lb'][r][1]:>6.1f} us CPU/req (non-2xx {rows['lb'][r][2]})   "
          f"nginx {rows['ngx'][r][0]:>8.0f} req/s {rows['ngx'][r][1]:>6.1f} us CPU/req (non-2xx {rows['ngx'][r][2]})")
tput = statistics.median(rows["lb"][r][0] / rows["ngx"][r][0] for r in range(rounds))
cpu = statistics.median(rows["lb"][r][1] / rows["ngx"][r][1] for r in range(rounds))
print(f"throughput rl-balancer / nginx least_conn (median of rounds): {tput:.3f}  (bar >= 0.9: {'PASS' if tput >= 0.9 else 'FAIL'})")
print(f"CPU per request rl-balancer / nginx (median of rounds): {cpu:.3f}  (bar <= 1.0: {'PASS' if cpu <= 1.0 else 'FAIL'})")
PY
cat "$WORK/a.txt"
grep -q "FAIL" "$WORK/a.txt" && status=1
fi

# measure NAME KIND N -- one run serving N requests (N=0: idle for SECONDS) under a counter.
measure() {
  local name=$1 kind=$2 n=$3 port=$LB wrapper=() cmd=("${BALANCER[@]}")
  [[ $name == ngx* ]] && port=$NGX && cmd=("${NGINX_PROXY[@]}")
  case $kind in
    # Valgrind cannot read the DWARF of Swift binaries: it gets a copy without it (symbols stay).
    callgrind) [[ $name == lb* ]] && cmd[0]="$WORK/rl-balancer-nodebug"
               wrapper=(valgrind --tool=callgrind --dump-instr=no --dump-line=no "--callgrind-out-file=$WORK/$name.cg") ;;
    malloc) wrapper=(env "LD_PRELOAD=$WORK/malloc-count.so" "MALLOC_COUNT_FILE=$WORK/$name.mallocs") ;;
  esac
  start "$name" "${wrapper[@]}" "${cmd[@]}"
  # Warm the path (connections to the upstreams, lazily built tables) in both runs alike.
  load "$port" 50 >/dev/null
  local t0; t0=$(date +%s.%N)
  if [ "$n" -gt 0 ]; then
    load "$port" "$n" >"$WORK/$name.load" 2>&1 || { echo "FAIL: load on $name: $(tail -3 "$WORK/$name.load")" >&2; stop "$name"; return 1; }
    echo "$(date +%s.%N) - $t0" | bc >"$WORK/$name.secs"
  else sleep "$(cat "$WORK/${name%-idle}.secs")"; fi
  stop "$name"
}
ir() { grep -E "^(summary|totals):" "$WORK/$1.cg" | head -1 | awk '{print $2}'; }

if [[ $PARTS == *b* ]]; then
echo "== b. instructions per proxied request (callgrind; $CG_N requests minus an idle run as long) =="
measure ngx-cg callgrind "$CG_N"; measure ngx-cg-idle callgrind 0
ngx_ir=$(( ($(ir ngx-cg) - $(ir ngx-cg-idle)) / CG_N ))
if (measure lb-cg callgrind "$CG_N" && measure lb-cg-idle callgrind 0) 2>"$WORK/lb-cg.err"; then
  lb_ir=$(( ($(ir lb-cg) - $(ir lb-cg-idle)) / CG_N ))
  echo "  rl-balancer: $lb_ir instructions per request; nginx least_conn: $ngx_ir  (ratio $(echo "scale=2; $lb_ir / $ngx_ir" | bc))"
else
  # Valgrind 3.19 (Debian 12) dies with an internal SIGSEGV on Swift binaries parked in
  # libdispatch's main-thread sigsuspend; newer valgrind is needed (docs/performance.md).
  echo "  nginx least_conn: $ngx_ir instructions per request"
  echo "FAIL: rl-balancer could not be counted under $(valgrind --version): $(grep -m1 -E "INTERNAL ERROR|never opened" "$WORK"/lb-cg*.log "$WORK/lb-cg.err" 2>/dev/null | head -1)" >&2
  status=1
fi
fi

if [[ $PARTS == *c* ]]; then
echo "== c. heap allocations per proxied request (malloc interposer; $ALLOC_N requests minus an idle run as long) =="
measure lb-m malloc "$ALLOC_N"; measure lb-m-idle malloc 0
measure ngx-m malloc "$ALLOC_N"; measure ngx-m-idle malloc 0
per() { echo "scale=2; ($(cat "$WORK/$1.mallocs") - $(cat "$WORK/$1-idle.mallocs")) / $2" | bc; }
lb_alloc=$(per lb-m "$ALLOC_N"); ngx_alloc=$(per ngx-m "$ALLOC_N")
budget=$(grep -v '^#' "$BUDGET_FILE" | head -1)
echo "  rl-balancer: $lb_alloc allocations per request (budget $budget); nginx least_conn: $ngx_alloc"
if [ "$(echo "$lb_alloc > $budget" | bc)" = 1 ]; then
  echo "FAIL: rl-balancer allocates $lb_alloc times per proxied request, over the budget of $budget in $BUDGET_FILE" >&2
  exit 1
fi
echo "allocations per request within budget: PASS"
fi
exit "$status"
