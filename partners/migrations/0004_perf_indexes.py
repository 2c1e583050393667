from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# Performance indexes (bench/, README "Performance and scaling out"). Raw SQL and built
# CONCURRENTLY, so they change no model state and never lock a live table.
# The active (and the visible: active + verified) organizations of a cluster as index-only
# scans: cluster pages, per-cluster counts and joins from opportunities to their owners.
FORWARDS = [
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS org_active_cluster_idx "
    "ON partners_organization (cluster_id, id) WHERE is_active",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS org_visible_cluster_idx "
    "ON partners_organization (cluster_id, id) WHERE is_active AND is_verified",
]
BACKWARDS = [
    "DROP INDEX CONCURRENTLY IF EXISTS org_visible_cluster_idx",
    "DROP INDEX CONCURRENTLY IF EXISTS org_active_cluster_idx",
]


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("partners", "0003_invitation_joinrequest")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
