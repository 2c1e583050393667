"""Names in any script (readable slugs, old slugs redirect) and the language of a profile."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from partners.models import MembershipRole, Organization, OrganizationKind
from partners.services import organization_create
from tests.clusters.factories import ClusterFactory
from tests.partners.editing import contacts_management, organization_form_data
from tests.partners.factories import MembershipFactory, OrganizationFactory
from tests.personas import staff_of

pytestmark = pytest.mark.django_db

CHINESE_TEXT = "我们生产鲎试剂，并提供内毒素检测与热原检测服务。"


def admin_of(organization):
    return MembershipFactory(organization=organization, role=MembershipRole.ADMIN).user


def create(client, cluster, **changes):
    data = {
        "name": "中科合同研究有限公司",
        "kind": "company",
        "cluster": cluster.pk,
        "country": "CN",
        "description": CHINESE_TEXT,
        **contacts_management(),
        **changes,
    }
    return client.post(reverse("partners:create"), data)


def test_a_profile_created_in_chinese_gets_a_readable_slug_and_its_language(client):
    cluster = ClusterFactory()
    client.force_login(staff_of(cluster))

    response = create(client, cluster, language="")

    organization = Organization.objects.get()
    assert organization.slug == "zhong-ke-he-tong-yan-jiu-you-xian-gong-si"
    assert organization.language == "zh"
    assert response["Location"] == "/organizations/zhong-ke-he-tong-yan-jiu-you-xian-gong-si/"


def test_the_author_chooses_the_language_over_the_detector(client):
    cluster = ClusterFactory()
    client.force_login(staff_of(cluster))

    create(client, cluster, language="ja")

    assert Organization.objects.get().language == "ja"


def test_a_german_name_keeps_its_sharp_s_readable():
    organization = organization_create(
        actor=None,
        cluster=ClusterFactory(),
        name="Bergstraße Biotech",
        kind=OrganizationKind.COMPANY,
        country="DE",
    )

    assert organization.slug == "bergstrasse-biotech"


def test_a_renamed_organization_is_still_found_at_its_old_url(client):
    organization = OrganizationFactory(name="Lyon Assays", slug="lyon-assays")
    client.force_login(admin_of(organization))
    client.post(
        reverse("partners:edit", args=["lyon-assays"]),
        organization_form_data(organization, name="Lyon Assay Labs"),
    )
    client.logout()

    response = client.get("/organizations/lyon-assays/")

    assert response.status_code == 301
    assert response["Location"] == "/organizations/lyon-assay-labs/"
    assert client.get(response["Location"]).status_code == 200


def test_an_old_slug_of_an_unverified_organization_tells_a_visitor_nothing(client):
    organization = OrganizationFactory(name="Hidden Labs", slug="hidden", is_verified=False)
    admin = admin_of(organization)
    client.force_login(admin)
    client.post(
        reverse("partners:edit", args=["hidden"]),
        organization_form_data(organization, name="Hidden Labs Two"),
    )
    assert client.get("/organizations/hidden/").status_code == 301
    client.logout()

    assert client.get("/organizations/hidden/").status_code == 404


def test_a_former_slug_is_never_given_to_another_organization(client):
    organization = OrganizationFactory(name="Acme", slug="acme")
    client.force_login(admin_of(organization))
    client.post(
        reverse("partners:edit", args=["acme"]),
        organization_form_data(organization, name="Acme Bio"),
    )

    newcomer = organization_create(
        actor=None, cluster=ClusterFactory(), name="Acme", kind="company", country="FR"
    )

    assert newcomer.slug == "acme-2"
    assert client.get("/organizations/acme/")["Location"] == "/organizations/acme-bio/"


def test_refresh_slugs_gives_old_rule_slugs_a_readable_one_and_redirects_the_old(client):
    # What the former rule (django's slugify) gave a Chinese name.
    OrganizationFactory(name="中科合同研究有限公司", slug="organization-2")
    OrganizationFactory(name="Lyon Assays", slug="lyon-assays")

    call_command("refresh_slugs")  # lists only
    assert Organization.objects.filter(slug="organization-2").exists()
    call_command("refresh_slugs", "--apply")

    assert sorted(Organization.objects.values_list("slug", flat=True)) == [
        "lyon-assays",
        "zhong-ke-he-tong-yan-jiu-you-xian-gong-si",
    ]
    response = client.get("/organizations/organization-2/")
    assert response.status_code == 301
    assert response["Location"] == "/organizations/zhong-ke-he-tong-yan-jiu-you-xian-gong-si/"


def test_the_edit_form_shows_the_language_and_a_detect_choice(client):
    organization = OrganizationFactory(language="ko")
    client.force_login(admin_of(organization))

    response = client.get(reverse("partners:edit", args=[organization.slug]))

    field = response.context["form"]["language"]
    assert field.value() == "ko"
    assert field.field.choices[0] == ("", "Detect automatically")


def test_the_country_name_is_the_country_s_name_in_the_reader_s_language():
    organization = OrganizationFactory.build(country="DE")

    with translation.override("fr"):
        assert organization.country_name == organization.country.name == "Allemagne"
    with translation.override("en"):
        assert organization.country_name == "Germany"
