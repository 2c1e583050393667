"""Pass with feedback: the author's organization reads the reasons with the interest counts;
nobody else does. Decline reasons: the interested organization sees them with the decline."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from followups import services
from followups.models import OpportunityFeedback
from opportunities import services as marketplace
from opportunities.models import DeclineReason, InterestStatus
from tests.partners.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

COMMENT = "We need clinical data in Asian cohorts first."


@pytest.fixture
def feedback(published, other_org, member_b):
    return services.feedback_give(
        actor=member_b,
        opportunity=published,
        organization_id=other_org.pk,
        reason="too_early",
        text=COMMENT,
    )


def detail(opportunity) -> str:
    return reverse("opportunities:detail", args=[opportunity.pk])


def test_a_member_passes_with_feedback_from_the_page(client, published, other_org, member_b):
    client.force_login(member_b)

    client.post(
        reverse("followups:feedback", args=[published.pk]),
        {"organization": other_org.pk, "reason": "ip_unclear", "text": ""},
    )

    feedback = OpportunityFeedback.objects.get()
    assert (feedback.organization, feedback.author, feedback.reason, feedback.show_name) == (
        other_org,
        member_b,
        "ip_unclear",
        False,
    )
    assert "You passed" in client.get(detail(published)).text


def test_a_member_of_one_organization_passes_on_its_behalf_without_choosing(
    client, published, other_org, member_b
):
    client.force_login(member_b)

    html = client.get(detail(published)).text

    panel = html.split('id="pass-heading"', 1)[1].split("</form>", 1)[0]
    assert f'<input type="hidden" name="organization" value="{other_org.pk}">' in panel
    assert "<select" not in panel


def test_a_member_of_two_organizations_chooses_on_whose_behalf(
    client, published, other_org, member_b
):
    second = MembershipFactory(user=member_b, organization=OrganizationFactory(name="Zeta Bio"))
    client.force_login(member_b)

    html = client.get(detail(published)).text

    panel = html.split('id="pass-heading"', 1)[1].split("</form>", 1)[0]
    assert 'type="hidden" name="organization"' not in panel
    assert f'<option value="{other_org.pk}">{other_org.name}</option>' in panel
    assert f'<option value="{second.organization.pk}">Zeta Bio</option>' in panel


def test_the_author_sees_the_reasons_with_the_interest_counts(
    client, published, feedback, interest, owner
):
    client.force_login(owner)

    page = client.get(detail(published)).text

    assert "What partners told us" in page
    assert "1 expressed interest · 1 passed" in page
    assert "Too early: <strong>1</strong>" in page
    assert COMMENT in page


def test_the_feedback_is_anonymous_unless_the_giver_chooses(client, published, feedback, owner):
    client.force_login(owner)

    anonymous = client.get(detail(published)).text
    OpportunityFeedback.objects.update(show_name=True)
    named = client.get(detail(published)).text

    assert "Osaka Cell Lab:" not in anonymous
    assert "Osaka Cell Lab:" in named


@pytest.mark.parametrize("persona", ["stranger", "staff_a", "staff_b", "member_b"])
def test_no_other_organization_reads_it(client, published, feedback, persona, request):
    OpportunityFeedback.objects.update(show_name=True)
    client.force_login(request.getfixturevalue(persona))

    page = client.get(detail(published)).text

    assert "What partners told us" not in page


def test_the_authors_dashboard_shows_the_reasons(client, published, feedback, owner):
    client.force_login(owner)

    page = client.get(reverse("dashboard:home")).text

    assert "Too early: 1" in page


def test_an_organization_gives_feedback_once(published, other_org, member_b, feedback):
    with pytest.raises(ValidationError) as error:
        services.feedback_give(
            actor=member_b,
            opportunity=published,
            organization_id=other_org.pk,
            reason="not_our_field",
        )

    assert OpportunityFeedback.objects.count() == 1
    assert error.value.messages == [
        "Osaka Cell Lab has already given feedback on this opportunity."
    ]


def test_the_decline_reason_reaches_the_interested_side(client, interest, owner, member_b):
    client.force_login(owner)
    client.post(
        reverse("opportunities:answer", args=[interest.pk]),
        {
            f"interest-{interest.pk}-decision": "decline",
            f"interest-{interest.pk}-decline_reason": "already_partnered",
        },
    )
    client.force_login(member_b)

    dashboard = client.get(reverse("dashboard:home")).text
    opportunity = client.get(detail(interest.opportunity)).text

    interest.refresh_from_db()
    assert (interest.status, interest.decline_reason) == (
        InterestStatus.DECLINED,
        DeclineReason.ALREADY_PARTNERED,
    )
    assert "We already have a partner" in dashboard
    assert "We already have a partner" in opportunity


def test_declining_asks_for_a_reason(client, interest, owner):
    client.force_login(owner)

    response = client.post(
        reverse("opportunities:answer", args=[interest.pk]),
        {f"interest-{interest.pk}-decision": "decline"},
        follow=True,
    )

    assert "Choose why you decline." in response.text
    interest.refresh_from_db()
    assert interest.status == InterestStatus.PENDING


def test_declining_for_another_reason_needs_words(interest, owner):
    with pytest.raises(ValidationError):
        marketplace.interest_decline(actor=owner, interest=interest, reason="other")

    interest.refresh_from_db()
    assert interest.status == InterestStatus.PENDING


def test_a_third_organization_does_not_see_the_decline_reason(client, interest, owner):
    marketplace.interest_decline(actor=owner, interest=interest, reason="timing")
    third = MembershipFactory(organization=OrganizationFactory()).user
    client.force_login(third)

    assert "Not the right time" not in client.get(detail(interest.opportunity)).text
