"""Demo accounts from seed_demo: one per role, one documented password, idempotent."""

import random

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from clusters.models import Cluster
from demo import accounts as accounts_demo
from demo import clusters as clusters_demo
from demo import partners as partners_demo
from demo.accounts import DEMO_PASSWORD
from partners.models import Membership
from partners.roles import roles_of


@pytest.fixture
def seeded(db):
    clusters_demo.seed(rng=random.Random(1))
    partners_demo.seed(rng=random.Random(2))
    accounts_demo.seed(rng=random.Random(3))


def test_there_is_a_consortium_admin_and_one_staff_user_per_cluster(seeded):
    assert roles_of(User.objects.get(email="admin@wlscc.example")).is_consortium_admin
    for cluster in Cluster.objects.all():
        staff = User.objects.get(email=f"staff-{cluster.slug}@wlscc.example")
        assert roles_of(staff).staff_cluster_ids == {cluster.pk}


def test_organization_admins_and_members_span_several_clusters(seeded):
    admins = Membership.objects.filter(user__email__startswith="orgadmin-", role="admin")
    members = Membership.objects.filter(user__email__startswith="member-", role="member")

    assert admins.values("organization__cluster").distinct().count() == 10
    assert members.count() == 10
    assert Membership.objects.filter(user__email="consultant@wlscc.example").count() == 2


def test_demo_accounts_log_in_with_the_documented_password(seeded):
    client = Client()

    response = client.post(
        reverse("account_login"),
        {"login": "member-lyon-biopole@wlscc.example", "password": DEMO_PASSWORD},
    )

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_seeding_again_changes_nothing(seeded):
    before = list(User.objects.order_by("pk").values_list("pk", "email", "password"))
    memberships = Membership.objects.count()

    summary = accounts_demo.seed(rng=random.Random(3))

    assert summary.startswith("0 demo accounts created")
    assert list(User.objects.order_by("pk").values_list("pk", "email", "password")) == before
    assert Membership.objects.count() == memberships
