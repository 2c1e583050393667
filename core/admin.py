"""Building blocks shared by every app's admin (the consortium secretariat's daily tool).

Who may use the admin is `accounts.admin_access.ConsortiumAdminMixin`.

- `subquery_count`: a count column without JOINs.
- `apply_per_object`: runs a service on each selected object in its own transaction and
  reports every success and every failure with the service's own message. Bulk actions call
  the same services as the portal: one rule, two doors.
- `text_action`: an action that first asks for a comment or a reason on an intermediate page.
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
