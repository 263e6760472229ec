# Sourced by scripts/test-readme.sh and scripts/test-schemathesis.sh: serves `wave3` on a free
# loopback port over a fresh demo database in $work. Sets $port and $server; the caller's EXIT
# trap must call serve_demo_stop.
bin=${WAVE3_BIN:-.build/debug/wave3}
[ -x "$bin" ] || { echo "$0: $bin is missing: run swift build first" >&2; exit 1; }
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export WAVE3_DATABASE_URL="sqlite://$work/demo.sqlite" WAVE3_LOG_LEVEL=${WAVE3_LOG_LEVEL:-warning} WAVE3_BCRYPT_COST=4
server=""
serve_demo_stop() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
"$bin" migrate >/dev/null
"$bin" seed --demo >/dev/null
"$bin" serve --port "$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do
  curl -sf "127.0.0.1:$port/health/live" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
