"""/notifications/: the list, unread count in the navigation bar, mark read, preferences."""

import pytest
from django.urls import reverse

from matching.selectors import recommended_for
from notifications.models import NotificationKind, NotificationPreference
from notifications.selectors import unread_count
from tests.accounts.factories import UserFactory

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_the_list_shows_my_notifications_only(client, member):
    NotificationFactory(recipient=member, payload={"title": "Mine"})
    NotificationFactory(payload={"title": "Not mine"})

    response = client.get(reverse("notifications:list"))

    assert "New opportunity for you: Mine" in response.text
    assert "Not mine" not in response.text


def test_the_list_takes_a_fixed_number_of_queries(client, member, django_assert_num_queries):
    for _ in range(10):
        NotificationFactory(recipient=member)

    # session, user, page count, the page, unread count (navigation bar)
    with django_assert_num_queries(5):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200


def test_the_navigation_bar_shows_the_unread_count(client, member):
    NotificationFactory.create_batch(3, recipient=member)
    NotificationFactory(recipient=member, read_at="2030-01-01T00:00Z")

    response = client.get(reverse("matching:alerts"))

    assert '3<span class="visually-hidden"> unread</span>' in response.text


def test_the_unread_count_is_of_my_notifications_only(member):
    NotificationFactory.create_batch(2, recipient=member)
    someone_else = NotificationFactory().recipient

    assert unread_count(member) == 2
    assert unread_count(someone_else) == 1
    assert unread_count(UserFactory()) == 0


def test_opening_a_notification_marks_it_read_and_follows_it(client, member):
    notification = NotificationFactory(recipient=member, url="/opportunities/5/")

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == "/opportunities/5/"
    notification.refresh_from_db()
    assert notification.is_read


def test_opening_never_redirects_off_site(client, member):
    notification = NotificationFactory(recipient=member, url="https://evil.example/")

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.url == reverse("notifications:list")


def test_someone_elses_notification_does_not_exist_for_me(client, member):
    notification = NotificationFactory()

    opened = client.get(reverse("notifications:open", args=[notification.pk]))
    read = client.post(reverse("notifications:read", args=[notification.pk]))

    assert (opened.status_code, read.status_code) == (404, 404)
    notification.refresh_from_db()
    assert not notification.is_read


def test_mark_all_read_marks_only_mine(client, member):
    mine = NotificationFactory.create_batch(2, recipient=member)
    theirs = NotificationFactory()

    client.post(reverse("notifications:read_all"))

    for notification in [*mine, theirs]:
        notification.refresh_from_db()
    assert [n.is_read for n in mine] == [True, True]
    assert not theirs.is_read


def test_marking_read_needs_a_post(client, member):
    notification = NotificationFactory(recipient=member)

    response = client.get(reverse("notifications:read", args=[notification.pk]))

    assert response.status_code == 405


def test_the_preferences_form_shows_defaults_and_saves_choices(client, member):
    page = client.get(reverse("notifications:preferences"))
    data = dict.fromkeys(NotificationKind.values, "instant") | {"new_match": "weekly"}

    response = client.post(reverse("notifications:preferences"), data)

    assert page.status_code == 200
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=member, kind="new_match").delivery == "weekly"


def test_recommended_for_lists_matches_of_my_organizations(world):
    from matching.services import opportunity_match
    from tests.opportunities.factories import PublishedOpportunityFactory

    opportunity = PublishedOpportunityFactory(
        organization=world.owner_org, author=world.author, technology_areas=[world.ivd]
    )
    opportunity_match(opportunity=opportunity)

    items = recommended_for(world.partner)

    assert [item["opportunity"] for item in items] == [opportunity]
    assert items[0]["reasons"][0] == "shares Diagnostics / IVD"
    assert recommended_for(world.author) == []  # not one's own opportunity
