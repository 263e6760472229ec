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
# The fuzz tests are CPU-bound: in the parallel run they are kept small, so they do not starve the
# suites that wait on sockets and deadlines; their full million cases run alone right after.
# Suites one at a time: on a 2-core machine the socket, broker and cluster suites miss their
# deadlines when they all run at once.
WAVE3_FUZZ_CASES=20000 BALANCER_FUZZ_CASES=20000 swift test --skip-build --no-parallel
echo "== schemathesis against openapi.json, anonymous and admin (docs/schemathesis.md)"
scripts/test-schemathesis.sh
echo "== fuzz tests, 1,000,000 cases each (progress decoding; the balancer's head parsing and identification)"
WAVE3_FUZZ_CASES=1000000 BALANCER_FUZZ_CASES=1000000 swift test --skip-build --filter 'ProgressFuzzTests|RequestHeadFuzzTests'
echo "== swift test on PostgreSQL ($WAVE3_PG_URL)"
# The progress-decoding fuzz test does not touch the database: its million cases ran above.
WAVE3_FUZZ_CASES=10000 WAVE3_TEST_DATABASE_URL="$WAVE3_PG_URL" swift test --skip-build --no-parallel --filter 'Wave3APITests|MigratorTests|reputationEventsScoresAndVIPsSurviveARestart'
echo "== every command of the README's Try it block, as written, against a real server"
scripts/test-readme.sh
echo "== deployment checks (validators, nginx end to end, backup drill, runtime libraries)"
WAVE3_PG_URL="$WAVE3_PG_URL" scripts/test-deploy.sh
echo "== browser tests of the PWA (headless Chromium + Selenium, docs/pwa.md)"
WAVE3_BIN="$(swift build --show-bin-path)/wave3" scripts/e2e.sh
