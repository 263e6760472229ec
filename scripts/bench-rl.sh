#!/usr/bin/env bash
# The bars of issue 14 (docs/rl-policies.md), in one run:
#   1. the simulator suite, every policy on the same seed: the table, then the best learning
#      policy's ratios to P2C peak-EWMA, Prequal and least connections with PASS/FAIL per bar,
#      and the SVG chart (docs/figures/simulation.svg unless BENCH_RL_CHART says otherwise);
#   2. decision + learning cost per request with 10 replicas (microbenchmark, thread CPU time);
#   3. live on loopback: stub replicas, one slowed halfway, fixed rate, P2C and the learner
#      alternating for several rounds; closed-loop throughput of both.
# Knobs: BENCH_RL_REQUESTS (per scenario), BENCH_RL_SEED, BENCH_RL_RATE, BENCH_RL_SECONDS,
# BENCH_RL_ROUNDS, SWIFT_SCRATCH_PATH (a separate .build for release builds).
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=(--scratch-path "${SWIFT_SCRATCH_PATH:-.build}")
swift build -c release "${SCRATCH[@]}" --product rl-bench >/dev/null
BIN="$(swift build -c release "${SCRATCH[@]}" --show-bin-path)"

echo "== simulator (same seed for every policy)"
"$BIN/rl-bench" sim --requests "${BENCH_RL_REQUESTS:-200000}" --seed "${BENCH_RL_SEED:-1}" --chart "${BENCH_RL_CHART:-docs/figures/simulation.svg}"
echo
echo "== decision + learning cost"
"$BIN/rl-bench" cost
echo
echo "== live on loopback"
"$BIN/rl-bench" live --rate "${BENCH_RL_RATE:-400}" --seconds "${BENCH_RL_SECONDS:-6}" --rounds "${BENCH_RL_ROUNDS:-3}"
