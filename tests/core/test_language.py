import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _page_language(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_first_visit_uses_the_browsers_language(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ja,en;q=0.5")
    assert _page_language(response) == "ja"


def test_chinese_browsers_get_simplified_chinese(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert _page_language(response) == "zh-hans"


def test_unsupported_browser_language_falls_back_to_english(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="pt-BR")
    assert _page_language(response) == "en"


def test_the_switcher_choice_is_remembered_for_a_year(client):
    response = client.post(reverse("set_language"), {"language": "de", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "de"
    assert int(cookie["max-age"]) >= 364 * 24 * 3600


def test_the_remembered_choice_beats_the_browsers_language(client):
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ja")
    assert _page_language(response) == "fr"


def test_signed_in_members_get_their_accounts_language(client):
    client.force_login(UserFactory(language="ko"))
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert _page_language(response) == "ko"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"


def test_accounts_language_beats_an_old_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(UserFactory(language="de"))
    assert _page_language(client.get(reverse("home"))) == "de"


def test_switching_language_while_signed_in_updates_the_account(client):
    user = UserFactory(language="en")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    user.refresh_from_db()
    assert user.language == "zh-hans"
    assert _page_language(client.get(reverse("home"))) == "zh-hans"


def test_visitors_switching_language_changes_no_account(client):
    user = UserFactory(language="en")
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


def test_switcher_offers_the_six_languages(client):
    html = client.get(reverse("home")).content.decode()
    for code in ("en", "zh-hans", "ja", "ko", "de", "fr"):
        assert f'name="language" value="{code}"' in html
