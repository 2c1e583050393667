"""Completeness of an opportunity: how well a partner can decide from it. A pure function."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

GOOD_SUMMARY_LENGTH = 200
SHORT_SUMMARY_LENGTH = 80

# What a partner needs to decide, and its weight (the weights add up to 100).
WEIGHTS = {
    "summary": 25,
    "technology_areas": 20,
    "stage": 15,
    "ip_status": 10,
    "collaboration_types": 15,
    "target_countries": 15,
}

HINT_SUMMARY = _(
    "Write a summary of at least %(length)d characters: what it is, its advantage, what you seek."
)
HINT_AREAS = _("Choose the technology areas, so that the right partners find it.")
HINT_STAGE = _("Give the development stage and the technology readiness level (TRL).")
HINT_TRL = _("Add the technology readiness level (TRL 1–9).")
HINT_IP = _("Say how the technology is protected (IP status).")
HINT_COLLABORATION = _("Say which kinds of collaboration you are open to.")
HINT_COUNTRIES = _("Name the countries or markets you target.")


@dataclass(frozen=True)
class Completeness:
    score: int
    missing: tuple[str, ...]

    @property
    def is_complete(self) -> bool:
        return self.score == 100


def completeness(
    *,
    summary: str,
    technology_area_count: int,
    stage: str,
    trl: int | None,
    ip_status: str,
    collaboration_types: Sequence[str],
    target_countries: Sequence[str],
) -> Completeness:
    score = 0
    missing: list[str] = []

    length = len((summary or "").strip())
    if length >= GOOD_SUMMARY_LENGTH:
        score += WEIGHTS["summary"]
    else:
        if length >= SHORT_SUMMARY_LENGTH:
            score += WEIGHTS["summary"] // 2
        missing.append(str(HINT_SUMMARY % {"length": GOOD_SUMMARY_LENGTH}))

    def rate(part: str, given: bool, hint: object) -> None:
        nonlocal score
        if given:
            score += WEIGHTS[part]
        else:
            missing.append(str(hint))

    rate("technology_areas", technology_area_count > 0, HINT_AREAS)
    if stage and trl:
        score += WEIGHTS["stage"]
    elif stage or trl:
        score += WEIGHTS["stage"] // 2
        missing.append(str(HINT_TRL if stage else HINT_STAGE))
    else:
        missing.append(str(HINT_STAGE))
    rate("ip_status", bool(ip_status), HINT_IP)
    rate("collaboration_types", bool(collaboration_types), HINT_COLLABORATION)
    rate("target_countries", bool(target_countries), HINT_COUNTRIES)

    return Completeness(score=score, missing=tuple(missing))
