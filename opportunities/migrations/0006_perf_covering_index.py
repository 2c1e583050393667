from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# Covering index for joins through an opportunity to its owner (interest -> opportunity ->
# organization): aggregates of the home page, /stats/ and the staff dashboard read this narrow
# index (index-only scans) instead of the wide table. Measured by `make bench`.
FORWARDS = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS opp_owner_cover_idx ON opportunities_opportunity "
    "(id) INCLUDE (organization_id, status, published_at, expires_on)"
)
BACKWARDS = "DROP INDEX CONCURRENTLY IF EXISTS opp_owner_cover_idx"


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("opportunities", "0005_perf_indexes")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
