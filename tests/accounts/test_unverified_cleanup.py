"""Accounts never verified are deleted after 30 days (service, task and beat schedule)."""

import datetime
import importlib
import logging

import pytest
from django.apps import apps
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.models import User
from accounts.schedules import SCHEDULES
from accounts.services import users_unverified_delete
from accounts.tasks import users_unverified_delete_task
from tests.accounts.factories import UserFactory, verify_email
from tests.clusters.factories import ClusterStaffFactory
from tests.partners.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def signed_up(days_ago: int, **fields) -> User:
    """A sign-up whose confirmation link was never used, `days_ago` days ago."""
    return UserFactory(date_joined=timezone.now() - datetime.timedelta(days=days_ago), **fields)


def remaining(*users: User) -> set[int]:
    return set(User.objects.filter(pk__in=[user.pk for user in users]).values_list("pk", flat=True))


def test_a_sign_up_never_verified_for_31_days_is_deleted():
    stale = signed_up(31)

    assert users_unverified_delete() == 1

    assert remaining(stale) == set()


def test_a_sign_up_of_29_days_is_kept():
    recent = signed_up(29)

    assert users_unverified_delete() == 0

    assert remaining(recent) == {recent.pk}


def test_a_verified_account_is_kept_however_old():
    verified = signed_up(400)
    verify_email(verified)

    users_unverified_delete()

    assert remaining(verified) == {verified.pk}


@pytest.mark.parametrize(
    "role",
    [
        lambda user: MembershipFactory(user=user),
        lambda user: ClusterStaffFactory(user=user),
        lambda user: User.objects.filter(pk=user.pk).update(is_staff=True),
        lambda user: User.objects.filter(pk=user.pk).update(last_login=timezone.now()),
    ],
    ids=["member", "cluster staff", "consortium admin", "has logged in"],
)
def test_an_account_someone_set_up_or_used_is_kept(role):
    account = signed_up(400)
    role(account)

    users_unverified_delete()

    assert remaining(account) == {account.pk}


def test_the_clean_up_is_logged_without_addresses(caplog):
    stale = signed_up(31, email="wapiti2021@mailinator.com")

    with caplog.at_level(logging.INFO, logger="accounts.services"):
        users_unverified_delete()

    assert f"deleted 1 account(s) never verified after 30 days: ids {stale.pk}" in caplog.text
    assert "mailinator" not in caplog.text


def test_among_narrows_the_candidates():
    chosen, other = signed_up(31), signed_up(31)

    users_unverified_delete(among=User.objects.filter(pk=chosen.pk))

    assert remaining(chosen, other) == {other.pk}


def test_the_task_runs_the_clean_up():
    stale = signed_up(31)

    assert users_unverified_delete_task.delay().get() == 1
    assert remaining(stale) == set()


def test_the_migration_schedules_the_clean_up_every_night():
    PeriodicTask.objects.filter(name__in=[spec["name"] for spec in SCHEDULES]).delete()

    importlib.import_module("accounts.migrations.0002_beat_schedules").forwards(apps, None)

    task = PeriodicTask.objects.get(task="accounts.tasks.users_unverified_delete_task")
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("15", "3", "*")


def test_the_scheduled_task_is_registered():
    from wlscc.celery import app

    app.loader.import_default_modules()
    assert SCHEDULES[0]["task"] in app.tasks
