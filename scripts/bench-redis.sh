#!/usr/bin/env bash
# Redis bars (docs/redis.md), ratios measured in the same run against a private redis-server:
#   pipelined ZADD through the Swift client vs `redis-benchmark -t zadd -P 16` (bar ≥ 0.5×);
#   top-10 + own rank on a board of 1,000,000 members, p99 (bar < 1 ms).
#   GET /leaderboards/all-time?around=me through the API vs GET /health/live on the same wave3
#   (bar ≥ 0.5×).
# The shared balancer limiter is in bench-balancer-redis.sh; the outage drill is LeaderboardOutageTests.
# Release binaries go to SWIFT_SCRATCH_PATH (default .build); WAVE3_BIN / REDIS_BENCH_BIN skip the build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh bench
SCRATCH=(--scratch-path "${SWIFT_SCRATCH_PATH:-.build}")
if [ -z "${REDIS_BENCH_BIN:-}" ] || [ -z "${WAVE3_BIN:-}" ]; then
  swift build -c release "${SCRATCH[@]}" --product redis-bench >/dev/null
  swift build -c release "${SCRATCH[@]}" --product wave3 >/dev/null
fi
bin=${REDIS_BENCH_BIN:-"$(swift build -c release "${SCRATCH[@]}" --show-bin-path)/redis-bench"}
wave3=${WAVE3_BIN:-"$(swift build -c release "${SCRATCH[@]}" --show-bin-path)/wave3"}
eval "$(scripts/redis.sh start)"
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  scripts/redis.sh stop "$WAVE3_REDIS_DIR"
  rm -rf "$work"
}
trap cleanup EXIT
n=${REDIS_BENCH_N:-400000}
anchor=$(redis-benchmark -h 127.0.0.1 -p "$WAVE3_REDIS_PORT" -t zadd -P 16 -n "$n" -q | grep -o '[0-9.]* requests per second' | cut -d' ' -f1)
ours=$("$bin" "$WAVE3_TEST_REDIS_URL" zadd "$n" | awk '/zadd_per_second/ {print $2}')
echo "redis-benchmark zadd -P 16: $anchor req/s"
echo "swift client pipelined zadd: $ours req/s"
awk -v a="$anchor" -v o="$ours" 'BEGIN { r = o / a; printf "ratio %.2f (bar >= 0.50): %s\n", r, (r >= 0.5 ? "PASS" : "FAIL") }'
"$bin" "$WAVE3_TEST_REDIS_URL" board "${REDIS_BENCH_MEMBERS:-1000000}" | tee /tmp/redis-bench-board.$$
awk '/top10_rank_p99_ms/ { printf "p99 %.3f ms (bar < 1 ms): %s\n", $2, ($2 < 1 ? "PASS" : "FAIL") }' /tmp/redis-bench-board.$$
rm -f /tmp/redis-bench-board.$$

# The leaderboard read through the API, against the cheapest route of the same server.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export WAVE3_DATABASE_URL="sqlite://$work/wave3.sqlite" WAVE3_REDIS_URL="$WAVE3_TEST_REDIS_URL" WAVE3_REDIS_NAMESPACE="bench:" \
  WAVE3_LOG_LEVEL=warning WAVE3_BCRYPT_COST=4 WAVE3_JWT_SECRET=bench-secret-bench-secret-bench-secret
"$wave3" migrate >/dev/null
"$wave3" seed --demo >/dev/null
"$wave3" serve --port "$port" >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -sf "$base/health/live" >/dev/null && break; sleep 0.1; done
python3 scripts/wait-outbox-drained.py "$work/wave3.sqlite"  # the seed's backlog, not the route
token=$(curl -sf "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"ada@wave3.dev","password":"learner-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
board="$base/api/v1/leaderboards/all-time?around=me"
source=$(curl -sf "$board" -H "authorization: Bearer $token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["source"])')
[ "$source" = redis ] || { echo "the board was served from '$source', not Redis" >&2; exit 1; }
rps() { # a run with any non-2xx answer is not a measurement of the route
  local out
  out=$(wrk -t"${BENCH_THREADS:-2}" -c"${BENCH_CONNECTIONS:-64}" -d"${BENCH_DURATION:-10s}" "$@")
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers from ${*: -1}: $out" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}
live=$(rps "$base/health/live")
around=$(rps -H "authorization: Bearer $token" "$board")
echo "GET /health/live: $live req/s"
echo "GET /leaderboards/all-time?around=me (source redis): $around req/s"
awk -v a="$live" -v o="$around" 'BEGIN { r = o / a; printf "ratio %.2f (bar >= 0.50): %s\n", r, (r >= 0.5 ? "PASS" : "FAIL") }'
