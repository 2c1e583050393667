import pytest

from clusters.models import TechnologyArea


@pytest.mark.django_db
def test_taxonomy_is_loaded_by_migration():
    assert TechnologyArea.objects.filter(parent=None).count() >= 8
    assert TechnologyArea.objects.exclude(parent=None).count() >= 40
