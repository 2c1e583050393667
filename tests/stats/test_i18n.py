import pytest
from django.urls import reverse

from tests.accounts.factories import activate_totp
from tests.clusters.factories import ClusterStaffFactory
from tests.i18n_check import untranslated_strings

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "ja", "ko", "de", "fr"]
SOURCES = ("templates/stats/", "stats/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_stats_page_is_fully_translated(client, network, language):
    staff = ClusterStaffFactory(cluster=network["clusters"]["lyon"]).user
    activate_totp(staff)
    client.force_login(staff)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    html = client.get(reverse("stats:index")).content.decode()
    assert "Lyonbiopôle" in html  # the staff part is there too
    assert untranslated_strings(html, language, sources=SOURCES) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_stats_csv_headers_are_translated(client, network, language):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse("stats:csv", args=["funnel"]))
    first_line = response.content.decode("utf-8-sig").splitlines()[0]
    assert "Share of published" not in first_line
