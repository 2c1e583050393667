#!/usr/bin/env bash
# `make backup`: pg_dump (custom format, compressed) of DATABASE_URL into backups/ or
# $BACKUP_DIR. The dump is written under a temporary name, checked with `pg_restore --list`
# and only then renamed, so a file named *.dump is always complete. Prints its path.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/pg_url.sh
source "$here/pg_url.sh"

dir="${BACKUP_DIR:-$here/../backups}"
prefix="${BACKUP_PREFIX:-wlscc}"
umask 077
mkdir -p "$dir"
file="$dir/$prefix-$(date -u +%Y%m%dT%H%M%SZ)-$$.dump"

pg_dump --format=custom --compress=6 --file="$file.partial" --dbname="$PG_URL"
pg_restore --list "$file.partial" >/dev/null
mv "$file.partial" "$file"
echo "$(cd "$(dirname "$file")" && pwd)/$(basename "$file")"
