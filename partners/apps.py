from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        # App loading (a documented exception to imports at module top): registers what the
        # semantic search embeds and the signals that queue it, which needs the models loaded;
        # and what the directory cards' cached HTML depends on.
        from . import fragments, semantic  # noqa: F401
