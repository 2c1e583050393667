"""The moderation actions, shared by the opportunity list and the moderation queue."""

import datetime

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import apply_per_object, text_action
from opportunities.models import (
    Opportunity,
)
from opportunities.services.lifecycle import (
    opportunity_publish,
    opportunity_reject,
    opportunity_request_changes,
)


def days_since(moment: datetime.datetime | None) -> int | None:
    if moment is None:
        return None
    return (timezone.now() - moment).days


class ModerationActionsMixin:
    """The moderation actions, shared by the opportunity list and the moderation queue."""

    @admin.action(description=_("Publish selected opportunities"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Opportunity]) -> None:
        apply_per_object(
            self,
            request,
            queryset,
            lambda obj: opportunity_publish(actor=request.user, opportunity=obj),
            done_message=gettext("Published %(count)d opportunity(ies): %(objects)s."),
        )

    @admin.action(description=_("Request changes to selected opportunities…"))
    def request_changes(
        self, request: HttpRequest, queryset: QuerySet[Opportunity]
    ) -> TemplateResponse | None:
        return text_action(
            self,
            request,
            queryset,
            title=gettext("Request changes"),
            label=gettext("What should the author change?"),
            help_text=gettext("Sent to the author of each opportunity, and kept in its history."),
            submit_label=gettext("Send back for changes"),
            operation=lambda obj, text: opportunity_request_changes(
                actor=request.user, opportunity=obj, comment=text
            ),
            done_message=gettext("Sent %(count)d opportunity(ies) back for changes: %(objects)s."),
        )

    @admin.action(description=_("Reject selected opportunities…"))
    def reject(
        self, request: HttpRequest, queryset: QuerySet[Opportunity]
    ) -> TemplateResponse | None:
        return text_action(
            self,
            request,
            queryset,
            title=gettext("Reject opportunities"),
            label=gettext("Reason for the rejection"),
            help_text=gettext("Sent to the author of each opportunity, and kept in its history."),
            submit_label=gettext("Reject"),
            operation=lambda obj, text: opportunity_reject(
                actor=request.user, opportunity=obj, reason=text
            ),
            done_message=gettext("Rejected %(count)d opportunity(ies): %(objects)s."),
        )
