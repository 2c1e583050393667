"""organization_create and organization_update."""

import pytest
from django.core.exceptions import ValidationError

from clusters.models import TechnologyArea
from partners.models import OrganizationKind
from partners.services import organization_create, organization_update
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def create(**overrides):
    data = {
        "actor": None,
        "cluster": ClusterFactory(),
        "name": "Heidelberg Proteomics",
        "kind": OrganizationKind.COMPANY,
        "country": "DE",
    }
    return organization_create(**(data | overrides))


def test_create_derives_a_slug_from_the_name():
    assert create(name="Société Lyonnaise de Biologie").slug == "societe-lyonnaise-de-biologie"


def test_create_makes_the_slug_unique():
    create()

    assert create().slug == "heidelberg-proteomics-2"
    assert create().slug == "heidelberg-proteomics-3"


def test_create_transliterates_a_name_without_latin_letters():
    assert create(name="泰州生物").slug == "tai-zhou-sheng-wu"


def test_create_gives_a_slug_to_a_name_with_nothing_to_read():
    assert create(name="★★★").slug == "organization"


def test_create_sets_technology_areas_and_is_unverified_by_default():
    areas = TechnologyArea.objects.filter(slug__in=["proteomics", "genomics"])

    org = create(technology_areas=areas, city="Heidelberg")

    assert set(org.technology_areas.values_list("slug", flat=True)) == {"proteomics", "genomics"}
    assert org.city == "Heidelberg"
    assert not org.is_verified


def test_create_validates_the_fields():
    with pytest.raises(ValidationError) as error:
        create(kind="spaceship")

    assert "kind" in error.value.message_dict


def test_create_refuses_fields_that_have_their_own_service():
    with pytest.raises(TypeError):
        create(verified_by=UserFactory())


def test_create_records_the_actor_in_the_history():
    actor = UserFactory()

    org = create(actor=actor)

    assert org.history.latest().history_user == actor


def test_update_changes_the_given_fields_and_renames_the_slug_keeping_the_old_one():
    org = OrganizationFactory(name="Old Name", slug="old-name")

    organization_update(actor=None, organization=org, data={"name": "New Name", "city": "Kobe"})

    org.refresh_from_db()
    assert (org.name, org.city, org.slug) == ("New Name", "Kobe", "new-name")
    assert list(org.former_slugs.values_list("slug", flat=True)) == ["old-name"]


def test_update_keeps_the_slug_when_the_name_stays():
    org = OrganizationFactory(name="Old Name", slug="old-name-3")

    organization_update(actor=None, organization=org, data={"city": "Kobe"})
    organization_update(actor=None, organization=org, data={"name": "Old  Name"})

    org.refresh_from_db()
    assert org.slug == "old-name-3"
    assert not org.former_slugs.exists()


def test_update_replaces_technology_areas():
    org = OrganizationFactory(technology_areas=TechnologyArea.objects.filter(slug="genomics"))

    organization_update(
        actor=None,
        organization=org,
        data={"technology_areas": TechnologyArea.objects.filter(slug="vaccines")},
    )

    assert list(org.technology_areas.values_list("slug", flat=True)) == ["vaccines"]


def test_update_validates_and_saves_nothing_on_error():
    org = OrganizationFactory(name="Kept")

    with pytest.raises(ValidationError):
        organization_update(
            actor=None, organization=org, data={"name": "Changed", "website": "not a url"}
        )

    org.refresh_from_db()
    assert org.name == "Kept"


def test_update_without_changes_writes_no_history():
    org = OrganizationFactory(name="Same")
    before = org.history.count()

    organization_update(actor=None, organization=org, data={"name": "Same"})

    assert org.history.count() == before
