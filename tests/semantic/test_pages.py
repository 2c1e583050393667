"""The semantic search on the pages: "Similar in other languages" under the directory's and
the marketplace's results, similar opportunities on an opportunity page; without the model or
the index every page still answers with its keyword results."""

import logging
import uuid

import pytest
from django.urls import reverse

from core import semantic
from tests.clusters.factories import ClusterFactory
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("partners:list")
MARKETPLACE = reverse("opportunities:list")


def _index(*kinds: str) -> None:
    for kind in kinds:
        semantic.embed(kind)
        semantic.build_index(kind)


def _section(response) -> list[str]:
    return [
        row.name if hasattr(row, "name") else row.title for row in response.context["semantic_hits"]
    ]


@pytest.fixture
def endotoxin_profiles():
    cluster = ClusterFactory()
    chinese = OrganizationFactory(
        cluster=cluster,
        name="泰州华检生物",
        language="zh",
        capabilities="细菌内毒素检测、无菌检查、微生物限度检查",
    )
    english = OrganizationFactory(
        cluster=cluster, name="Endotoxin Testing Lab", language="en", capabilities="LAL assays"
    )
    OrganizationFactory(
        cluster=cluster, name="Dentalwerk", language="de", capabilities="Zahnimplantate aus Keramik"
    )
    _index("organization")
    return chinese, english


def test_an_english_query_shows_the_chinese_profile_in_the_semantic_section(
    client, endotoxin_profiles, django_assert_num_queries
):
    chinese, english = endotoxin_profiles
    # 1 areas (filter form), 2 the page's keys ranked (with the count of the ranked
    # candidates), 3 its organizations, 4 their areas; the section (the same filters without
    # the text): 5 rows newer than the index, 6 its organizations (the keyword hits excluded
    # in the same query), 7 their areas; 8 clusters and 9 countries (selects).
    with django_assert_num_queries(9):
        response = client.get(DIRECTORY, {"q": "endotoxin testing"})
    assert [o.pk for o in response.context["organizations"]] == [english.pk]
    assert _section(response)[0] == chinese.name
    assert english.name not in _section(response)
    html = response.content.decode()
    assert "Similar in other languages" in html
    assert "Written in Chinese" in html


def test_a_chinese_query_shows_an_english_profile(client, endotoxin_profiles):
    chinese, english = endotoxin_profiles
    response = client.get(DIRECTORY, {"q": "内毒素检测"})
    assert [o.pk for o in response.context["organizations"]] == [chinese.pk]
    assert _section(response)[0] == english.name


def test_the_section_keeps_the_other_filters(client, endotoxin_profiles):
    response = client.get(DIRECTORY, {"q": "endotoxin testing", "language": "de"})
    assert "泰州华检生物" not in _section(response)


def test_no_query_no_section_and_no_extra_query(
    client, endotoxin_profiles, django_assert_num_queries
):
    # 1 areas (filter form), 2 count, 3 the page's keys, 4 its organizations, 5 their areas,
    # 6 clusters and 7 countries (selects)
    with django_assert_num_queries(7):
        response = client.get(DIRECTORY)
    assert response.context["semantic_hits"] == []


def test_an_english_query_shows_the_chinese_opportunity_in_the_marketplace(
    client, django_assert_num_queries
):
    chinese = PublishedOpportunityFactory(
        title="鲎试剂出口合作",
        summary="生产鲎试剂，用于细菌内毒素检测，寻找海外经销商。",
        language="zh",
    )
    PublishedOpportunityFactory(title="Cochlea-Implantat", summary="Hörimplantat", language="de")
    _index("opportunity")
    # 1 areas (filter form), 2 page (empty: no candidate); the section: 3 rows newer than
    # the index, 4 its opportunities (keyword hits excluded in the same query), 5 their
    # areas; 6 clusters (select).
    with django_assert_num_queries(6):
        response = client.get(MARKETPLACE, {"q": "endotoxin detection reagent"})
    assert list(response.context["opportunities"]) == []
    assert _section(response)[0] == chinese.title
    assert "Similar in other languages" in response.content.decode()


def test_without_an_index_the_pages_answer_with_keywords_logged_once(
    client, endotoxin_profiles, settings, caplog
):
    settings.SEMANTIC_INDEX_DIR = settings.SEMANTIC_INDEX_DIR / "elsewhere"
    with caplog.at_level(logging.WARNING, logger="core.semantic"):
        first = client.get(DIRECTORY, {"q": "endotoxin testing"})
        second = client.get(DIRECTORY, {"q": "endotoxin testing"})
    for response in (first, second):
        assert response.status_code == 200
        assert [o.name for o in response.context["organizations"]] == ["Endotoxin Testing Lab"]
        assert response.context["semantic_hits"] == []
    assert len([r for r in caplog.records if "no usable index" in r.getMessage()]) == 1


def test_without_the_model_the_pages_answer_with_keywords_logged_once(
    client, endotoxin_profiles, settings, caplog
):
    settings.SEMANTIC_MODEL_MODULE = f"wlscc_missing_model_{uuid.uuid4().hex}"
    with caplog.at_level(logging.WARNING, logger="core.semantic"):
        first = client.get(DIRECTORY, {"q": "endotoxin testing"})
        second = client.get(MARKETPLACE, {"q": "endotoxin testing"})
    assert first.status_code == second.status_code == 200
    assert [o.name for o in first.context["organizations"]] == ["Endotoxin Testing Lab"]
    assert first.context["semantic_hits"] == second.context["semantic_hits"] == []
    assert len([r for r in caplog.records if "could not be loaded" in r.getMessage()]) == 1


def test_similar_opportunities_are_the_closest_in_content_in_any_language(client):
    english = PublishedOpportunityFactory(
        title="Endotoxin testing kits", summary="LAL reagents for bacterial endotoxin tests."
    )
    chinese = PublishedOpportunityFactory(
        title="鲎试剂出口合作", summary="生产鲎试剂，用于细菌内毒素检测。", language="zh"
    )
    german = PublishedOpportunityFactory(title="Cochlea-Implantat", summary="Hörimplantat")
    _index("opportunity")
    response = client.get(reverse("opportunities:detail", args=[english.pk]))
    similar = [o.pk for o in response.context["similar"]]
    assert similar[0] == chinese.pk
    assert english.pk not in similar
    # A listing about something else is not "similar" (below the similarity threshold).
    assert german.pk not in similar
