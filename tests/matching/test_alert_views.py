"""/alerts/: list, create, edit, delete your own alerts; save a marketplace search as one."""

import pytest
from django.urls import reverse

from matching.models import Alert
from tests.accounts.factories import UserFactory
from tests.clusters.factories import TechnologyAreaFactory

from .factories import AlertFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_alerts_require_login(client):
    response = client.get(reverse("matching:alerts"))

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_the_list_shows_only_my_alerts(client, member):
    AlertFactory(owner=member, name="Mine")
    AlertFactory(name="Somebody else's")

    response = client.get(reverse("matching:alerts"))

    assert response.status_code == 200
    assert "Mine" in response.text
    assert "Somebody else" not in response.text


def test_the_list_takes_a_fixed_number_of_queries(client, member, django_assert_num_queries):
    area = TechnologyAreaFactory(slug="t-list")
    for _ in range(5):
        AlertFactory(owner=member, technology_areas=[area])

    # session, user, alerts page count, alerts with match counts, their areas, unread count
    with django_assert_num_queries(6):
        response = client.get(reverse("matching:alerts"))
    assert response.status_code == 200


def test_creating_an_alert(client, member):
    area = TechnologyAreaFactory(slug="t-create")

    response = client.post(
        reverse("matching:alert_create"),
        {
            "name": "Assays in Japan",
            "keywords": "sepsis",
            "technology_areas": [area.pk],
            "opportunity_types": ["technology_offer"],
            "countries": ["JP"],
            "frequency": "weekly",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    alert = Alert.objects.get(owner=member)
    assert (alert.name, alert.keywords, alert.countries, alert.frequency) == (
        "Assays in Japan",
        "sepsis",
        ["JP"],
        "weekly",
    )
    assert list(alert.technology_areas.all()) == [area]


def test_an_invalid_choice_is_refused_and_nothing_saved(client, member):
    response = client.post(
        reverse("matching:alert_create"),
        {"name": "Bad", "opportunity_types": ["<script>"], "frequency": "daily"},
    )

    assert response.status_code == 200
    assert not Alert.objects.exists()


def test_editing_my_alert(client, member):
    alert = AlertFactory(owner=member, name="Old")

    response = client.post(
        reverse("matching:alert_edit", args=[alert.pk]),
        {"name": "New", "frequency": "daily"},
    )

    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.name, alert.is_active) == ("New", False)


@pytest.mark.parametrize("view", ["matching:alert_edit", "matching:alert_delete"])
def test_someone_elses_alert_does_not_exist_for_me(client, member, view):
    alert = AlertFactory(name="Theirs")

    get = client.get(reverse(view, args=[alert.pk]))
    post = client.post(reverse(view, args=[alert.pk]), {"name": "Hijacked", "frequency": "daily"})

    assert (get.status_code, post.status_code) == (404, 404)
    alert.refresh_from_db()
    assert alert.name == "Theirs"


def test_deleting_my_alert(client, member):
    alert = AlertFactory(owner=member)

    response = client.post(reverse("matching:alert_delete", args=[alert.pk]))

    assert response.status_code == 302
    assert not Alert.objects.filter(pk=alert.pk).exists()


def test_saving_the_current_marketplace_search_as_an_alert(client, member):
    area = TechnologyAreaFactory(slug="t-search", name="Diagnostics / IVD")
    query = "q=sepsis+assay&type=technology_offer&area=t-search&country=JP&stage=nonsense&page=2"

    response = client.post(
        reverse("matching:alert_from_search") + "?" + query, {"frequency": "instant"}
    )

    alert = Alert.objects.get(owner=member)
    assert response.status_code == 302
    assert response.url == reverse("matching:alert_edit", args=[alert.pk])
    assert alert.keywords == "sepsis assay"
    assert alert.opportunity_types == ["technology_offer"]
    assert alert.countries == ["JP"]
    assert alert.stages == []
    assert alert.frequency == "instant"
    assert list(alert.technology_areas.all()) == [area]
    assert alert.name == "sepsis assay, Diagnostics / IVD, Technology offer, Japan"


def test_saving_a_search_needs_a_post(client, member):
    response = client.get(reverse("matching:alert_from_search") + "?q=x")

    assert response.status_code == 405
    assert not Alert.objects.exists()


def test_the_save_search_partial_posts_the_current_query(rf):
    from django.template.loader import render_to_string

    html = render_to_string(
        "matching/includes/save_search.html",
        {"query": "q=sepsis&type=technology_offer", "user": UserFactory(), "csrf_token": "tok"},
    )

    assert 'action="/alerts/from-search/?q=sepsis&amp;type=technology_offer"' in html
    assert 'value="tok"' in html
