"""One-click answers in nudge e-mails: signed, expiring links that open a confirmation page.

A link carries (follow-up, recipient, nudge number, answer), signed with a salt of its own and
valid for `LINK_MAX_AGE`. Opening it changes nothing (mail scanners prefetch links); the
page's one button records the answer, once per e-mail and recipient (`answer_key`).
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

from .models import END_STAGES, RANK, Stage

SALT = "followups.answer"
# Until the next nudge is due at the latest (30 → 90 → 180 days).
LINK_MAX_AGE = datetime.timedelta(days=60)
STOP = "stop"


@dataclass(frozen=True)
class Answer:
    follow_up_id: int
    recipient_id: int
    nudge: int
    answer: str


def answers_for(stage: str) -> list[str]:
    """The answers a nudge offers at this stage: every later stage, then "stop reminding me"."""
    if stage in END_STAGES:
        return []
    later = [value for value in Stage.values if RANK[value] > RANK[stage]]
    return [*later, STOP]


def answer_token(*, follow_up_id: int, recipient_id: int, nudge: int, answer: str) -> str:
    return signing.dumps([follow_up_id, recipient_id, nudge, answer], salt=SALT, compress=True)


def answer_path(**answer) -> str:
    return reverse("followups:answer", args=[answer_token(**answer)])


def read_token(token: str) -> Answer | None:
    """The answer a link carries, or None when it is forged, damaged or expired."""
    try:
        values = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    if not (isinstance(values, list) and len(values) == 4):
        return None
    follow_up_id, recipient_id, nudge, answer = values
    if not all(isinstance(value, int) for value in (follow_up_id, recipient_id, nudge)):
        return None
    if answer != STOP and answer not in Stage.values:
        return None
    return Answer(follow_up_id, recipient_id, nudge, answer)
