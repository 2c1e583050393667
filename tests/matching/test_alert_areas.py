"""`Alert.has_areas` (what matching reads instead of each alert's areas) follows the areas
through every write: the services, the admin's form and the migration that filled it."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from matching.models import Alert
from matching.services import alert_create, alert_update
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _has_areas(alert: Alert) -> bool:
    return Alert.objects.values_list("has_areas", flat=True).get(pk=alert.pk)


def test_the_services_keep_it_in_step(world):
    alert = alert_create(owner=world.partner, data={"name": "IVD", "technology_areas": [world.ivd]})
    assert _has_areas(alert)

    alert_update(actor=world.partner, alert=alert, data={"name": "Renamed"})
    assert _has_areas(alert)  # the areas were not part of the change

    alert_update(actor=world.partner, alert=alert, data={"technology_areas": []})
    assert not _has_areas(alert)

    alert_update(actor=world.partner, alert=alert, data={"technology_areas": [world.imaging]})
    assert _has_areas(alert)


def test_the_admin_form_keeps_it_in_step(client, world):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, totp=True))
    alert = alert_create(owner=world.partner, data={"name": "Anything"})
    form = {
        "owner": world.partner.pk,
        "name": "Anything in IVD",
        "technology_areas": [world.ivd.pk],
        "opportunity_types": "[]",
        "countries": "[]",
        "stages": "[]",
        "collaboration_types": "[]",
        "keywords": "",
        "frequency": "daily",
        "is_active": "on",
    }

    response = client.post(reverse("admin:matching_alert_change", args=[alert.pk]), form)

    assert response.status_code == 302
    assert _has_areas(alert)


def test_the_migration_fills_it_for_existing_alerts(world):
    with_areas = alert_create(owner=world.partner, data={"name": "IVD"})
    without = alert_create(owner=world.partner, data={"name": "Anything"})
    Alert.technology_areas.through.objects.create(alert=with_areas, technologyarea=world.ivd)
    Alert.objects.update(has_areas=True)
    migration = importlib.import_module("matching.migrations.0007_alert_has_areas")

    migration.fill_has_areas(apps, None)

    assert (_has_areas(with_areas), _has_areas(without)) == (True, False)
