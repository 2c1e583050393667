"""The semantic match signal: an organization whose profile, or an alert whose keywords, are
close in content to a published opportunity match it across languages, with their own
reason, rendered in the reader's language; the engine stays set-based."""

import pytest
from django.utils import translation

from core import semantic
from matching.engine import compute_matches
from matching.reasons import CLOSE_TO_KEYWORDS, CLOSE_TO_PROFILE, render_reasons
from matching.services import opportunity_match
from opportunities.models import OpportunityType
from tests.matching.factories import AlertFactory
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def across_languages():
    chinese_lab = OrganizationFactory(
        name="泰州华检生物",
        language="zh",
        capabilities="细菌内毒素检测、鲎试剂检测、无菌检查",
        description="专业第三方检测实验室，为制药企业提供内毒素检测服务。",
    )
    MembershipFactory(organization=chinese_lab)
    dentist = OrganizationFactory(
        name="Dentalwerk", language="de", capabilities="Keramische Zahnimplantate"
    )
    alert = AlertFactory(keywords="内毒素检测")
    unrelated_alert = AlertFactory(keywords="Zahnimplantate")
    opportunity = PublishedOpportunityFactory(
        type=OpportunityType.SERVICE_REQUEST,
        title="Bacterial endotoxin testing for our injectables",
        summary="We seek a laboratory for endotoxin (LAL) testing of sterile injectable batches.",
    )
    for kind in ("organization", "alert", "opportunity"):
        semantic.embed(kind)
        semantic.build_index(kind)
    return opportunity, chinese_lab, dentist, alert, unrelated_alert


def test_a_profile_close_in_content_matches_without_a_shared_area(across_languages):
    opportunity, chinese_lab, dentist, *_ = across_languages
    matches = {m.organization_id: m for m in compute_matches(opportunity).organization_matches}
    assert chinese_lab.pk in matches
    assert dentist.pk not in matches
    assert {"code": CLOSE_TO_PROFILE, "params": {}} in matches[chinese_lab.pk].reasons
    with translation.override("ja"):
        assert render_reasons(matches[chinese_lab.pk].reasons) == [
            "あなたの組織の提供内容と内容が近い"
        ]


def test_alert_keywords_close_in_content_match_across_languages(across_languages):
    opportunity, _lab, _dentist, alert, unrelated_alert = across_languages
    matches = {m.alert_id: m for m in compute_matches(opportunity).alert_matches}
    assert alert.pk in matches
    assert unrelated_alert.pk not in matches
    reason = {"code": CLOSE_TO_KEYWORDS, "params": {"keywords": "内毒素检测"}}
    assert reason in matches[alert.pk].reasons
    with translation.override("de"):
        assert render_reasons([reason]) == [
            "inhaltlich nah an den Stichwörtern Ihrer Benachrichtigung „内毒素检测“"
        ]


def test_the_engine_stays_set_based_with_the_semantic_signal(
    across_languages, django_assert_num_queries
):
    opportunity, *_ = across_languages
    # 13 as without the signal (see tests/matching/test_engine.py; the 13th is the
    # opportunity's translations for each recipient's version), less two that an opportunity
    # without areas does not need (the shared areas of the matched organizations, and the
    # alerts naming one of its areas: matching.engine.alerts_naming_areas), + 1 the
    # opportunity's vector, + 2 the alerts and the organizations newer than their indexes.
    with django_assert_num_queries(14):
        opportunity_match(opportunity=opportunity)
