from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# The marketplace's text search (published rows only): the matches' keys from this index alone.
# With the index of every row's text, the planner also read a bitmap of the published rows'
# expiry dates to leave out the others, ~90,000 entries for each search at consortium scale
# (see Opportunity.objects.open()).
FORWARDS = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS opp_published_search_gin "
    "ON opportunities_opportunity USING gin (search_vector) "
    "WHERE status = 'published'"
)
BACKWARDS = "DROP INDEX CONCURRENTLY IF EXISTS opp_published_search_gin"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("opportunities", "0017_published_updated_index_covers_owner")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
