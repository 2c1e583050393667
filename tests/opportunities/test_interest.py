"""Expressions of interest: who sends one, once, on what; answers; contacts after acceptance."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from opportunities import services
from opportunities.models import ExpressionOfInterest, InterestStatus, OpportunityStatus
from partners.models import ContactVisibility
from tests.opportunities.factories import (
    ExpressionOfInterestFactory,
    OpportunityFactory,
    PublishedOpportunityFactory,
)
from tests.partners.factories import ContactFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def express(actor, opportunity, organization, message="We license assays in Japan."):
    return services.interest_express(
        actor=actor, opportunity=opportunity, organization=organization, message=message
    )


# --- the rules, at the service ----------------------------------------------------------


def test_a_member_of_another_organization_expresses_interest(published, member_b, other_org):
    interest = express(member_b, published, other_org)
    assert (interest.status, interest.author, interest.organization) == (
        InterestStatus.PENDING,
        member_b,
        other_org,
    )
    assert published.events.get(action="interest_sent").interest == interest


def test_not_twice_for_the_same_organization(published, member_b, other_org):
    express(member_b, published, other_org)
    colleague_b = MembershipFactory(organization=other_org).user
    with pytest.raises(ValidationError) as error:
        express(colleague_b, published, other_org)
    assert error.value.messages == [
        str(services.MESSAGE_INTEREST_DUPLICATE % {"organization": other_org.name})
    ]
    assert ExpressionOfInterest.objects.count() == 1


def test_the_database_refuses_a_duplicate_too(published, other_org):
    ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    with pytest.raises(Exception, match="one_interest_per_organization"):
        ExpressionOfInterestFactory(opportunity=published, organization=other_org)


def test_not_on_the_own_organizations_opportunity(published, owner, owner_org):
    with pytest.raises(ValidationError) as error:
        express(owner, published, owner_org)
    assert error.value.messages == [str(services.MESSAGE_INTEREST_OWN)]
    assert not ExpressionOfInterest.objects.exists()


@pytest.mark.parametrize(
    "status",
    [
        OpportunityStatus.DRAFT,
        OpportunityStatus.SUBMITTED,
        OpportunityStatus.CHANGES_REQUESTED,
        OpportunityStatus.REJECTED,
        OpportunityStatus.CLOSED,
        OpportunityStatus.EXPIRED,
    ],
)
def test_only_on_published_opportunities(owner_org, member_b, other_org, status):
    opportunity = OpportunityFactory(organization=owner_org, status=status)
    with pytest.raises(ValidationError) as error:
        express(member_b, opportunity, other_org)
    assert error.value.messages == [str(services.MESSAGE_INTEREST_NOT_PUBLISHED)]
    assert not ExpressionOfInterest.objects.exists()


def test_only_for_an_organization_the_user_belongs_to(published, member_b):
    with pytest.raises(PermissionDenied):
        express(member_b, published, OrganizationFactory())
    assert not ExpressionOfInterest.objects.exists()


def test_an_empty_message_is_refused(published, member_b, other_org):
    with pytest.raises(ValidationError) as error:
        express(member_b, published, other_org, message="   ")
    assert error.value.message_dict == {"message": [str(services.MESSAGE_INTEREST_EMPTY)]}


def test_owner_accepts_with_a_reply(published, owner, member_b, other_org):
    interest = express(member_b, published, other_org)
    services.interest_accept(actor=owner, interest=interest, reply="Let us talk.")
    interest.refresh_from_db()
    assert (interest.status, interest.reply, interest.answered_by) == (
        InterestStatus.ACCEPTED,
        "Let us talk.",
        owner,
    )
    assert interest.answered_at is not None


def test_owner_declines(published, owner, member_b, other_org):
    interest = express(member_b, published, other_org)
    services.interest_decline(actor=owner, interest=interest)
    interest.refresh_from_db()
    assert interest.status == InterestStatus.DECLINED


@pytest.mark.parametrize("persona", ["member_b", "staff_a", "consortium_admin", "outsider"])
def test_only_the_owner_organization_answers(request, published, other_org, persona):
    interest = ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    with pytest.raises(PermissionDenied):
        services.interest_accept(actor=request.getfixturevalue(persona), interest=interest)
    interest.refresh_from_db()
    assert interest.status == InterestStatus.PENDING


def test_an_answered_interest_cannot_be_answered_again(published, owner, other_org):
    interest = ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    services.interest_decline(actor=owner, interest=interest)
    with pytest.raises(ValidationError) as error:
        services.interest_accept(actor=owner, interest=interest)
    assert error.value.messages == [str(services.MESSAGE_INTEREST_ANSWERED)]
    interest.refresh_from_db()
    assert interest.status == InterestStatus.DECLINED


# --- the views --------------------------------------------------------------------------


def test_post_interest_creates_it_and_redirects(client, published, member_b, other_org):
    client.force_login(member_b)
    response = client.post(
        reverse("opportunities:interest", args=[published.pk]),
        {"organization": other_org.pk, "message": "We distribute IVD in Japan."},
    )
    assert response.status_code == 302
    assert ExpressionOfInterest.objects.get().organization == other_org


def test_post_interest_twice_says_so_and_changes_nothing(client, published, member_b, other_org):
    ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    client.force_login(member_b)
    response = client.post(
        reverse("opportunities:interest", args=[published.pk]),
        {"organization": other_org.pk, "message": "Again"},
        follow=True,
    )
    assert "has already expressed interest" in response.content.decode()
    assert ExpressionOfInterest.objects.count() == 1


def test_post_interest_in_own_opportunity_says_so(client, published, owner, owner_org):
    client.force_login(owner)
    response = client.post(
        reverse("opportunities:interest", args=[published.pk]),
        {"organization": owner_org.pk, "message": "Hi"},
        follow=True,
    )
    assert "cannot express interest in its own opportunity" in response.content.decode()
    assert not ExpressionOfInterest.objects.exists()


def test_post_interest_in_a_draft_is_404(client, draft, member_b, other_org):
    client.force_login(member_b)
    response = client.post(
        reverse("opportunities:interest", args=[draft.pk]),
        {"organization": other_org.pk, "message": "Hi"},
    )
    assert response.status_code == 404
    assert not ExpressionOfInterest.objects.exists()


def test_post_interest_without_a_message_shows_the_error(client, published, member_b, other_org):
    client.force_login(member_b)
    response = client.post(
        reverse("opportunities:interest", args=[published.pk]),
        {"organization": other_org.pk, "message": ""},
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_post_interest_for_someone_elses_organization_is_refused(client, published, member_b):
    client.force_login(member_b)
    stranger_org = OrganizationFactory()
    response = client.post(
        reverse("opportunities:interest", args=[published.pk]),
        {"organization": stranger_org.pk, "message": "Hi"},
    )
    assert response.status_code == 400
    assert not ExpressionOfInterest.objects.exists()


def test_post_interest_requires_login(client, published, other_org):
    response = client.post(
        reverse("opportunities:interest", args=[published.pk]),
        {"organization": other_org.pk, "message": "Hi"},
    )
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_post_interest_without_csrf_token_is_refused(published, member_b, other_org):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member_b)
    response = client.post(
        reverse("opportunities:interest", args=[published.pk]),
        {"organization": other_org.pk, "message": "Hi"},
    )
    assert response.status_code == 403
    assert not ExpressionOfInterest.objects.exists()


def test_a_user_in_two_organizations_picks_which_one_speaks(client, published, member_b, cluster_b):
    second = OrganizationFactory(cluster=cluster_b, name="Second Org KK")
    MembershipFactory(user=member_b, organization=second)
    client.force_login(member_b)
    html = client.get(reverse("opportunities:detail", args=[published.pk])).content.decode()
    assert "Second Org KK" in html and "Osaka Cell Lab" in html
    client.post(
        reverse("opportunities:interest", args=[published.pk]),
        {"organization": second.pk, "message": "From the second one."},
    )
    assert ExpressionOfInterest.objects.get().organization == second


def test_the_interested_side_sees_the_state_of_its_interest(
    client, published, owner, member_b, other_org
):
    interest = ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    client.force_login(member_b)
    detail = reverse("opportunities:detail", args=[published.pk])
    assert "Awaiting answer" in client.get(detail).content.decode()
    services.interest_decline(actor=owner, interest=interest, reply="Already partnered.")
    html = client.get(detail).content.decode()
    assert "Declined" in html and "Already partnered." in html


def test_answer_view_accepts(client, published, owner, other_org):
    interest = ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    client.force_login(owner)
    response = client.post(
        reverse("opportunities:answer", args=[interest.pk]),
        {f"interest-{interest.pk}-decision": "accept", f"interest-{interest.pk}-reply": "Yes"},
    )
    assert response.status_code == 302
    interest.refresh_from_db()
    assert (interest.status, interest.reply) == (InterestStatus.ACCEPTED, "Yes")


def test_answer_view_refuses_the_interested_side(client, published, member_b, other_org):
    interest = ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    client.force_login(member_b)
    response = client.post(
        reverse("opportunities:answer", args=[interest.pk]),
        {f"interest-{interest.pk}-decision": "accept"},
    )
    assert response.status_code == 403
    interest.refresh_from_db()
    assert interest.status == InterestStatus.PENDING


# --- contacts appear only after acceptance ----------------------------------------------


@pytest.fixture
def contacts(owner_org, other_org):
    return {
        "owner_introduced": ContactFactory(
            organization=owner_org, name="Alice Owner", email="alice@zephyrine.example"
        ),
        "owner_private": ContactFactory(
            organization=owner_org,
            name="Private Pierre",
            email="pierre@zephyrine.example",
            visibility=ContactVisibility.PRIVATE,
        ),
        "other_introduced": ContactFactory(
            organization=other_org, name="Hiro Interested", email="hiro@osaka-cell.example"
        ),
    }


def _detail(client, user, opportunity) -> str:
    client.force_login(user)
    return client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()


def test_no_contacts_before_acceptance(client, published, owner, member_b, other_org, contacts):
    ExpressionOfInterestFactory(opportunity=published, organization=other_org, author=member_b)
    owner_view = _detail(client, owner, published)
    interested_view = _detail(client, member_b, published)
    assert "hiro@osaka-cell.example" not in owner_view
    assert "kenji@osaka-cell.example" not in owner_view
    assert "alice@zephyrine.example" not in interested_view
    assert "owner@zephyrine.example" not in interested_view


def test_both_sides_see_contacts_after_acceptance(
    client, published, owner, member_b, other_org, contacts
):
    interest = ExpressionOfInterestFactory(
        opportunity=published, organization=other_org, author=member_b
    )
    services.interest_accept(actor=owner, interest=interest)
    owner_view = _detail(client, owner, published)
    interested_view = _detail(client, member_b, published)
    assert "hiro@osaka-cell.example" in owner_view
    assert "kenji@osaka-cell.example" in owner_view  # the author of the interest
    assert "alice@zephyrine.example" in interested_view
    assert "owner@zephyrine.example" in interested_view  # the author of the opportunity
    assert "pierre@zephyrine.example" not in interested_view  # private stays private


def test_no_contacts_after_a_decline(client, published, owner, member_b, other_org, contacts):
    interest = ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    services.interest_decline(actor=owner, interest=interest)
    assert "alice@zephyrine.example" not in _detail(client, member_b, published)
    assert "hiro@osaka-cell.example" not in _detail(client, owner, published)


def test_a_third_organization_never_sees_the_contacts(
    client, published, owner, other_org, cluster_b, contacts
):
    interest = ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    services.interest_accept(actor=owner, interest=interest)
    third = MembershipFactory(organization=OrganizationFactory(cluster=cluster_b)).user
    html = _detail(client, third, published)
    assert "alice@zephyrine.example" not in html
    assert "hiro@osaka-cell.example" not in html


def test_closed_opportunity_stays_visible_to_the_interested_party(
    client, published, owner, member_b, other_org, cluster_b
):
    ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    services.opportunity_close(actor=owner, opportunity=published, reason="filled")
    detail = reverse("opportunities:detail", args=[published.pk])
    client.force_login(member_b)
    assert client.get(detail).status_code == 200
    client.force_login(MembershipFactory(organization=OrganizationFactory(cluster=cluster_b)).user)
    assert client.get(detail).status_code == 404


def test_expired_opportunity_stays_visible_to_owner_and_staff(
    client, owner_org, owner, staff_a, member_b
):
    opportunity = PublishedOpportunityFactory(
        organization=owner_org, status=OpportunityStatus.EXPIRED
    )
    detail = reverse("opportunities:detail", args=[opportunity.pk])
    for user, expected in ((owner, 200), (staff_a, 200), (member_b, 404)):
        client.force_login(user)
        assert client.get(detail).status_code == expected
