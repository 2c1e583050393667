from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Home")

    def ready(self) -> None:
        # App loading (a documented exception to imports at module top): the selectors register
        # the aggregates the beat task refreshes (core.caching.AGGREGATES) when imported, and
        # the domain-event handlers register themselves when imported.
        from . import handlers, selectors  # noqa: F401
