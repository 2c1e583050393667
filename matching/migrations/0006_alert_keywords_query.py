from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# An alert's keywords parsed once, when the alert is written, into the multilingual tsquery
# of core/search.py (CJK runs as bigram phrases, Latin words stemmed as English, German and
# French). Matching a new opportunity then tests each alert with one `@@`, instead of
# parsing 100,000 keyword strings per publication. Not a model field: only the engine reads
# it, on Postgres; SQLite matches keywords with `icontains`.
FORWARDS = """
ALTER TABLE matching_alert ADD COLUMN keywords_query tsquery
GENERATED ALWAYS AS (wlscc_search_query(keywords)) STORED;
"""

BACKWARDS = """
ALTER TABLE matching_alert DROP COLUMN IF EXISTS keywords_query;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_multilingual_search"),
        ("matching", "0005_notifications_moved"),
    ]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
