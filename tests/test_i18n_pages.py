"""Every page of issue 8's list, in each of the five other languages, shows no interface
string in English (all the catalogue's strings, not one part's).

The pages are seen by an organization's admin (a member role: no TOTP needed) whose account
language is the page's language (core.middleware applies a signed-in user's language).
Member-written content and country names are not in the catalogue, so they never count.
"""

import pytest
from django.urls import reverse

from clusters.models import TechnologyArea
from opportunities.models import InterestStatus
from partners.models import MembershipRole
from tests.accounts.factories import verify_email
from tests.clusters.factories import ClusterFactory
from tests.i18n_check import untranslated_strings
from tests.opportunities.factories import ExpressionOfInterestFactory, PublishedOpportunityFactory
from tests.partners.factories import ContactFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "ja", "ko", "de", "fr"]
PAGES = [
    "home",
    "clusters",
    "organizations",
    "organization",
    "opportunities",
    "opportunity",
    "post_form",
    "dashboard",
    "stats",
    "login",
]


@pytest.fixture
def portal(db):
    """Two clusters, an organization with its admin, a published opportunity and interests."""
    area = TechnologyArea.objects.filter(parent__isnull=False).first()
    lyon = ClusterFactory(name="Lyonbiopôle", country="FR", latitude="45.7", longitude="4.8")
    osaka = ClusterFactory(name="Kansai Life", country="JP", latitude="34.7", longitude="135.5")
    organization = OrganizationFactory(
        cluster=lyon, name="Zephyrine Diagnostics", technology_areas=[area]
    )
    ContactFactory(organization=organization)
    other = OrganizationFactory(cluster=osaka, name="Osaka Cell Lab", technology_areas=[area])
    admin = MembershipFactory(organization=organization, role=MembershipRole.ADMIN).user
    verify_email(admin)
    opportunity = PublishedOpportunityFactory(
        organization=organization, author=admin, technology_areas=[area]
    )
    ExpressionOfInterestFactory(opportunity=opportunity, organization=other)
    ExpressionOfInterestFactory(
        opportunity=PublishedOpportunityFactory(organization=other, technology_areas=[area]),
        organization=organization,
        status=InterestStatus.ACCEPTED,
    )
    return {"admin": admin, "organization": organization, "opportunity": opportunity}


def _url(page: str, portal: dict) -> str:
    return {
        "home": reverse("home"),
        "clusters": reverse("clusters:list"),
        "organizations": reverse("partners:list"),
        "organization": reverse("partners:detail", args=[portal["organization"].slug]),
        "opportunities": reverse("opportunities:list"),
        "opportunity": reverse("opportunities:detail", args=[portal["opportunity"].pk]),
        "post_form": reverse("opportunities:create"),
        "dashboard": reverse("dashboard:home"),
        "stats": reverse("stats:index"),
        "login": reverse("account_login"),
    }[page]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_is_fully_translated(client, portal, page, language):
    client.cookies["django_language"] = language
    if page != "login":
        admin = portal["admin"]
        admin.language = language
        admin.save(update_fields=["language"])
        client.force_login(admin)
    response = client.get(_url(page, portal))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert untranslated_strings(html, language) == []


def test_the_check_would_catch_an_english_page(client, portal):
    """The English dashboard, checked as German, is reported (the test is not vacuous)."""
    client.force_login(portal["admin"])
    html = client.get(reverse("dashboard:home")).content.decode()
    assert untranslated_strings(html, "de") != []
