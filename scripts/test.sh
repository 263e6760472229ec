#!/usr/bin/env bash
# `make test`: every test on the embedded defaults (SQLite), then the storage-backed tests again
# on a private PostgreSQL; the broker suites run against a private RabbitMQ. A missing service fails the run; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
build_log=$(mktemp)
swift build --build-tests 2>&1 | tee "$build_log"
scripts/check-warnings.sh "$build_log"
eval "$(scripts/postgres.sh start)"
eval "$(scripts/rabbitmq.sh start)"
eval "$(scripts/redis.sh start)"
stop_services() {
  scripts/redis.sh stop "$WAVE3_REDIS_DIR" || true
  scripts/rabbitmq.sh stop "$WAVE3_RABBITMQ_DIR" || true
  scripts/postgres.sh stop "$WAVE3_PG_DIR" || true
}
trap stop_services EXIT
export WAVE3_TEST_AMQP_URL
export WAVE3_TEST_REDIS_URL WAVE3_REDIS_DIR
echo "== swift test on SQLite (embedded default)"
swift test --skip-build
echo "== swift test on PostgreSQL ($WAVE3_PG_URL)"
# The progress-decoding fuzz test does not touch the database: its million cases ran above.
WAVE3_FUZZ_CASES=10000 WAVE3_TEST_DATABASE_URL="$WAVE3_PG_URL" swift test --skip-build --filter 'Wave3APITests|MigratorTests|reputationEventsScoresAndVIPsSurviveARestart'
echo "== every command of the README's Try it block, as written, against a real server"
scripts/test-readme.sh
echo "== deployment checks (validators, nginx end to end, backup drill, runtime libraries)"
WAVE3_PG_URL="$WAVE3_PG_URL" scripts/test-deploy.sh
echo "== browser tests of the PWA (headless Chromium + Selenium, docs/pwa.md)"
WAVE3_BIN="$(swift build --show-bin-path)/wave3" scripts/e2e.sh
