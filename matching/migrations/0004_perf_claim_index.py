from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# Every send reads and finishes its claimed rows by `claim`: without an index each e-mail and
# each digest scanned the whole outbox (two scans of 200,000 notifications per digest in
# `make bench`). Partial: only rows being sent carry a claim. Raw SQL, built CONCURRENTLY.
FORWARDS = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS notif_claim_idx ON matching_notification (claim) "
    "WHERE claim IS NOT NULL"
)
BACKWARDS = "DROP INDEX CONCURRENTLY IF EXISTS notif_claim_idx"


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("matching", "0003_expire_task_from_opportunities")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
