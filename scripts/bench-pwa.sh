#!/usr/bin/env bash
# PWA figures (docs/pwa.md): the app shell's first load (bytes on the wire, sizes uncompressed and
# gzipped) and how fast a lesson opened offline renders from the service worker's cache, measured
# in headless Chromium with the Performance API against a release wave3.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
PY=$(scripts/e2e-venv.sh)
if [ -z "${WAVE3_BIN:-}" ]; then  # WAVE3_BIN=path skips the release build (the figures are the browser's)
  swift build -c release --product wave3 >&2
  WAVE3_BIN="$(swift build -c release --show-bin-path)/wave3"
fi
export WAVE3_BIN PYTHONDONTWRITEBYTECODE=1
exec "$PY" Tests/e2e/bench_pwa.py
