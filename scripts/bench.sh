#!/usr/bin/env bash
# `make bench`: builds release and prints every figure the issues ask for. Each part prints its
# own section; a part that cannot run fails the whole command.
set -euo pipefail
cd "$(dirname "$0")/.."
for part in scripts/bench-api.sh scripts/bench-learning.sh scripts/bench-balancer.sh scripts/bench-pwa.sh scripts/bench-experiments.sh scripts/bench-notify.sh scripts/bench-rl.sh scripts/bench-redis.sh scripts/bench-balancer-redis.sh scripts/bench-progress.sh; do
  if [ -x "$part" ]; then
    echo
    echo "################ $part"
    "$part"
  fi
done
