from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# The staff dashboard's disputes to settle (followups.selectors.disputes_for_staff) are the
# few follow-ups with `disputed_at`, oldest first: without an index each staff dashboard scanned
# every follow-up (48,000 at bench scale, 8-12 ms, the page's slowest query). Partial: only
# disputed rows are indexed, in the list's order. Raw SQL, built CONCURRENTLY.
FORWARDS = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS followup_disputed_idx ON followups_followup "
    "(disputed_at) WHERE disputed_at IS NOT NULL"
)
BACKWARDS = "DROP INDEX CONCURRENTLY IF EXISTS followup_disputed_idx"


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("followups", "0003_alter_followupevent_via")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
