from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# Performance indexes (bench/, README "Performance and scaling out"). Raw SQL and built
# CONCURRENTLY, so they change no model state and never lock a live table.
# - opp_published_org_idx: per-organization / per-cluster counts of open opportunities are
#   index-only scans (cluster pages, home and stats figures) instead of heap scans.
# - eoi_accepted_answered_idx: the latest introductions (dashboards) walk this index.
FORWARDS = [
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS opp_published_org_idx "
    "ON opportunities_opportunity (organization_id) INCLUDE (expires_on, is_anonymous) "
    "WHERE status = 'published'",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS eoi_accepted_answered_idx "
    "ON opportunities_expressionofinterest (answered_at DESC, id DESC) "
    "WHERE status = 'accepted'",
]
BACKWARDS = [
    "DROP INDEX CONCURRENTLY IF EXISTS eoi_accepted_answered_idx",
    "DROP INDEX CONCURRENTLY IF EXISTS opp_published_org_idx",
]


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("opportunities", "0004_author_may_be_gone")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
