#!/usr/bin/env bash
# Creates (once) the Python virtual environment the browser tests and the icon script use:
# Selenium, axe-selenium-python (ships axe-core) and Pillow, from PyPI. Prints the venv's python.
# Usage: PY=$(scripts/e2e-venv.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=data/e2e-venv
want="selenium==4.* axe-selenium-python==2.* Pillow==11.* pytest==8.*"
stamp="$venv/.installed"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  mkdir -p data
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check $want >&2
  echo "$want" > "$stamp"
fi
echo "$PWD/$venv/bin/python"
