# Sourced by backup.sh and restore.sh: turns DATABASE_URL into a libpq URL in $PG_URL.
# django-environ accepts postgres://, postgresql://, pgsql:// and psql://; libpq only the
# first two. SQLite (the zero-setup demo) has no pg_dump: copy db.sqlite3 instead.
url="${DATABASE_URL:-}"
if [ -z "$url" ]; then
    echo "DATABASE_URL is not set (e.g. postgres://user@host:5432/wlscc)." >&2
    exit 2
fi
case "$url" in
    postgres://* | postgresql://*) PG_URL="$url" ;;
    pgsql://* | psql://*) PG_URL="postgresql://${url#*://}" ;;
    sqlite:*)
        echo "DATABASE_URL is SQLite (the demo): back it up by copying the file." >&2
        exit 2
        ;;
    *)
        echo "DATABASE_URL is not a PostgreSQL URL." >&2
        exit 2
        ;;
esac
export PG_URL
