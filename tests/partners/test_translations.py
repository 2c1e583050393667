"""Translations of a profile: its description, capabilities and needs in further portal
languages, written on the edit page, shown in the reader's language, found in every version."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partners.models import MembershipRole, OrganizationTranslation
from partners.selectors import organization_list, user_personal_data
from partners.services import organization_translations_set
from tests.accounts.factories import UserFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory
from tests.security.forms import form_with_field

pytestmark = pytest.mark.django_db

ZH_DESCRIPTION = "我们生产鲎试剂，并提供内毒素检测服务。"
ZH_CAPABILITIES = "鲎试剂和内毒素检测。"
EN_DESCRIPTION = "We make LAL reagents and offer endotoxin testing."


@pytest.fixture
def organization():
    return OrganizationFactory(
        name="Taizhou LAL Labs",
        description=EN_DESCRIPTION,
        capabilities="LAL reagents and endotoxin testing.",
        language="en",
    )


@pytest.fixture
def org_admin(organization):
    return MembershipFactory(organization=organization, role=MembershipRole.ADMIN).user


def _zh(**texts) -> dict:
    return {
        "language": "zh",
        "description": ZH_DESCRIPTION,
        "capabilities": ZH_CAPABILITIES,
        **texts,
    }


def test_an_admin_translates_the_profile_and_its_history_keeps_who(organization, org_admin):
    organization_translations_set(actor=org_admin, organization=organization, translations=[_zh()])

    translation = organization.translations.get()
    assert (translation.language, translation.description) == ("zh", ZH_DESCRIPTION)
    assert translation.history.get().history_user == org_admin


def test_a_member_who_is_not_admin_may_not_translate(organization):
    member = MembershipFactory(organization=organization).user

    with pytest.raises(PermissionDenied):
        organization_translations_set(actor=member, organization=organization, translations=[_zh()])

    assert not organization.translations.exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([_zh(language="en")], "The original is written in English"),
        ([_zh(), _zh(needs="x")], "only one translation per language"),
        ([_zh(language="klingon")], "is not one of the portal's languages"),
        ([_zh(description="字" * 20001)], "at most 20000 characters"),
    ],
    ids=["original-language", "duplicate", "unknown-language", "too-long"],
)
def test_a_bad_translation_is_refused_with_a_clear_message(organization, org_admin, rows, message):
    with pytest.raises(ValidationError) as refused:
        organization_translations_set(actor=org_admin, organization=organization, translations=rows)

    assert message in " ".join(refused.value.messages)
    assert not organization.translations.exists()


def test_the_edit_page_saves_a_translation_and_refuses_a_hostile_one(
    client, organization, org_admin
):
    client.force_login(org_admin)
    url = reverse("partners:edit", args=[organization.slug])
    data = form_with_field(client.get(url).content.decode(), "name")
    prefix = next(n for n, v in data.items() if n.endswith("-language") and v == "zh")[:-9]

    hostile = client.post(url, {**data, f"{prefix}-language": "en", f"{prefix}-needs": "x"})
    saved = client.post(url, {**data, f"{prefix}-description": ZH_DESCRIPTION})

    assert hostile.status_code == 200
    assert "The original is written in English" in hostile.content.decode()
    assert saved.status_code == 302
    assert organization.translations.get().description == ZH_DESCRIPTION


def test_a_chinese_reader_sees_the_chinese_profile_and_others_the_original(client, organization):
    OrganizationTranslation.objects.create(
        organization=organization, language="zh", description=ZH_DESCRIPTION
    )
    url = reverse("partners:detail", args=[organization.slug])

    client.force_login(UserFactory(language="zh-hans"))
    chinese = client.get(url).content.decode()
    english = client.get(url, {"lang": "en"}).content.decode()
    client.logout()
    visitor = client.get(url).content.decode()

    assert f'lang="zh">{ZH_DESCRIPTION}' in chinese and 'href="?lang=en"' in chinese
    # A text the translation leaves blank shows the original's.
    assert "LAL reagents and endotoxin testing." in chinese
    assert EN_DESCRIPTION in english and ZH_DESCRIPTION not in english
    assert EN_DESCRIPTION in visitor and 'href="?lang=zh-hans"' in visitor


def test_the_directory_lists_the_readers_version(client, organization):
    OrganizationTranslation.objects.create(
        organization=organization, language="zh", description=ZH_DESCRIPTION
    )

    client.force_login(UserFactory(language="zh-hans"))
    chinese = client.get(reverse("partners:list")).content.decode()
    client.force_login(UserFactory(language="fr"))
    french = client.get(reverse("partners:list")).content.decode()

    assert ZH_DESCRIPTION in chinese
    assert EN_DESCRIPTION in french and ZH_DESCRIPTION not in french


@pytest.mark.parametrize("query", ["endotoxin", "内毒素", "鲎试剂"])
def test_every_version_of_a_profile_is_found(organization, org_admin, query):
    organization_translations_set(actor=org_admin, organization=organization, translations=[_zh()])

    found = organization_list(filters={"q": query}, user=UserFactory())

    assert list(found) == [organization]


def test_the_personal_data_download_holds_the_profile_translations_one_wrote(
    organization, org_admin
):
    organization_translations_set(actor=org_admin, organization=organization, translations=[_zh()])

    data = user_personal_data(user=org_admin)

    assert [(t["organization"], t["language"]) for t in data["organization_translations"]] == [
        ("Taizhou LAL Labs", "zh")
    ]
