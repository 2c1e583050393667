"""The moderation actions, shared by the opportunity list and the moderation queue."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import service_action, service_text_action
from opportunities.services.lifecycle import (
    opportunity_publish,
    opportunity_reject,
    opportunity_request_changes,
)

SENT_TO_AUTHOR = _("Sent to the author of each opportunity, and kept in its history.")


def days_since(moment: datetime.datetime | None) -> int | None:
    if moment is None:
        return None
    return (timezone.now() - moment).days


class ModerationActionsMixin:
    """The moderation actions, shared by the opportunity list and the moderation queue."""

    publish = service_action(
        opportunity_publish,
        target="opportunity",
        description=_("Publish selected opportunities"),
        done_message=_("Published %(count)d opportunity(ies): %(objects)s."),
    )
    request_changes = service_text_action(
        opportunity_request_changes,
        target="opportunity",
        text_argument="comment",
        description=_("Request changes to selected opportunities…"),
        title=_("Request changes"),
        label=_("What should the author change?"),
        help_text=SENT_TO_AUTHOR,
        submit_label=_("Send back for changes"),
        done_message=_("Sent %(count)d opportunity(ies) back for changes: %(objects)s."),
    )
    reject = service_text_action(
        opportunity_reject,
        target="opportunity",
        text_argument="reason",
        description=_("Reject selected opportunities…"),
        title=_("Reject opportunities"),
        label=_("Reason for the rejection"),
        help_text=SENT_TO_AUTHOR,
        submit_label=_("Reject"),
        done_message=_("Rejected %(count)d opportunity(ies): %(objects)s."),
    )
