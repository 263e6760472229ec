#!/usr/bin/env bash
# A/B-testing figures of issue 13 (docs/experiments.md):
#  1. the SciPy/statsmodels fixture re-derived and compared with the committed one;
#  2. assignment speed and split, SRM on 52/48, simulated A/A (false positives under peeking) and
#     A/B (+5 % lift: sequential vs fixed-horizon power, CUPED variance reduction);
#  3. GET /experiments/{key}/results for 100,000 learners and 1,000,000 events on a private PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh bench
python3 -c 'import scipy, statsmodels' 2>/dev/null || pip install --quiet scipy statsmodels
echo "== reference statistics (SciPy/statsmodels) against the committed fixture"
python3 scripts/experiments/reference_statistics.py --check

swift build -c release --product experiment-bench >/tmp/experiment-bench-build.log 2>&1 || { cat /tmp/experiment-bench-build.log; exit 1; }
swift build -c release --product wave3 >/tmp/experiment-bench-build.log 2>&1 || { cat /tmp/experiment-bench-build.log; exit 1; }
bin=$(swift build -c release --show-bin-path)
"$bin/experiment-bench"

echo "== results of an experiment with 100,000 learners and 1,000,000 events (PostgreSQL)"
LEARNERS=${BENCH_EXPERIMENT_LEARNERS:-100000}
EVENTS=${BENCH_EXPERIMENT_EVENTS:-1000000}
eval "$(scripts/postgres.sh start)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; scripts/postgres.sh stop "$WAVE3_PG_DIR"; }
trap cleanup EXIT
export WAVE3_DATABASE_URL="$WAVE3_PG_URL" WAVE3_LOG_LEVEL=warning WAVE3_JWT_SECRET=bench-secret-bench-secret-bench-secret WAVE3_BCRYPT_COST=4
psql=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql
"$bin/wave3" migrate >/dev/null
"$bin/wave3" users create --email bench-admin@wave3.dev --password bench-password --role admin >/dev/null
# Learners, exposures and reported values written straight into the tables (the API path is what
# the tests cover); the per-learner fold is the same one POST /events keeps up to date.
"$psql" -q "$WAVE3_PG_URL" -v learners="$LEARNERS" -v events="$EVENTS" <<'SQL'
INSERT INTO users (id, email, password_hash, display_name, role, created_at)
  SELECT 'bench-' || g, 'bench-' || g || '@bench.invalid', '!', 'bench', 'learner', 0 FROM generate_series(1, :learners) g;
INSERT INTO experiments (key, name, description, status, variants, metrics, created_at, started_at)
  VALUES ('bench', 'Bench', '', 'running',
          '[{"key":"control","weight":0.5},{"key":"treatment","weight":0.5}]',
          '[{"name":"converted","type":"conversion","goal":"maximize","primary":true,"source":"events"},{"name":"score","type":"numeric","goal":"maximize","primary":false,"source":"events"},{"name":"completion","type":"conversion","goal":"maximize","primary":false,"source":"lesson_completion"}]',
          0, 0);
INSERT INTO experiment_assignments (experiment_key, learner_id, variant, forced, excluded, exposed_at, pre_activity)
  SELECT 'bench', 'bench-' || g, CASE WHEN random() < 0.5 THEN 'control' ELSE 'treatment' END, 0, 0, 1, floor(random() * 20)
  FROM generate_series(1, :learners) g;
INSERT INTO experiment_events (id, experiment_key, learner_id, metric, value, recorded_at)
  SELECT 'e' || g, 'bench', 'bench-' || (1 + g % :learners), CASE WHEN g % 3 = 0 THEN 'converted' ELSE 'score' END,
         CASE WHEN g % 3 = 0 THEN (random() < 0.3)::int ELSE round((random() * 100)::numeric, 1) END, 2
  FROM generate_series(1, :events) g;
INSERT INTO experiment_learner_metrics (experiment_key, metric, learner_id, variant, pre_activity, counted, count, total, maximum)
  SELECT e.experiment_key, e.metric, e.learner_id, a.variant, a.pre_activity, 1, COUNT(*), SUM(e.value), MAX(e.value)
  FROM experiment_events e JOIN experiment_assignments a ON a.experiment_key = e.experiment_key AND a.learner_id = e.learner_id
  GROUP BY 1, 2, 3, 4, 5;
ANALYZE;
SQL
echo "$("$psql" -tA "$WAVE3_PG_URL" -c "SELECT COUNT(*) FROM experiment_assignments") learners, $("$psql" -tA "$WAVE3_PG_URL" -c "SELECT COUNT(*) FROM experiment_events") events"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin/wave3" serve --port "$port" >/tmp/wave3-experiment-bench.log 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -sf "$base/health/live" >/dev/null && break; sleep 0.1; done
TOKEN=$(curl -sf "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"bench-admin@wave3.dev","password":"bench-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
times=()
for _ in 1 2 3 4 5 6; do
  times+=("$(curl -sf -o /tmp/experiment-bench-results.json -w '%{time_total}' -H "authorization: Bearer $TOKEN" "$base/api/v1/experiments/bench/results")")
done
python3 - "${times[@]}" <<'PY'
import json, statistics, sys
ms = [float(t) * 1000 for t in sys.argv[1:]][1:]  # the first request warms the connection pool
median = statistics.median(ms)
body = json.load(open("/tmp/experiment-bench-results.json"))
n = sum(v["n"] for v in body["metrics"][0]["variants"])
print(f"GET /experiments/bench/results over HTTP: median {median:.1f} ms, max {max(ms):.1f} ms of {len(ms)} (n = {n} learners in the primary metric)"
      f" (bar < 200 ms: {'pass' if median < 200 else 'FAIL'})")
PY
"$bin/wave3" experiments report bench | tail -1
