#!/usr/bin/env bash
# A private RabbitMQ for tests and benchmarks: its own node name, free ports (AMQP, distribution,
# epmd), its own data and log dirs under a temp dir, loopback only, no plugins.
# Usage: eval "$(scripts/rabbitmq.sh start)"  → exports WAVE3_TEST_AMQP_URL, WAVE3_RABBITMQ_DIR
#        scripts/rabbitmq.sh stop-app|start-app DIR   (a broker outage and its return, same node)
#        scripts/rabbitmq.sh stop DIR
set -euo pipefail
bin=/usr/lib/rabbitmq/bin
[ -x "$bin/rabbitmq-server" ] || { echo "rabbitmq-server is not installed (scripts/install-deps.sh test)" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
load() { dir=$1; # shellcheck disable=SC1091
  source "$dir/env"; }
ctl() { HOME="$dir" ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$epmd_port "$bin/rabbitmqctl" -n "$node" "$@"; }
case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/wave3-rabbitmq.XXXXXX)
    port=$(free_port); dist_port=$(free_port); epmd_port=$(free_port)
    node="wave3-$(basename "$dir" | tr -dc 'a-zA-Z0-9')@localhost"
    mkdir -p "$dir/mnesia" "$dir/log"
    echo "[]." > "$dir/enabled_plugins"
    echo "loopback_users.guest = true" > "$dir/rabbitmq.conf"
    head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z' > "$dir/.erlang.cookie"; chmod 400 "$dir/.erlang.cookie"
    cat > "$dir/env" <<ENV
node=$node
port=$port
dist_port=$dist_port
epmd_port=$epmd_port
ENV
    (
      export HOME="$dir" ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$epmd_port RABBITMQ_NODENAME=$node RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$port \
        RABBITMQ_DIST_PORT=$dist_port RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
        RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
        RABBITMQ_PID_FILE="$dir/rabbitmq.pid" \
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
      # Run directly, not through /usr/sbin's wrapper, which switches to the rabbitmq user and
      # drops this environment.
      nohup "$bin/rabbitmq-server" >"$dir/server.out" 2>&1 &
      echo $! > "$dir/launcher.pid"
    )
    load "$dir"
    # await_startup fails at once while the node is not yet registered with epmd: retry it.
    started=""
    for _ in $(seq 1 120); do
      if ctl --timeout 60 await_startup >/dev/null 2>&1; then started=1; break; fi
      kill -0 "$(cat "$dir/launcher.pid")" 2>/dev/null || break
      sleep 1
    done
    if [ -z "$started" ]; then
      echo "rabbitmq did not start; see $dir/server.out and $dir/log" >&2; tail -20 "$dir/server.out" >&2
      "$0" stop "$dir" >&2; exit 1
    fi
    echo "export WAVE3_TEST_AMQP_URL=amqp://guest:guest@127.0.0.1:$port/ WAVE3_RABBITMQ_DIR=$dir"
    ;;
  stop-app) load "$2"; ctl stop_app >/dev/null ;;
  start-app) load "$2"; ctl start_app >/dev/null; ctl --timeout 60 await_startup >/dev/null ;;
  stop)
    load "$2"
    ctl stop >/dev/null 2>&1 || true
    [ -f "$dir/launcher.pid" ] && kill "$(cat "$dir/launcher.pid")" 2>/dev/null || true
    # The epmd this node started listens on its own port: ask exactly that one to end.
    ERL_EPMD_PORT=$epmd_port epmd -port "$epmd_port" -kill >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop-app DIR | start-app DIR | stop DIR" >&2; exit 2 ;;
esac
