from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # App loading (a documented exception to imports at module top): the domain-event
        # handlers register themselves when imported, which needs the models loaded.
        from . import handlers, semantic  # noqa: F401
