"""Onboarding members whose names are in Chinese, Japanese or Korean, from a file without
a slug column (China Medical City's case)."""

import pytest

from partners.models import Organization
from tests.admin.test_import_organizations import as_csv, dry_run, import_file
from tests.clusters.factories import ClusterFactory

pytestmark = pytest.mark.django_db

HEADERS = ["name", "cluster", "kind", "country", "city", "description", "contact_name"]
MEMBERS = [
    ["中科合同研究有限公司", "cmc", "company", "CN", "泰州", "我们提供内毒素检测服务。", "王伟"],
    ["泰州生物医药研究院", "cmc", "research_group", "CN", "泰州", "单克隆抗体研发。", "李娜"],
    [
        "株式会社バイオラボ東京",
        "cmc",
        "company",
        "JP",
        "東京",
        "抗体医薬品の受託試験です。",
        "佐藤",
    ],
    ["서울바이오검사 주식회사", "cmc", "company", "KR", "서울", "엔도톡신을 검사합니다.", "김민준"],
]


@pytest.fixture
def cmc():
    return ClusterFactory(slug="cmc", short_name="CMC", country="CN")


def test_a_dry_run_of_cjk_names_without_a_slug_column_reports_no_error(admin_client, cmc):
    response = dry_run(admin_client, as_csv(MEMBERS, HEADERS))

    assert response.context["confirm_form"] is not None
    assert not response.context["result"].has_validation_errors()
    assert not Organization.objects.exists()  # a dry run writes nothing


def test_cjk_names_import_with_readable_slugs_and_their_language(admin_client, cmc):
    import_file(admin_client, as_csv(MEMBERS, HEADERS))

    assert dict(Organization.objects.values_list("name", "slug")) == {
        "中科合同研究有限公司": "zhong-ke-he-tong-yan-jiu-you-xian-gong-si",
        "泰州生物医药研究院": "tai-zhou-sheng-wu-yi-yao-yan-jiu-yuan",
        "株式会社バイオラボ東京": "zhu-shi-hui-she-baiorabo-dong-jing",
        "서울바이오검사 주식회사": "seoulbaiogeomsa-jusighoesa",
    }
    assert dict(Organization.objects.values_list("name", "language")) == {
        "中科合同研究有限公司": "zh",
        "泰州生物医药研究院": "zh",
        "株式会社バイオラボ東京": "ja",
        "서울바이오검사 주식회사": "ko",
    }


def test_reimporting_the_file_updates_instead_of_duplicating(admin_client, cmc):
    import_file(admin_client, as_csv(MEMBERS, HEADERS))
    changed = [row.copy() for row in MEMBERS]
    changed[0][5] = "我们提供内毒素检测与热原检测服务。"

    import_file(admin_client, as_csv(changed, HEADERS))

    assert Organization.objects.count() == len(MEMBERS)
    organization = Organization.objects.get(name="中科合同研究有限公司")
    assert organization.description == "我们提供内毒素检测与热原检测服务。"
    assert organization.slug == "zhong-ke-he-tong-yan-jiu-you-xian-gong-si"
    assert organization.contacts.count() == 1


def test_two_names_with_the_same_reading_get_their_own_slug(admin_client, cmc):
    same_reading = [
        ["中科生物", "cmc", "company", "CN", "", "", ""],
        ["忠科生物", "cmc", "company", "CN", "", "", ""],
    ]

    import_file(admin_client, as_csv(same_reading, HEADERS))
    import_file(admin_client, as_csv(same_reading, HEADERS))

    assert dict(Organization.objects.values_list("name", "slug")) == {
        "中科生物": "zhong-ke-sheng-wu",
        "忠科生物": "zhong-ke-sheng-wu-2",
    }
