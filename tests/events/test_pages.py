"""The event pages through the test client: each works without JavaScript (plain forms)."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from events import selectors as event_selectors
from events.models import Event, Meeting, MeetingRequest, Registration, RequestStatus
from events.services import meeting_request_accept, meeting_request_create, registration_update
from events.times import Window
from tests.clusters.factories import TechnologyAreaFactory
from tests.partners.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def client_for(client, user):
    client.force_login(user)
    return client


def test_the_event_list_shows_published_events_to_visitors(client, event, make_event):
    make_event(slug="a-draft", title="Secret draft", publish=False)

    response = client.get(reverse("events:list"))

    assert response.status_code == 200
    assert event.title in response.text
    assert "Secret draft" not in response.text


def test_a_draft_is_hidden_from_members_and_shown_to_its_organisers(
    client, make_event, site, alice
):
    draft = make_event(slug="a-draft", publish=False)

    assert client_for(client, alice.user).get(f"/events/{draft.slug}/").status_code == 404
    assert client_for(client, site.staff).get(f"/events/{draft.slug}/").status_code == 200


def test_staff_create_an_event_through_the_form(client, site):
    client.force_login(site.staff)

    response = client.post(
        reverse("events:create"),
        {
            "slug": "kansai-day",
            "title": "Kansai day",
            "format": "online",
            "time_zone": "Asia/Tokyo",
            "meeting_minutes": "20",
            "break_minutes": "5",
            "tables": "0",
            "video_link_template": "https://meet.example.org/{event}-{meeting}",
            "registration_deadline": "2030-01-10T18:00",
            "request_deadline": "2030-01-12T18:00",
            "request_expiry_hours": "48",
            "max_open_requests": "10",
            "participant_visibility": "public",
            "organisers": [site.lyon.pk],
            "windows": "2030-01-15 09:00-10:00 14:00-15:00\n2030-01-16 09:00-09:45",
        },
    )

    assert response.status_code == 302, response.content
    event = Event.objects.get(slug="kansai-day")
    assert event.slots.count() == 2 + 2 + 2  # 09:00-09:20, 09:25-09:45 in each hour
    # Deadlines typed in Tokyo time.
    tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
    assert event.registration_deadline == datetime.datetime(2030, 1, 10, 18, tzinfo=tokyo)


def test_bad_meeting_windows_get_a_clear_message(client, site):
    client.force_login(site.staff)

    response = client.post(reverse("events:create"), {"windows": "tomorrow morning"})

    assert response.status_code == 400
    assert "Line 1: write a day and its windows" in response.text


def test_a_member_registers_herself_and_a_colleague(client, event, site):
    member = MembershipFactory(organization=site.seoul_org).user
    colleague = MembershipFactory(organization=site.seoul_org).user
    client.force_login(member)
    slots = list(event.slots.order_by("starts_at"))

    response = client.post(
        reverse("events:register", args=[event.slug]),
        {
            "organization": site.seoul_org.pk,
            "people": [member.pk, colleague.pk],
            "attendance": "online",
            "time_zone": "Asia/Seoul",
            "offer": "Wearable ECG patch",
            "seek": "Distribution in France",
            "slots": [slot.pk for slot in slots[:2]],
        },
    )

    assert response.status_code == 302, response.content
    registrations = Registration.objects.filter(event=event).order_by("pk")
    assert [r.user for r in registrations] == [member, colleague]
    assert all(r.registered_by == member for r in registrations)
    assert list(registrations[0].available_slots.order_by("starts_at")) == slots[:2]


def test_the_register_form_refuses_a_stranger_smuggled_into_people(client, event, site):
    member = MembershipFactory(organization=site.seoul_org).user
    stranger = MembershipFactory(organization=site.lyon_org).user
    client.force_login(member)

    response = client.post(
        reverse("events:register", args=[event.slug]),
        {
            "organization": site.seoul_org.pk,
            "people": [stranger.pk],
            "time_zone": "Asia/Seoul",
            "attendance": "online",
        },
    )

    assert response.status_code == 400
    assert not Registration.objects.filter(user=stranger).exists()


def test_request_accept_and_agenda_through_the_pages(client, alice, bora, event):
    client.force_login(alice.user)
    response = client.post(
        reverse("events:participant", args=[event.slug, bora.pk]),
        {"message": "Let us talk about your sensor."},
    )
    assert response.status_code == 302
    request = MeetingRequest.objects.get()

    client.force_login(bora.user)
    page = client.get(reverse("events:request", args=[event.slug, request.pk]))
    slot = event.slots.order_by("starts_at")[1]
    assert page.status_code == 200 and f'value="{slot.pk}"' in page.text
    response = client.post(
        reverse("events:request", args=[event.slug, request.pk]),
        {"decision": "accept", "slot": slot.pk},
    )

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.slot == slot and meeting.table == 1
    agenda = client.get(reverse("events:agenda", args=[event.slug]))
    assert "Lyon Biotech" in agenda.text and "Table 1" in agenda.text


def test_a_decline_reason_is_shown_to_the_requester(client, alice, bora, event):
    request = meeting_request_create(
        actor=alice.user, sender=alice, recipient=bora, message="Hello"
    )
    client.force_login(bora.user)
    client.post(
        reverse("events:request", args=[event.slug, request.pk]),
        {"decision": "decline", "reason": "no_time", "message": "Sorry, full."},
    )

    client.force_login(alice.user)
    page = client.get(reverse("events:requests", args=[event.slug]))

    assert MeetingRequest.objects.get().status == RequestStatus.DECLINED
    assert "Our agenda is full" in page.text and "Sorry, full." in page.text


def test_the_loser_of_a_taken_slot_sees_a_clear_message(client, alice, bora, kenji, event):
    slot = event.slots.order_by("starts_at").first()
    first = meeting_request_create(actor=kenji.user, sender=kenji, recipient=bora, message="A")
    second = meeting_request_create(actor=alice.user, sender=alice, recipient=bora, message="B")
    client.force_login(bora.user)
    meeting_request_accept(actor=bora.user, request=first, slot=slot)

    response = client.post(
        reverse("events:request", args=[event.slug, second.pk]),
        {"decision": "accept", "slot": slot.pk},
    )

    assert response.status_code == 400
    assert "This time was just taken by another meeting of one of you." in response.text


def test_a_boston_event_across_dst_is_shown_in_seoul_time(client, make_event, site, register):
    event = make_event(
        slug="boston",
        time_zone="America/New_York",
        windows=[
            Window(datetime.date(2027, 3, 12), datetime.time(9), datetime.time(9, 30)),
            Window(datetime.date(2027, 3, 15), datetime.time(9), datetime.time(9, 30)),
        ],
    )
    seoul = register(event, site.seoul_org, attendance="online", time_zone="Asia/Seoul")
    boston = register(event, site.lyon_org, attendance="online", time_zone="America/New_York")
    other = register(event, site.osaka_org, attendance="online")
    friday, monday = event.slots.order_by("starts_at")
    for sender, slot in ((boston, friday), (other, monday)):
        request = meeting_request_create(
            actor=sender.user, sender=sender, recipient=seoul, message="Shall we meet?"
        )
        meeting_request_accept(actor=seoul.user, request=request, slot=slot)

    client.force_login(seoul.user)
    seoul_page = client.get(reverse("events:agenda", args=[event.slug])).text
    client.force_login(boston.user)
    boston_page = client.get(reverse("events:agenda", args=[event.slug])).text

    assert "Fri 12 Mar 2027, 23:00–23:30 KST" in seoul_page
    assert "Mon 15 Mar 2027, 22:00–22:30 KST" in seoul_page
    # The event's time, below: 09:00 in Boston on both sides of the change.
    assert "Fri 12 Mar 2027, 09:00–09:30 EST" in seoul_page
    assert "Mon 15 Mar 2027, 09:00–09:30 EDT" in seoul_page
    assert "Fri 12 Mar 2027, 09:00–09:30 EST" in boston_page


def test_the_agenda_escapes_the_counterpart_s_names(client, alice, bora, event):
    bora.user.first_name = "<b>Bora</b>"
    bora.user.save(update_fields=["first_name"])
    bora.organization.name = "R&D <Lab>"
    bora.organization.save(update_fields=["name"])
    request = meeting_request_create(actor=alice.user, sender=alice, recipient=bora, message="Hi")
    meeting_request_accept(
        actor=bora.user, request=request, slot=event.slots.order_by("starts_at")[1]
    )

    page = client_for(client, alice.user).get(reverse("events:agenda", args=[event.slug]))

    assert "With &lt;b&gt;Bora&lt;/b&gt;" in page.text
    assert "(R&amp;D &lt;Lab&gt;)" in page.text
    assert "<b>Bora" not in page.text


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_recommendations_name_the_shared_areas_and_the_other_country(
    client, alice, bora, kenji, vendor, monkeypatch
):
    # "sqlite": the names the candidates share read without arrays, as the demo of `make run`
    # does (its catalogue answered 500 before).
    monkeypatch.setattr(event_selectors, "_has_arrays", lambda: vendor == "postgresql")
    genomics = TechnologyAreaFactory(name="Gene editing", slug="t-gene-editing", position=902)
    devices = TechnologyAreaFactory(name="Dental devices", slug="t-dental-devices", position=901)
    other = TechnologyAreaFactory(name="Nutrition", slug="t-nutrition", position=903)
    registration_update(
        actor=alice.user, registration=alice, data={}, areas=[genomics, devices, other]
    )
    registration_update(actor=bora.user, registration=bora, data={}, areas=[genomics, devices])
    registration_update(actor=kenji.user, registration=kenji, data={}, areas=[genomics])

    page = client_for(client, alice.user).get(
        reverse("events:participants", args=[alice.event.slug])
    )

    [first, second] = page.context["recommendations"]
    assert first.registration == bora
    assert first.reason_texts == [
        "shares Dental devices, Gene editing",
        "cross-border: South Korea",
    ]
    assert second.registration == kenji
    assert second.reason_texts == ["shares Gene editing", "cross-border: Japan"]
    assert "shares Dental devices, Gene editing; cross-border: South Korea" in page.text
