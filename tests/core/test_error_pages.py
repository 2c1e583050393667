import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.accounts.factories import activate_totp
from tests.clusters.factories import ClusterFactory, ClusterStaffFactory

pytestmark = pytest.mark.django_db


def test_not_found_page_has_the_sites_look(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="navbar-brand' in html
    assert 'href="#main"' in html  # the skip link


def test_server_error_page_renders_without_a_request():
    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "csrf" not in html.lower()


def test_permission_denied_page_has_the_sites_look(client):
    ClusterFactory(slug="osaka")
    staff = ClusterStaffFactory().user
    activate_totp(staff)
    client.force_login(staff)
    response = client.get(reverse("stats:index"), {"cluster": "osaka"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Access denied" in html
    assert 'class="navbar-brand' in html
