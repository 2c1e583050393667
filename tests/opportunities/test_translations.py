"""Translations by the author: an opportunity's title and summary in further portal languages.

Written with the opportunity (moderated with it), shown to readers in their interface language
with a switch to the others, searchable in every version, quoted in each recipient's language
by the e-mails.
"""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from matching.services import opportunity_match
from notifications import outbox
from notifications.models import Notification, NotificationKind
from opportunities import selectors, services
from opportunities.models import OpportunityStatus, OpportunityTranslation
from partners.selectors import user_personal_data
from tests.accounts.factories import UserFactory
from tests.matching.factories import AlertFactory
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import MembershipFactory
from tests.security.forms import form_with_field

pytestmark = pytest.mark.django_db

JA_TITLE = "敗血症早期診断用のライセンス可能なELISA"
JA_SUMMARY = "400例の患者検体で検証済みの敗血症早期検出アッセイ。ライセンス先を探しています。"
EN_TITLE = "Licensable ELISA for early sepsis detection"
EN_SUMMARY = "A licensable assay for early sepsis detection, validated on 400 patient samples."


def _ja(**texts) -> dict:
    return {"language": "ja", "title": JA_TITLE, "summary": JA_SUMMARY, **texts}


def translated(owner_org, owner, area, **kwargs):
    """A published English opportunity with the author's Japanese version."""
    opportunity = PublishedOpportunityFactory(
        organization=owner_org,
        author=owner,
        technology_areas=[area],
        title=EN_TITLE,
        summary=EN_SUMMARY,
        language="en",
        **kwargs,
    )
    OpportunityTranslation.objects.create(
        opportunity=opportunity, language="ja", title=JA_TITLE, summary=JA_SUMMARY, author=owner
    )
    return opportunity


def reader(language: str, organization=None):
    if organization is not None:
        return MembershipFactory(organization=organization, user__language=language).user
    return UserFactory(language=language)


# --- Writing: the service's rules ------------------------------------------------------------


def test_the_author_adds_a_translation_to_a_draft(owner, draft):
    services.opportunity_translations_set(actor=owner, opportunity=draft, translations=[_ja()])

    translation = draft.translations.get()
    assert (translation.language, translation.title, translation.author) == ("ja", JA_TITLE, owner)


def test_a_published_opportunity_takes_no_new_translation_without_review(owner, published):
    """An edit of a published opportunity is refused (it goes back through review), and so is
    a translation: readers never see one the cluster's staff did not publish."""
    with pytest.raises(ValidationError) as refused:
        services.opportunity_translations_set(
            actor=owner, opportunity=published, translations=[_ja()]
        )

    assert refused.value.messages == [str(services.MESSAGE_NOT_EDITABLE)]
    assert not published.translations.exists()


def test_a_translation_is_reviewed_and_published_with_the_opportunity(owner, draft, staff_a):
    services.opportunity_save(
        actor=owner, opportunity=draft, data={}, translations=[_ja()], submit=True
    )
    draft.refresh_from_db()
    assert draft.status == OpportunityStatus.SUBMITTED

    services.opportunity_publish(actor=staff_a, opportunity=draft)

    assert draft.translations.get().title == JA_TITLE


def test_someone_outside_the_organization_may_not_translate(member_b, draft):
    with pytest.raises(PermissionDenied):
        services.opportunity_translations_set(
            actor=member_b, opportunity=draft, translations=[_ja()]
        )

    assert not draft.translations.exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([_ja(language="en")], "The original is written in English"),
        ([_ja(), _ja(title="他の題名")], "only one translation per language"),
        ([_ja(summary="")], "needs every text"),
        ([_ja(language="xx")], "is not one of the portal's languages"),
        ([_ja(title="長" * 121)], "at most 120 characters"),
        ([_ja(summary="長" * 501)], "at most 500 characters"),
    ],
    ids=[
        "original-language",
        "duplicate",
        "incomplete",
        "unknown-language",
        "long-title",
        "long-summary",
    ],
)
def test_a_bad_translation_is_refused_with_a_clear_message(owner, draft, rows, message):
    draft.language = "en"
    draft.save()
    OpportunityTranslation.objects.create(
        opportunity=draft, language="de", title="Titel", summary="Kurz"
    )

    with pytest.raises(ValidationError) as refused:
        services.opportunity_translations_set(actor=owner, opportunity=draft, translations=rows)

    assert message in " ".join(refused.value.messages)
    assert list(draft.translations.values_list("language", flat=True)) == ["de"]


def test_blank_rows_remove_a_translation(owner, draft):
    services.opportunity_translations_set(actor=owner, opportunity=draft, translations=[_ja()])

    services.opportunity_translations_set(
        actor=owner, opportunity=draft, translations=[_ja(title="", summary="")]
    )

    assert not draft.translations.exists()


# --- Writing: the edit page's formset ----------------------------------------------------------


def _edit_data(client, url: str) -> dict:
    return form_with_field(client.get(url).content.decode(), "title")


def test_the_edit_page_has_one_row_per_language_but_the_originals(client, owner, draft):
    draft.language = "en"
    draft.save()
    client.force_login(owner)

    data = _edit_data(client, reverse("opportunities:edit", args=[draft.pk]))

    languages = sorted(value for name, value in data.items() if name.endswith("-language"))
    assert languages == ["de", "fr", "ja", "ko", "zh"]


def test_a_translation_typed_on_the_edit_page_is_saved(client, owner, draft):
    draft.language = "en"
    draft.save()
    client.force_login(owner)
    url = reverse("opportunities:edit", args=[draft.pk])
    data = _edit_data(client, url)
    row = next(name for name, value in data.items() if value == "ja" and "-language" in name)
    prefix = row.removesuffix("-language")

    response = client.post(
        url, {**data, f"{prefix}-title": JA_TITLE, f"{prefix}-summary": JA_SUMMARY}
    )

    assert response.status_code == 302
    assert draft.translations.get().title == JA_TITLE


def test_a_hostile_formset_gets_a_clear_message_and_changes_nothing(client, owner, draft):
    draft.language = "en"
    draft.save()
    client.force_login(owner)
    url = reverse("opportunities:edit", args=[draft.pk])
    data = _edit_data(client, url)
    rows = [name.removesuffix("-language") for name in data if name.endswith("-language")]
    # Two rows claiming the same language, one of them the original's.
    data |= {f"{rows[0]}-language": "en", f"{rows[0]}-title": "x", f"{rows[0]}-summary": "y"}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "The original is written in English" in response.content.decode()
    assert not draft.translations.exists()


# --- Reading ------------------------------------------------------------------------------------


def test_a_japanese_reader_sees_the_japanese_version_and_others_the_original(
    client, owner_org, owner, area
):
    opportunity = translated(owner_org, owner, area)
    url = reverse("opportunities:detail", args=[opportunity.pk])

    client.force_login(reader("ja"))
    japanese = client.get(url).content.decode()
    client.force_login(reader("fr"))
    french = client.get(url).content.decode()

    assert JA_TITLE in japanese and JA_SUMMARY in japanese
    assert EN_TITLE not in japanese.split("<main", 1)[1].split("Also in", 1)[0]
    assert f'<h1 class="mb-1 text-break-word" lang="ja">{JA_TITLE}</h1>' in japanese
    assert f'<h1 class="mb-1 text-break-word" lang="en">{EN_TITLE}</h1>' in french
    assert JA_TITLE not in french


def test_the_switch_links_the_other_versions(client, owner_org, owner, area):
    opportunity = translated(owner_org, owner, area)
    url = reverse("opportunities:detail", args=[opportunity.pk])

    english = client.get(url).content.decode()
    chosen = client.get(url, {"lang": "ja"}).content.decode()

    assert 'href="?lang=ja"' in english and "日本語" in english
    assert JA_TITLE in chosen and 'href="?lang=en"' in chosen and "English" in chosen


@pytest.mark.parametrize("value", ["xx", "", "en", "ja-JP", "<script>", "zh-hans" * 100])
def test_any_lang_parameter_shows_a_version_never_an_error(client, owner_org, owner, area, value):
    opportunity = translated(owner_org, owner, area)

    response = client.get(reverse("opportunities:detail", args=[opportunity.pk]), {"lang": value})

    assert response.status_code == 200
    expected = JA_TITLE if value == "ja-JP" else EN_TITLE
    assert f">{expected}</h1>" in response.content.decode()


def test_the_marketplace_lists_the_readers_version(client, owner_org, owner, area):
    translated(owner_org, owner, area)

    client.force_login(reader("ja"))
    japanese = client.get(reverse("opportunities:list")).content.decode()
    client.force_login(reader("de"))
    german = client.get(reverse("opportunities:list")).content.decode()

    assert JA_TITLE in japanese and EN_TITLE not in japanese
    assert EN_TITLE in german and JA_TITLE not in german


def test_the_home_page_and_cluster_page_list_the_readers_version(client, owner_org, owner, area):
    translated(owner_org, owner, area)
    client.force_login(reader("ja"))

    home = client.get(reverse("home")).content.decode()
    cluster = client.get(reverse("clusters:detail", args=[owner_org.cluster.slug])).content.decode()

    assert JA_TITLE in home
    assert JA_TITLE in cluster


# --- Search (PostgreSQL: the trigger-built search vector) ------------------------------------


@pytest.mark.parametrize(
    "query",
    ["sepsis ELISA", "敗血症", "早期診断", "検出アッセイ"],
    ids=["en", "ja-1", "ja-2", "ja-3"],
)
def test_every_version_is_found_by_search(owner_org, owner, area, query):
    opportunity = translated(owner_org, owner, area)

    found = selectors.opportunity_list(filters={"q": query}, user=UserFactory())

    assert list(found) == [opportunity]


def test_a_removed_translation_is_no_longer_found(owner_org, owner, area):
    opportunity = translated(owner_org, owner, area)

    opportunity.translations.all().delete()

    assert not selectors.opportunity_list(filters={"q": "敗血症"}, user=UserFactory()).exists()


def test_a_german_translation_is_stemmed_as_german(owner_org, owner, area):
    opportunity = translated(owner_org, owner, area)
    OpportunityTranslation.objects.create(
        opportunity=opportunity,
        language="de",
        title="Lizenzierbarer ELISA zur Früherkennung von Sepsis",
        summary="Validiert an Patientenproben; wir suchen Lizenznehmer.",
    )

    found = selectors.opportunity_list(filters={"q": "Lizenznehmern"}, user=UserFactory())

    assert list(found) == [opportunity]


# --- E-mails in each recipient's version -------------------------------------------------------


def test_match_e_mails_go_out_in_each_recipients_version(owner_org, owner, area, other_org):
    opportunity = translated(owner_org, owner, area)
    japanese = reader("ja", other_org)
    english = reader("en", other_org)
    for person in (japanese, english):
        AlertFactory(owner=person, technology_areas=[area])

    opportunity_match(opportunity=opportunity)
    for notification in Notification.objects.filter(kind=NotificationKind.NEW_MATCH):
        outbox.notification_send(notification_id=notification.pk)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert JA_TITLE in by_recipient[japanese.email].subject
    assert JA_TITLE in by_recipient[japanese.email].body
    assert EN_TITLE not in by_recipient[japanese.email].body
    assert EN_TITLE in by_recipient[english.email].subject
    assert JA_TITLE not in by_recipient[english.email].body


def test_the_notification_centre_shows_the_readers_version(
    client, owner_org, owner, area, other_org
):
    opportunity = translated(owner_org, owner, area)
    japanese = reader("ja", other_org)
    AlertFactory(owner=japanese, technology_areas=[area])
    opportunity_match(opportunity=opportunity)
    client.force_login(japanese)

    page = client.get(reverse("notifications:list")).content.decode()

    assert JA_TITLE in page


# --- Personal data ------------------------------------------------------------------------------


def test_the_personal_data_download_holds_the_translations_one_wrote(owner_org, owner, area):
    translated(owner_org, owner, area)

    data = user_personal_data(user=owner)

    assert [(t["language"], t["title"]) for t in data["opportunity_translations"]] == [
        ("ja", JA_TITLE)
    ]
    assert user_personal_data(user=UserFactory())["opportunity_translations"] == []


def test_a_version_link_opens_nothing_the_reader_may_not_see(client, owner_org, owner, area):
    """No new URL: `?lang=` is read after the page's own access check."""
    opportunity = translated(owner_org, owner, area, is_anonymous=True)
    opportunity.status = OpportunityStatus.DRAFT
    opportunity.save()

    client.force_login(reader("ja"))
    response = client.get(reverse("opportunities:detail", args=[opportunity.pk]), {"lang": "ja"})
    listed = client.get(reverse("opportunities:list"), {"q": "敗血症"}).content.decode()

    assert response.status_code == 404
    assert JA_TITLE not in response.content.decode() and JA_TITLE not in listed
