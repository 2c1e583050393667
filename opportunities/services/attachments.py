"""Attachments of an opportunity: added and removed only while its content is editable."""

from typing import cast

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.uploads import validate_attachment_upload
from opportunities.models import (
    Opportunity,
    OpportunityAttachment,
)

from .lifecycle import _full_clean, _lock_editable, record_edit


@transaction.atomic
def attachment_add(
    *, actor: User, opportunity: Opportunity, file: UploadedFile
) -> OpportunityAttachment:
    _lock_editable(actor, opportunity)
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
    record_edit(
        actor,
        opportunity,
        str(_("Attachment added: %(name)s") % {"name": attachment.original_name}),
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User, attachment: OpportunityAttachment) -> None:
    opportunity = attachment.opportunity
    _lock_editable(actor, opportunity)
    name = attachment.original_name
    stored = attachment.file
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: stored.storage.delete(stored.name))
    record_edit(actor, opportunity, str(_("Attachment removed: %(name)s") % {"name": name}))
