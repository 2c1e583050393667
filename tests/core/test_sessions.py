"""core.sessions: Django's database session store, its read compiled once per process."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.sessions import SessionStore
from tests.accounts.factories import UserFactory


@pytest.mark.django_db
def test_a_saved_session_is_read_back_in_one_query(django_assert_num_queries):
    saved = SessionStore()
    saved["answer"] = 42
    saved.save()

    read = SessionStore(saved.session_key)
    with django_assert_num_queries(1):
        assert read["answer"] == 42
    assert read.session_key == saved.session_key


@pytest.mark.django_db
def test_an_expired_or_unknown_session_is_empty_and_gets_a_new_key():
    saved = SessionStore()
    saved["answer"] = 42
    saved.save()
    Session.objects.filter(session_key=saved.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    for key in (saved.session_key, "unknown-session-key"):
        read = SessionStore(key)
        assert read.load() == {}
        assert read.session_key is None


@pytest.mark.django_db
def test_signed_in_pages_use_it(client):
    assert settings.SESSION_ENGINE == "core.sessions"
    user = UserFactory()
    client.force_login(user)

    response = client.get("/accounts/email/")

    assert response.status_code == 200
    assert response.wsgi_request.user == user
