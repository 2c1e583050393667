from django.db import migrations

from core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    """The newest links of one technology area, by opportunity id: similar opportunities read a
    bounded number of them per area (opportunities.selectors._newest_area_links). The table is
    the ManyToManyField's own, so the index is created in SQL."""

    dependencies = [
        ("opportunities", "0014_updated_index_covers_visibility"),
    ]

    operations = [
        PostgresOnlySQL(
            sql=(
                "CREATE INDEX opp_area_links_idx ON opportunities_opportunity_technology_areas "
                "(technologyarea_id, opportunity_id)"
            ),
            reverse_sql="DROP INDEX opp_area_links_idx",
        ),
    ]
