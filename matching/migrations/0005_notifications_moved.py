from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0004_perf_claim_index"),
        ("notifications", "0001_initial"),
    ]

    # Notification and NotificationPreference moved to the notifications app with their rows:
    # only Django's state changes, the tables stay (notifications.models, db_table).
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="notificationpreference",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="Notification",
                ),
                migrations.DeleteModel(
                    name="NotificationPreference",
                ),
            ],
        ),
    ]
