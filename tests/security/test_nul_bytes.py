"""NUL bytes, the classic HTTP 500 on PostgreSQL, are refused with a 400 (core.request_guards)."""

from django.test import Client
from django.urls import reverse

from matching.models import Alert
from tests.security.walk import fresh_client


def test_a_nul_byte_in_the_query_string_is_a_400_not_a_500(world, persona_client):
    client = fresh_client(persona_client("member_a").cookies)
    url = reverse("matching:alert_from_search") + "?q=sepsis%00assay&area=%00"

    response = client.post(url, {"name": "Sepsis", "frequency": "daily"})

    assert response.status_code == 400
    assert not Alert.objects.exists()


def test_a_nul_byte_in_a_form_field_is_a_400(world, persona_client):
    client = fresh_client(persona_client("member_a").cookies)

    response = client.post(reverse("matching:alert_create"), {"name": "a\x00b"})

    assert response.status_code == 400


def test_a_nul_byte_in_a_field_name_is_a_400(world, persona_client):
    client = fresh_client(persona_client("member_a").cookies)

    response = client.get(reverse("opportunities:list"), {"q\x00": "x"})

    assert response.status_code == 400


def test_a_session_cookie_with_a_nul_byte_is_ignored(db):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_requests_without_nul_bytes_pass(world, persona_client):
    client = fresh_client(persona_client("member_a").cookies)
    url = reverse("matching:alert_from_search") + "?q=sepsis+assay"

    response = client.post(url, {"name": "Sepsis", "frequency": "daily"})

    assert response.status_code == 302
    assert Alert.objects.get().keywords == "sepsis assay"
