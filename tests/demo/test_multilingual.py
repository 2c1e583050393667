"""demo.multilingual.seed: profiles and opportunities written in five other languages."""

import random
from collections import Counter

import pytest
from django.urls import reverse

from clusters.models import Cluster
from demo import clusters as clusters_demo
from demo import multilingual
from opportunities.models import Opportunity, OpportunityStatus
from partners.models import Organization
from tests.clusters.factories import ClusterStaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clusters():
    clusters_demo.seed(rng=random.Random(1))
    for cluster in Cluster.objects.all():
        ClusterStaffFactory(cluster=cluster)


def test_it_creates_profiles_in_each_language_with_readable_slugs(clusters):
    multilingual.seed(rng=random.Random(7))

    assert Counter(Organization.objects.values_list("language", flat=True)) == {
        "zh": 2,
        "ja": 2,
        "ko": 2,
        "de": 1,
        "fr": 1,
    }
    assert Organization.objects.get(name="中科合同研究有限公司").slug == (
        "zhong-ke-he-tong-yan-jiu-you-xian-gong-si"
    )
    assert Organization.objects.get(name="Bergstraße Biologics GmbH").slug == (
        "bergstrasse-biologics-gmbh"
    )


def test_its_opportunities_are_published_and_found_in_their_language(client, clusters):
    multilingual.seed(rng=random.Random(7))

    assert set(Opportunity.objects.values_list("status", flat=True)) == {
        OpportunityStatus.PUBLISHED
    }
    response = client.get(reverse("opportunities:list"), {"q": "エンドトキシン"})
    titles = {opportunity.title for opportunity in response.context["opportunities"]}
    # The Chinese one through its author's Japanese translation.
    assert titles == {"エンドトキシン試験の受託サービス", "内毒素检测与热原检测服务"}
    response = client.get(reverse("partners:list"), {"q": "엔도톡신"})
    assert [o.name for o in response.context["organizations"]] == ["서울바이오검사 주식회사"]


def test_some_are_translated_by_their_authors(clusters):
    multilingual.seed(rng=random.Random(7))

    opportunity = Opportunity.objects.get(title="内毒素检测与热原检测服务")
    assert sorted(opportunity.translations.values_list("language", flat=True)) == ["en", "ja"]
    organization = Organization.objects.get(name="株式会社バイオラボ東京")
    assert list(organization.translations.values_list("language", flat=True)) == ["en"]


def test_a_second_run_creates_nothing(clusters):
    multilingual.seed(rng=random.Random(7))
    counts = (Organization.objects.count(), Opportunity.objects.count())

    summary = multilingual.seed(rng=random.Random(7))

    assert (Organization.objects.count(), Opportunity.objects.count()) == counts
    assert summary.startswith("0 ")
