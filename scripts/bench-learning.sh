#!/usr/bin/env bash
# Learning-model figures of issue 3 (BKT fit and recovery, next-attempt AUC against the oracle,
# mastery ECE and latency, Rasch recovery, recommendation hit-rate@5 and latency), on simulated
# learners with known ground truth. Deterministic seeds: a rerun prints the same quality figures.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product learning-bench >/tmp/learning-bench-build.log 2>&1 || { cat /tmp/learning-bench-build.log; exit 1; }
"$(swift build -c release --show-bin-path)/learning-bench"
