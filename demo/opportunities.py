"""Demo marketplace: 320 opportunities of every type and state, interests and introductions.

Everything goes through the services (events, notifications and matches included), then the
timestamps are spread over the past year so that the marketplace looks lived in. Organizations
that post get a business-development contact person (an account without a password, so nobody
can log in as them); the demo accounts' organizations post and answer too. The texts, their
subjects per technology area and the share of each state are in
`demo/data/opportunities.json`.

Idempotent: a second run finds its opportunities and changes nothing. It draws exactly one
number from the shared generator on every run, so later seeders see the same sequence.
"""

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django_countries import countries

from accounts.models import User
from accounts.services import user_create
from clusters.models import ClusterStaff, TechnologyArea
from demo.data import load
from notifications.models import PREFERENCE_KINDS, Delivery
from notifications.services import notification_preferences_update
from opportunities import services
from opportunities.models import (
    DEFAULT_VALIDITY,
    CloseReason,
    DevelopmentStage,
    ExpressionOfInterest,
    InterestStatus,
    IPStatus,
    Opportunity,
    OpportunityStatus,
    OpportunityType,
)
from partners.models import Membership, MembershipRole, Organization
from partners.services import membership_add

TOTAL = 320
# Half of a cluster's verified organizations post: the bigger clusters fill more of the market.
POSTING_SHARE = 0.5
DEMO_MARK = "Demo data: this opportunity is fictitious."
POSTER_DOMAIN = "posters.wlscc.example"
# Types whose subjects are services (the data file's `service_areas`), not technologies.
SERVICE_TYPES = {OpportunityType.SERVICE_OFFER, OpportunityType.SERVICE_REQUEST}


@dataclass
class _Poster:
    organization: Organization
    author: User


def _country_names(codes: list[str]) -> str:
    names = [countries.name(code) for code in codes]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _content(
    rng: random.Random,
    texts: dict[str, Any],
    kind: str,
    area: TechnologyArea,
    organization: Organization,
    markets: list[str],
) -> dict[str, str]:
    tech, use = rng.choice(texts["subjects"].get(area.slug, texts["generic_subjects"]))
    values = {
        "tech": tech,
        "use": use,
        "where": _country_names(markets),
        "evidence": rng.choice(texts["evidence"]),
        "series": rng.choice(texts["series"]),
        "amount": rng.choice(texts["amounts"]),
        "area": area.display_name.lower(),
    }
    title = texts["type_texts"][kind]["title"].format(**values)
    summary = texts["type_texts"][kind]["summary"].format(**values)
    if kind in texts["alternative_titles"] and rng.random() < 0.5:
        title = texts["alternative_titles"][kind].format(**values)
    title = title[:1].upper() + title[1:]
    place = ", ".join(part for part in (organization.city, organization.country.name) if part)
    description = "\n\n".join(
        [
            texts["who_we_are"].format(
                kind=organization.get_kind_display().lower(), place=place, area=values["area"]
            ),
            rng.choice(texts["details"][kind]).format(**values),
            rng.choice(texts["next_steps"]),
            DEMO_MARK,
        ]
    )
    return {"title": title[:120], "summary": summary[:500], "description": description}


def _poster(organization: Organization, members: dict[int, User], created: list) -> _Poster:
    """A member who posts for the organization: an existing one, or a new BD contact."""
    author = members.get(organization.pk)
    if author is None:
        email = f"bd-{organization.slug[:60]}@{POSTER_DOMAIN}"
        author = User.objects.filter(email=email).first() or user_create(
            email=email,
            password=None,
            first_name="Business",
            last_name="Development",
            job_title=f"Business development, {organization.name}"[:120],
        )
        membership_add(organization_id=organization.pk, user=author, role=MembershipRole.ADMIN)
        # Nobody reads these inboxes: in-app notifications only, no e-mail.
        notification_preferences_update(
            user=author, deliveries=dict.fromkeys(PREFERENCE_KINDS, Delivery.OFF)
        )
        created.append(author)
    return _Poster(organization=organization, author=author)


def _participants(rng: random.Random, created: list) -> list[_Poster]:
    organizations = (
        Organization.objects.filter(is_active=True, is_verified=True)
        .select_related("cluster")
        .order_by("cluster__slug", "name")
    )
    by_cluster: dict[int, list[Organization]] = {}
    for organization in organizations:
        by_cluster.setdefault(organization.cluster_id, []).append(organization)
    members: dict[int, User] = {}
    for membership in Membership.objects.select_related("user").order_by("role", "user__email"):
        members.setdefault(membership.organization_id, membership.user)
    posters = []
    for cluster_organizations in by_cluster.values():
        # The demo accounts' organizations first, then more of the cluster up to its share.
        with_members = [o for o in cluster_organizations if o.pk in members]
        others = [o for o in cluster_organizations if o.pk not in members]
        wanted = round(len(cluster_organizations) * POSTING_SHARE)
        chosen = with_members + rng.sample(
            others, k=min(len(others), max(0, wanted - len(with_members)))
        )
        posters.extend(_poster(organization, members, created) for organization in chosen)
    return posters


def _moderators() -> tuple[dict[int, User], User | None]:
    staff: dict[int, User] = {}
    for row in ClusterStaff.objects.select_related("user").order_by("pk"):
        staff.setdefault(row.cluster_id, row.user)
    admin = User.objects.filter(Q(is_superuser=True) | Q(is_staff=True), is_active=True).first()
    return staff, admin


def _weighted_states(rng: random.Random, weights: dict[str, int]) -> list[OpportunityStatus]:
    states = [OpportunityStatus(state) for state, weight in weights.items() for _ in range(weight)]
    return [rng.choice(states) for _ in range(TOTAL)]


def seed(*, rng: random.Random) -> str:
    local = random.Random(rng.randrange(2**32))
    if Opportunity.objects.filter(description__endswith=DEMO_MARK).exists():
        return "demo opportunities already there"
    texts = load("opportunities")
    new_accounts: list[User] = []
    posters = _participants(local, new_accounts)
    if len(posters) < 2:
        return "no organizations to post for (seed the directory first)"
    staff, admin = _moderators()
    sub_areas = list(TechnologyArea.objects.exclude(parent=None).select_related("parent"))
    by_slug = {area.slug: area for area in sub_areas}
    preferred = [by_slug[slug] for slug in texts["subjects"] if slug in by_slug]
    service_areas = set(texts["service_areas"])
    cluster_countries = sorted({p.organization.country.code for p in posters})
    now = timezone.now()
    today = timezone.localdate()
    types = list(OpportunityType.values)
    counts = {"opportunities": 0, "interests": 0, "introductions": 0}

    for index, state in enumerate(_weighted_states(local, texts["states"])):
        # Every type appears: the first rounds cycle through them, the rest is random.
        kind = types[index % len(types)] if index < 4 * len(types) else local.choice(types)
        poster = posters[index % len(posters)] if index < len(posters) else local.choice(posters)
        organization = poster.organization
        fitting = [a for a in preferred if (a.slug in service_areas) == (kind in SERVICE_TYPES)]
        area = local.choice(fitting if local.random() < 0.85 else preferred)
        areas = {area}
        if local.random() < 0.4:
            areas.add(local.choice(sub_areas))
        foreign = [c for c in cluster_countries if c != organization.country.code]
        markets = local.sample(foreign, k=min(len(foreign), local.randint(1, 3))) or ["US"]
        stage = local.choice(list(DevelopmentStage.values))
        low, high = texts["stage_trl"][stage]
        collaboration_types = texts["collaboration_for_type"][kind]
        data = {
            "type": kind,
            **_content(local, texts, kind, area, organization, markets),
            "technology_areas": list(areas),
            "stage": stage if local.random() < 0.9 else "",
            "trl": local.randint(low, high) if local.random() < 0.8 else None,
            "ip_status": local.choice(list(IPStatus.values)) if local.random() < 0.85 else "",
            "collaboration_types": local.sample(
                collaboration_types, k=local.randint(1, len(collaboration_types))
            ),
            "partner_kinds": texts["partner_kinds_for_type"][kind][: local.randint(1, 2)],
            "target_countries": markets,
            "is_anonymous": local.random() < 0.15,
        }
        author = poster.author
        opportunity = services.opportunity_create(
            actor=author, organization=organization, data=data
        )
        counts["opportunities"] += 1
        # Expired ones were published over a year ago; the others within the last year.
        age = (
            local.randint(380, 430) if state == OpportunityStatus.EXPIRED else local.randint(3, 330)
        )
        created_at = now - datetime.timedelta(days=age, hours=local.randint(0, 20))
        timestamps = {"created_at": created_at}
        if state == OpportunityStatus.DRAFT:
            Opportunity.objects.filter(pk=opportunity.pk).update(**timestamps)
            continue
        services.opportunity_submit(actor=author, opportunity=opportunity)
        submitted_at = created_at + datetime.timedelta(hours=local.randint(1, 48))
        timestamps["submitted_at"] = submitted_at
        moderator = staff.get(organization.cluster_id) or admin
        if state == OpportunityStatus.SUBMITTED or moderator is None:
            # Waiting for review: recently submitted, so the queue shows real waiting times.
            timestamps["submitted_at"] = now - datetime.timedelta(hours=local.randint(2, 200))
            Opportunity.objects.filter(pk=opportunity.pk).update(**timestamps)
            continue
        if state == OpportunityStatus.CHANGES_REQUESTED:
            services.opportunity_request_changes(
                actor=moderator,
                opportunity=opportunity,
                comment=texts["moderation"]["changes_requested"],
            )
            Opportunity.objects.filter(pk=opportunity.pk).update(**timestamps)
            continue
        if state == OpportunityStatus.REJECTED:
            services.opportunity_reject(
                actor=moderator, opportunity=opportunity, reason=texts["moderation"]["rejected"]
            )
            Opportunity.objects.filter(pk=opportunity.pk).update(**timestamps)
            continue
        services.opportunity_publish(actor=moderator, opportunity=opportunity)
        published_at = submitted_at + datetime.timedelta(days=local.randint(0, 4))
        expires_on = published_at.date() + DEFAULT_VALIDITY
        if state == OpportunityStatus.PUBLISHED and local.random() < 0.1:
            expires_on = today + datetime.timedelta(days=local.randint(1, 20))  # closing soon
        timestamps.update(published_at=published_at, expires_on=expires_on)

        others = [p for p in posters if p.organization.pk != organization.pk]
        if local.random() < 0.55:
            for interested in local.sample(others, k=min(len(others), local.randint(1, 3))):
                interest = services.interest_express(
                    actor=interested.author,
                    opportunity=opportunity,
                    organization=interested.organization,
                    message=local.choice(texts["interest_messages"]),
                )
                counts["interests"] += 1
                sent_at = published_at + datetime.timedelta(days=local.randint(1, 40))
                sent_at = min(sent_at, now - datetime.timedelta(hours=1))
                roll = local.random()
                if roll < 0.4:
                    services.interest_accept(
                        actor=author, interest=interest, reply=local.choice(texts["replies_accept"])
                    )
                    counts["introductions"] += 1
                elif roll < 0.6:
                    services.interest_decline(
                        actor=author,
                        interest=interest,
                        reply=local.choice(texts["replies_decline"]),
                    )
                answered_at = min(sent_at + datetime.timedelta(days=local.randint(1, 10)), now)
                if (
                    interest.status == InterestStatus.PENDING
                    and state == OpportunityStatus.PUBLISHED
                ):
                    # Mostly recent, some waiting for over 14 days (flagged on the dashboards).
                    recent = now - datetime.timedelta(days=local.randint(1, 25))
                    sent_at = max(recent, published_at + datetime.timedelta(hours=1))
                ExpressionOfInterest.objects.filter(pk=interest.pk).update(
                    created_at=sent_at,
                    answered_at=answered_at if interest.status != InterestStatus.PENDING else None,
                )

        if state == OpportunityStatus.CLOSED:
            services.opportunity_close(
                actor=author,
                opportunity=opportunity,
                reason=local.choice(list(CloseReason.values)),
            )
            timestamps["closed_at"] = min(published_at + datetime.timedelta(days=90), now)
        elif state == OpportunityStatus.EXPIRED:
            services.opportunity_expire(opportunity=opportunity)
        Opportunity.objects.filter(pk=opportunity.pk).update(**timestamps)

    return (
        f"{counts['opportunities']} opportunities, {counts['interests']} expressions of interest, "
        f"{counts['introductions']} introductions; {len(new_accounts)} business-development "
        f"contacts (no password) for {len(posters)} posting organizations"
    )
