from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        # App loading (a documented exception to imports at module top): the selectors and the
        # KPI cache register what the beat task refreshes (core.caching) when imported.
        from . import kpi_cache, selectors  # noqa: F401
