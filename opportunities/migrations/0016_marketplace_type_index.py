from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# The marketplace filtered by type (its most common filter), paged by key (core.listing
# CappedPaginator's rows_by_key): the capped count and the page's keys are index-only scans of
# this index, which holds what the visibility rule and the target-country filter test (expiry,
# anonymity, countries, owner) beside the keys of the "closing soon" order; before, both read
# the type's rows and the country's GIN entries (~30,000 at consortium scale) twice over.
FORWARDS = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS opp_published_type_idx "
    "ON opportunities_opportunity (type, expires_on, published_at DESC, id) "
    "INCLUDE (target_countries, is_anonymous, organization_id) "
    "WHERE status = 'published'"
)
BACKWARDS = "DROP INDEX CONCURRENTLY IF EXISTS opp_published_type_idx"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("opportunities", "0015_area_links_index")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
