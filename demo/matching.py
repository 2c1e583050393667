"""Demo alerts, so that the demo accounts receive matches when the marketplace is seeded.

Runs before the marketplace seeder: each demo member gets an alert on the top areas of their
organization, and the consultant the alert of `demo/data/matching.json`. Idempotent: accounts
that already have an alert are left alone. It draws exactly one number from the shared
generator.
"""

import random

from accounts.models import User
from clusters.models import TechnologyArea
from demo.accounts import DEMO_DOMAIN
from demo.data import load
from matching.models import Alert, AlertFrequency
from matching.services import alert_create


def _top_areas(user: User) -> list[TechnologyArea]:
    areas = TechnologyArea.objects.filter(organizations__memberships__user=user).select_related(
        "parent"
    )
    tops = {area.parent or area for area in areas}
    return sorted(tops, key=lambda area: (area.position, area.name))[:2]


def seed(*, rng: random.Random) -> str:
    local = random.Random(rng.random())
    members = User.objects.filter(
        email__startswith="member-", email__endswith=f"@{DEMO_DOMAIN}"
    ).order_by("email")
    created = 0
    for user in members:
        if Alert.objects.filter(owner=user).exists():
            continue
        areas = _top_areas(user)
        if not areas:
            continue
        alert_create(
            owner=user,
            data={
                "name": " + ".join(area.name for area in areas),
                "technology_areas": areas,
                "frequency": local.choice([AlertFrequency.INSTANT, AlertFrequency.DAILY]),
            },
        )
        created += 1
    consultant = User.objects.filter(email=f"consultant@{DEMO_DOMAIN}").first()
    if consultant and not Alert.objects.filter(owner=consultant).exists():
        alert_create(owner=consultant, data=load("matching")["consultant_alert"])
        created += 1
    return f"{created} demo alerts created, {Alert.objects.count()} in total"
