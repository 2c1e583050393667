"""Every write to an opportunity or an expression of interest, by topic: `lifecycle` (content
and state), `attachments`, `translations`, `interests`, and `posting` (the author's form:
save, then submit).

Import from the topic modules; the names below are re-exported for `services.<name>` callers.
"""

from .attachments import (
    attachment_add,
    attachment_remove,
)
from .interests import (
    MESSAGE_INTEREST_ANSWERED,
    MESSAGE_INTEREST_DUPLICATE,
    MESSAGE_INTEREST_EMPTY,
    MESSAGE_INTEREST_NOT_PUBLISHED,
    MESSAGE_INTEREST_OWN,
    interest_accept,
    interest_decline,
    interest_expire_due,
    interest_express,
)
from .lifecycle import (
    CONTENT_FIELDS,
    MESSAGE_ALREADY_RENEWED,
    MESSAGE_BAD_CHOICE,
    MESSAGE_BAD_CLOSE_REASON,
    MESSAGE_CANNOT_SUBMIT,
    MESSAGE_CLOSE_NOT_PUBLISHED,
    MESSAGE_COMMENT_REQUIRED,
    MESSAGE_EXPIRE_NOT_PUBLISHED,
    MESSAGE_EXPIRY_IN_PAST,
    MESSAGE_EXPIRY_TOO_LATE,
    MESSAGE_NEEDS_AREA,
    MESSAGE_NOT_EDITABLE,
    MESSAGE_NOT_IN_REVIEW,
    MESSAGE_REASON_REQUIRED,
    MESSAGE_RENEW_EXPIRED,
    MESSAGE_RENEW_NOT_PUBLISHED,
    opportunity_close,
    opportunity_create,
    opportunity_expire,
    opportunity_expire_due,
    opportunity_publish,
    opportunity_reject,
    opportunity_renew,
    opportunity_request_changes,
    opportunity_submit,
    opportunity_update,
)
from .posting import (
    OpportunitySaved,
    opportunity_save,
)
from .translations import opportunity_translations_set

__all__ = [
    "CONTENT_FIELDS",
    "MESSAGE_ALREADY_RENEWED",
    "MESSAGE_BAD_CHOICE",
    "MESSAGE_BAD_CLOSE_REASON",
    "MESSAGE_CANNOT_SUBMIT",
    "MESSAGE_CLOSE_NOT_PUBLISHED",
    "MESSAGE_COMMENT_REQUIRED",
    "MESSAGE_EXPIRE_NOT_PUBLISHED",
    "MESSAGE_EXPIRY_IN_PAST",
    "MESSAGE_EXPIRY_TOO_LATE",
    "MESSAGE_INTEREST_ANSWERED",
    "MESSAGE_INTEREST_DUPLICATE",
    "MESSAGE_INTEREST_EMPTY",
    "MESSAGE_INTEREST_NOT_PUBLISHED",
    "MESSAGE_INTEREST_OWN",
    "MESSAGE_NEEDS_AREA",
    "MESSAGE_NOT_EDITABLE",
    "MESSAGE_NOT_IN_REVIEW",
    "MESSAGE_REASON_REQUIRED",
    "MESSAGE_RENEW_EXPIRED",
    "MESSAGE_RENEW_NOT_PUBLISHED",
    "OpportunitySaved",
    "attachment_add",
    "attachment_remove",
    "interest_accept",
    "interest_decline",
    "interest_expire_due",
    "interest_express",
    "opportunity_close",
    "opportunity_create",
    "opportunity_expire",
    "opportunity_expire_due",
    "opportunity_publish",
    "opportunity_reject",
    "opportunity_renew",
    "opportunity_request_changes",
    "opportunity_save",
    "opportunity_submit",
    "opportunity_translations_set",
    "opportunity_update",
]
