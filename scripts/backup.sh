#!/usr/bin/env bash
# PostgreSQL backup: pg_dump in custom format, a SHA-256 checksum beside it, and retention.
# Usage: scripts/backup.sh [DATABASE_URL]   (default: $WAVE3_DATABASE_URL)
#   BACKUP_DIR        where dumps go (default ./data/backups)
#   BACKUP_RETENTION  how many dumps to keep, newest first (default 14)
# Prints the path of the new dump. The restore drill is in docs/operations.md (scripts/restore.sh).
set -euo pipefail
url=${1:-${WAVE3_DATABASE_URL:?give a postgres:// URL or set WAVE3_DATABASE_URL}}
case "$url" in postgres://*|postgresql://*) ;; *) echo "backup.sh backs up PostgreSQL; got $url" >&2; exit 2 ;; esac
dir=${BACKUP_DIR:-data/backups}
keep=${BACKUP_RETENTION:-14}
[[ "$keep" =~ ^[1-9][0-9]*$ ]] || { echo "BACKUP_RETENTION must be a positive integer" >&2; exit 2; }
mkdir -p "$dir"
stamp=$(date -u +%Y%m%dT%H%M%S.%3NZ)  # milliseconds: names sort by time and never collide
file="$dir/wave3-$stamp.dump"
# Write under a temporary name so a failed or interrupted dump never looks like a good one.
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$file.partial" "$url"
mv "$file.partial" "$file"
(cd "$dir" && sha256sum "$(basename "$file")" > "$(basename "$file").sha256")
# Retention: keep the newest $keep dumps (names sort by time), remove the rest with their checksums.
mapfile -t old < <(ls -1 "$dir"/wave3-*.dump 2>/dev/null | sort -r | tail -n +"$((keep + 1))")
for f in "${old[@]}"; do rm -f "$f" "$f.sha256"; done
echo "$file"
