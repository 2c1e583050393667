from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# Matching reads the candidate organizations of a published opportunity (those sharing one of
# its areas, of the kinds it seeks) from this index, index-only, instead of from the wide rows
# (matching.engine._organization_candidates: ~260 index pages instead of ~8,700 heap pages of
# 50,000 organizations). Partial (active only) and narrow: ~2 MB at bench scale; an insert, or
# an update that is not HOT (one that changes kind, country or is_active, or any other indexed
# column), writes one more index entry. Raw SQL, built CONCURRENTLY.
FORWARDS = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS org_match_cover_idx ON partners_organization "
    "(id) INCLUDE (kind, country) WHERE is_active"
)
BACKWARDS = "DROP INDEX CONCURRENTLY IF EXISTS org_match_cover_idx"


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("partners", "0013_directory_filter_indexes")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
