"""The dashboard's partnering section: the meetings to come and the requests to answer, each
with the other person and their organization, in a fixed number of queries."""

import pytest
from django.urls import reverse

from events.services import meeting_request_accept, meeting_request_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests_to(event, site, register):
    """`requests_to(alice, count, accepted)`: count participants of Seoul ask alice for a
    meeting; she accepts the first `accepted` of them (one slot each)."""

    def make(alice, count: int, accepted: int):
        slots = list(event.slots.order_by("starts_at"))
        senders = []
        for index in range(count):
            other = register(event, site.seoul_org, attendance="online")
            other.user.first_name, other.user.last_name = "Bora", f"Kim {index}"
            other.user.save(update_fields=["first_name", "last_name"])
            request = meeting_request_create(
                actor=other.user, sender=other, recipient=alice, message="Meet?"
            )
            if index < accepted:
                meeting_request_accept(actor=alice.user, request=request, slot=slots[index])
            senders.append(other)
        return senders

    return make


def test_the_dashboard_shows_meetings_and_requests_with_the_other_person(
    client, alice, event, requests_to
):
    requests_to(alice, 2, accepted=1)
    client.force_login(alice.user)

    response = client.get(reverse("dashboard:home"))

    [meeting] = response.context["upcoming_meetings"]
    [waiting] = response.context["meeting_requests"]
    assert str(meeting.counterpart.user) == "Bora Kim 0"
    assert meeting.own_registration.pk == alice.pk
    html = response.content.decode()
    assert "With Bora Kim 0 (Seoul Devices)" in html
    assert "From Bora Kim 1 (Seoul Devices)" in html
    assert reverse("events:agenda", args=[event.slug]) in html
    assert reverse("events:request", args=[event.slug, waiting.pk]) in html
    assert event.title in html


@pytest.mark.parametrize(("count", "accepted"), [(1, 1), (6, 3)])
def test_the_section_costs_the_same_queries_for_one_row_or_several(
    client, django_assert_num_queries, alice, requests_to, count, accepted
):
    requests_to(alice, count, accepted)
    client.force_login(alice.user)
    # 1 session, 2 user, 3-4 roles, 5 any event registration (the person has one), 6 upcoming
    # meetings with both people, 7 requests to answer with their sender, 8 organizations,
    # 9 recommendations, 10 opportunities (none: no feedback to read), 11 received, 12 sent,
    # 13 introductions, 14 unread notifications
    with django_assert_num_queries(14):
        response = client.get(reverse("dashboard:home"))

    assert len(response.context["upcoming_meetings"]) == accepted
    assert len(response.context["meeting_requests"]) == min(count - accepted, 5)


def test_a_person_registered_for_no_event_costs_one_check_and_sees_no_section(
    client, django_assert_num_queries, site, alice, requests_to
):
    """The meetings and requests are a registration's: without one neither is read."""
    from events.selectors import dashboard_partnering_for_user
    from tests.partners.factories import MembershipFactory

    requests_to(alice, 2, accepted=1)  # someone else's meetings and requests
    member = MembershipFactory(organization=site.lyon_org).user

    with django_assert_num_queries(1):
        assert dashboard_partnering_for_user(user=member) == ([], [])
    with django_assert_num_queries(3):
        meetings, waiting = dashboard_partnering_for_user(user=alice.user)
    assert len(meetings) == 1 and len(waiting) == 1
    client.force_login(member)
    assert "Partnering meetings" not in client.get(reverse("dashboard:home")).content.decode()
