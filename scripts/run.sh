#!/usr/bin/env bash
# `make run`: the local stack on embedded defaults.
#   rl-balancer  http://127.0.0.1:8080  (admin API and dashboard on http://127.0.0.1:9090/dashboard)
#   wave3        http://127.0.0.1:8081 and :8082, sharing ./data/wave3.sqlite (WAL + busy_timeout)
# Migrates and seeds once, then starts all three; Ctrl-C (or any of them dying) stops all three.
# PORT, ADMIN_PORT, REPLICA_PORTS override the ports; the balancer persists reputation in
# ./data/balancer.sqlite unless BALANCER_DATABASE_URL says otherwise. With WAVE3_JWT_SECRET set,
# the balancer limits signed-in learners by user instead of by IP.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=(--scratch-path "${SWIFT_SCRATCH_PATH:-.build}")
swift build -c release "${scratch[@]}" --product wave3
swift build -c release "${scratch[@]}" --product rl-balancer
bin=$(swift build -c release "${scratch[@]}" --show-bin-path)
export WAVE3_LOG_FORMAT=${WAVE3_LOG_FORMAT:-text}
# The balancer probes each replica's /health/ready four times a second; at info level those
# probes would bury everything else in the terminal.
export WAVE3_LOG_LEVEL=${WAVE3_LOG_LEVEL:-warning}
"$bin/wave3" migrate
"$bin/wave3" seed --demo

PORT=${PORT:-8080}
ADMIN_PORT=${ADMIN_PORT:-9090}
read -r -a replica_ports <<<"${REPLICA_PORTS:-8081 8082}"
pids=()
stop_all() {
  trap - EXIT INT TERM
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

upstreams=()
for port in "${replica_ports[@]}"; do
  "$bin/wave3" serve --port "$port" &
  pids+=($!)
  upstreams+=(--upstream "127.0.0.1:$port")
done
export BALANCER_DATABASE_URL=${BALANCER_DATABASE_URL:-sqlite://data/balancer.sqlite}
# The admin API and dashboard need this bearer token (docs/balancer.md); one per run unless set.
export BALANCER_ADMIN_TOKEN=${BALANCER_ADMIN_TOKEN:-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')}
"$bin/rl-balancer" serve --listen "127.0.0.1:$PORT" --admin "127.0.0.1:$ADMIN_PORT" "${upstreams[@]}" &
pids+=($!)

echo "wave3 behind rl-balancer on http://127.0.0.1:$PORT (replicas on ${replica_ports[*]})"
echo "balancer dashboard: http://127.0.0.1:$ADMIN_PORT/dashboard#token=$BALANCER_ADMIN_TOKEN"
echo "balancer admin API: curl -H \"Authorization: Bearer $BALANCER_ADMIN_TOKEN\" http://127.0.0.1:$ADMIN_PORT/stats"
echo "demo logins: admin@wave3.dev / admin-password, ada@wave3.dev / learner-password — Ctrl-C stops everything"
# Returns as soon as one of them exits (or on Ctrl-C); the trap then stops the others.
wait -n "${pids[@]}"
