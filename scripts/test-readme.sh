#!/usr/bin/env bash
# Runs every command of the README's "Try it" block, as written, against a real `wave3 serve` on a
# fresh demo database. Only the address changes: a free port instead of 8080.
# Each `curl` fails on an HTTP error (--fail-with-body), so a 404 in the README fails this script.
# Usage: scripts/test-readme.sh  (after `swift build`; uses .build/debug/wave3)
set -euo pipefail
cd "$(dirname "$0")/.."
trap 'serve_demo_stop' EXIT
. scripts/serve-demo.sh
# The block after "## Try it", continuation lines joined.
awk '/^## Try it/{f=1; next} f && /^```sh/{b=1; next} b && /^```/{exit} b' README.md | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' >"$work/commands.sh"
[ -s "$work/commands.sh" ] || { echo "test-readme: no commands found under '## Try it'" >&2; exit 1; }
sed -i "s/localhost:8080/127.0.0.1:$port/g" "$work/commands.sh"
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
