"""A stolen staff password alone opens nothing that only staff may see or do.

Cluster staff see their cluster's unpublished opportunities (to moderate them) and may withdraw
published ones. Like every staff feature, that needs two-factor authentication: without TOTP a
staff user is sent to set it up — and still sees what any signed-in person sees.

The walk compares, for every row of the URL x role table, a cluster staff user without TOTP
with a signed-in person who has no role at all: wherever the staff role makes a difference,
the answer without TOTP must be the TOTP set-up page.
"""

from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from opportunities.models import Opportunity, OpportunityStatus
from partners.models import ContactVisibility
from tests.accounts.factories import UserFactory, verify_email
from tests.partners.factories import OrganizationFactory
from tests.personas import PERSONAS
from tests.security.objects import build_objects
from tests.security.test_access_walk import EXPECTED, _url
from tests.security.walk import MFA, OK, outcome, request_rolled_back

# Differences that give nothing away: staff learn that an opportunity of their own cluster
# exists (403 instead of 404) where they may not act on it anyway.
HARMLESS = {(404, 403), (404, 400)}


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_staff_role_gives_nothing_without_two_factor_authentication(world):
    objects = build_objects(world)
    staff = world.user("staff_x")
    Authenticator.objects.filter(user=staff).delete()
    nobody = UserFactory(email="nobody@persona.example")
    verify_email(nobody)
    staff_cookies, nobody_cookies = _signed_in(staff).cookies, _signed_in(nobody).cookies
    column = PERSONAS.index("staff_x")
    leaks = []
    for (name, variant), row in EXPECTED.items():
        url = _url(name, row, objects)
        data = row.data(objects) if row.data else None
        setup = (lambda row=row: row.setup(objects)) if row.setup else None
        as_nobody = outcome(request_rolled_back(nobody_cookies, row.method, url, data, setup))
        as_staff = outcome(request_rolled_back(staff_cookies, row.method, url, data, setup))
        with_totp = row.expect[column]
        if as_staff not in (MFA, as_nobody) and (as_nobody, as_staff) not in HARMLESS:
            leaks.append(
                f"{row.method} {url} [{name} {variant}]: {as_staff} (with TOTP {with_totp})"
            )

    assert not leaks, "staff privileges without TOTP:\n" + "\n".join(leaks)


def test_without_totp_a_draft_and_its_attachment_stay_hidden(world):
    objects = build_objects(world)
    staff = world.user("staff_x")
    Authenticator.objects.filter(user=staff).delete()
    client = _signed_in(staff)
    attachment = reverse(
        "opportunities:attachment", args=[objects.opp_draft.pk, objects.attachment_draft.pk]
    )

    responses = [
        client.get(reverse("opportunities:detail", args=[objects.opp_draft.pk])),
        client.get(attachment),
        client.post(
            reverse("opportunities:close", args=[objects.opp_published.pk]),
            {"reason": "withdrawn"},
        ),
    ]

    assert [r["Location"] for r in responses] == [reverse("mfa_activate_totp")] * 3
    opportunity = Opportunity.objects.get(pk=objects.opp_published.pk)
    assert opportunity.status == OpportunityStatus.PUBLISHED


def test_without_totp_staff_still_see_what_everyone_sees(world):
    objects = build_objects(world)
    staff = world.user("staff_x")
    Authenticator.objects.filter(user=staff).delete()

    response = _signed_in(staff).get(
        reverse("opportunities:detail", args=[objects.opp_published.pk])
    )

    assert response.status_code == OK


def test_without_totp_staff_see_no_private_contacts_nor_unverified_profiles(world):
    world.org_a.contacts.create(name="Private Person", visibility=ContactVisibility.PRIVATE)
    pending = OrganizationFactory(cluster=world.cluster_x, name="Pending Org", is_verified=False)
    staff = world.user("staff_x")
    Authenticator.objects.filter(user=staff).delete()
    client = _signed_in(staff)

    profile = client.get(reverse("partners:detail", args=[world.org_a.slug]))
    unverified = client.get(reverse("partners:detail", args=[pending.slug]))

    assert profile["Location"] == unverified["Location"] == reverse("mfa_activate_totp")


def test_with_totp_staff_see_their_clusters_private_contacts(world):
    world.org_a.contacts.create(name="Private Person", visibility=ContactVisibility.PRIVATE)

    response = _signed_in(world.user("staff_x")).get(
        reverse("partners:detail", args=[world.org_a.slug])
    )

    assert "Private Person" in response.content.decode()
