"""The follow-up page: both sides and both home clusters' staff see it; the sides update it."""

import pytest
from django.urls import reverse

from followups import services
from followups.models import FollowUp, Stage

pytestmark = pytest.mark.django_db


def detail(introduction) -> str:
    return reverse("followups:detail", args=[introduction.pk])


@pytest.mark.parametrize("persona", ["owner", "member_b", "staff_a", "staff_b", "consortium_admin"])
def test_both_sides_and_both_home_clusters_staff_see_the_status_line(
    client, introduction, owner, persona, request
):
    services.follow_up_advance(actor=owner, interest=introduction, stage=Stage.NDA_SIGNED)
    client.force_login(request.getfixturevalue(persona))

    response = client.get(detail(introduction))

    assert response.status_code == 200
    assert '<span id="follow-up-stage">NDA signed</span>' in response.text


@pytest.mark.parametrize("persona", ["outsider", "stranger"])
def test_nobody_else_sees_it(client, introduction, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(detail(introduction)).status_code == 404


def test_a_pending_interest_has_no_follow_up_page(client, interest, owner):
    client.force_login(owner)

    assert client.get(reverse("followups:detail", args=[interest.pk])).status_code == 404


def test_the_page_of_a_new_introduction_creates_nothing(client, introduction, owner):
    client.force_login(owner)

    client.get(detail(introduction))

    assert not FollowUp.objects.exists()


def test_the_owner_marks_nda_signed_from_the_page(client, introduction, owner):
    client.force_login(owner)

    response = client.post(
        reverse("followups:advance", args=[introduction.pk]), {"stage": "nda_signed"}
    )

    assert response.status_code == 302
    assert FollowUp.objects.get().stage == Stage.NDA_SIGNED
    page = client.get(detail(introduction))
    assert "NDA signed" in page.text and "Opportunity owner" in page.text


def test_a_refused_step_says_why_and_changes_nothing(client, introduction, owner):
    services.follow_up_advance(actor=owner, interest=introduction, stage=Stage.PROPOSAL)
    client.force_login(owner)

    response = client.post(
        reverse("followups:advance", args=[introduction.pk]),
        {"stage": "agreement"},
        follow=True,
    )

    assert str(services.MESSAGE_NEEDS_TYPE) in response.text
    assert FollowUp.objects.get().stage == Stage.PROPOSAL


def test_hostile_input_gets_a_message(client, introduction, owner):
    client.force_login(owner)

    response = client.post(
        reverse("followups:advance", args=[introduction.pk]),
        {"stage": "'; DROP TABLE x; --", "agreement_date": "yesterday"},
        follow=True,
    )

    assert response.status_code == 200
    assert not FollowUp.objects.exists()


def test_staff_see_a_dispute_and_settle_it(client, introduction, owner, member_b, staff_a):
    services.follow_up_advance(
        actor=owner, interest=introduction, stage=Stage.AGREEMENT, agreement_type="licence"
    )
    client.force_login(member_b)
    client.post(reverse("followups:dispute", args=[introduction.pk]), {"comment": "Not yet."})
    client.force_login(staff_a)

    dashboard = client.get(reverse("dashboard:home"))
    client.post(
        reverse("followups:settle", args=[introduction.pk]),
        {"decision": "stands", "comment": "Both confirmed by phone."},
    )

    assert introduction.opportunity.title in dashboard.content.decode().split('id="disputes"')[1]
    follow_up = FollowUp.objects.get()
    assert (follow_up.stage, follow_up.is_disputed) == (Stage.AGREEMENT, False)


def test_a_side_cannot_settle(client, introduction, owner, member_b):
    services.follow_up_advance(
        actor=owner, interest=introduction, stage=Stage.AGREEMENT, agreement_type="licence"
    )
    services.follow_up_dispute(actor=member_b, interest=introduction, comment="No.")
    client.force_login(owner)

    client.post(
        reverse("followups:settle", args=[introduction.pk]),
        {"decision": "undo", "comment": "Mine."},
    )

    assert FollowUp.objects.get().is_disputed


def test_the_dashboard_links_each_introduction_to_its_follow_up(client, introduction, member_b):
    client.force_login(member_b)

    response = client.get(reverse("dashboard:home"))

    assert detail(introduction) in response.text


def test_the_detail_page_costs_a_fixed_number_of_queries(
    client, django_assert_num_queries, introduction, owner, member_b
):
    for stage in (Stage.IN_CONTACT, Stage.MEETING_HELD, Stage.NDA_SIGNED):
        services.follow_up_advance(actor=member_b, interest=introduction, stage=stage)
    client.force_login(owner)
    # 1 session, 2 user, 3-4 roles, 5 introduction with its follow-up and organizations,
    # 6 history with actors, 7 unread notifications (navbar)
    with django_assert_num_queries(7):
        response = client.get(detail(introduction))
    assert len(response.context["history"]) == 3
