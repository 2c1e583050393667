from django.db import migrations

from core.migration_ops import run_schedules
from core.schedules import SCHEDULES


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_embedding"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [run_schedules(SCHEDULES)]
