"""Directory search and filters (partners.filters via partners.selectors.organization_list)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from clusters.models import TechnologyArea
from partners.models import OrganizationKind
from partners.selectors import organization_list
from tests.clusters.factories import ClusterFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def names(filters: dict) -> list[str]:
    return [org.name for org in organization_list(filters=filters, user=AnonymousUser())]


def test_it_finds_an_organization_by_a_word_of_its_description():
    OrganizationFactory(name="Alpha", description="We develop monoclonal antibodies.")
    OrganizationFactory(name="Beta", description="Wearable sensors for elderly care.")

    assert names({"q": "antibody"}) == ["Alpha"]


def test_it_finds_an_organization_by_its_capabilities_and_needs():
    OrganizationFactory(name="Alpha", capabilities="GMP fill and finish")
    OrganizationFactory(name="Beta", needs="a distributor in Japan")
    OrganizationFactory(name="Gamma")

    assert names({"q": "finish"}) == ["Alpha"]
    assert names({"q": "distributor"}) == ["Beta"]


def test_a_name_match_ranks_above_a_description_only_match():
    OrganizationFactory(name="Aardvark Diagnostics", description="Services for hospitals.")
    OrganizationFactory(name="Zebra Labs", description="We build diagnostics for hospitals.")

    assert names({"q": "diagnostics"}) == ["Aardvark Diagnostics", "Zebra Labs"]

    # The ranking wins over the alphabet: the name match still comes first when it sorts last.
    OrganizationFactory(name="Zymo Vaccines", description="Adjuvants.")
    OrganizationFactory(name="Able Bio", description="Partner for vaccines research.")
    assert names({"q": "vaccines"}) == ["Zymo Vaccines", "Able Bio"]


def test_search_understands_websearch_syntax():
    OrganizationFactory(name="One", description="cell therapy for leukaemia")
    OrganizationFactory(name="Two", description="therapy with stem cell banking")
    OrganizationFactory(name="Three", description="cell therapy for veterinary use")

    assert names({"q": '"cell therapy"'}) == ["One", "Three"]
    assert names({"q": '"cell therapy" -veterinary'}) == ["One"]
    assert names({"q": "leukaemia OR banking"}) == ["One", "Two"]


def test_search_ignores_malformed_websearch_input_without_failing():
    OrganizationFactory(name="One", description="antibody")

    assert names({"q": '"unbalanced -- OR ( '}) == []
    assert names({"q": "antibody )("}) == ["One"]


def test_without_postgres_search_falls_back_to_icontains(monkeypatch):
    OrganizationFactory(name="Alpha", description="Monoclonal antibodies")
    OrganizationFactory(name="Beta", needs="antibody partner")
    OrganizationFactory(name="Gamma", description="Sensors")
    monkeypatch.setattr(connection, "vendor", "sqlite")

    assert names({"q": "ANTIBOD"}) == ["Alpha", "Beta"]
    assert names({"q": "antibod monoclonal"}) == ["Alpha"]


def test_it_filters_by_cluster_slug():
    lyon = ClusterFactory(slug="lyon")
    OrganizationFactory(name="In Lyon", cluster=lyon)
    OrganizationFactory(name="Elsewhere")

    assert names({"cluster": "lyon"}) == ["In Lyon"]


def test_it_filters_by_country():
    OrganizationFactory(name="Japanese", country="JP")
    OrganizationFactory(name="French", country="FR")

    assert names({"country": "JP"}) == ["Japanese"]


def test_it_filters_by_kind():
    OrganizationFactory(name="Hospital", kind=OrganizationKind.HOSPITAL)
    OrganizationFactory(name="Company", kind=OrganizationKind.COMPANY)

    assert names({"kind": "hospital"}) == ["Hospital"]


def test_it_filters_by_sub_area():
    antibodies = TechnologyArea.objects.get(slug="biologics")
    vaccines = TechnologyArea.objects.get(slug="vaccines")
    OrganizationFactory(name="Antibodies", technology_areas=[antibodies])
    OrganizationFactory(name="Vaccines", technology_areas=[vaccines])

    assert names({"area": "biologics"}) == ["Antibodies"]


def test_a_top_area_includes_its_sub_areas():
    OrganizationFactory(
        name="Sub-area only", technology_areas=[TechnologyArea.objects.get(slug="vaccines")]
    )
    OrganizationFactory(
        name="Top area itself",
        technology_areas=[TechnologyArea.objects.get(slug="therapeutics")],
    )
    OrganizationFactory(
        name="Two sub-areas, listed once",
        technology_areas=TechnologyArea.objects.filter(slug__in=["vaccines", "biologics"]),
    )
    OrganizationFactory(
        name="Other top area", technology_areas=[TechnologyArea.objects.get(slug="ai-ml")]
    )

    assert names({"area": "therapeutics"}) == [
        "Sub-area only",
        "Top area itself",
        "Two sub-areas, listed once",
    ]


def test_a_sub_area_does_not_include_its_parent_or_siblings():
    OrganizationFactory(name="Parent", technology_areas=[TechnologyArea.objects.get(slug="tcm")])
    OrganizationFactory(
        name="Sibling", technology_areas=[TechnologyArea.objects.get(slug="tcm-quality")]
    )

    assert names({"area": "tcm-herbal"}) == []


def test_it_filters_by_verification_for_someone_who_sees_unverified_organizations(admin_user):
    OrganizationFactory(name="Verified", is_verified=True)
    OrganizationFactory(name="Pending", is_verified=False)

    def admin_names(filters):
        return [org.name for org in organization_list(filters=filters, user=admin_user)]

    assert admin_names({"verified": "true"}) == ["Verified"]
    assert admin_names({"verified": "false"}) == ["Pending"]
    assert admin_names({}) == ["Pending", "Verified"]


def test_filters_combine():
    osaka = ClusterFactory(slug="osaka", country="JP")
    devices = TechnologyArea.objects.get(slug="wearables")
    OrganizationFactory(
        name="Match",
        cluster=osaka,
        kind=OrganizationKind.COMPANY,
        description="wearable ECG patch",
        technology_areas=[devices],
    )
    OrganizationFactory(
        name="Wrong kind",
        cluster=osaka,
        kind=OrganizationKind.HOSPITAL,
        description="wearable ECG patch",
        technology_areas=[devices],
    )
    OrganizationFactory(
        name="Wrong cluster",
        kind=OrganizationKind.COMPANY,
        country="JP",
        description="wearable ECG patch",
        technology_areas=[devices],
    )
    OrganizationFactory(
        name="Wrong area",
        cluster=osaka,
        kind=OrganizationKind.COMPANY,
        description="wearable ECG patch",
    )
    OrganizationFactory(
        name="Wrong words", cluster=osaka, kind=OrganizationKind.COMPANY, technology_areas=[devices]
    )

    filters = {
        "q": "ECG",
        "cluster": "osaka",
        "country": "JP",
        "kind": "company",
        "area": "medical-devices",
    }
    assert names(filters) == ["Match"]


def test_an_invalid_filter_value_is_ignored_not_an_error():
    OrganizationFactory(name="Alpha")

    assert names({"kind": "spaceship", "cluster": "nowhere", "area": "nothing"}) == ["Alpha"]


def test_without_a_query_organizations_are_sorted_by_name():
    OrganizationFactory(name="Charlie")
    OrganizationFactory(name="Alpha")
    OrganizationFactory(name="Bravo")

    assert names({}) == ["Alpha", "Bravo", "Charlie"]
    assert names({"sort": "name"}) == ["Alpha", "Bravo", "Charlie"]


def test_newest_sort_puts_the_latest_organization_first():
    OrganizationFactory(name="Older")
    OrganizationFactory(name="Newer")

    assert names({"sort": "newest"}) == ["Newer", "Older"]


def test_a_query_can_be_sorted_by_name_instead_of_relevance():
    OrganizationFactory(name="Zeta Vaccines")
    OrganizationFactory(name="Alpha", description="vaccines")

    assert names({"q": "vaccines"}) == ["Zeta Vaccines", "Alpha"]
    assert names({"q": "vaccines", "sort": "name"}) == ["Alpha", "Zeta Vaccines"]
