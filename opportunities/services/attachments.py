"""Attachments of an opportunity: added and removed only while its content is editable."""

from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.uploads import validate_attachment_upload
from opportunities import permissions
from opportunities.events import record_event
from opportunities.models import (
    Opportunity,
    OpportunityAttachment,
    OpportunityEvent,
)

from .lifecycle import MESSAGE_NOT_EDITABLE, _full_clean, _lock

Action = OpportunityEvent.Action


@transaction.atomic
def attachment_add(
    *, actor: User, opportunity: Opportunity, file: UploadedFile
) -> OpportunityAttachment:
    if not permissions.is_owner_member(actor, opportunity):
        raise PermissionDenied
    _lock(opportunity)
    if opportunity.status not in permissions.EDITABLE_STATUSES:
        raise ValidationError(MESSAGE_NOT_EDITABLE, code="not_editable")
    content_type = validate_attachment_upload(file)
    attachment = OpportunityAttachment(
        opportunity=opportunity,
        file=file,
        original_name=(file.name or "attachment")[-200:],
        content_type=content_type,
        size=cast(int, file.size),  # checked by validate_attachment_upload
    )
    _full_clean(attachment)
    attachment.save()
    record_event(
        opportunity=opportunity,
        action=Action.EDITED,
        actor=actor,
        from_status=opportunity.status,
        to_status=opportunity.status,
        comment=str(_("Attachment added: %(name)s") % {"name": attachment.original_name}),
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User, attachment: OpportunityAttachment) -> None:
    opportunity = attachment.opportunity
    if not permissions.is_owner_member(actor, opportunity):
        raise PermissionDenied
    _lock(opportunity)
    if opportunity.status not in permissions.EDITABLE_STATUSES:
        raise ValidationError(MESSAGE_NOT_EDITABLE, code="not_editable")
    name = attachment.original_name
    stored = attachment.file
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: stored.storage.delete(stored.name))
    record_event(
        opportunity=opportunity,
        action=Action.EDITED,
        actor=actor,
        from_status=opportunity.status,
        to_status=opportunity.status,
        comment=str(_("Attachment removed: %(name)s") % {"name": name}),
    )
