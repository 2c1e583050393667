"""Who hears of what the marketplace does (the hook called for every OpportunityEvent)."""

import pytest
from django.core import mail

from notifications.models import Notification, NotificationKind
from opportunities.services import (
    interest_accept,
    interest_decline,
    interest_express,
    opportunity_reject,
    opportunity_request_changes,
)
from partners.models import MembershipRole
from tests.clusters.factories import ClusterStaffFactory
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_author_hears_that_the_opportunity_is_published(world, submitted, publish):
    opportunity = publish(submitted())

    notification = Notification.objects.get(
        recipient=world.author, kind=NotificationKind.MODERATION_RESULT
    )
    assert notification.payload["result"] == "published"
    assert notification.url == f"/opportunities/{opportunity.pk}/"


def test_the_author_hears_which_changes_are_requested(world, submitted):
    opportunity_request_changes(
        actor=world.moderator, opportunity=submitted(), comment="Add the validation data."
    )

    notification = Notification.objects.get(recipient=world.author)
    assert notification.payload["result"] == "changes_requested"
    assert notification.payload["comment"] == "Add the validation data."


def test_the_author_hears_of_a_rejection(world, submitted):
    opportunity_reject(actor=world.moderator, opportunity=submitted(), reason="Not life science.")

    assert kinds_of(world.author) == [NotificationKind.MODERATION_RESULT]


@pytest.fixture
def opportunity(world):
    return PublishedOpportunityFactory(
        organization=world.owner_org, author=world.author, technology_areas=[world.ivd]
    )


@pytest.fixture
def interest(world, opportunity):
    return interest_express(
        actor=world.partner,
        opportunity=opportunity,
        organization=world.partner_org,
        message="We would like to license it for Japan.",
    )


def test_the_author_and_admins_hear_of_an_expression_of_interest(world, opportunity):
    admin = MembershipFactory(organization=world.owner_org, role=MembershipRole.ADMIN).user

    interest_express(
        actor=world.partner,
        opportunity=opportunity,
        organization=world.partner_org,
        message="We would like to license it for Japan.",
    )

    notification = Notification.objects.get(
        recipient=world.author, kind=NotificationKind.EOI_RECEIVED
    )
    assert notification.payload["organization"] == "Osaka Diagnostics"
    assert notification.payload["message"] == "We would like to license it for Japan."
    assert kinds_of(admin) == [NotificationKind.EOI_RECEIVED]
    assert kinds_of(world.colleague) == []  # a plain member is not disturbed
    assert kinds_of(world.partner) == []  # nor the sender


def test_the_interested_side_hears_of_the_acceptance_and_both_clusters_of_the_introduction(
    world, interest, django_capture_on_commit_callbacks
):
    owner_staff = ClusterStaffFactory(cluster=world.owner_org.cluster).user
    partner_staff = ClusterStaffFactory(cluster=world.partner_org.cluster).user

    with django_capture_on_commit_callbacks(execute=True):
        interest_accept(actor=world.author, interest=interest, reply="Let us talk.")

    answer = Notification.objects.get(recipient=world.partner, kind=NotificationKind.EOI_ANSWERED)
    assert answer.payload["status"] == "accepted"
    assert answer.payload["reply"] == "Let us talk."
    for staff in (owner_staff, partner_staff):
        introduction = Notification.objects.get(recipient=staff)
        assert introduction.payload["introduction"] is True
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[world.partner.email] == (
        f"Your interest in “{interest.opportunity.title}” was accepted: you are introduced"
    )


def test_an_anonymous_owner_stays_hidden_from_the_other_clusters_staff_after_an_introduction(
    world, opportunity, django_capture_on_commit_callbacks
):
    opportunity.is_anonymous = True
    opportunity.save()
    interest = interest_express(
        actor=world.partner,
        opportunity=opportunity,
        organization=world.partner_org,
        message="Interested.",
    )
    owner_staff = ClusterStaffFactory(cluster=world.owner_org.cluster).user
    partner_staff = ClusterStaffFactory(cluster=world.partner_org.cluster).user
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        interest_accept(actor=world.author, interest=interest)

    told_owner_staff = Notification.objects.get(recipient=owner_staff)
    told_partner_staff = Notification.objects.get(recipient=partner_staff)
    assert told_owner_staff.payload["owner"] == world.owner_org.name
    assert told_partner_staff.payload["owner"] == ""
    partner_staff_mail = [m for m in mail.outbox if m.to == [partner_staff.email]]
    assert len(partner_staff_mail) == 1
    assert world.owner_org.name not in partner_staff_mail[0].subject
    assert world.owner_org.name not in partner_staff_mail[0].body
    assert world.owner_org.cluster.name in partner_staff_mail[0].body


def test_a_declined_interest_in_an_anonymous_opportunity_keeps_the_owner_hidden(world, opportunity):
    opportunity.is_anonymous = True
    opportunity.save()
    interest = interest_express(
        actor=world.partner,
        opportunity=opportunity,
        organization=world.partner_org,
        message="Interested.",
    )

    interest_decline(actor=world.author, interest=interest)

    answer = Notification.objects.get(recipient=world.partner)
    assert answer.payload["status"] == "declined"
    assert answer.payload["organization"] == ""
