"""The catalogue, the agenda and the calendar feed cost the same queries for 1 or 25 rows."""

import pytest
from django.urls import reverse

from events.selectors import feed_token
from events.services import (
    meeting_request_accept,
    meeting_request_create,
    registration_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(event, site, register):
    """`crowd(n)`: n participants of Seoul and Osaka sharing alice's area, each requesting a
    meeting with alice, the first `meetings` of them accepted."""

    def make(alice, count: int, meetings: int):
        area = site.lyon.focus_areas.model.objects.order_by("pk").first()
        registration_update(actor=alice.user, registration=alice, data={}, areas=[area])
        slots = list(event.slots.order_by("starts_at"))
        for index in range(count):
            organization = site.seoul_org if index % 2 else site.osaka_org
            other = register(event, organization, attendance="online")
            registration_update(actor=other.user, registration=other, data={}, areas=[area])
            request = meeting_request_create(
                actor=other.user, sender=other, recipient=alice, message="Meet?"
            )
            if index < meetings:
                meeting_request_accept(actor=alice.user, request=request, slot=slots[index])

    return make


@pytest.mark.parametrize(("count", "meetings"), [(1, 1), (25, 6)])
def test_the_participant_catalogue_has_a_fixed_number_of_queries(
    client, django_assert_num_queries, alice, event, site, crowd, count, meetings
):
    crowd(alice, count, meetings)
    client.force_login(alice.user)
    url = reverse("events:participants", args=[event.slug])
    # 1 session, 2 user, 3 event + 4 organisers, 5 own registration (approved: no roles read),
    # 6 technology areas and 7 clusters for the filters, 8 the page's ids with their count,
    # 9 their rows, 10 request states with the viewer, 11 recommendations (by the viewer's
    # areas) with the areas they share, 12 unread notifications (navbar)
    with django_assert_num_queries(12):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["participants"]) == min(count, 20)
    # Staff of the organising cluster without a registration of their own (the list is for
    # participants; alice is listed too): as above (5 finds no registration) without the
    # request states and the recommendations, with their roles and TOTP set up (3 queries).
    client.force_login(site.staff)
    with django_assert_num_queries(13):
        response = client.get(url)

    assert len(response.context["participants"]) == min(count + 1, 20)


@pytest.mark.parametrize(("count", "meetings"), [(1, 1), (8, 6)])
def test_the_agenda_has_a_fixed_number_of_queries(
    client, django_assert_num_queries, alice, event, crowd, count, meetings
):
    crowd(alice, count, meetings)
    client.force_login(alice.user)
    # 1 session, 2 user, 3 event + 4 organisers, 5 own registration, 6 meetings with their
    # slots and requests, 7 the counterparts, 8 unread notifications (navbar)
    with django_assert_num_queries(8):
        response = client.get(reverse("events:agenda", args=[event.slug]))

    assert len(response.context["meetings"]) == meetings


@pytest.mark.parametrize(("count", "meetings"), [(1, 1), (8, 6)])
def test_the_calendar_feed_has_a_fixed_number_of_queries(
    client, django_assert_num_queries, alice, event, crowd, count, meetings
):
    crowd(alice, count, meetings)
    url = reverse("events:agenda_ics", args=[event.slug])
    # 1 the registration of the token with its event, 2 meetings, 3 the counterparts
    with django_assert_num_queries(3):
        response = client.get(url, {"token": feed_token(alice)})

    assert response.content.count(b"BEGIN:VEVENT") == meetings


@pytest.mark.parametrize(("count", "meetings"), [(1, 1), (8, 6)])
def test_a_calendar_feed_unchanged_since_it_was_built_costs_one_query_less(
    client, django_assert_num_queries, alice, event, crowd, count, meetings
):
    crowd(alice, count, meetings)
    url = reverse("events:agenda_ics", args=[event.slug])
    built = client.get(url, {"token": feed_token(alice)})
    # 1 the registration of the token with its event, 2 meetings (their fingerprint finds the
    # feed in the cache: no counterparts, no icalendar)
    with django_assert_num_queries(2):
        response = client.get(url, {"token": feed_token(alice)})

    assert response.content == built.content


@pytest.mark.parametrize(("count", "meetings"), [(2, 1), (25, 6)])
def test_the_filtered_catalogue_has_a_fixed_number_of_queries(
    client, django_assert_num_queries, alice, event, site, crowd, count, meetings
):
    crowd(alice, count, meetings)
    area = site.lyon.focus_areas.model.objects.order_by("pk").first()
    client.force_login(alice.user)
    url = reverse("events:participants", args=[event.slug])
    filters = {"q": "Seoul", "cluster": "seoul", "kind": site.seoul_org.kind, "area": area.slug}
    # As without filters, and the two filters given by slug: 1 session, 2 user, 3 event
    # + 4 organisers, 5 own registration, 6 technology areas (the filter's area is found among
    # them) and 7 clusters for the filters, 8 the cluster of the filters, 9 the page's ids with
    # their count, 10 their rows, 11 request states, 12 recommendations with the areas they
    # share, 13 unread notifications
    with django_assert_num_queries(13):
        response = client.get(url, filters)

    assert response.status_code == 200
    assert len(response.context["participants"]) == min(count // 2, 20)
