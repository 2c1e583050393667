import csv
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.accounts.factories import UserFactory, activate_totp
from tests.clusters.factories import ClusterFactory, ClusterStaffFactory

pytestmark = pytest.mark.django_db


def _staff_of(cluster):
    user = ClusterStaffFactory(cluster=cluster).user
    activate_totp(user)
    return user


def _admin():
    user = UserFactory(is_staff=True)
    activate_totp(user)
    return user


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_stats_page_is_public(client, network):
    response = client.get(reverse("stats:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Introductions between clusters" in html
    assert "Members by cluster and kind" in html


def test_visitors_see_no_cluster_details(client, network):
    assert "For cluster staff" not in client.get(reverse("stats:index")).content.decode()


def test_charts_are_drawn_by_the_server_without_javascript(client, network):
    html = client.get(reverse("stats:index")).content.decode()
    assert html.count('<figure class="bar-chart') == 4
    assert '<rect class="bar-s0"' in html
    assert "<canvas" not in html
    assert "stats-charts" not in html


def test_chart_geometry_is_not_localized(client, network):
    """SVG needs a decimal point: a German reader's page must not write x="12,50"."""
    html = client.get(reverse("stats:index"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'lang="de"' in html
    widths = re.findall(r'<rect class="bar-s\d+" x="([^"]+)" width="([^"]+)"', html)
    assert widths
    for x, width in widths:
        float(x), float(width)


def test_matrix_cells_carry_heat_classes_not_inline_styles(client, network):
    html = client.get(reverse("stats:index")).content.decode()
    assert 'class="heat-5"' in html
    assert "style=" not in html


def test_staff_see_their_own_cluster_details(client, network):
    staff = _staff_of(network["clusters"]["lyon"])
    client.force_login(staff)
    html = client.get(reverse("stats:index")).content.decode()
    assert "Figures of Lyonbiopôle" in html


def test_staff_cannot_see_another_clusters_details(client, network):
    staff = _staff_of(network["clusters"]["lyon"])
    client.force_login(staff)
    response = client.get(reverse("stats:index"), {"cluster": "osaka"})
    assert response.status_code == 403


def test_consortium_admin_can_pick_any_cluster(client, network):
    client.force_login(_admin())
    html = client.get(reverse("stats:index"), {"cluster": "osaka"}).content.decode()
    assert "Figures of Kansai Life" in html


def test_unknown_cluster_is_not_found(client, network):
    client.force_login(_admin())
    assert client.get(reverse("stats:index"), {"cluster": "atlantis"}).status_code == 404


def test_matrix_csv_sums_to_the_number_of_introductions(client, network):
    response = client.get(reverse("stats:csv", args=["cross-border"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="wlscc-cross-border.csv"' in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][1:4] == ["BSA", "KLS", "LYB"]  # by name
    body = rows[1:-1]
    assert sum(int(value) for row in body for value in row[1:-1]) == 4
    assert rows[-1][-1] == "4"


@pytest.mark.parametrize(
    "table", ["members", "opportunity-types", "technology-areas", "funnel", "cross-border"]
)
def test_every_public_table_downloads_as_csv(client, network, table):
    response = client.get(reverse("stats:csv", args=[table]))
    assert response.status_code == 200
    assert len(_csv(response)) > 1


def test_unknown_table_is_not_found(client, network):
    assert client.get(reverse("stats:csv", args=["salaries"])).status_code == 404


def test_cluster_csv_is_for_staff_only(client, network):
    assert client.get(reverse("stats:csv", args=["cluster"])).status_code == 403


def test_staff_download_their_cluster_csv(client, network):
    staff = _staff_of(network["clusters"]["lyon"])
    client.force_login(staff)
    rows = _csv(client.get(reverse("stats:csv", args=["cluster"])))
    assert ["Active organizations", "2"] in rows


def test_csv_cells_cannot_start_a_formula(client, db):
    ClusterFactory(name='=HYPERLINK("http://evil.example")', short_name="")
    rows = _csv(client.get(reverse("stats:csv", args=["members"])))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'


def test_stats_page_takes_a_constant_number_of_queries(client, network, django_assert_num_queries):
    # nine queries for the figures (see test_figures), none per cluster or row
    with django_assert_num_queries(9):
        client.get(reverse("stats:index"))
    ClusterFactory.create_batch(7)
    cache.clear()
    with django_assert_num_queries(9):
        client.get(reverse("stats:index"))


def test_stats_page_is_served_from_cache(client, network, settings, django_assert_num_queries):
    # a private cache: the shared test Redis may be flushed by a parallel test run
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "s"}
    }
    client.get(reverse("stats:index"))
    with django_assert_num_queries(0):
        client.get(reverse("stats:index"))


def test_stats_page_shows_empty_states_without_data(client, db):
    html = client.get(reverse("stats:index")).content.decode()
    assert "Nothing to count yet" in html
    assert "No introduction has been made yet." in html


def test_staff_without_two_factor_see_how_to_set_it_up(client, network):
    client.force_login(ClusterStaffFactory(cluster=network["clusters"]["lyon"]).user)
    html = client.get(reverse("stats:index")).content.decode()
    assert "Figures of Lyonbiopôle" not in html
    assert reverse("mfa_activate_totp") in html


def test_staff_csv_needs_two_factor(client, network):
    client.force_login(ClusterStaffFactory(cluster=network["clusters"]["lyon"]).user)
    response = client.get(reverse("stats:csv", args=["cluster"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
