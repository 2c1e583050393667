"""Building blocks shared by every app's admin (the consortium secretariat's daily tool).

Who may use the admin is `accounts.admin_access.ConsortiumAdminMixin`.

- `subquery_count`: a count column without JOINs; `count_column` shows it on the changelist.
- `apply_per_object`: runs a service on each selected object in its own transaction and
  reports every success and every failure with the service's own message. Bulk actions call
  the same services as the portal: one rule, two doors.
- `text_action`: an action that first asks for a comment or a reason on an intermediate page.
- `service_action`, `service_text_action`: build such an action from the service it calls, so
  an admin declares what the action does instead of repeating how actions work.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import error_text

# Names of successful objects listed in one message; the rest is summarised as "and N more".
MAX_NAMES_IN_MESSAGE = 20


def subquery_count(model: type[models.Model], fk: str, **filters: Any) -> Coalesce:
    """`COUNT(*)` of `model` rows pointing at the outer row, as one correlated subquery.

    Unlike `Count()` it adds no JOIN, so several counts on one changelist never multiply.
    """
    counts = (
        model.objects.filter(**{fk: models.OuterRef("pk")}, **filters)
        .order_by()
        .values(fk)
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(counts, output_field=models.IntegerField()), 0)


def count_column(annotation: str, description: Any) -> Callable[[Any, Any], int]:
    """A changelist column with the count that `get_queryset` annotates as `annotation` (e.g.
    by `subquery_count`), sortable by it."""

    @admin.display(description=description, ordering=annotation)
    def column(model_admin: Any, obj: Any) -> int:
        return getattr(obj, annotation)

    return column


def apply_per_object(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    objects: Iterable[models.Model],
    operation: Callable[[models.Model], Any],
    *,
    done_message: str,
) -> tuple[list[models.Model], list[tuple[models.Model, str]]]:
    """Call `operation(obj)` for each object, each in its own transaction (savepoint).

    A failure (the service's `ValidationError` or `PermissionDenied`) rolls back that
    object only and is reported with the service's message; nothing is half-applied.
    `done_message` is a translated string with `%(count)s` and `%(objects)s`.
    """
    done: list[models.Model] = []
    failed: list[tuple[models.Model, str]] = []
    for obj in objects:
        try:
            with transaction.atomic():
                operation(obj)
        except (ValidationError, PermissionDenied) as exc:
            failed.append((obj, error_text(exc)))
        else:
            done.append(obj)

    label = capfirst(modeladmin.model._meta.verbose_name)
    if done:
        names = ", ".join(str(obj) for obj in done[:MAX_NAMES_IN_MESSAGE])
        if len(done) > MAX_NAMES_IN_MESSAGE:
            names += " " + gettext("and %(count)d more") % {
                "count": len(done) - MAX_NAMES_IN_MESSAGE
            }
        modeladmin.message_user(
            request, done_message % {"count": len(done), "objects": names}, messages.SUCCESS
        )
    for obj, message in failed:
        modeladmin.message_user(
            request,
            gettext("%(model)s “%(object)s”: %(error)s")
            % {"model": label, "object": obj, "error": message},
            messages.ERROR,
        )
    return done, failed


class ActionTextForm(forms.Form):
    text = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        max_length=3000,
        strip=True,
    )


def text_action(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: models.QuerySet,
    *,
    title: str,
    label: str,
    help_text: str,
    submit_label: str,
    operation: Callable[[models.Model, str], Any],
    done_message: str,
) -> TemplateResponse | None:
    """An action that asks for a text (a comment, a reason) before calling the service.

    The first POST (from the changelist) renders the intermediate page; its form posts back
    the same action with `apply`, and then `operation(obj, text)` runs per object.
    """
    form = ActionTextForm(request.POST if "apply" in request.POST else None)
    form.fields["text"].label = label
    form.fields["text"].help_text = help_text
    if form.is_bound and form.is_valid():
        text = form.cleaned_data["text"]
        apply_per_object(
            modeladmin,
            request,
            queryset,
            lambda obj: operation(obj, text),
            done_message=done_message,
        )
        return None
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "opts": opts,
        "objects": list(queryset),
        "form": form,
        "action": request.POST.get("action", ""),
        "submit_label": submit_label,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/action_text_form.html", context)


# An admin action as Django calls it: the model admin, the request and the selected rows.
Action = Callable[[admin.ModelAdmin, HttpRequest, models.QuerySet], Any]


def _related(
    queryset: models.QuerySet, select_related: tuple[str, ...], prefetch_related: tuple[str, ...]
) -> models.QuerySet:
    if select_related:
        queryset = queryset.select_related(*select_related)
    if prefetch_related:
        queryset = queryset.prefetch_related(*prefetch_related)
    return queryset


def service_action(
    service: Callable[..., Any],
    *,
    target: str,
    description: str,
    done_message: str,
    select_related: tuple[str, ...] = (),
    prefetch_related: tuple[str, ...] = (),
    **arguments: Any,
) -> Action:
    """The action calling `service(actor=request.user, <target>=obj, **arguments)` per object.

    `description` and `done_message` are lazy translations (the message is formatted at request
    time, in the admin's language); the related names are loaded with the selected rows so the
    service's permission check needs no query per object.
    """

    def action(
        modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: models.QuerySet
    ) -> None:
        apply_per_object(
            modeladmin,
            request,
            _related(queryset, select_related, prefetch_related),
            lambda obj: service(actor=request.user, **{target: obj}, **arguments),
            done_message=done_message,
        )

    return admin.action(description=description)(action)


def service_text_action(
    service: Callable[..., Any],
    *,
    target: str,
    text_argument: str,
    description: str,
    title: str,
    label: str,
    help_text: str,
    submit_label: str,
    done_message: str,
) -> Action:
    """Like `service_action`, after asking for a text passed as `text_argument` (`text_action`)."""

    def action(
        modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: models.QuerySet
    ) -> TemplateResponse | None:
        return text_action(
            modeladmin,
            request,
            queryset,
            title=title,
            label=label,
            help_text=help_text,
            submit_label=submit_label,
            operation=lambda obj, text: service(
                actor=request.user, **{target: obj, text_argument: text}
            ),
            done_message=done_message,
        )

    return admin.action(description=description)(action)
