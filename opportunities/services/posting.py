"""The author's form in one service: save the content with a new attachment, then submit."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import User
from opportunities.models import Opportunity
from partners.models import Organization

from .attachments import attachment_add
from .lifecycle import opportunity_create, opportunity_submit, opportunity_update
from .translations import opportunity_translations_set


@dataclass(frozen=True)
class OpportunitySaved:
    opportunity: Opportunity
    # Why the submission was refused; the content was saved as a draft all the same.
    submit_error: ValidationError | None = None


@transaction.atomic
def opportunity_save(
    *,
    actor: User,
    opportunity: Opportunity | None,
    organization: Organization | None = None,
    data: dict[str, Any],
    attachment: UploadedFile | None = None,
    translations: Sequence[dict[str, Any]] | None = None,
    submit: bool = False,
) -> OpportunitySaved:
    """Create (`opportunity=None`, for `organization`) or update an opportunity with its new
    attachment and its translations (None: left as they are), all or nothing (a
    `ValidationError` leaves nothing changed); then, if asked, submit it for review. A refused
    submission keeps the saved draft and says why."""
    with transaction.atomic():
        if opportunity is None:
            if organization is None:
                raise TypeError("A new opportunity needs its organization.")
            opportunity = opportunity_create(actor=actor, organization=organization, data=data)
        else:
            opportunity = opportunity_update(actor=actor, opportunity=opportunity, data=data)
        if translations is not None:
            opportunity_translations_set(
                actor=actor, opportunity=opportunity, translations=translations
            )
        if attachment:
            attachment_add(actor=actor, opportunity=opportunity, file=attachment)
    if not submit:
        return OpportunitySaved(opportunity)
    try:
        with transaction.atomic():
            opportunity_submit(actor=actor, opportunity=opportunity)
    except ValidationError as error:
        return OpportunitySaved(opportunity, submit_error=error)
    return OpportunitySaved(opportunity)
