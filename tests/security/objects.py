"""One object of every kind around the personas, so every URL pattern gets a concrete URL.

Organization A (cluster X) owns the opportunities; organization B (cluster Y) is the other
side: it expressed interest in A's published opportunity and has a draft of its own.

    objects = build_objects(world)
    objects.opp_draft, objects.eoi, objects.alert_a, objects.notification_a, ...

Everything a persona might reach "by id" exists twice where it matters (one of A, one of B),
so the walk and the IDOR tests can aim at the other side's object.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from api.models import ApiKey, WebhookEndpoint, WebhookEvent
from api.services import api_key_create
from clusters.models import TechnologyArea
from followups.links import answer_token
from followups.models import Stage
from matching.models import Alert
from notifications.emails import unsubscribe_token
from notifications.models import Notification, NotificationKind
from opportunities.models import (
    ExpressionOfInterest,
    Opportunity,
    OpportunityAttachment,
    OpportunityStatus,
)
from partners.models import Invitation, JoinRequest, Membership
from partners.services import invitation_token_hash
from tests.accounts.factories import UserFactory
from tests.clusters.factories import TechnologyAreaFactory
from tests.followups.factories import (
    FollowUpEventFactory,
    FollowUpFactory,
    IntroductionFactory,
    OpportunityFeedbackFactory,
)
from tests.matching.factories import AlertFactory, NotificationFactory
from tests.opportunities.factories import (
    ExpressionOfInterestFactory,
    OpportunityAttachmentFactory,
    OpportunityFactory,
    PublishedOpportunityFactory,
)
from tests.partners.factories import MembershipFactory, OrganizationFactory
from tests.personas import World
from tests.security.event_objects import EventObjects, build_event_objects


@dataclass
class Objects:
    world: World
    opp_draft: Opportunity  # A's draft, with an attachment
    opp_submitted: Opportunity  # A's, waiting for review
    opp_published: Opportunity  # A's, in the marketplace, with an attachment; B is interested
    opp_anonymous: Opportunity  # A's, published without its name
    opp_b_draft: Opportunity  # B's draft, with an attachment
    opp_b_published: Opportunity  # B's, in the marketplace
    attachment_draft: OpportunityAttachment
    attachment_published: OpportunityAttachment
    attachment_b_draft: OpportunityAttachment
    eoi: ExpressionOfInterest  # B's interest in A's published opportunity (pending)
    alert_a: Alert  # member_a's
    alert_b: Alert  # org_admin_b's
    notification_a: Notification  # member_a's
    notification_b: Notification  # org_admin_b's
    invitation_a: Invitation  # open invitation to organization A
    invitation_a_token: str
    invitation_b: Invitation
    join_request_a: JoinRequest  # an outsider asks to join A
    join_request_b: JoinRequest
    membership_a: Membership  # a colleague in A (not a persona)
    membership_b: Membership
    outsider: User
    unsubscribe_a: str  # member_a's one-click unsubscribe token
    events: EventObjects  # a partnering event of cluster X (event_objects.py)
    api_key_a: ApiKey  # organization A's, created by org_admin_a
    webhook_a: WebhookEndpoint  # organization A's

    # Follow-ups: A introduced to another published opportunity of B; a third organization C
    # (cluster Y) introduced to it too (nothing of A's or cluster X's).
    intro_ab: ExpressionOfInterest | None = None
    intro_bc: ExpressionOfInterest | None = None
    answer_a: str = ""  # member_a's one-click answer link token for intro_ab


def _invitation(organization, email: str, inviter: User) -> tuple[Invitation, str]:
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        token_hash=invitation_token_hash(token),
        invited_by=inviter,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return invitation, token


def build_objects(world: World) -> Objects:
    org_a, org_b = world.org_a, world.org_b
    area = TechnologyArea.objects.filter(parent__isnull=False).order_by("pk").first()
    if area is None:  # the taxonomy comes with a migration; a flushed database lacks it
        area = TechnologyAreaFactory(parent=TechnologyAreaFactory(slug="walk-top"), slug="walk")
    author_a, author_b = world.user("org_admin_a"), world.user("org_admin_b")
    opp_draft = OpportunityFactory(
        organization=org_a, author=author_a, title="A draft", technology_areas=[area]
    )
    opp_submitted = OpportunityFactory(
        organization=org_a,
        author=author_a,
        title="A submitted",
        status=OpportunityStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    opp_published = PublishedOpportunityFactory(
        organization=org_a, author=author_a, title="A published"
    )
    opp_anonymous = PublishedOpportunityFactory(
        organization=org_a, author=author_a, title="A anonymous", is_anonymous=True
    )
    opp_b_draft = OpportunityFactory(
        organization=org_b, author=author_b, title="B draft", technology_areas=[area]
    )
    opp_b_published = PublishedOpportunityFactory(
        organization=org_b, author=author_b, title="B published"
    )
    outsider = UserFactory(email="outsider@persona.example")
    invitation_a, invitation_a_token = _invitation(org_a, "new-a@persona.example", author_a)
    invitation_b, _ = _invitation(org_b, "new-b@persona.example", author_b)
    member_a = world.user("member_a")
    objects = Objects(
        world=world,
        opp_draft=opp_draft,
        opp_submitted=opp_submitted,
        opp_published=opp_published,
        opp_anonymous=opp_anonymous,
        opp_b_draft=opp_b_draft,
        opp_b_published=opp_b_published,
        attachment_draft=OpportunityAttachmentFactory(opportunity=opp_draft),
        attachment_published=OpportunityAttachmentFactory(opportunity=opp_published),
        attachment_b_draft=OpportunityAttachmentFactory(opportunity=opp_b_draft),
        eoi=ExpressionOfInterestFactory(
            opportunity=opp_published, organization=org_b, author=author_b
        ),
        alert_a=AlertFactory(owner=member_a, name="A's alert", keywords="assay"),
        alert_b=AlertFactory(owner=author_b, name="B's alert", keywords="imaging"),
        notification_a=NotificationFactory(
            recipient=member_a,
            kind=NotificationKind.NEW_MATCH,
            payload={"opportunity_id": opp_b_published.pk, "title": opp_b_published.title},
            url=f"/opportunities/{opp_b_published.pk}/",
        ),
        notification_b=NotificationFactory(
            recipient=author_b,
            kind=NotificationKind.NEW_MATCH,
            payload={"opportunity_id": opp_published.pk, "title": opp_published.title},
            url=f"/opportunities/{opp_published.pk}/",
        ),
        invitation_a=invitation_a,
        invitation_a_token=invitation_a_token,
        invitation_b=invitation_b,
        join_request_a=JoinRequest.objects.create(
            organization=org_a, user=outsider, message="Let me in"
        ),
        join_request_b=JoinRequest.objects.create(
            organization=org_b, user=outsider, message="Let me in too"
        ),
        membership_a=MembershipFactory(organization=org_a, user__email="colleague-a@p.example"),
        membership_b=MembershipFactory(organization=org_b, user__email="colleague-b@p.example"),
        outsider=outsider,
        unsubscribe_a=unsubscribe_token(user_id=member_a.pk, scope=NotificationKind.NEW_MATCH),
        events=build_event_objects(world),
        api_key_a=api_key_create(actor=author_a, name="A's CRM", organization=org_a)[0],
        # Created directly: the service would resolve the host (no DNS in the walk).
        webhook_a=WebhookEndpoint.objects.create(
            owner=author_a,
            organization=org_a,
            url="https://hooks.example.org/wlscc",
            events=[WebhookEvent.OPPORTUNITY_PUBLISHED],
            secret="whsec_" + "A" * 44,
        ),
    )
    _add_follow_ups(objects)
    return objects


def _add_follow_ups(objects: Objects) -> None:
    world = objects.world
    # An opportunity of its own: A's interest in it must not take A's form away elsewhere.
    published_b = PublishedOpportunityFactory(
        organization=world.org_b, author=world.user("org_admin_b"), title="B introduced"
    )
    org_c = OrganizationFactory(cluster=world.cluster_y, name="Persona Org C", country="JP")
    objects.intro_ab = IntroductionFactory(opportunity=published_b, organization=world.org_a)
    objects.intro_bc = IntroductionFactory(opportunity=published_b, organization=org_c)
    for introduction in (objects.intro_ab, objects.intro_bc):
        FollowUpEventFactory(
            follow_up=FollowUpFactory(interest=introduction, stage=Stage.IN_CONTACT)
        )
    OpportunityFeedbackFactory(opportunity=objects.opp_published, organization=world.org_b)
    objects.answer_a = answer_token(
        follow_up_id=objects.intro_ab.follow_up.pk,
        recipient_id=world.user("member_a").pk,
        nudge=1,
        answer=Stage.NDA_SIGNED,
    )
