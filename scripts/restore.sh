#!/usr/bin/env bash
# Restores a dump made by scripts/backup.sh into a database, after checking its SHA-256 checksum.
# Usage: scripts/restore.sh DUMP_FILE TARGET_DATABASE_URL
# The target should be an empty database (a restore drill restores into a new one and compares).
set -euo pipefail
file=${1:?usage: restore.sh DUMP_FILE TARGET_DATABASE_URL}
url=${2:?usage: restore.sh DUMP_FILE TARGET_DATABASE_URL}
[ -f "$file.sha256" ] || { echo "no checksum file $file.sha256: refusing to restore an unverified dump" >&2; exit 1; }
(cd "$(dirname "$file")" && sha256sum --check --status "$(basename "$file").sha256") \
  || { echo "checksum mismatch for $file: refusing to restore" >&2; exit 1; }
pg_restore --exit-on-error --no-owner --no-privileges --single-transaction --dbname="$url" "$file"
echo "restored $file"
