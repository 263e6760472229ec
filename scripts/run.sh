#!/usr/bin/env bash
# `make run`: migrate, seed the demo content and serve on embedded defaults (SQLite under ./data).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)
export WAVE3_LOG_FORMAT=${WAVE3_LOG_FORMAT:-text}
"$bin/wave3" migrate
"$bin/wave3" seed --demo
echo "wave3 on http://127.0.0.1:8080 — demo logins: admin@wave3.dev / admin-password, ada@wave3.dev / learner-password"
exec "$bin/wave3" serve --port "${PORT:-8080}"
