"""The home page, the error pages and the site frame in the five other languages."""

import pytest
from django.urls import reverse
from django.utils import translation

from opportunities.models import InterestStatus
from tests.clusters.factories import ClusterFactory
from tests.i18n_check import untranslated_strings
from tests.opportunities.factories import ExpressionOfInterestFactory, PublishedOpportunityFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "ja", "ko", "de", "fr"]
# The files whose strings this part of the portal owns (the site frame, home, errors).
SOURCES = (
    "templates/base.html",
    "templates/includes/navbar.html",
    "templates/includes/footer.html",
    "templates/includes/error_page.html",
    "templates/home/",
    "templates/403.html",
    "templates/404.html",
    "templates/500.html",
    "home/",
)


@pytest.fixture
def home_data(db):
    cmc = ClusterFactory(name="China Medical City", latitude="32.4", longitude="119.9")
    lyon = ClusterFactory(name="Lyonbiopôle")
    opportunity = PublishedOpportunityFactory(organization__cluster=cmc)
    ExpressionOfInterestFactory(
        opportunity=opportunity,
        organization=OrganizationFactory(cluster=lyon),
        status=InterestStatus.ACCEPTED,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_is_fully_translated(client, home_data, language):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert untranslated_strings(html, language, sources=SOURCES) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_not_found_page_is_fully_translated(client, language):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert untranslated_strings(response.content.decode(), language, sources=SOURCES) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_server_error_page_is_fully_translated(language):
    from django.template.loader import render_to_string

    with translation.override(language):
        html = render_to_string("500.html")
    assert untranslated_strings(html, language, sources=SOURCES) == []


def test_the_check_would_catch_an_untranslated_home(client, home_data):
    """English text on a page said to be German is reported (the check is not vacuous)."""
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Latest opportunities" in untranslated_strings(html, "de", sources=SOURCES)
