"""Every version of a listing is embedded: an author's translation gets a vector of its own
(recomputed only when its text changes, removed with it), a listing is found by the meaning
of any of its versions, and the semantic parts of the pages show the reader's version."""

import pytest
from django.urls import reverse

from core import semantic
from core.models import Embedding
from core.tasks import embed_object
from opportunities.models import OpportunityTranslation
from opportunities.semantic import THRESHOLD
from partners.models import OrganizationTranslation
from tests.accounts.factories import UserFactory
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

MARKETPLACE = reverse("opportunities:list")
QUERY = "bacterial endotoxin testing of injectables"
EN_TITLE = "Partner wanted in Asia"
JA_TITLE = "注射剤のエンドトキシン試験の受託先募集"
JA_SUMMARY = "注射剤ロットの細菌エンドトキシン試験（LAL法）を受託できる試験機関を探しています。"


def _languages(kind: str, object_id: int) -> list[str]:
    rows = Embedding.objects.filter(kind=kind, object_id=object_id).order_by("language")
    return list(rows.values_list("language", flat=True))


def _index(kind: str) -> None:
    semantic.embed(kind)
    semantic.build_index(kind)


@pytest.fixture
def vague_with_japanese_version():
    """An English listing whose own words say little; its Japanese version says what it is."""
    opportunity = PublishedOpportunityFactory(
        title=EN_TITLE,
        summary="We would like to meet a partner in Japan for a collaboration.",
        description="",
        language="en",
    )
    OpportunityTranslation.objects.create(
        opportunity=opportunity, language="ja", title=JA_TITLE, summary=JA_SUMMARY
    )
    PublishedOpportunityFactory(
        title="Keramische Zahnimplantate", summary="Vertriebspartner gesucht.", language="de"
    )
    _index("opportunity")
    return opportunity


def test_every_version_of_a_listing_has_its_own_vector(vague_with_japanese_version):
    assert _languages("opportunity", vague_with_japanese_version.pk) == ["", "ja"]


def test_a_query_that_only_the_japanese_version_matches_finds_the_listing(
    vague_with_japanese_version,
):
    vector = semantic.query_vector(QUERY)
    original_alone = semantic.stored_vector("opportunity", vague_with_japanese_version.pk)
    # The premise: the English original alone is not close enough to be a hit.
    assert float(original_alone @ vector) < THRESHOLD

    hits = semantic.nearest("opportunity", vector, limit=5)

    assert hits[0].object_id == vague_with_japanese_version.pk
    assert hits[0].score >= THRESHOLD
    assert len({hit.object_id for hit in hits}) == len(hits)  # one hit per listing


def test_the_marketplace_section_shows_a_japanese_reader_the_japanese_version(
    client, vague_with_japanese_version
):
    client.force_login(UserFactory(language="ja"))
    response = client.get(MARKETPLACE, {"q": QUERY})

    assert response.context["semantic_hits"][0].pk == vague_with_japanese_version.pk
    html = response.content.decode().split('id="semantic-section"', 1)[1]
    assert f'lang="ja">{JA_TITLE}</a>' in html
    assert EN_TITLE not in html


def test_the_marketplace_section_shows_others_the_original(client, vague_with_japanese_version):
    client.force_login(UserFactory(language="fr"))
    response = client.get(MARKETPLACE, {"q": QUERY})

    html = response.content.decode().split('id="semantic-section"', 1)[1]
    assert f'lang="en">{EN_TITLE}</a>' in html
    assert JA_TITLE not in html


def test_the_directory_section_shows_a_japanese_reader_the_japanese_profile(client):
    organization = OrganizationFactory(
        name="Sakura Partners", description="We look for partners abroad.", language="en"
    )
    OrganizationTranslation.objects.create(
        organization=organization, language="ja", description=JA_SUMMARY
    )
    OrganizationFactory(name="Dentalwerk", capabilities="Keramische Zahnimplantate")
    _index("organization")
    client.force_login(UserFactory(language="ja"))

    response = client.get(reverse("partners:list"), {"q": QUERY})

    assert response.context["semantic_hits"][0].pk == organization.pk
    html = response.content.decode().split('id="semantic-section"', 1)[1]
    assert f'lang="ja">{JA_SUMMARY}</p>' in html


def test_similar_opportunities_show_the_readers_version(client, vague_with_japanese_version):
    english = PublishedOpportunityFactory(
        title="Endotoxin testing of sterile injectables",
        summary="We test injectable batches for bacterial endotoxins (LAL assays).",
        language="en",
    )
    _index("opportunity")
    client.force_login(UserFactory(language="ja"))

    response = client.get(reverse("opportunities:detail", args=[english.pk]))

    similar = response.context["similar"]
    assert similar[0].pk == vague_with_japanese_version.pk
    assert similar[0].display_title == JA_TITLE
    assert similar[0].display_language == "ja"


def test_a_translation_saved_queues_the_embedding_of_its_listing_on_commit(
    settings, django_capture_on_commit_callbacks
):
    opportunity = PublishedOpportunityFactory(title="Cell therapy manufacturing", language="en")
    settings.SEMANTIC_EMBED_ON_SAVE = True
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        OpportunityTranslation.objects.create(
            opportunity=opportunity, language="de", title="Zelltherapie", summary="Herstellung"
        )
    assert len(callbacks) == 1
    assert _languages("opportunity", opportunity.pk) == ["", "de"]


def test_only_a_changed_version_is_recomputed_and_a_deleted_one_is_removed():
    organization = OrganizationFactory(description="Antibody discovery.", language="en")
    translation = OrganizationTranslation.objects.create(
        organization=organization, language="ko", description="항체 발굴 플랫폼"
    )
    assert embed_object(kind="organization", object_id=organization.pk) == 2
    assert embed_object(kind="organization", object_id=organization.pk) == 0
    original = Embedding.objects.get(kind="organization", object_id=organization.pk, language="")

    translation.needs = "임상 파트너"
    translation.save()
    assert embed_object(kind="organization", object_id=organization.pk) == 1
    kept = Embedding.objects.get(kind="organization", object_id=organization.pk, language="")
    assert kept.text_hash == original.text_hash and kept.updated_at == original.updated_at

    translation.delete()
    assert embed_object(kind="organization", object_id=organization.pk) == 1
    assert _languages("organization", organization.pk) == [""]


def test_a_profile_version_is_embedded_with_the_profiles_name():
    organization = OrganizationFactory(name="Taizhou BioTest", language="en")
    OrganizationTranslation.objects.create(
        organization=organization, language="zh", capabilities="细菌内毒素检测"
    )
    semantic.embed("organization", [organization.pk])
    version = Embedding.objects.get(kind="organization", object_id=organization.pk, language="zh")
    assert version.text_hash == semantic.text_hash("Taizhou BioTest\n细菌内毒素检测")


def test_an_index_file_of_the_older_layout_is_not_used(settings):
    OrganizationFactory(capabilities="Wound dressings")
    _index("organization")
    meta = settings.SEMANTIC_INDEX_DIR / "organization.json"
    meta.write_text(meta.read_text().replace('"format": 2', '"format": 1'))

    assert not semantic.index_exists("organization")
    assert semantic.nearest("organization", semantic.query_vector("wound care"), limit=3) is None
