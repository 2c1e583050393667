from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # Registers the domain-event handlers (tombstones, webhooks) and the schema extension
        # of the key authentication.
        from . import handlers, schema  # noqa: F401
