"""What a notification says, rendered in the active language from its kind and payload."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from core.languages import content_language
from followups.links import STOP
from followups.models import Stage
from matching import reasons
from opportunities.models import DeclineReason

from . import meeting_texts
from .models import NotificationKind

MODERATION_TEXTS = {
    "published": _("“%(title)s” is published in the marketplace"),
    "changes_requested": _("Changes requested for “%(title)s”"),
    "rejected": _("“%(title)s” was not accepted for publication"),
}


def _date(value: str) -> str:
    try:
        return date_format(datetime.date.fromisoformat(value))
    except (TypeError, ValueError):
        return value or ""


# The texts of an opportunity a payload may carry in other languages (`versions`, written
# by its author: opportunities.selectors.opportunity_versions).
VERSION_TEXTS = ("title", "summary")


def localized(payload: dict) -> dict:
    """The payload with the opportunity's title (and summary) in the active language when its
    author translated it: what each recipient reads, in the notification centre and by
    e-mail, is the version in their language."""
    p = payload or {}
    versions = p.get("versions")
    version = versions.get(content_language(get_language())) if isinstance(versions, dict) else None
    if not isinstance(version, dict):
        return p
    texts = {
        name: value
        for name, value in version.items()
        if name in VERSION_TEXTS and isinstance(value, str) and value
    }
    return {**p, **texts}


# The kinds whose headline is one text filled from the payload (`date`: its `expires_on`).
HEADLINES = {
    NotificationKind.NEW_MATCH: _("New opportunity for you: %(title)s"),
    NotificationKind.EOI_RECEIVED: _("%(organization)s is interested in “%(title)s”"),
    NotificationKind.EXPIRING_SOON: _("“%(title)s” expires on %(date)s"),
    NotificationKind.EOI_UNANSWERED: _(
        "%(organization)s is waiting for your answer about “%(title)s”"
    ),
    NotificationKind.INVITATION: _("You are invited to join %(organization)s on the WLSCC Portal"),
    NotificationKind.JOIN_REQUEST_RECEIVED: _("%(person)s asks to join %(organization)s"),
    NotificationKind.EOI_EXPIRED: _("Your interest in “%(title)s” closed without an answer"),
    NotificationKind.FOLLOW_UP_NUDGE: _("How is it going with %(partner)s about “%(title)s”?"),
}


class _Blanks(dict):
    """A payload to fill a text from: what it lacks reads as empty."""

    def __missing__(self, key: str) -> str:
        return ""


def headline(kind: str, payload: dict) -> str:
    """One line for the notification centre and the e-mail subject."""
    p = localized(payload)
    title = p.get("title", "")
    if kind in HEADLINES:
        return str(HEADLINES[kind]) % _Blanks(p, date=_date(p.get("expires_on", "")))
    if kind == NotificationKind.EOI_ANSWERED:
        if p.get("introduction") and not p.get("owner"):
            return gettext(
                "Introduction: %(first)s and a member of %(cluster)s about “%(title)s”"
            ) % {
                "first": p.get("interested", ""),
                "cluster": p.get("owner_cluster", ""),
                "title": title,
            }
        if p.get("introduction"):
            return gettext("Introduction: %(first)s and %(second)s about “%(title)s”") % {
                "first": p.get("interested", ""),
                "second": p.get("owner", ""),
                "title": title,
            }
        if p.get("status") == "accepted":
            return gettext("Your interest in “%(title)s” was accepted: you are introduced") % {
                "title": title
            }
        return gettext("Your interest in “%(title)s” was declined") % {"title": title}
    if kind == NotificationKind.MODERATION_RESULT:
        template = MODERATION_TEXTS.get(p.get("result", ""), MODERATION_TEXTS["published"])
        return str(template) % {"title": title}
    if kind == NotificationKind.JOIN_REQUEST_ANSWERED:
        if p.get("status") == "approved":
            return gettext("You are now a member of %(organization)s") % {
                "organization": p.get("organization", "")
            }
        return gettext("Your request to join %(organization)s") % {
            "organization": p.get("organization", "")
        }
    if kind in meeting_texts.MEETING_KINDS:
        return meeting_texts.headline(kind, p)
    if kind == NotificationKind.INTEGRATION_ALERT:
        if p.get("webhook"):
            return gettext("Webhook disabled after repeated failed deliveries: %(url)s") % {
                "url": p.get("webhook", "")
            }
        return gettext("API key “%(name)s” refused: its owner no longer has the role") % {
            "name": p.get("key", "")
        }
    return str(NotificationKind(kind).label) if kind in NotificationKind.values else kind


def labels(kind: str, payload: dict) -> dict:
    """Labels a kind's e-mail shows beside its headline, in the active language."""
    p = payload or {}
    if kind == NotificationKind.EOI_ANSWERED and p.get("decline_reason") in DeclineReason.values:
        return {"decline_reason": str(DeclineReason(p["decline_reason"]).label)}
    if kind == NotificationKind.INVITATION and p.get("expires_on"):
        return {"expires": _date(p["expires_on"])}
    if kind == NotificationKind.FOLLOW_UP_NUDGE:
        stage = p.get("stage")
        return {
            "stage": str(Stage(stage).label) if stage in Stage.values else "",
            "answers": [
                {"label": _answer_label(answer.get("answer")), "url": answer.get("url", "")}
                for answer in p.get("answers", [])
                if answer.get("answer") == STOP or answer.get("answer") in Stage.values
            ],
        }
    return {}


def _answer_label(answer: str) -> str:
    if answer == STOP:
        return gettext("Stop these reminders")
    return str(Stage(answer).label)


def reason_lines(payload: dict) -> list[str]:
    return reasons.render_reasons((payload or {}).get("reasons", []))


def detail_lines(kind: str, payload: dict) -> list[str]:
    """Facts to list under the headline (kinds without any give none)."""
    if kind in meeting_texts.MEETING_KINDS:
        return meeting_texts.detail_lines(kind, payload or {})
    return []
