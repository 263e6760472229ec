#!/usr/bin/env bash
# Property-based tests of the API against its own OpenAPI document (schemathesis, every check),
# once as an anonymous caller (schemathesis signs up a learner of its own through /auth/register)
# and once as the demo admin, on a fresh demo database, after openapi-spec-validator has checked
# the document. Fails on any finding: a 5xx, a status or a body the document does not declare, a
# schema-violating request accepted, a schema-valid one rejected. The only rejections of valid
# requests it lets through are listed per operation and error code, each with its reason, in
# scripts/schemathesis/hooks.py (docs/schemathesis.md).
# Usage: scripts/test-schemathesis.sh [extra schemathesis args]   (after `swift build`)
set -euo pipefail
cd "$(dirname "$0")/.."
st=$(scripts/schemathesis-venv.sh)
"$(dirname "$st")/openapi-spec-validator" Sources/Wave3API/Resources/openapi.json
trap 'serve_demo_stop' EXIT
. scripts/serve-demo.sh
base="http://127.0.0.1:$port"
token=$(curl -sf "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"admin@wave3.dev","password":"admin-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
examples=${WAVE3_SCHEMATHESIS_EXAMPLES:-20}
status=0
for who in anonymous admin; do
  echo "== schemathesis ($who)"
  auth=()
  [ "$who" = admin ] && auth=(-H "Authorization: Bearer $token")
  # /api/v1/ws is a WebSocket upgrade, not a JSON operation.
  "$st" --config-file scripts/schemathesis/schemathesis.toml run "$base/openapi.json" --url "$base" \
    --max-examples "$examples" --seed 9 --exclude-path /api/v1/ws "${auth[@]}" "$@" || status=1
done
exit $status
