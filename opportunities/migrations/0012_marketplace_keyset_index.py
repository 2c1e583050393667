from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# The marketplace, newest first (its default order), is paged by key (core.listing.Keyset):
# each page, however deep, is a range scan of this index. Its expression is the order's
# (opportunities.filters.NEWEST_AT: never published last, as NULLS LAST would).
FORWARDS = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS opp_published_newest_idx "
    "ON opportunities_opportunity "
    "((COALESCE(published_at, '0001-01-01 00:00:00+00'::timestamptz)) DESC, id DESC) "
    "WHERE status = 'published'"
)
BACKWARDS = "DROP INDEX CONCURRENTLY IF EXISTS opp_published_newest_idx"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("opportunities", "0011_translations")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
