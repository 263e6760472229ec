#!/usr/bin/env bash
# Notification figures of issue 12 (docs/notifications.md), against a private RabbitMQ:
#  1. publish throughput with publisher confirms: AMQPPublisher (notify-bench) as a ratio to a bare
#     rabbitmq-c loop (scripts/notify/confirm_anchor.c, compiled here) in the same run; bar ≥ 0.7;
#  2. end-to-end latency, creation → WebSocket receipt across two replicas (admin broadcasts posted to
#     replica A, the worker stores them, the socket is on replica B) at 200 notifications/s: p50/p99,
#     bar p99 < 50 ms;
#  3. 10,000 idle WebSockets on one replica: resident memory per socket, bar < 20 KB.
# WAVE3_BIN=path and NOTIFY_BENCH_BIN=path skip the release builds; BENCH_NOTIFY_MESSAGES, BENCH_NOTIFY_RATE,
# BENCH_NOTIFY_SECONDS, BENCH_NOTIFY_SOCKETS shrink or grow the runs.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${BENCH_NOTIFY_MESSAGES:-100000}
RATE=${BENCH_NOTIFY_RATE:-200}
SECONDS_RUN=${BENCH_NOTIFY_SECONDS:-10}
SOCKETS=${BENCH_NOTIFY_SOCKETS:-10000}
work=$(mktemp -d /tmp/wave3-bench-notify.XXXXXX)
pids=()
broker_dir=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$broker_dir" ] && scripts/rabbitmq.sh stop "$broker_dir" || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${NOTIFY_BENCH_BIN:-}" ]; then  # NOTIFY_BENCH_BIN=path skips its release build
  swift build -c release --product notify-bench >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
  NOTIFY_BENCH_BIN="$(swift build -c release --show-bin-path)/notify-bench"
fi
if [ -z "${WAVE3_BIN:-}" ]; then
  swift build -c release --product wave3 >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
  WAVE3_BIN="$(swift build -c release --show-bin-path)/wave3"
fi
cc -O2 -o "$work/confirm_anchor" scripts/notify/confirm_anchor.c -lrabbitmq

eval "$(scripts/rabbitmq.sh start)"
broker_dir=$WAVE3_RABBITMQ_DIR
amqp_port=${WAVE3_TEST_AMQP_URL##*:}; amqp_port=${amqp_port%%/*}

echo "== publish throughput with confirms ($MESSAGES messages of 200 bytes, batches of 500)"
anchor=$("$work/confirm_anchor" 127.0.0.1 "$amqp_port" "$MESSAGES" 500 | awk '{print $2}')
swift_rate=$("$NOTIFY_BENCH_BIN" "$WAVE3_TEST_AMQP_URL" "$MESSAGES" 500 | awk '{print $2}')
echo "bare rabbitmq-c loop: $anchor msg/s; AMQPPublisher: $swift_rate msg/s"
python3 -c "r=$swift_rate/$anchor; print(f'publish_ratio {r:.2f} (bar >= 0.7): ' + ('PASS' if r >= 0.7 else 'FAIL'))"

# Room for the sockets on both ends (the client is this script's child).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((SOCKETS + 200)) ]; then
  echo "open-file limit $(ulimit -n) is below $SOCKETS sockets: raise it (ulimit -Hn) to measure" >&2; exit 1
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export WAVE3_DATABASE_URL="sqlite://$work/db.sqlite" WAVE3_LOG_LEVEL=warning WAVE3_BCRYPT_COST=4 \
  WAVE3_JWT_SECRET=bench-secret-bench-secret-bench-secret WAVE3_AMQP_URL="$WAVE3_TEST_AMQP_URL"
"$WAVE3_BIN" migrate >/dev/null
"$WAVE3_BIN" users create --email admin@bench.invalid --password bench-password --role admin >/dev/null
"$WAVE3_BIN" users create --email learner@bench.invalid --password bench-password --role learner >/dev/null
a=$(free_port); b=$(free_port)
"$WAVE3_BIN" serve --port "$a" >"$work/a.log" 2>&1 & pids+=($!)
"$WAVE3_BIN" serve --port "$b" >"$work/b.log" 2>&1 & pids+=($!)
"$WAVE3_BIN" worker >"$work/worker.log" 2>&1 & pids+=($!)
for port in "$a" "$b"; do
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.2; done
done
login() { curl -fs -H 'Content-Type: application/json' -d "{\"email\":\"$1\",\"password\":\"bench-password\"}" "http://127.0.0.1:$a/api/v1/auth/login"; }
admin_token=$(login admin@bench.invalid | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
learner=$(login learner@bench.invalid)
learner_token=$(echo "$learner" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
learner_id=$(echo "$learner" | python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["id"])')

echo "== end-to-end latency across two replicas at $RATE notifications/s for $SECONDS_RUN s"
python3 scripts/notify/notify_bench.py latency "$a" "$b" "$admin_token" "$learner_id" "$learner_token" "$RATE" "$SECONDS_RUN" | tee "$work/latency.txt"
awk '/latency_created_to_socket_ms/ { print "latency bar (p99 < 50 ms): " ($5 < 50 ? "PASS" : "FAIL") }' "$work/latency.txt"

echo "== $SOCKETS idle WebSockets on replica B"
b_pid=${pids[1]}
python3 scripts/notify/notify_bench.py sockets "$b" "$learner_token" "$SOCKETS" "$b_pid" || true
