from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "followups"
    verbose_name = _("Follow-ups")

    def ready(self) -> None:
        # Registers the follow-ups' sections of the personal-data download.
        from . import handlers, personal_data  # noqa: F401
