from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# What an organization offers and what it needs, each as its own document (Latin words stemmed
# in the organization's language), built when the row is written. The matching engine tests a
# new opportunity's title against one of them for every organization sharing an area
# (matching.engine's text fit): reading a stored vector instead of building it from the text
# for each of thousands of candidates per publication. Not model fields: only the engine reads
# them, on Postgres (as matching_alert.keywords_query).
FORWARDS = """
ALTER TABLE partners_organization
ADD COLUMN capabilities_document tsvector
GENERATED ALWAYS AS (to_tsvector(wlscc_search_config(language), capabilities)) STORED,
ADD COLUMN needs_document tsvector
GENERATED ALWAYS AS (to_tsvector(wlscc_search_config(language), needs)) STORED;
"""

BACKWARDS = """
ALTER TABLE partners_organization
DROP COLUMN IF EXISTS capabilities_document,
DROP COLUMN IF EXISTS needs_document;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_multilingual_search"),
        ("partners", "0011_directory_keyset_index"),
    ]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
