"""Production settings: deploy checks, HTTPS, headers, cookies, and no secret with a default."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent

# The probe's subprocess reads the test database, so it must have been set up.
pytestmark = pytest.mark.django_db

REQUIRED = ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL")


def prod_environment(**overrides: str) -> dict[str, str]:
    """A clean environment for the prod settings: nothing leaks in from the test run."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CACHE_", "EMAIL_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="wlscc.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="portal.wlscc.example",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/wlscc",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    environment.update(overrides)
    return {name: value for name, value in environment.items() if value is not None}


def run(args: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_check_deploy_reports_no_message():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], prod_environment())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.parametrize("variable", REQUIRED)
def test_prod_settings_refuse_to_load_without_a_required_variable(variable):
    environment = prod_environment()
    del environment[variable]

    result = run(["-c", "import django; django.setup()"], environment)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_prod_settings_refuse_the_sqlite_demo_database():
    environment = prod_environment(DATABASE_URL="sqlite:////tmp/wlscc-prod.sqlite3")

    result = run(["-c", "import django; django.setup()"], environment)

    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_a_short_secret_key_fails_the_deploy_check():
    environment = prod_environment(DJANGO_SECRET_KEY="too-short")

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], environment)

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.fixture(scope="module")
def probe(django_db_setup, django_db_blocker, tmp_path_factory):
    """Requests through the prod middleware stack, on the test database, after collectstatic."""
    with django_db_blocker.unblock():
        database = connection.settings_dict
        url = (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    environment = prod_environment(
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=url,
        CACHE_KEY_PREFIX=f"prod-probe-{secrets.token_hex(4)}",
        DJANGO_STATIC_ROOT=str(tmp_path_factory.mktemp("staticfiles")),
        DJANGO_LOG_LEVEL="ERROR",
    )
    result = run(["-m", "tests.security.prod_probe"], environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_plain_http_is_redirected_to_https(probe):
    assert probe["home_http"]["status"] == 301
    assert probe["home_http"]["location"] == "https://testserver/"


def test_healthz_answers_plain_http_probes_without_redirect(probe):
    assert probe["healthz_http"]["status"] == 200


def test_https_pages_render_with_the_collected_static_files(probe):
    assert probe["home_https"]["status"] == 200


def test_https_responses_carry_hsts_with_preload(probe):
    hsts = probe["home_https"]["headers"]["Strict-Transport-Security"]

    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_responses_deny_framing_sniffing_and_cross_site_referrers(probe):
    headers = probe["home_https"]["headers"]

    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_responses_deny_the_browser_features_the_portal_never_uses(probe):
    policy = probe["home_https"]["headers"]["Permissions-Policy"]
    directives = dict(part.strip().split("=", 1) for part in policy.split(","))

    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert directives[feature] == "()", feature


def test_the_csp_forbids_inline_scripts_in_production(probe):
    policy = probe["home_https"]["headers"]["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())

    assert directives["script-src"] == "'self'"
    assert "frame-ancestors 'none'" in policy


def test_the_csrf_cookie_is_secure_and_httponly(probe):
    cookie = probe["login_https"]["cookies"]["csrftoken"]

    assert cookie == {"secure": True, "httponly": True}


def test_session_cookies_are_secure_httponly_and_stored_in_the_database(probe):
    assert probe["settings"]["SESSION_COOKIE_SECURE"] is True
    assert probe["settings"]["SESSION_COOKIE_HTTPONLY"] is True
    assert probe["settings"]["SESSION_ENGINE"] == "core.sessions"


def test_production_never_prints_e_mails_to_the_console(probe):
    assert probe["settings"]["DEBUG"] is False
    assert probe["settings"]["EMAIL_BACKEND"] == "core.mail.MessageIdBackend"
    assert (
        probe["settings"]["EMAIL_DELIVERY_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    )
    assert probe["settings"]["CELERY_TASK_ALWAYS_EAGER"] is False


def test_database_connections_are_persistent_and_health_checked(probe):
    assert probe["database"] == {
        "ENGINE": "django.db.backends.postgresql",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
