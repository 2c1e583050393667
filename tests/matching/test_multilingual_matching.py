"""Alerts' keywords and the organization text fit in Chinese, Japanese, Korean and German."""

import pytest

from matching.models import Match
from matching.reasons import FITS_CAPABILITIES, reason
from matching.services import opportunity_match
from opportunities.models import OpportunityType
from partners.models import Organization

from .factories import AlertFactory

pytestmark = pytest.mark.django_db


def matched_alerts(opportunity) -> set[int]:
    return set(
        Match.objects.filter(opportunity=opportunity, alert__isnull=False).values_list(
            "alert_id", flat=True
        )
    )


@pytest.mark.parametrize(
    ("keywords", "language", "title", "summary"),
    [
        ("内毒素", "zh", "内毒素检测服务", "我们提供鲎试剂与内毒素检测。"),
        ("エンドトキシン", "ja", "エンドトキシン試験の受託", "医薬品の試験を受託します。"),
        ("엔도톡신", "ko", "엔도톡신 검사 서비스", "의료기기의 엔도톡신을 검사합니다."),
        ("Antikörper", "de", "Antikörpern für die Diagnostik", "Wir lizenzieren Antikörpern."),
    ],
)
def test_an_alert_with_a_keyword_in_the_language_matches_a_newly_published_opportunity(
    world, submitted, publish, keywords, language, title, summary
):
    alert = AlertFactory(owner=world.partner, keywords=keywords)
    other = AlertFactory(owner=world.partner, keywords="抗体")

    opportunity = publish(submitted(title=title, summary=summary, language=language))

    assert matched_alerts(opportunity) == {alert.pk}
    assert other.pk not in matched_alerts(opportunity)


def test_a_cjk_keyword_alert_keeps_the_websearch_syntax(world, submitted, publish):
    both = AlertFactory(owner=world.partner, keywords="内毒素 检测")
    excluded = AlertFactory(owner=world.partner, keywords="内毒素 -鲎试剂")
    either = AlertFactory(owner=world.partner, keywords="抗体 OR 内毒素")

    opportunity = publish(submitted(title="内毒素检测服务", summary="鲎试剂与内毒素检测。"))

    assert matched_alerts(opportunity) == {both.pk, either.pk}
    assert excluded.pk not in matched_alerts(opportunity)


def test_a_keyword_alert_whose_keywords_change_matches_on_the_new_ones(world, submitted, publish):
    alert = AlertFactory(owner=world.partner, keywords="antibody")
    alert.keywords = "内毒素"
    alert.save()

    opportunity = publish(submitted(title="内毒素检测服务"))

    assert matched_alerts(opportunity) == {alert.pk}


def test_a_chinese_title_fits_an_organization_whose_capabilities_share_its_words(world, submitted):
    Organization.objects.filter(pk=world.partner_org.pk).update(
        capabilities="我们提供单克隆抗体的研发与生产。", language="zh"
    )
    opportunity = submitted(type=OpportunityType.TECHNOLOGY_REQUEST, title="寻找单克隆抗体生产")
    opportunity.status = "published"
    opportunity.save()

    result = opportunity_match(opportunity=opportunity)

    fits = {match.organization_id: match.reasons for match in result.organization_matches}
    assert reason(FITS_CAPABILITIES) in fits[world.partner_org.pk]


def test_a_korean_title_does_not_fit_capabilities_without_its_words(world, submitted):
    Organization.objects.filter(pk=world.partner_org.pk).update(
        capabilities="세포 치료제 위탁 생산", language="ko"
    )
    opportunity = submitted(type=OpportunityType.TECHNOLOGY_REQUEST, title="엔도톡신 검사 협력")
    opportunity.status = "published"
    opportunity.save()

    result = opportunity_match(opportunity=opportunity)

    fits = {match.organization_id: match.reasons for match in result.organization_matches}
    assert reason(FITS_CAPABILITIES) not in fits[world.partner_org.pk]


def test_saving_alerts_without_keywords_sends_the_client_no_notices(world):
    """The generated keywords query of an alert without keywords (or with stop words only) is
    empty: Postgres's notice about it reached the client three times per row, and loading many
    alerts with COPY blocked on them (core migration 0004)."""
    from django.db import connection

    notices = []
    connection.ensure_connection()
    connection.connection.add_notice_handler(notices.append)
    try:
        AlertFactory.create_batch(3, owner=world.partner, keywords="")
        AlertFactory(owner=world.partner, keywords="the and of")
        with connection.cursor() as cursor:
            cursor.execute("SELECT wlscc_search_query('')")
    finally:
        connection.connection.remove_notice_handler(notices.append)
    assert [notice.message_primary for notice in notices] == []
