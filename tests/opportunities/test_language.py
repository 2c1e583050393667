"""The language an opportunity is written in: detected on save unless the author chose it."""

import pytest
from django.urls import reverse

from opportunities import services
from opportunities.forms import OpportunityForm

pytestmark = pytest.mark.django_db


def create(owner, owner_org, **data):
    return services.opportunity_create(
        actor=owner,
        organization=owner_org,
        data={"type": "service_offer", **data},
    )


def test_a_new_opportunity_gets_the_language_it_is_written_in(owner, owner_org):
    opportunity = create(
        owner,
        owner_org,
        title="エンドトキシン試験の受託",
        summary="医薬品と医療機器のエンドトキシン試験を受託します。",
    )

    assert opportunity.language == "ja"


def test_the_author_may_choose_the_language(owner, owner_org):
    opportunity = create(owner, owner_org, title="抗体", summary="抗体", language="zh")

    assert opportunity.language == "zh"


def test_an_edit_left_on_detect_detects_again(owner, owner_org):
    opportunity = create(owner, owner_org, title="Endotoxin testing", summary="For devices.")
    services.opportunity_update(
        actor=owner,
        opportunity=opportunity,
        data={
            "title": "Endotoxin-Tests",
            "summary": "Für Medizinprodukte und Arzneimittel.",
            "language": "",
        },
    )

    assert opportunity.language == "de"


def test_the_form_offers_the_language_next_to_the_texts():
    _legend, fields = OpportunityForm().groups()[0]

    assert [field.name for field in fields][-1] == "language"
    assert OpportunityForm().fields["language"].choices[0] == ("", "Detect automatically")


def test_the_detail_page_shows_the_language_badge(client, published):
    published.language = "fr"
    published.save()

    response = client.get(reverse("opportunities:detail", args=[published.pk]))

    assert "Written in French" in response.content.decode()
