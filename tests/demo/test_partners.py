"""demo.partners.seed: the demo directory."""

import random
from collections import Counter

import pytest

from demo import clusters as clusters_demo
from demo import partners as partners_demo
from demo.data import load
from partners.models import Contact, ContactVisibility, Organization, OrganizationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def clusters():
    clusters_demo.seed(rng=random.Random(1))


def test_it_creates_at_least_150_organizations_of_every_kind_in_every_cluster(clusters):
    partners_demo.seed(rng=random.Random(7))

    assert Organization.objects.count() >= 150
    pairs = Counter(Organization.objects.values_list("cluster__slug", "kind"))
    for cluster in load("clusters")["clusters"]:
        for kind in OrganizationKind.values:
            assert pairs[(cluster["slug"], kind)] >= 1, (cluster["slug"], kind)


def test_most_organizations_are_verified_and_each_has_one_to_three_contacts(clusters):
    partners_demo.seed(rng=random.Random(7))

    total = Organization.objects.count()
    assert Organization.objects.filter(is_verified=True).count() > total * 0.75
    per_org = Counter(Contact.objects.values_list("organization_id", flat=True))
    assert len(per_org) == total
    assert set(per_org.values()) <= {1, 2, 3}
    assert set(Contact.objects.values_list("visibility", flat=True)) == set(
        ContactVisibility.values
    )


def test_place_names_come_in_several_languages(clusters):
    partners_demo.seed(rng=random.Random(7))

    cities = set(Organization.objects.values_list("city", flat=True))
    assert {"Lyon", "Heidelberg"} <= cities
    assert any("泰州" in city for city in cities)
    assert any("大阪" in city for city in cities)
    assert any("청주" in city for city in cities)


def test_organizations_have_varied_technology_areas_and_texts(clusters):
    partners_demo.seed(rng=random.Random(7))

    used = Organization.technology_areas.through.objects.values("technologyarea_id").distinct()
    assert used.count() >= 20
    assert not Organization.objects.filter(capabilities="").exists()
    assert not Organization.objects.filter(needs="").exists()


def test_the_same_seed_gives_the_same_directory(clusters):
    partners_demo.seed(rng=random.Random(7))
    first = list(Organization.objects.order_by("slug").values_list("slug", "city", "kind"))
    Organization.objects.all().delete()

    partners_demo.seed(rng=random.Random(7))

    assert list(Organization.objects.order_by("slug").values_list("slug", "city", "kind")) == first


def test_a_second_run_creates_nothing_and_keeps_edits(clusters):
    partners_demo.seed(rng=random.Random(7))
    edited = Organization.objects.order_by("pk").first()
    Organization.objects.filter(pk=edited.pk).update(description="Edited by cluster staff")
    counts = (Organization.objects.count(), Contact.objects.count())

    summary = partners_demo.seed(rng=random.Random(7))

    assert (Organization.objects.count(), Contact.objects.count()) == counts
    assert summary.startswith("0 organizations created")
    edited.refresh_from_db()
    assert edited.description == "Edited by cluster staff"


def test_clusters_differ_in_size_and_mix_as_real_ones_do(clusters):
    partners_demo.seed(rng=random.Random(7))

    sizes = Counter(Organization.objects.values_list("cluster__slug", flat=True))
    assert len(set(sizes.values())) == 10
    assert {slug for slug, _ in sizes.most_common(2)} == {
        "china-medical-city",
        "boston-bay-life-sciences",
    }
    assert min(sizes, key=sizes.__getitem__) == "singapore-biopolis-network"
    companies = Counter(
        Organization.objects.filter(kind=OrganizationKind.COMPANY).values_list(
            "cluster__slug", flat=True
        )
    )
    shares = {slug: companies[slug] / size for slug, size in sizes.items()}
    assert max(shares.values()) - min(shares.values()) > 0.2
