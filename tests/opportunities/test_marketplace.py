"""/opportunities/: full-text search, every filter, sorting, pagination, constant queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clusters.models import TechnologyArea
from opportunities.models import (
    CollaborationType,
    DevelopmentStage,
    OpportunityStatus,
    OpportunityType,
)
from tests.opportunities.factories import OpportunityFactory, PublishedOpportunityFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
URL = reverse("opportunities:list")


def titles(response) -> list[str]:
    return [opportunity.title for opportunity in response.context["opportunities"]]


@pytest.fixture
def areas():
    return {slug: TechnologyArea.objects.get(slug=slug) for slug in ("biologics", "ai-ml")}


# --- what is listed ---------------------------------------------------------------------


def test_lists_only_published_unexpired_opportunities_of_active_organizations(client, owner_org):
    PublishedOpportunityFactory(organization=owner_org, title="Visible")
    for status in set(OpportunityStatus.values) - {OpportunityStatus.PUBLISHED}:
        OpportunityFactory(organization=owner_org, status=status, title=f"Hidden {status}")
    PublishedOpportunityFactory(
        organization=owner_org, title="Past its date", expires_on=timezone.localdate()
    )
    PublishedOpportunityFactory(
        organization=OrganizationFactory(is_active=False), title="Inactive owner"
    )
    assert titles(client.get(URL)) == ["Visible"]


def test_visitors_see_no_anonymous_opportunity_but_members_do(client, owner_org, member_b):
    PublishedOpportunityFactory(organization=owner_org, title="Named")
    PublishedOpportunityFactory(organization=owner_org, title="Secret", is_anonymous=True)
    assert titles(client.get(URL)) == ["Named"]
    client.force_login(member_b)
    assert sorted(titles(client.get(URL))) == ["Named", "Secret"]


# --- full-text search -------------------------------------------------------------------


def test_q_searches_title_summary_and_description(client, owner_org):
    PublishedOpportunityFactory(organization=owner_org, title="Antibody licensing")
    PublishedOpportunityFactory(
        organization=owner_org, title="Other", summary="Our antibodies bind IL-17."
    )
    PublishedOpportunityFactory(
        organization=owner_org, title="Third", description="A humanised antibody platform."
    )
    PublishedOpportunityFactory(organization=owner_org, title="Unrelated wearable")
    assert sorted(titles(client.get(URL, {"q": "antibody"}))) == [
        "Antibody licensing",
        "Other",
        "Third",
    ]


def test_q_ranks_title_matches_first(client, owner_org):
    PublishedOpportunityFactory(
        organization=owner_org, title="Manufacturing", description="organoid models"
    )
    PublishedOpportunityFactory(organization=owner_org, title="Organoid screening platform")
    assert titles(client.get(URL, {"q": "organoid"})) == [
        "Organoid screening platform",
        "Manufacturing",
    ]


def test_q_understands_websearch_syntax(client, owner_org):
    PublishedOpportunityFactory(organization=owner_org, title="Cell therapy for dogs veterinary")
    PublishedOpportunityFactory(organization=owner_org, title="Cell therapy for humans")
    PublishedOpportunityFactory(organization=owner_org, title="Therapy of the cell wall")
    assert titles(client.get(URL, {"q": '"cell therapy" -veterinary'})) == [
        "Cell therapy for humans"
    ]


def test_q_with_only_punctuation_finds_nothing_without_error(client, owner_org):
    PublishedOpportunityFactory(organization=owner_org)
    response = client.get(URL, {"q": "&|!():*"})
    assert response.status_code == 200
    assert titles(response) == []


# --- filters ----------------------------------------------------------------------------


def test_filter_by_type(client, owner_org):
    PublishedOpportunityFactory(organization=owner_org, title="Offer")
    PublishedOpportunityFactory(
        organization=owner_org, title="Money", type=OpportunityType.INVESTMENT_SOUGHT
    )
    assert titles(client.get(URL, {"type": "investment_sought"})) == ["Money"]


def test_filter_by_a_top_area_includes_its_sub_areas(client, owner_org, areas):
    therapeutics = TechnologyArea.objects.get(slug="therapeutics")
    PublishedOpportunityFactory(
        organization=owner_org, title="Sub", technology_areas=[areas["biologics"]]
    )
    PublishedOpportunityFactory(
        organization=owner_org, title="Top", technology_areas=[therapeutics]
    )
    PublishedOpportunityFactory(
        organization=owner_org, title="Other", technology_areas=[areas["ai-ml"]]
    )
    assert sorted(titles(client.get(URL, {"area": "therapeutics"}))) == ["Sub", "Top"]


def test_filter_by_a_sub_area(client, owner_org, areas):
    PublishedOpportunityFactory(
        organization=owner_org, title="Both", technology_areas=[areas["biologics"], areas["ai-ml"]]
    )
    PublishedOpportunityFactory(
        organization=owner_org, title="Bio", technology_areas=[areas["biologics"]]
    )
    # One row per opportunity even when it has several areas.
    assert titles(client.get(URL, {"area": "ai-ml"})) == ["Both"]


def test_filter_by_stage(client, owner_org):
    PublishedOpportunityFactory(
        organization=owner_org, title="P2", stage=DevelopmentStage.CLINICAL_2
    )
    PublishedOpportunityFactory(
        organization=owner_org, title="Pre", stage=DevelopmentStage.PRECLINICAL
    )
    assert titles(client.get(URL, {"stage": "clinical_2"})) == ["P2"]


def test_filter_by_trl_range(client, owner_org):
    for level in (2, 4, 6, 8):
        PublishedOpportunityFactory(organization=owner_org, title=f"TRL {level}", trl=level)
    PublishedOpportunityFactory(organization=owner_org, title="No TRL")
    assert sorted(titles(client.get(URL, {"trl_min": "4", "trl_max": "6"}))) == ["TRL 4", "TRL 6"]
    assert sorted(titles(client.get(URL, {"trl_min": "7"}))) == ["TRL 8"]


def test_filter_by_collaboration_type(client, owner_org):
    PublishedOpportunityFactory(
        organization=owner_org,
        title="Licence",
        collaboration_types=[CollaborationType.LICENCE, CollaborationType.CO_DEVELOPMENT],
    )
    PublishedOpportunityFactory(
        organization=owner_org, title="JV", collaboration_types=[CollaborationType.JOINT_VENTURE]
    )
    assert titles(client.get(URL, {"collaboration": "licence"})) == ["Licence"]


def test_filter_by_target_country(client, owner_org):
    PublishedOpportunityFactory(
        organization=owner_org, title="Japan", target_countries=["JP", "KR"]
    )
    PublishedOpportunityFactory(organization=owner_org, title="Germany", target_countries=["DE"])
    assert titles(client.get(URL, {"country": "KR"})) == ["Japan"]


def test_filter_by_owner_cluster(client, owner_org, other_org, cluster_b):
    PublishedOpportunityFactory(organization=owner_org, title="A")
    PublishedOpportunityFactory(organization=other_org, title="B")
    assert titles(client.get(URL, {"cluster": cluster_b.slug})) == ["B"]


def test_filter_by_owner_country(client, owner_org, cluster_b):
    PublishedOpportunityFactory(organization=owner_org, title="French")
    PublishedOpportunityFactory(
        organization=OrganizationFactory(cluster=cluster_b, country="CH"), title="Swiss"
    )
    assert titles(client.get(URL, {"owner_country": "CH"})) == ["Swiss"]


def test_filters_combine(client, owner_org, areas):
    PublishedOpportunityFactory(
        organization=owner_org,
        title="Antibody licence in Japan",
        technology_areas=[areas["biologics"]],
        target_countries=["JP"],
    )
    PublishedOpportunityFactory(
        organization=owner_org,
        title="Antibody licence in Germany",
        technology_areas=[areas["biologics"]],
        target_countries=["DE"],
    )
    response = client.get(URL, {"q": "antibody", "area": "therapeutics", "country": "JP"})
    assert titles(response) == ["Antibody licence in Japan"]


def test_invalid_filter_values_are_ignored(client, owner_org):
    PublishedOpportunityFactory(organization=owner_org, title="Still here")
    response = client.get(
        URL, {"type": "nonsense", "area": "no-such-area", "trl_min": "ten", "country": "XX"}
    )
    assert response.status_code == 200
    assert titles(response) == ["Still here"]


def test_active_filters_are_kept_in_links(client, owner_org):
    for number in range(25):
        PublishedOpportunityFactory(organization=owner_org, title=f"Offer {number}")
    html = client.get(URL, {"type": "technology_offer", "q": "offer"}).content.decode()
    assert "?type=technology_offer&amp;q=offer&amp;page=2" in html
    assert 'value="offer"' in html


# --- sorting ----------------------------------------------------------------------------


def test_sort_newest_first_by_default(client, owner_org):
    now = timezone.now()
    PublishedOpportunityFactory(
        organization=owner_org, title="Old", published_at=now - datetime.timedelta(days=9)
    )
    PublishedOpportunityFactory(organization=owner_org, title="New", published_at=now)
    assert titles(client.get(URL)) == ["New", "Old"]


def test_sort_closing_soon(client, owner_org):
    today = timezone.localdate()
    PublishedOpportunityFactory(
        organization=owner_org, title="Late", expires_on=today + datetime.timedelta(days=300)
    )
    PublishedOpportunityFactory(
        organization=owner_org, title="Soon", expires_on=today + datetime.timedelta(days=3)
    )
    assert titles(client.get(URL, {"sort": "closing"})) == ["Soon", "Late"]


def test_sort_newest_overrides_relevance(client, owner_org):
    now = timezone.now()
    PublishedOpportunityFactory(
        organization=owner_org,
        title="Organoid organoid platform",
        published_at=now - datetime.timedelta(days=5),
    )
    PublishedOpportunityFactory(
        organization=owner_org, title="Manufacturing", summary="organoid", published_at=now
    )
    assert titles(client.get(URL, {"q": "organoid", "sort": "newest"})) == [
        "Manufacturing",
        "Organoid organoid platform",
    ]


# --- pagination and queries -------------------------------------------------------------


@pytest.mark.parametrize("page", ["abc", "0", "-1", "9999", ""])
def test_any_page_parameter_gives_a_page(client, owner_org, page):
    for _ in range(25):
        PublishedOpportunityFactory(organization=owner_org)
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert len(titles(response)) in (5, 20)


def _create(count, organization, area):
    for number in range(count):
        PublishedOpportunityFactory(
            organization=organization,
            title=f"Offer {number}",
            technology_areas=[area],
            is_anonymous=number % 2 == 1,
        )


@pytest.mark.parametrize("count", [1, 50])
def test_constant_queries_for_a_visitor(client, django_assert_num_queries, owner_org, area, count):
    _create(count, owner_org, area)
    # 1 area choices, 2 count, 3 the page's keys, 4 its rows, 5 their areas, 6 cluster choices
    with django_assert_num_queries(6):
        response = client.get(URL, {"sort": "closing"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == (count + 1) // 2  # the public ones


def test_closing_sort_past_the_last_page_shows_the_last(client, owner_org, area):
    _create(50, owner_org, area)  # 25 public: two pages
    response = client.get(URL, {"sort": "closing", "page": "7"})
    page = response.context["page_obj"]
    assert (page.number, page.paginator.count, len(page.object_list)) == (2, 25, 5)


@pytest.mark.parametrize("count", [1, 50])
def test_constant_queries_for_a_member_with_filters(
    client, django_assert_num_queries, owner_org, member_b, area, count
):
    _create(count, owner_org, area)
    client.force_login(member_b)
    # 1 session, 2 user, 3-4 roles (memberships, staff), 5 area choices (the filter's area is
    # found among them), 6 cluster of the filter, 7 the page's keys ranked (and the count of the
    # ranked candidates), 8 the page's rows (with the viewer's interest state), 9 areas of the
    # page, 10 unread notifications (navbar), 11 cluster choices
    with django_assert_num_queries(11):
        response = client.get(
            URL, {"q": "offer", "area": area.slug, "cluster": owner_org.cluster.slug}
        )
    assert len(response.context["opportunities"]) == min(count, 20)
