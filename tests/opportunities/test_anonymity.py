"""An anonymous owner is named only to itself, its cluster's staff, consortium admins and the
organizations it accepted. Everyone else reads "A member of <cluster>" — everywhere."""

import pytest
from django.urls import reverse

from opportunities import services
from opportunities.models import InterestStatus
from tests.opportunities.factories import (
    ExpressionOfInterestFactory,
    PublishedOpportunityFactory,
)
from tests.partners.factories import MembershipFactory, OrganizationFactory
from tests.personas import OWNER_NAME, OWNER_SLUG

pytestmark = pytest.mark.django_db

LEAKS = (OWNER_NAME, OWNER_SLUG, "owner@zephyrine.example")


def assert_hidden(html: str, cluster_name: str) -> None:
    for secret in LEAKS:
        assert secret not in html
    assert f"A member of {cluster_name}" in html


def assert_named(html: str) -> None:
    assert OWNER_NAME in html
    assert f'href="{reverse("partners:detail", args=[OWNER_SLUG])}"' in html


def _pages(anonymous_published, other_published):
    """The pages where the anonymous opportunity appears: list, search, detail, similar."""
    return [
        reverse("opportunities:list"),
        reverse("opportunities:list") + "?q=sepsis",
        reverse("opportunities:list") + "?sort=closing",
        reverse("opportunities:detail", args=[anonymous_published.pk]),
        # The anonymous opportunity shows up among the similar ones of another opportunity.
        reverse("opportunities:detail", args=[other_published.pk]),
    ]


@pytest.fixture
def other_published(area, cluster_b):
    return PublishedOpportunityFactory(
        organization=OrganizationFactory(cluster=cluster_b, name="Neutral Biotech KK"),
        title="Open sepsis biomarker panel",
        technology_areas=[area],
    )


@pytest.fixture
def stranger(cluster_b):
    """A member of an organization with no introduction to the owner."""
    return MembershipFactory(organization=OrganizationFactory(cluster=cluster_b)).user


@pytest.mark.parametrize("page_index", range(5))
def test_hidden_from_members_of_other_organizations(
    client, stranger, anonymous_published, other_published, cluster_a, page_index
):
    client.force_login(stranger)
    url = _pages(anonymous_published, other_published)[page_index]
    response = client.get(url)
    assert response.status_code == 200
    assert anonymous_published.title in response.content.decode()
    assert_hidden(response.content.decode(), cluster_a.name)


@pytest.mark.parametrize("page_index", range(5))
def test_hidden_from_the_interested_party_before_acceptance(
    client, member_b, other_org, anonymous_published, other_published, cluster_a, page_index
):
    ExpressionOfInterestFactory(opportunity=anonymous_published, organization=other_org)
    client.force_login(member_b)
    response = client.get(_pages(anonymous_published, other_published)[page_index])
    assert_hidden(response.content.decode(), cluster_a.name)


def test_hidden_after_a_declined_interest(
    client, member_b, other_org, owner, anonymous_published, cluster_a
):
    interest = ExpressionOfInterestFactory(opportunity=anonymous_published, organization=other_org)
    services.interest_decline(actor=owner, interest=interest, reply="Not now.")
    client.force_login(member_b)
    response = client.get(reverse("opportunities:detail", args=[anonymous_published.pk]))
    assert_hidden(response.content.decode(), cluster_a.name)


def test_hidden_from_staff_of_another_cluster(client, staff_b, anonymous_published, cluster_a):
    client.force_login(staff_b)
    response = client.get(reverse("opportunities:detail", args=[anonymous_published.pk]))
    assert_hidden(response.content.decode(), cluster_a.name)


def test_visitors_do_not_see_anonymous_opportunities_at_all(client, anonymous_published):
    assert (
        client.get(reverse("opportunities:detail", args=[anonymous_published.pk])).status_code
        == 404
    )
    html = client.get(reverse("opportunities:list")).content.decode()
    assert anonymous_published.title not in html
    for secret in LEAKS:
        assert secret not in html


def test_htmx_results_fragment_hides_the_owner(client, stranger, anonymous_published, cluster_a):
    client.force_login(stranger)
    response = client.get(reverse("opportunities:list"), headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()
    assert_hidden(response.content.decode(), cluster_a.name)


@pytest.mark.parametrize("persona", ["owner", "colleague", "staff_a", "consortium_admin"])
def test_named_to_the_owner_and_moderators(client, request, persona, anonymous_published):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("opportunities:detail", args=[anonymous_published.pk]))
    assert_named(response.content.decode())


def test_named_to_the_introduced_party_only(
    client, member_b, other_org, owner, anonymous_published, stranger, cluster_a
):
    interest = ExpressionOfInterestFactory(opportunity=anonymous_published, organization=other_org)
    services.interest_accept(actor=owner, interest=interest)
    assert interest.status == InterestStatus.ACCEPTED

    client.force_login(member_b)
    detail = reverse("opportunities:detail", args=[anonymous_published.pk])
    assert_named(client.get(detail).content.decode())
    assert_named(client.get(reverse("opportunities:list")).content.decode())

    client.force_login(stranger)
    assert_hidden(client.get(detail).content.decode(), cluster_a.name)


def test_dashboard_of_the_interested_party_hides_the_owner_until_acceptance(
    client, member_b, other_org, owner, anonymous_published, cluster_a
):
    interest = ExpressionOfInterestFactory(opportunity=anonymous_published, organization=other_org)
    client.force_login(member_b)
    assert_hidden(client.get(reverse("dashboard:home")).content.decode(), cluster_a.name)
    services.interest_accept(actor=owner, interest=interest)
    assert OWNER_NAME in client.get(reverse("dashboard:home")).content.decode()


def test_staff_of_the_interested_cluster_do_not_learn_the_owner(
    client, staff_b, other_org, owner, anonymous_published, cluster_a
):
    interest = ExpressionOfInterestFactory(opportunity=anonymous_published, organization=other_org)
    services.interest_accept(actor=owner, interest=interest)
    client.force_login(staff_b)
    html = client.get(reverse("dashboard:home")).content.decode()
    assert anonymous_published.title in html  # the introduction is listed...
    assert_hidden(html, cluster_a.name)  # ...but the owner stays "a member of" its cluster


def test_title_and_meta_description_do_not_name_the_owner(client, stranger, anonymous_published):
    client.force_login(stranger)
    html = client.get(reverse("opportunities:detail", args=[anonymous_published.pk])).content
    head = html.decode().split("</head>")[0]
    for secret in LEAKS:
        assert secret not in head


@pytest.mark.parametrize("count", [1, 4])
def test_detail_page_queries_do_not_grow_with_similar_opportunities(
    client, django_assert_num_queries, stranger, anonymous_published, area, cluster_b, count
):
    for _ in range(count):
        PublishedOpportunityFactory(
            organization=OrganizationFactory(cluster=cluster_b), technology_areas=[area]
        )
    client.force_login(stranger)
    # 1 session, 2 user, 3-4 roles, 5 opportunity (with whether it has attachments and
    # translations, and the state of the user's interest), 6 its areas, 7 similar, 8 their
    # areas, 9 feedback already given, 10 unread notifications (navbar). Not read: its
    # attachments and translations (it has none), my interests (the state says there are
    # none), the one organization that may express interest or pass with feedback (known
    # from the roles)
    with django_assert_num_queries(10):
        response = client.get(reverse("opportunities:detail", args=[anonymous_published.pk]))
    assert len(response.context["similar"]) == count
