"""Run under `wlscc.settings.prod` in a subprocess (see test_prod_settings.py).

Collects the static files the way a deployment does (manifest + compression), then sends a
few requests through the full middleware stack and prints what came back as JSON.
"""

import json
import sys

import django
from django.core.management import call_command


def describe(response) -> dict:
    return {
        "status": response.status_code,
        "location": response.headers.get("Location", ""),
        "headers": dict(response.headers.items()),
        "cookies": {
            name: {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"])}
            for name, morsel in response.cookies.items()
        },
    }


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    https = {"secure": True, "headers": {"X-Forwarded-Proto": "https"}}
    result = {
        "healthz_http": describe(client.get("/healthz")),
        "home_http": describe(client.get("/")),
        "home_https": describe(client.get("/", **https)),
        "login_https": describe(client.get("/accounts/login/", **https)),
        "settings": {
            name: getattr(settings, name)
            for name in (
                "DEBUG",
                "SESSION_COOKIE_SECURE",
                "SESSION_COOKIE_HTTPONLY",
                "CSRF_COOKIE_SECURE",
                "SESSION_ENGINE",
                "EMAIL_BACKEND",
                "EMAIL_DELIVERY_BACKEND",
                "CELERY_TASK_ALWAYS_EAGER",
            )
        },
        "database": {
            name: settings.DATABASES["default"][name]
            for name in ("ENGINE", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS")
        },
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
