#!/usr/bin/env bash
# Creates (once) .venv-pybkt/: pyBKT 1.4.3 built from source with its C++ core, the reference the
# learning bench (scripts/bench-learning.sh) compares the product's BKT fitter against. The
# pure-Python fallback pyBKT installs when the build fails is ~100x slower and no fair anchor, so
# this script fails unless the compiled core imports. The build takes several minutes.
# Prints the venv's python. Usage: PY=$(scripts/pybkt-venv.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-pybkt
stamp="$venv/.installed"
want="$(cat scripts/requirements-pybkt.txt) pyBKT==1.4.3"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check -r scripts/requirements-pybkt.txt >&2
  # The C++ extension compiles against the numpy installed above, hence no build isolation.
  "$venv/bin/pip" install -q --disable-pip-version-check --no-build-isolation --no-binary pyBKT pyBKT==1.4.3 >&2
  "$venv/bin/python" -c 'import pyBKT.fit.E_step as e, sys; sys.exit(not e.__file__.endswith(".so"))' >&2 \
    || { echo "pyBKT's C++ core did not build (see the pip output above)" >&2; exit 1; }
  echo "$want" > "$stamp"
fi
echo "$PWD/$venv/bin/python"
