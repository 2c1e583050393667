"""The XSS corpus (payloads.py) through every free-text field, into pages and e-mails.

Pages: every payload is stored in every free-text field that shows somewhere — one payload
per object for the short fields (a title, a name: 40 opportunities, 40 organizations, 40
alerts, 40 notifications, 40 people), all payloads at once in the long ones (descriptions,
capabilities, needs, messages, replies, comments, the cluster page) — and each page that shows
them is fetched by the persona who sees them. Search boxes get the payloads too (reflected).

E-mails: the same payloads go through the services that send e-mails (publication and its
matches, moderation comments, interest and its answer, invitations, join requests, digests);
every HTML part must hold them escaped.

A page or e-mail "holds a payload escaped" as payloads.assert_inert_in_html defines it.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clusters.models import Cluster, TechnologyArea
from matching.models import Alert, AlertFrequency
from notifications.models import NotificationKind
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityEvent,
    OpportunityStatus,
)
from partners.models import (
    ContactVisibility,
    JoinRequest,
    MembershipRole,
    Organization,
)
from tests.accounts.factories import UserFactory
from tests.matching.factories import AlertFactory, NotificationFactory
from tests.opportunities.factories import OpportunityFactory, PublishedOpportunityFactory
from tests.partners.factories import ContactFactory, MembershipFactory, OrganizationFactory
from tests.personas import client_for
from tests.security.objects import Objects, build_objects
from tests.security.payloads import (
    MARKERS,
    PAYLOADS,
    assert_inert_in_email,
    assert_inert_in_html,
)
from tests.security.walk import fresh_client

ALL = "\n".join(PAYLOADS)
SHORT = 40  # phone numbers
# A search with every payload in the search box and in every filter (reflected XSS).
REFLECTED = {
    "q": ALL,
    "cluster": PAYLOADS[:3],
    "country": PAYLOADS[3],
    "type": PAYLOADS[4],
    "kind": PAYLOADS[5],
    "area": PAYLOADS[6],
    "stage": PAYLOADS[7],
    "sort": PAYLOADS[8],
    "page": PAYLOADS[9],
}


@dataclass
class XssWorld:
    objects: Objects
    opportunities: list[Opportunity]
    organizations: list[Organization]
    alerts: list[Alert]


def _fill_pages(objects: Objects) -> XssWorld:
    world = objects.world
    area = objects.opp_draft.technology_areas.first()
    # Long fields: every payload at once.
    Organization.objects.filter(pk=world.org_a.pk).update(
        description=ALL, capabilities=ALL, needs=ALL, city=PAYLOADS[0]
    )
    Cluster.objects.filter(pk=world.cluster_x.pk).update(
        description=ALL, region=PAYLOADS[1], contact_name=PAYLOADS[2]
    )
    Opportunity.objects.filter(pk=objects.opp_draft.pk).update(description=ALL)
    Opportunity.objects.filter(pk=objects.opp_submitted.pk).update(
        description=ALL, moderation_comment=ALL
    )
    ExpressionOfInterest.objects.filter(pk=objects.eoi.pk).update(message=ALL, reply=ALL)
    JoinRequest.objects.filter(pk=objects.join_request_a.pk).update(message=ALL)
    OpportunityEvent.objects.create(
        opportunity=objects.opp_submitted,
        action=OpportunityEvent.Action.CHANGES_REQUESTED,
        actor=world.user("staff_x"),
        comment=ALL,
    )
    # Short fields: one payload per object.
    opportunities, organizations, alerts = [], [], []
    for number, payload in enumerate(PAYLOADS):
        opportunity = PublishedOpportunityFactory(
            organization=world.org_a,
            author=world.user("org_admin_a"),
            title=payload,
            summary=payload,
            description=ALL,
            technology_areas=[area],
        )
        opportunities.append(opportunity)
        organization = OrganizationFactory(
            cluster=world.cluster_x, name=payload, city=payload, description=payload
        )
        organizations.append(organization)
        ContactFactory(
            organization=world.org_a,
            name=payload,
            role=payload,
            phone=payload[:SHORT],
            visibility=ContactVisibility.MEMBERS,
        )
        alerts.append(AlertFactory(owner=world.user("member_a"), name=payload, keywords=payload))
        NotificationFactory(
            recipient=world.user("member_a"),
            kind=NotificationKind.NEW_MATCH if number % 2 else NotificationKind.EOI_RECEIVED,
            payload={
                "opportunity_id": opportunity.pk,
                "title": payload,
                "alert": payload,
                "organization": payload,
                "message": payload,
            },
            url=f"/opportunities/{opportunity.pk}/",
        )
        MembershipFactory(
            organization=world.org_a,
            user__first_name=payload[:150],
            user__last_name=payload[:150],
            user__job_title=payload[:120],
            role=MembershipRole.MEMBER if number % 2 else MembershipRole.ADMIN,
        )
    ExpressionOfInterestFactory_for(opportunities[0], world.org_b, world.user("org_admin_b"))
    # Names that end up in <select> options (filters, "on behalf of"): clusters, areas, and
    # organizations of a member of several.
    Cluster.objects.filter(pk=world.cluster_y.pk).update(name=PAYLOADS[4], short_name=PAYLOADS[2])
    TechnologyArea.objects.filter(pk=area.pk).update(name=PAYLOADS[5])
    TechnologyArea.objects.filter(pk=area.parent_id).update(name=PAYLOADS[6])
    for organization in organizations[1:3]:
        MembershipFactory(organization=organization, user=world.user("member_a"))
    return XssWorld(objects, opportunities, organizations, alerts)


def ExpressionOfInterestFactory_for(opportunity, organization, author) -> None:
    ExpressionOfInterest.objects.create(
        opportunity=opportunity,
        organization=organization,
        author=author,
        message=ALL,
        reply=ALL,
        status=InterestStatus.ACCEPTED,
        answered_at=timezone.now(),
    )


@pytest.fixture
def xss(world) -> XssWorld:
    return _fill_pages(build_objects(world))


def _pages(x: XssWorld) -> dict[str, list[str]]:
    o, w = x.objects, x.objects.world
    first, last = x.opportunities[0].pk, x.opportunities[-1].pk
    detail = lambda pk: reverse("opportunities:detail", args=[pk])  # noqa: E731
    return {
        "visitor": [
            reverse("home"),
            reverse("clusters:list"),
            reverse("clusters:detail", args=[w.cluster_x.slug]),
            reverse("clusters:detail", args=[w.cluster_x.slug]) + "?page=2",
            reverse("partners:list"),
            reverse("partners:list") + "?page=2",
            reverse("partners:list") + "?page=3",
            reverse("partners:detail", args=[w.org_a.slug]),
            reverse("partners:detail", args=[x.organizations[5].slug]),
            reverse("opportunities:list"),
            reverse("opportunities:list") + "?page=2",
            reverse("opportunities:list") + "?page=3",
            detail(first),
            detail(last),
            reverse("stats:index"),
            reverse("partners:list") + "?" + urlencode(REFLECTED, doseq=True),
            reverse("opportunities:list") + "?" + urlencode(REFLECTED, doseq=True),
            reverse("clusters:detail", args=[w.cluster_x.slug]) + "?" + urlencode(REFLECTED),
            reverse("account_login") + "?" + urlencode({"next": "/" + PAYLOADS[4]}),
        ],
        "member_a": [
            reverse("dashboard:home"),
            reverse("matching:alerts"),
            reverse("matching:alerts") + "?page=2",
            reverse("matching:alert_edit", args=[x.alerts[1].pk]),
            reverse("matching:alert_delete", args=[x.alerts[2].pk]),
            reverse("notifications:list"),
            reverse("notifications:list") + "?page=2",
            reverse("partners:detail", args=[w.org_a.slug]),
            reverse("opportunities:edit", args=[o.opp_draft.pk]),
            detail(o.opp_published.pk),
            detail(first),
            detail(o.opp_submitted.pk),
            detail(o.opp_b_published.pk),
            reverse("opportunities:create"),
            reverse("home"),
            reverse("opportunities:list") + "?" + urlencode(REFLECTED, doseq=True),
        ],
        "org_admin_a": [
            reverse("partners:edit", args=[w.org_a.slug]),
            reverse("partners:members", args=[w.org_a.slug]),
            reverse("partners:history", args=[w.org_a.slug]),
            reverse("dashboard:home"),
        ],
        "org_admin_b": [
            reverse("dashboard:home"),
            detail(o.opp_published.pk),
            detail(first),
            reverse("partners:join", args=[x.organizations[3].slug]),
        ],
        "staff_x": [
            reverse("dashboard:home"),
            reverse("clusters:edit", args=[w.cluster_x.slug]),
            reverse("stats:index") + f"?cluster={w.cluster_x.slug}",
            detail(o.opp_submitted.pk),
            reverse("partners:members", args=[w.org_a.slug]),
        ],
        "consortium_admin": [
            reverse("admin:partners_organization_changelist"),
            reverse("admin:partners_organization_change", args=[w.org_a.pk]),
            reverse("admin:opportunities_opportunity_changelist"),
            reverse("admin:opportunities_opportunity_change", args=[first]),
            reverse("admin:opportunities_expressionofinterest_changelist"),
            reverse("admin:matching_alert_changelist"),
            reverse("admin:accounts_user_changelist"),
        ],
    }


PAGE_PERSONAS = ["visitor", "member_a", "org_admin_a", "org_admin_b", "staff_x", "consortium_admin"]


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_stored_payloads_are_escaped_in_every_page(xss, persona):
    client = fresh_client(client_for(xss.objects.world, persona).cookies)
    problems = {}
    for url in _pages(xss)[persona]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        try:
            assert_inert_in_html(response.content.decode())
        except AssertionError as error:
            problems[url] = str(error)

    assert not problems, problems


def test_the_pages_really_show_the_payloads(xss):
    """The checks above are not vacuous: the payloads are on the pages, escaped."""
    client = fresh_client(client_for(xss.objects.world, "member_a").cookies)

    html = client.get(reverse("partners:detail", args=[xss.objects.world.org_a.slug])).content
    html += client.get(reverse("opportunities:list")).content

    assert b"&lt;script&gt;alert(&#x27;xss0&#x27;)&lt;/script&gt;" in html
    assert html.count(b"xss") >= 2 * len(PAYLOADS)


# --- E-mails ---------------------------------------------------------------------------------


def _send_every_kind_of_e_mail(objects: Objects) -> None:
    """Payloads through the services that write e-mails, with on-commit hooks run."""
    from opportunities import services as marketplace
    from partners import services as partners

    world = objects.world
    staff_x, admin_a, admin_b = (world.user(p) for p in ("staff_x", "org_admin_a", "org_admin_b"))
    area = objects.opp_draft.technology_areas.first()
    Organization.objects.filter(pk=world.org_a.pk).update(name=PAYLOADS[12])
    Organization.objects.filter(pk=world.org_b.pk).update(name=PAYLOADS[1])
    type(admin_b).objects.filter(pk=admin_b.pk).update(first_name=PAYLOADS[3][:150])
    world.org_a.refresh_from_db()
    world.org_b.refresh_from_db()
    AlertFactory(owner=admin_b, name=PAYLOADS[20])  # everything, at once
    AlertFactory(
        owner=UserFactory(email="digest@persona.example"),
        name=PAYLOADS[22],
        frequency=AlertFrequency.DAILY,
    )
    published = []
    for payload in PAYLOADS:
        opportunity = OpportunityFactory(
            organization=world.org_a,
            author=admin_a,
            title=payload,
            summary=payload,
            description=ALL,
            status=OpportunityStatus.SUBMITTED,
            submitted_at=timezone.now(),
            technology_areas=[area],
        )
        published.append(marketplace.opportunity_publish(actor=staff_x, opportunity=opportunity))
    marketplace.opportunity_request_changes(
        actor=staff_x, opportunity=objects.opp_submitted, comment=ALL
    )
    interest = marketplace.interest_express(
        actor=admin_b, opportunity=published[0], organization=world.org_b, message=ALL
    )
    marketplace.interest_accept(actor=admin_a, interest=interest, reply=ALL)
    second = marketplace.interest_express(
        actor=admin_b, opportunity=published[1], organization=world.org_b, message=ALL
    )
    marketplace.interest_decline(actor=admin_a, interest=second, reply=ALL)
    partners.invitation_create(actor=admin_a, organization=world.org_a, email="new@persona.example")
    joiner = UserFactory(first_name=PAYLOADS[7], last_name=PAYLOADS[15])
    join_request = partners.join_request_create(user=joiner, organization=world.org_a, message=ALL)
    partners.join_request_decline(actor=admin_a, join_request=join_request)


def test_payloads_are_escaped_in_every_e_mail(world, django_capture_on_commit_callbacks):
    from notifications.tasks import send_digests_task

    objects = build_objects(world)
    with django_capture_on_commit_callbacks(execute=True):
        _send_every_kind_of_e_mail(objects)
    with django_capture_on_commit_callbacks(execute=True):
        send_digests_task(AlertFrequency.DAILY)

    problems = []
    for message in mail.outbox:
        try:
            assert_inert_in_email(message)
        except AssertionError as error:
            problems.append(f"{message.subject}: {error}")
    html = "".join(content for m in mail.outbox for content, _type in m.alternatives)
    assert not problems, "\n".join(problems)
    assert all(marker in html for marker in MARKERS), "some payloads reached no e-mail"
    assert len(mail.outbox) > 2 * len(PAYLOADS)
