#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the benchmarks need, when they are missing.
# Usage: scripts/install-deps.sh [build|test|bench]
set -euo pipefail
need=(pkg-config libsqlite3-dev libssl-dev zlib1g-dev librabbitmq-dev libhiredis-dev)
case "${1:-build}" in
  test) need+=(postgresql rabbitmq-server redis-server chromium chromium-driver python3-venv) ;;
  deploy) need+=(postgresql nginx prometheus curl openssl python3-venv) ;;
  bench) need+=(postgresql rabbitmq-server redis-server wrk nginx valgrind chromium chromium-driver python3-venv bc gcc) ;;
esac
missing=()
for package in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
