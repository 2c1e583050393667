from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# The directory by name (its default order) is paged by key (core.listing.Keyset): each page,
# however deep, is a range scan of this index, never an OFFSET over the rows before it.
FORWARDS = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS org_active_name_idx "
    "ON partners_organization (name, id) WHERE is_active"
)
BACKWARDS = "DROP INDEX CONCURRENTLY IF EXISTS org_active_name_idx"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("partners", "0010_translations")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
