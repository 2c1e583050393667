from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data of `manage.py seed_demo`: no models, the top layer below the project."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
