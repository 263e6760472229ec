#!/usr/bin/env bash
# The deployment checks of docs/deployment.md: docker-compose config, kustomize + kubernetes-validate,
# hadolint, promtool (config, rules, rule unit tests), Grafana dashboards against the metrics the
# services export, nginx -t and the nginx → rl-balancer → wave3 end-to-end test, the backup/restore
# drill, and the runtime image's library list against the release binaries built here.
# Needs WAVE3_PG_URL (scripts/postgres.sh) for the drill; scripts/test.sh provides it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh deploy
venv=.venv-deploy
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check -r scripts/requirements-deploy.txt
echo "== release binaries with the static Swift runtime (as the Dockerfile builds them)"
swift build -c release --static-swift-stdlib --product wave3
swift build -c release --static-swift-stdlib --product rl-balancer
WAVE3_RELEASE_BIN_DIR=$(swift build -c release --show-bin-path)
WAVE3_BIN_DIR=$(swift build --show-bin-path)
export WAVE3_RELEASE_BIN_DIR WAVE3_BIN_DIR
echo "== deployment checks"
"$venv/bin/python" -m pytest -q -p no:cacheprovider Tests/Deployment
