import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("matching", "0004_perf_claim_index"),
    ]

    # The models moved here from the matching app with their rows: only Django's state
    # changes (matching 0005 removes them there); the tables keep their names (db_table).
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "email",
                            models.EmailField(
                                blank=True, max_length=254, verbose_name="e-mail address"
                            ),
                        ),
                        (
                            "language",
                            models.CharField(blank=True, max_length=10, verbose_name="language"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("new_match", "New matching opportunity"),
                                    ("eoi_received", "Expression of interest received"),
                                    ("eoi_answered", "Expression of interest answered"),
                                    ("moderation_result", "Moderation result"),
                                    ("expiring_soon", "Opportunity expiring soon"),
                                    (
                                        "eoi_unanswered",
                                        "Expression of interest awaiting your answer",
                                    ),
                                    ("invitation", "Invitation"),
                                ],
                                max_length=32,
                                verbose_name="kind",
                            ),
                        ),
                        ("event_key", models.CharField(max_length=120, verbose_name="event key")),
                        (
                            "payload",
                            models.JSONField(blank=True, default=dict, verbose_name="payload"),
                        ),
                        ("url", models.CharField(blank=True, max_length=500, verbose_name="link")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "read_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="read at"),
                        ),
                        (
                            "delivery",
                            models.CharField(
                                choices=[
                                    ("instant", "Instantly"),
                                    ("daily", "Daily digest"),
                                    ("weekly", "Weekly digest"),
                                    ("off", "No e-mail"),
                                ],
                                default="instant",
                                max_length=16,
                                verbose_name="delivery",
                            ),
                        ),
                        (
                            "email_status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting to be sent"),
                                    ("sending", "Being sent"),
                                    ("sent", "Sent"),
                                    ("digest", "Waiting for the digest"),
                                    ("skipped", "Not e-mailed"),
                                    ("failed", "Failed"),
                                ],
                                default="pending",
                                max_length=16,
                                verbose_name="e-mail status",
                            ),
                        ),
                        (
                            "emailed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="e-mailed at"),
                        ),
                        (
                            "attempts",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="send attempts"
                            ),
                        ),
                        ("claim", models.UUIDField(blank=True, editable=False, null=True)),
                        ("claimed_at", models.DateTimeField(blank=True, editable=False, null=True)),
                        (
                            "last_error",
                            models.CharField(blank=True, editable=False, max_length=500),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recipient",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "db_table": "matching_notification",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["recipient", "-created_at"], name="notif_recipient_idx"
                            ),
                            models.Index(
                                condition=models.Q(("read_at__isnull", True)),
                                fields=["recipient"],
                                name="notif_unread_idx",
                            ),
                            models.Index(
                                condition=models.Q(
                                    ("email_status__in", ["pending", "sending", "digest"])
                                ),
                                fields=["email_status", "created_at"],
                                name="notif_outbox_idx",
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("recipient__isnull", False)),
                                fields=("recipient", "event_key"),
                                name="one_notification_per_recipient_event",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("recipient__isnull", True)),
                                fields=("email", "event_key"),
                                name="one_notification_per_address_event",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("recipient__isnull", False),
                                    models.Q(("email", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="notification_has_recipient_or_email",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="NotificationPreference",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("new_match", "New matching opportunity"),
                                    ("eoi_received", "Expression of interest received"),
                                    ("eoi_answered", "Expression of interest answered"),
                                    ("moderation_result", "Moderation result"),
                                    ("expiring_soon", "Opportunity expiring soon"),
                                    (
                                        "eoi_unanswered",
                                        "Expression of interest awaiting your answer",
                                    ),
                                    ("invitation", "Invitation"),
                                ],
                                max_length=32,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "delivery",
                            models.CharField(
                                choices=[
                                    ("instant", "Instantly"),
                                    ("daily", "Daily digest"),
                                    ("weekly", "Weekly digest"),
                                    ("off", "No e-mail"),
                                ],
                                max_length=16,
                                verbose_name="delivery",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notification_preferences",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "notification preference",
                        "verbose_name_plural": "notification preferences",
                        "db_table": "matching_notificationpreference",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "kind"), name="one_preference_per_kind"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
