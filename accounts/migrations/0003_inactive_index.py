from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# The people whose account is closed, read by matching for every publication (their alerts are
# left out: matching.engine.satisfied_alerts) from this partial index instead of joining all
# 20,000 users of the bench to the alerts (two scans of the user table, one hash of every user
# per publication). It holds the inactive accounts only: an active user's writes (last_login on
# each sign-in) add nothing to it and stay HOT. Raw SQL, built CONCURRENTLY.
FORWARDS = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS user_inactive_idx ON accounts_user (id) "
    "WHERE NOT is_active"
)
BACKWARDS = "DROP INDEX CONCURRENTLY IF EXISTS user_inactive_idx"


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("accounts", "0002_beat_schedules")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
