#!/usr/bin/env bash
# A private redis-server for tests and benchmarks: free port, its own dir, no persistence, loopback only.
# Usage: eval "$(scripts/redis.sh start)"  → exports WAVE3_TEST_REDIS_URL, WAVE3_REDIS_DIR, WAVE3_REDIS_PORT
#        scripts/redis.sh kill DIR      (an outage: the server dies, its data with it)
#        scripts/redis.sh restart DIR   (the same port again, empty, as after a restart without persistence)
#        scripts/redis.sh stop DIR
set -euo pipefail
command -v redis-server >/dev/null || { echo "redis-server is not installed (scripts/install-deps.sh test)" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
launch() {
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly no --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --protected-mode yes >/dev/null
  for _ in $(seq 1 100); do
    redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.05
  done
  echo "redis-server did not start; see $dir/redis.log" >&2; return 1
}
halt() { [ -f "$dir/redis.pid" ] && kill -9 "$(cat "$dir/redis.pid")" 2>/dev/null || true; rm -f "$dir/redis.pid"
  for _ in $(seq 1 100); do redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 || return 0; sleep 0.05; done; }
case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/wave3-redis.XXXXXX); port=${2:-$(free_port)}
    echo "port=$port" > "$dir/env"
    launch
    echo "export WAVE3_TEST_REDIS_URL=redis://127.0.0.1:$port/0 WAVE3_REDIS_DIR=$dir WAVE3_REDIS_PORT=$port"
    ;;
  kill) dir=$2; source "$dir/env"; halt ;;
  restart) dir=$2; source "$dir/env"; halt; launch ;;
  stop) dir=$2; source "$dir/env"; halt; rm -rf "$dir" ;;
  *) echo "usage: $0 start [port] | kill DIR | restart DIR | stop DIR" >&2; exit 2 ;;
esac
