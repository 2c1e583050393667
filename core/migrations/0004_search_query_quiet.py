from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# `websearch_to_tsquery` raises a NOTICE for a query without lexemes (empty, or stop words
# only), three per call here (one per configuration). The generated column of alerts calls
# `wlscc_search_query` on every saved alert, most of which have no keywords: loading 100,000
# alerts with COPY sent 300,000 notices the client did not read while writing, and both sides
# blocked. The notices tell nobody anything: the functions keep them to themselves.
FORWARDS = """
ALTER FUNCTION wlscc_search_query(text) SET client_min_messages = warning;
"""
BACKWARDS = """
ALTER FUNCTION wlscc_search_query(text) RESET client_min_messages;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0003_beat_schedules")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
