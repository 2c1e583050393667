"""API keys: stored hashed, refused when revoked, expired or when the owner lost the role."""

import datetime

from allauth.mfa.models import Authenticator
from django.utils import timezone

from api.keys import token_hash
from api.models import ApiKey, Scope
from api.services import api_key_revoke
from notifications.models import Notification, NotificationKind
from partners.models import Membership, MembershipRole, Organization
from partners.services import membership_remove
from tests.opportunities.factories import OpportunityFactory
from tests.partners.factories import MembershipFactory

ME = "/api/v1/organizations/"


def test_only_the_hash_and_a_lookup_prefix_are_stored(world, api_key):
    key = api_key("org_admin_a")

    stored = ApiKey.objects.get(pk=key.key.pk)
    assert key.token.startswith(stored.prefix + "_")
    assert stored.token_hash == token_hash(key.token)
    assert key.token not in {str(value) for value in stored.__dict__.values()}
    assert len(key.token) > 50


def test_a_valid_key_is_accepted_and_its_use_recorded(world, api_key):
    key = api_key("org_admin_a")

    response = key.client().get(ME)

    assert response.status_code == 200
    key.key.refresh_from_db()
    assert key.key.last_used_at is not None


def test_an_unknown_or_malformed_key_is_refused(world, client):
    for token in ("wk_00000000_" + "x" * 43, "nonsense", "wk_"):
        response = client.get(ME, headers={"Authorization": f"Bearer {token}"})

        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"] == "Bearer"


def test_a_tampered_secret_with_a_real_prefix_is_refused(world, client, api_key):
    key = api_key("org_admin_a")
    forged = key.token[:-4] + ("AAAA" if not key.token.endswith("AAAA") else "BBBB")

    response = client.get(ME, headers={"Authorization": f"Bearer {forged}"})

    assert response.status_code == 401


def test_a_revoked_key_is_refused(world, api_key):
    key = api_key("org_admin_a")
    api_key_revoke(actor=world.user("org_admin_a"), key=key.key)

    response = key.client().get(ME)

    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_an_expired_key_is_refused(world, api_key):
    key = api_key("org_admin_a", expires_at=timezone.now() + datetime.timedelta(hours=1))
    ApiKey.objects.filter(pk=key.key.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = key.client().get(ME)

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_key_whose_owner_left_the_organization_is_refused(world, api_key):
    key = api_key("org_admin_a")
    assert key.client().get(ME).status_code == 200
    membership = Membership.objects.get(user=world.user("org_admin_a"), organization=world.org_a)

    membership_remove(actor=world.user("org_admin_a"), membership=membership)
    response = key.client().get(ME)

    assert response.status_code == 401
    key.key.refresh_from_db()
    assert key.key.owner_lost_at is not None


def test_the_remaining_admins_are_told_once_when_a_key_is_refused(world, api_key):
    colleague = MembershipFactory(organization=world.org_a, role=MembershipRole.ADMIN).user
    key = api_key("org_admin_a")
    Membership.objects.filter(user=world.user("org_admin_a")).delete()

    key.client().get(ME)
    key.client().get(ME)

    (notice,) = Notification.objects.filter(kind=NotificationKind.INTEGRATION_ALERT)
    assert notice.recipient == colleague
    assert notice.payload["key"] == key.key.name
    assert notice.url == f"/api/integrations/organizations/{world.org_a.slug}/"


def test_a_key_whose_owner_is_no_longer_admin_is_refused(world, api_key):
    key = api_key("org_admin_a")
    Membership.objects.filter(user=world.user("org_admin_a")).update(role="member")

    assert key.client().get(ME).status_code == 401


def test_the_key_of_a_deactivated_organization_is_refused(world, api_key):
    key = api_key("org_admin_a")
    assert key.client().get(ME).status_code == 200
    Organization.objects.filter(pk=world.org_a.pk).update(is_active=False)

    assert key.client().get(ME).status_code == 401


def test_a_cluster_key_whose_owner_lost_the_staff_role_is_refused(world, api_key):
    key = api_key("staff_x")
    world.user("staff_x").cluster_staff.all().delete()

    assert key.client().get(ME).status_code == 401


def test_a_read_key_cannot_write(world, api_key):
    key = api_key("staff_x", scope=Scope.READ)

    response = key.client().post(
        ME, {"name": "New", "kind": "company", "country": "FR"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_a_cluster_key_whose_owner_removed_totp_is_refused(world, api_key):
    key = api_key("staff_x")
    Authenticator.objects.filter(user=world.user("staff_x")).delete()

    assert key.client().get(ME).status_code == 401


def test_staff_signed_in_without_totp_get_no_staff_rights_on_the_api(world, persona_client):
    draft = OpportunityFactory(organization=world.org_a)
    Authenticator.objects.filter(user=world.user("staff_x")).delete()

    response = persona_client("staff_x").get(f"/api/v1/opportunities/{draft.pk}/")

    assert response.status_code == 404
