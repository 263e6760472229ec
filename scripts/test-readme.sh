#!/usr/bin/env bash
# Runs every command of the README's "Try it" block, as written, against a real `wave3 serve` on a
# fresh demo database. Only the address changes (a free port instead of 8080, unless 8080 is free).
# Each `curl` fails on an HTTP error (--fail-with-body), so a 404 in the README fails this script.
# Usage: scripts/test-readme.sh  (after `swift build`; uses .build/debug/wave3)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${WAVE3_BIN:-.build/debug/wave3}
[ -x "$bin" ] || { echo "test-readme: $bin is missing: run swift build first" >&2; exit 1; }
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export WAVE3_DATABASE_URL="sqlite://$work/readme.sqlite" WAVE3_LOG_LEVEL=warning WAVE3_BCRYPT_COST=4
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$bin" migrate >/dev/null
"$bin" seed --demo >/dev/null
"$bin" serve --port "$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do
  curl -sf "127.0.0.1:$port/health/live" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.1
done
# The block after "## Try it", continuation lines joined.
awk '/^## Try it/{f=1; next} f && /^```sh/{b=1; next} b && /^```/{exit} b' README.md | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' >"$work/commands.sh"
[ -s "$work/commands.sh" ] || { echo "test-readme: no commands found under '## Try it'" >&2; exit 1; }
sed -i "s/localhost:8080/127.0.0.1:$port/g" "$work/commands.sh"
n=0
{
  echo 'set -euo pipefail'
  echo 'curl() { command curl --fail-with-body "$@"; }'
  cat "$work/commands.sh"
} >"$work/run.sh"
n=$(grep -c . "$work/commands.sh")
if bash "$work/run.sh" >"$work/out.txt" 2>&1; then
  echo "test-readme: all $n README commands succeeded"
else
  echo "test-readme: a README command failed:" >&2
  cat "$work/out.txt" >&2
  exit 1
fi
