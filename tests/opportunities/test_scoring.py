"""The completeness score: a pure function of what a partner needs to decide."""

from opportunities.scoring import GOOD_SUMMARY_LENGTH, HINT_IP, HINT_TRL, completeness

COMPLETE = {
    "summary": "x" * GOOD_SUMMARY_LENGTH,
    "technology_area_count": 2,
    "stage": "preclinical",
    "trl": 4,
    "ip_status": "patent_pending",
    "collaboration_types": ["licence"],
    "target_countries": ["JP"],
}


def test_a_complete_opportunity_scores_100_with_nothing_missing():
    result = completeness(**COMPLETE)
    assert (result.score, result.missing, result.is_complete) == (100, (), True)


def test_an_empty_opportunity_scores_0_and_lists_six_things():
    result = completeness(
        summary="",
        technology_area_count=0,
        stage="",
        trl=None,
        ip_status="",
        collaboration_types=[],
        target_countries=[],
    )
    assert result.score == 0
    assert len(result.missing) == 6


def test_a_short_summary_earns_half():
    result = completeness(**{**COMPLETE, "summary": "y" * 100})
    assert result.score == 100 - 13
    assert any("at least 200 characters" in hint for hint in result.missing)


def test_stage_without_trl_earns_half_and_asks_for_the_trl():
    result = completeness(**{**COMPLETE, "trl": None})
    assert result.score == 100 - 8
    assert result.missing == (str(HINT_TRL),)


def test_missing_ip_status_is_named():
    result = completeness(**{**COMPLETE, "ip_status": ""})
    assert (result.score, result.missing) == (90, (str(HINT_IP),))


def test_the_score_stays_between_0_and_100():
    for summary in ("", "a" * 80, "a" * 500):
        for areas in (0, 9):
            score = completeness(**{**COMPLETE, "summary": summary, "technology_area_count": areas})
            assert 0 <= score.score <= 100
