from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self) -> None:
        # App loading (a documented exception to imports at module top): registers what the
        # semantic search embeds and the signals that queue it, which needs the models loaded.
        # The same for the marketplace's section of the personal-data download, and for what
        # its cards' cached HTML depends on.
        from . import fragments, personal_data, semantic  # noqa: F401
