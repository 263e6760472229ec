#!/usr/bin/env bash
# Learning-model figures: issue 3's (BKT fit and recovery, next-attempt AUC against the oracle,
# mastery ECE and latency, Rasch recovery, recommendation hit-rate@5 and latency) on simulated
# learners with known ground truth, then issue 10's side-by-side with pyBKT 1.4.3's C++ core on
# the same generated CSV files in the same run (AUC and parameter differences, fit-time ratio,
# item-aware AUC). Deterministic seeds: a rerun prints the same quality figures.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product learning-bench >/tmp/learning-bench-build.log 2>&1 || { cat /tmp/learning-bench-build.log; exit 1; }
bench="$(swift build -c release --show-bin-path)/learning-bench"
"$bench"

echo
py=$(scripts/pybkt-venv.sh)
files=data/bench-learning
mkdir -p "$files"
"$bench" generate "$files"
echo "fitting pyBKT (standard and forgetting) on $files/train.csv ..."
"$py" scripts/learning/pybkt-bench.py "$files/train.csv" "$files/test.csv" > "$files/pybkt.json"
"$bench" compare "$files" "$files/pybkt.json"
