"""Adding an organization with a Chinese name in the admin, whose slug preview stays empty."""

import pytest
from django.urls import reverse

from partners.models import Organization
from tests.admin.test_change_forms import form_data
from tests.clusters.factories import ClusterFactory

pytestmark = pytest.mark.django_db


def test_an_organization_added_without_a_slug_gets_a_readable_one_and_its_language(admin_client):
    cluster = ClusterFactory(country="CN")
    url = reverse("admin:partners_organization_add")
    data = form_data(admin_client.get(url))
    data |= {
        "name": "中科合同研究有限公司",
        "slug": "",
        "kind": "company",
        "cluster": cluster.pk,
        "country": "CN",
        "description": "我们生产鲎试剂，并提供内毒素检测与热原检测服务。",
        "is_active": "on",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    organization = Organization.objects.get()
    assert organization.slug == "zhong-ke-he-tong-yan-jiu-you-xian-gong-si"
    assert organization.language == "zh"
