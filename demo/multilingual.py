"""Demo profiles and opportunities written in Chinese, Japanese, Korean, German and French.

They show search in every language (`内毒素`, `エンドトキシン`, `엔도톡신`, `Antikörpern`), the
language badge and filter, slugs for names in any script, and the authors' translations
(`translations`, `opportunity_translations`: "also in" on their pages, found in every
version). Each organization joins the cluster of its country, through the services (its
language is detected when it is saved), and publishes one opportunity moderated by its
cluster's staff. The texts are in
`demo/data/multilingual.json`.

Idempotent: an organization whose name is already there is left alone. Draws nothing from the
shared generator.
"""

import random

from django.db.models import Q

from accounts.models import User
from accounts.services import user_create
from clusters.models import Cluster, ClusterStaff, TechnologyArea
from demo.data import load
from notifications.models import PREFERENCE_KINDS, Delivery
from notifications.services import notification_preferences_update
from opportunities import services
from partners.models import MembershipRole, Organization
from partners.services import (
    membership_add,
    organization_create,
    organization_translations_set,
)

POSTER_DOMAIN = "posters.wlscc.example"


def _author(organization: Organization) -> User:
    email = f"bd-{organization.slug[:60]}@{POSTER_DOMAIN}"
    author = User.objects.filter(email=email).first() or user_create(
        email=email, password=None, first_name="Business", last_name="Development"
    )
    membership_add(organization_id=organization.pk, user=author, role=MembershipRole.ADMIN)
    # Nobody reads these inboxes: in-app notifications only, no e-mail.
    notification_preferences_update(
        user=author, deliveries=dict.fromkeys(PREFERENCE_KINDS, Delivery.OFF)
    )
    return author


def _moderator(cluster: Cluster) -> User | None:
    staff = ClusterStaff.objects.filter(cluster=cluster).select_related("user").first()
    if staff is not None:
        return staff.user
    return User.objects.filter(Q(is_superuser=True) | Q(is_staff=True), is_active=True).first()


def seed(*, rng: random.Random) -> str:
    clusters = {str(cluster.country): cluster for cluster in Cluster.objects.order_by("pk")}
    areas = {area.slug: area for area in TechnologyArea.objects.all()}
    created = skipped = 0
    for row in load("multilingual")["organizations"]:
        cluster = clusters.get(row["country"])
        if cluster is None or Organization.objects.filter(name=row["name"]).exists():
            skipped += 1
            continue
        organization = organization_create(
            actor=None,
            cluster=cluster,
            name=row["name"],
            kind=row["kind"],
            country=row["country"],
            city=row["city"],
            description=row["description"],
            capabilities=row["capabilities"],
            needs=row["needs"],
            technology_areas=[areas[slug] for slug in row["areas"] if slug in areas],
            is_verified=True,
        )
        author = _author(organization)
        organization_translations_set(
            actor=author, organization=organization, translations=row.get("translations", [])
        )
        # The author's translations are reviewed with the opportunity.
        opportunity = services.opportunity_save(
            actor=author,
            opportunity=None,
            organization=organization,
            data={
                **row["opportunity"],
                "technology_areas": [areas[slug] for slug in row["areas"] if slug in areas],
            },
            translations=row.get("opportunity_translations", []),
        ).opportunity
        services.opportunity_submit(actor=author, opportunity=opportunity)
        moderator = _moderator(cluster)
        if moderator is not None:
            services.opportunity_publish(actor=moderator, opportunity=opportunity)
        created += 1
    return f"{created} organizations written in their own language created, {skipped} skipped"
