"""Demo accounts, one per role, all with the same documented password (see README).

Only `manage.py seed_demo` calls this, and it refuses to run without DEBUG, so these accounts
never exist in production. Running it again changes nothing: existing accounts (and their
passwords, possibly changed since) are left alone.

- `admin@wlscc.example`: consortium admin (Django staff and superuser).
- `staff-<cluster-slug>@wlscc.example`: staff of that cluster, one per cluster.
- `orgadmin-<cluster-slug>@wlscc.example` and `member-<cluster-slug>@wlscc.example`: admin and
  member of the first verified organization (by name) of that cluster.
- `consultant@wlscc.example`: member of two organizations in two different clusters.

Staff and the consortium admin have no authenticator yet: the first staff page they open asks
them to set one up, as for real staff.
"""

import random

from django.db import transaction

from accounts.models import User
from accounts.services import user_create
from clusters.models import Cluster
from clusters.services import cluster_staff_add
from demo.data import load
from partners.models import MembershipRole, Organization
from partners.services import membership_add

DEMO_PASSWORD = "wlscc-demo-2026"  # noqa: S105  # nosec B105 - documented demo password, DEBUG-only
DEMO_DOMAIN = "wlscc.example"


def _person(rng: random.Random, names: dict[str, list[str]]) -> dict[str, str]:
    return {
        "first_name": rng.choice(names["first_names"]),
        "last_name": rng.choice(names["last_names"]),
    }


def _account(email: str, fields: dict, created: list[str]) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(email=email, password=DEMO_PASSWORD, email_verified=True, **fields)
        created.append(email)
    return user


@transaction.atomic
def seed(*, rng: random.Random) -> str:
    data = load("accounts")
    created: list[str] = []
    admin = _account(f"admin@{DEMO_DOMAIN}", data["consortium_admin"], created)
    first_organizations = []
    for cluster in Cluster.objects.order_by("slug"):
        # Every random draw happens on every run, so names stay the same run after run.
        staff_person, admin_person, member_person = (_person(rng, data) for _ in range(3))
        staff = _account(
            f"staff-{cluster.slug}@{DEMO_DOMAIN}",
            {**staff_person, "job_title": f"Cluster manager, {cluster.short_name or cluster.name}"},
            created,
        )
        cluster_staff_add(cluster=cluster, user=staff)
        organization = (
            Organization.objects.filter(cluster=cluster, is_verified=True, is_active=True)
            .order_by("name")
            .first()
        )
        if organization is None:
            continue
        first_organizations.append(organization)
        org_admin = _account(
            f"orgadmin-{cluster.slug}@{DEMO_DOMAIN}",
            {**admin_person, "job_title": "Business development"},
            created,
        )
        membership_add(organization_id=organization.pk, user=org_admin, role=MembershipRole.ADMIN)
        member = _account(
            f"member-{cluster.slug}@{DEMO_DOMAIN}",
            {**member_person, "job_title": "Scientist"},
            created,
        )
        membership_add(organization_id=organization.pk, user=member, role=MembershipRole.MEMBER)
    if len(first_organizations) >= 2:
        consultant = _account(f"consultant@{DEMO_DOMAIN}", data["consultant"], created)
        for organization in first_organizations[:2]:
            membership_add(organization_id=organization.pk, user=consultant)
    total = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count()
    return (
        f"{len(created)} demo accounts created, {total} in all "
        f"(password {DEMO_PASSWORD!r}, e.g. {admin.email})"
    )
