"""Search in the six languages, through the directory and the marketplace pages (Postgres).

The profiles are written through `organization_create`, so their language is detected on
save as in the portal; the opportunities are published ones in their language.
"""

import pytest
from django.urls import reverse

from opportunities.models import OpportunityType
from partners.models import OrganizationKind
from partners.services import organization_create
from tests.clusters.factories import ClusterFactory
from tests.opportunities.factories import PublishedOpportunityFactory

pytestmark = pytest.mark.django_db

PROFILES = {
    "zh": ("中科鲎试剂有限公司", "我们生产鲎试剂，并提供内毒素检测与热原检测服务。"),
    "ja": ("株式会社東京バイオ試験", "当社はエンドトキシン試験と発熱性物質試験を受託しています。"),
    "ko": ("서울바이오검사", "저희는 엔도톡신을 검사하고 발열원 시험 서비스를 제공합니다."),
    "de": ("Bergstraße Biologics", "Wir entwickeln monoklonale Antikörper für die Onkologie."),
    "fr": ("Lyon Thérapies", "Nous développons des anticorps thérapeutiques pour la cancérologie."),
    "en": ("Boston Assays", "We provide endotoxin testing and monoclonal antibody services."),
}

OPPORTUNITIES = {
    "zh": ("单克隆抗体药物合作开发", "寻找合作伙伴，共同开发用于肿瘤治疗的单克隆抗体药物。"),
    "ja": ("エンドトキシン試験の受託サービス", "医薬品と医療機器のエンドトキシン試験を受託。"),
    "ko": ("항체 치료제 공동 개발", "항체 치료제를 함께 개발할 파트너를 찾습니다."),
    "en": ("Licensable sepsis assay", "A validated assay for early sepsis detection."),
}


@pytest.fixture
def profiles():
    return {
        language: organization_create(
            actor=None,
            cluster=ClusterFactory(),
            name=name,
            kind=OrganizationKind.SERVICE_PROVIDER,
            country="CN",
            description=description,
            is_verified=True,
        )
        for language, (name, description) in PROFILES.items()
    }


@pytest.fixture
def opportunities():
    return {
        language: PublishedOpportunityFactory(
            type=OpportunityType.PARTNERSHIP, title=title, summary=summary, language=language
        )
        for language, (title, summary) in OPPORTUNITIES.items()
    }


def directory(client, query: str) -> set[str]:
    response = client.get(reverse("partners:list"), {"q": query})
    assert response.status_code == 200
    return {organization.name for organization in response.context["organizations"]}


def marketplace(client, query: str) -> set[str]:
    response = client.get(reverse("opportunities:list"), {"q": query})
    assert response.status_code == 200
    return {opportunity.title for opportunity in response.context["opportunities"]}


def test_profiles_get_the_language_they_are_written_in(profiles):
    assert {language: org.language for language, org in profiles.items()} == {
        language: language for language in PROFILES
    }


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("内毒素", "zh"),  # a word inside a sentence
        ("鲎试剂", "zh"),
        ("热原检测", "zh"),
        ("エンドトキシン", "ja"),
        ("発熱性物質", "ja"),
        ("엔도톡신", "ko"),  # without its particle: 엔도톡신을
        ("발열원", "ko"),
    ],
)
def test_the_directory_finds_a_cjk_profile_by_a_word_inside_a_sentence(
    client, profiles, query, language
):
    assert directory(client, query) == {PROFILES[language][0]}


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("抗体", "zh"),
        ("合作开发", "zh"),
        ("エンドトキシン", "ja"),
        ("受託", "ja"),
        ("치료제", "ko"),
    ],
)
def test_the_marketplace_finds_a_cjk_opportunity_by_a_word_inside_a_sentence(
    client, opportunities, query, language
):
    assert marketplace(client, query) == {OPPORTUNITIES[language][0]}


def test_a_cjk_word_that_is_not_in_the_text_finds_nothing(client, profiles, opportunities):
    assert directory(client, "抗体") == set()
    assert marketplace(client, "内毒素") == set()


def test_cjk_queries_keep_the_websearch_syntax(client, profiles):
    zh, ja, ko = (PROFILES[language][0] for language in ("zh", "ja", "ko"))

    assert directory(client, "内毒素 OR エンドトキシン") == {zh, ja}
    assert directory(client, "内毒素 -热原") == set()
    assert directory(client, '"检测服务" OR 엔도톡신') == {zh, ko}


def test_a_name_in_cjk_is_found_by_a_part_of_it(client, profiles):
    assert directory(client, "东京") == set()  # simplified Chinese is not the Japanese 東京
    assert directory(client, "東京") == {PROFILES["ja"][0]}


def test_a_german_query_finds_the_german_word_inflected_or_without_its_umlaut(client, profiles):
    german = PROFILES["de"][0]

    assert directory(client, "Antikörpern") == {german}
    assert directory(client, "antikorper") == {german}


def test_a_french_query_finds_the_french_word_without_its_accents(client, profiles):
    assert directory(client, "therapeutique") == {PROFILES["fr"][0]}


def test_english_search_still_stems_english(client, profiles, opportunities):
    assert directory(client, "antibodies") == {PROFILES["en"][0]}
    assert marketplace(client, "assays") == {OPPORTUNITIES["en"][0]}


def test_a_single_cjk_character_finds_the_words_it_starts(client, profiles):
    assert directory(client, "鲎") == {PROFILES["zh"][0]}


def test_the_written_in_filter_narrows_the_directory_and_the_marketplace(
    client, profiles, opportunities
):
    response = client.get(reverse("partners:list"), {"language": "ja"})
    assert [org.name for org in response.context["organizations"]] == [PROFILES["ja"][0]]
    assert [f["name"] for f in response.context["filterset"].active_filters()] == ["language"]

    response = client.get(reverse("opportunities:list"), {"language": "ko"})
    assert [opp.title for opp in response.context["opportunities"]] == [OPPORTUNITIES["ko"][0]]


def test_lists_and_pages_show_the_language_badge(client, profiles):
    response = client.get(reverse("partners:list"), {"language": "zh"})
    assert 'lang="zh"' in response.content.decode()
    assert "Written in Chinese" in response.content.decode()

    response = client.get(reverse("partners:detail", args=[profiles["ko"].slug]))
    assert "Written in Korean" in response.content.decode()
