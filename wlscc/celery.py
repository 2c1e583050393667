import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wlscc.settings.dev")

app = Celery("wlscc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
