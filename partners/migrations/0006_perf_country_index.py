from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# The directory's country filter lists the countries of active organizations on every page:
# an index-only scan of this small index instead of a scan of the table (`make bench`).
FORWARDS = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS org_active_country_idx "
    "ON partners_organization (country) WHERE is_active"
)
BACKWARDS = "DROP INDEX CONCURRENTLY IF EXISTS org_active_country_idx"


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("partners", "0005_perf_covering_index")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
