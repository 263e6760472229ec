#!/usr/bin/env bash
# Creates (once) .venv-schemathesis with the pinned schemathesis of scripts/requirements-schemathesis.txt
# and prints the path of its `schemathesis` command. Usage: ST=$(scripts/schemathesis-venv.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-schemathesis
req=scripts/requirements-schemathesis.txt
stamp="$venv/.installed"
if [ ! -x "$venv/bin/schemathesis" ] || ! cmp -s "$req" "$stamp"; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$req" >&2
  cp "$req" "$stamp"
fi
echo "$PWD/$venv/bin/schemathesis"
