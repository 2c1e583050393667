"""The whole marketplace flow, through the browser, as the issue describes it."""

import pytest
from django.urls import reverse

from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityStatus,
)
from tests.partners.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_post_submit_publish_interest_accept_contacts_and_dashboards(
    client, owner, owner_org, staff_a, member_b, other_org, staff_b, area
):
    ContactFactory(organization=owner_org, name="Alice", email="alice@zephyrine.example")
    ContactFactory(organization=other_org, name="Hiro", email="hiro@osaka-cell.example")

    # 1. A member of the French organization posts an anonymous offer and submits it.
    client.force_login(owner)
    client.post(
        reverse("opportunities:create"),
        {
            "type": "technology_offer",
            "title": "Licensable ELISA for early sepsis detection",
            "summary": "Detects sepsis 24 hours before symptoms; validated on 400 samples.",
            "technology_areas": [area.pk],
            "collaboration_types": ["licence"],
            "target_countries": ["JP"],
            "is_anonymous": "on",
            "action": "submit",
        },
    )
    opportunity = Opportunity.objects.get()
    assert opportunity.status == OpportunityStatus.SUBMITTED
    detail = reverse("opportunities:detail", args=[opportunity.pk])

    # Not visible to the other cluster's member yet.
    client.force_login(member_b)
    assert client.get(detail).status_code == 404

    # 2. The staff of the owner's cluster find it in their queue and publish it.
    client.force_login(staff_a)
    assert opportunity.title in client.get(reverse("dashboard:home")).content.decode()
    client.post(reverse("opportunities:review", args=[opportunity.pk]), {"decision": "publish"})
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.PUBLISHED

    # 3. A member of the Japanese organization finds it and expresses interest.
    client.force_login(member_b)
    listing = client.get(reverse("opportunities:list"), {"q": "sepsis", "country": "JP"})
    assert opportunity.title in listing.content.decode()
    assert owner_org.name not in listing.content.decode()
    client.post(
        reverse("opportunities:interest", args=[opportunity.pk]),
        {"organization": other_org.pk, "message": "We distribute IVD kits across Japan."},
    )
    interest = ExpressionOfInterest.objects.get()
    assert interest.organization == other_org
    before = client.get(detail).content.decode()
    assert "alice@zephyrine.example" not in before
    assert owner_org.name not in before

    # 4. The owner accepts: an introduction.
    client.force_login(owner)
    assert "Osaka Cell Lab" in client.get(reverse("dashboard:home")).content.decode()
    client.post(
        reverse("opportunities:answer", args=[interest.pk]),
        {f"interest-{interest.pk}-decision": "accept", f"interest-{interest.pk}-reply": "Yes!"},
    )
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED

    # 5. Both sides see each other's contacts and identity.
    owner_side = client.get(detail).content.decode()
    assert "hiro@osaka-cell.example" in owner_side
    assert "kenji@osaka-cell.example" in owner_side
    client.force_login(member_b)
    interested_side = client.get(detail).content.decode()
    assert "alice@zephyrine.example" in interested_side
    assert "owner@zephyrine.example" in interested_side
    assert owner_org.name in interested_side

    # 6. The introduction appears on both clusters' staff dashboards.
    for staff in (staff_a, staff_b):
        client.force_login(staff)
        response = client.get(reverse("dashboard:home"))
        assert [i.pk for i in response.context["cluster_introductions"]] == [interest.pk]
        assert opportunity.title in response.content.decode()

    # Every step was recorded as an event.
    assert list(opportunity.events.order_by("pk").values_list("action", flat=True)) == [
        "created",
        "submitted",
        "published",
        "interest_sent",
        "interest_accepted",
    ]
