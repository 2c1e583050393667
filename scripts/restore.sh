#!/usr/bin/env bash
# `make restore FILE=backups/wlscc-....dump`: replaces the content of DATABASE_URL with the
# dump (pg_restore --clean --if-exists, in one transaction: all or nothing). Before touching
# anything it takes a safety backup of the current state (skip: RESTORE_SAFETY_BACKUP=0), so a
# restore of the wrong file can itself be undone.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/pg_url.sh
source "$here/pg_url.sh"

file="${1:-}"
if [ -z "$file" ] || [ ! -f "$file" ]; then
    echo "usage: make restore FILE=backups/wlscc-YYYYmmddTHHMMSSZ-N.dump (file not found: '$file')" >&2
    exit 2
fi
pg_restore --list "$file" >/dev/null

if [ "${RESTORE_SAFETY_BACKUP:-1}" != "0" ]; then
    safety="$(BACKUP_PREFIX=pre-restore bash "$here/backup.sh")"
    echo "current state saved to $safety" >&2
fi

pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
    --exit-on-error --dbname="$PG_URL" "$file"
echo "restored $file"
