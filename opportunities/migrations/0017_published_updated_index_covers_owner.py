from django.db import migrations

from core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    """opp_published_updated_idx covers the owner (and whether it is anonymous, a visitor's
    test): the API's first page of opportunities for an organization's key reads its published
    keys from it by an index-only scan (api.pagination.KeysFirstCursorPagination). Without the
    owner, each entry cost a table fetch and the planner walked opp_updated_idx instead, tens
    of thousands of expired rows filtered out first (~20 ms at bench scale). The new index is
    built before the old one is dropped, concurrently: the table stays writable."""

    atomic = False

    dependencies = [
        ("opportunities", "0016_marketplace_type_index"),
    ]

    operations = [
        PostgresOnlySQL(
            sql=[
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS opp_published_updated_cover_idx "
                "ON opportunities_opportunity (updated_at, id) "
                "INCLUDE (organization_id, is_anonymous) WHERE status = 'published'",
                "DROP INDEX CONCURRENTLY IF EXISTS opp_published_updated_idx",
                "ALTER INDEX opp_published_updated_cover_idx RENAME TO opp_published_updated_idx",
            ],
            reverse_sql=[
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS opp_published_updated_plain_idx "
                "ON opportunities_opportunity (updated_at, id) WHERE status = 'published'",
                "DROP INDEX CONCURRENTLY IF EXISTS opp_published_updated_idx",
                "ALTER INDEX opp_published_updated_plain_idx RENAME TO opp_published_updated_idx",
            ],
        ),
    ]
