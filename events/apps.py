from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Partnering events")

    def ready(self) -> None:
        # Registers the personal-data section and the account-deletion handler.
        from . import handlers  # noqa: F401
