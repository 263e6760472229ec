#!/usr/bin/env bash
# Browser tests of the PWA (docs/pwa.md): headless Chromium (Debian's chromium + chromium-driver)
# driven by Selenium against a real wave3 on a free port with the demo seed. Screenshots go to
# data/e2e-screenshots/, measured figures to data/e2e-figures.json. Extra arguments go to pytest
# (e.g. `scripts/e2e.sh -k offline`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
PY=$(scripts/e2e-venv.sh)
if [ -z "${WAVE3_BIN:-}" ]; then
  swift build --product wave3
  WAVE3_BIN="$(swift build --show-bin-path)/wave3"
fi
export WAVE3_BIN PYTHONDONTWRITEBYTECODE=1
rm -f data/e2e-figures.json
status=0
(cd Tests/e2e && "$PY" -m pytest -p no:cacheprovider -q "$@") || status=$?
if [ -f data/e2e-figures.json ]; then
  echo "figures (data/e2e-figures.json):"
  cat data/e2e-figures.json
  echo
fi
exit $status
