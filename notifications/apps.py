from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # App loading (a documented exception to imports at module top): registering the
        # domain-event handlers and the Celery tasks needs the models loaded. The outbox
        # queues its send task by name, so the task must be registered in every process.
        from . import tasks  # noqa: F401
        from .handlers import events, followups, matching, opportunities, partners  # noqa: F401
