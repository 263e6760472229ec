#!/usr/bin/env bash
# Redis bars (docs/redis.md), ratios measured in the same run against a private redis-server:
#   pipelined ZADD through the Swift client vs `redis-benchmark -t zadd -P 16` (bar ≥ 0.5×);
#   top-10 + own rank on a board of 1,000,000 members, p99 (bar < 1 ms).
# Not measured yet: leaderboard API vs /health/live, the shared balancer limiter, the outage drill.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh bench
swift build -c release --product redis-bench >/dev/null
bin="$(swift build -c release --show-bin-path)/redis-bench"
eval "$(scripts/redis.sh start)"
trap 'scripts/redis.sh stop "$WAVE3_REDIS_DIR"' EXIT
n=${REDIS_BENCH_N:-400000}
anchor=$(redis-benchmark -h 127.0.0.1 -p "$WAVE3_REDIS_PORT" -t zadd -P 16 -n "$n" -q | grep -o '[0-9.]* requests per second' | cut -d' ' -f1)
ours=$("$bin" "$WAVE3_TEST_REDIS_URL" zadd "$n" | awk '/zadd_per_second/ {print $2}')
echo "redis-benchmark zadd -P 16: $anchor req/s"
echo "swift client pipelined zadd: $ours req/s"
awk -v a="$anchor" -v o="$ours" 'BEGIN { r = o / a; printf "ratio %.2f (bar >= 0.50): %s\n", r, (r >= 0.5 ? "PASS" : "FAIL") }'
"$bin" "$WAVE3_TEST_REDIS_URL" board "${REDIS_BENCH_MEMBERS:-1000000}" | tee /tmp/redis-bench-board.$$
awk '/top10_rank_p99_ms/ { printf "p99 %.3f ms (bar < 1 ms): %s\n", $2, ($2 < 1 ? "PASS" : "FAIL") }' /tmp/redis-bench-board.$$
rm -f /tmp/redis-bench-board.$$
