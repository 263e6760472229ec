#!/usr/bin/env bash
# check-warnings.sh BUILD_LOG: fails when the compiler warned about the project's own code
# (Sources/, Tests/, Benchmarks/); dependencies under .build/ are not checked. docs/decisions.md.
set -euo pipefail
log=$1
root=$(cd "$(dirname "$0")/.." && pwd)
found=$(grep -E "^$root/(Sources|Tests|Benchmarks)/[^:]+:[0-9]+:[0-9]+: warning:" "$log" | sort -u || true)
if [ -n "$found" ]; then
  echo "$found"
  echo "error: $(echo "$found" | wc -l) compiler warning(s) in the project's code (zero is the rule)" >&2
  exit 1
fi
echo "no compiler warnings in Sources/, Tests/, Benchmarks/"
