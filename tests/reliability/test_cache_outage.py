"""With the cache's Redis stopped, the portal keeps serving (and says so in /healthz)."""

import logging

import pytest
from django.core.cache import cache

from tests.accounts.factories import UserFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/clusters/", "/organizations/", "/opportunities/"]


@pytest.fixture
def directory():
    organization = OrganizationFactory(name="Lyon Assays")
    return organization


def test_the_cache_works_while_its_redis_runs(outage_tolerant_cache):
    cache.set("probe", "value", 30)

    assert cache.get("probe") == "value"


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_while_the_cache_is_down(client, outage_tolerant_cache, directory, url):
    outage_tolerant_cache.stop()

    response = client.get(url)

    assert response.status_code == 200


def test_the_directory_still_lists_organizations_while_the_cache_is_down(
    client, outage_tolerant_cache, directory
):
    outage_tolerant_cache.stop()

    response = client.get("/organizations/")

    assert "Lyon Assays" in response.content.decode()


def test_healthz_reports_the_cache_error_and_stays_up(client, outage_tolerant_cache):
    outage_tolerant_cache.stop()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["cache"] == "error"
    assert response.json()["database"] == "ok"


def test_cache_failures_are_logged(client, outage_tolerant_cache, caplog):
    outage_tolerant_cache.stop()

    with caplog.at_level(logging.WARNING, logger="core.resilient_cache"):
        client.get("/")

    assert "Redis unreachable" in caplog.text


def test_a_signed_in_session_survives_the_cache_outage(client, outage_tolerant_cache):
    user = UserFactory()
    client.force_login(user)
    outage_tolerant_cache.stop()

    response = client.get("/")

    assert response.status_code == 200
    assert response.wsgi_request.user == user


def test_healthz_reports_the_cache_ok_again_once_redis_is_back(client, outage_tolerant_cache):
    outage_tolerant_cache.stop()
    client.get("/healthz")

    outage_tolerant_cache.start()
    response = client.get("/healthz")

    assert response.json()["cache"] == "ok"


def test_signing_in_works_while_the_cache_holding_the_rate_limits_is_down(
    client, settings, outage_tolerant_cache
):
    from allauth.account.models import EmailAddress

    from tests.accounts.factories import DEFAULT_PASSWORD

    settings.ACCOUNT_RATE_LIMITS = {"login": "30/m/ip", "login_failed": "10/m/ip,5/5m/key"}
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    outage_tolerant_cache.stop()

    response = client.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == user
