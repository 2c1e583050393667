from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from core.forms import call_service, form_service
from opportunities.models import Opportunity, OpportunityStatus
from opportunities.permissions import get_viewable_opportunity
from partners.mfa import signed_in_view
from partners.roles import roles_of

from . import links, permissions, selectors, services
from .forms import (
    AdvanceForm,
    CorrectForm,
    DisputeForm,
    EndDetailsForm,
    FeedbackForm,
    SettleForm,
    member_organizations,
)
from .models import END_STAGES, FollowUp, FollowUpEvent, Stage


def _detail_context(request: HttpRequest, interest, follow_up: FollowUp) -> dict:
    side = permissions.side_of(request.user, follow_up)
    stage = follow_up.stage
    can_dispute = (
        side is not None
        and stage == Stage.AGREEMENT
        and side != follow_up.agreement_side
        and not follow_up.is_disputed
    )
    return {
        "interest": interest,
        "follow_up": follow_up,
        "side": side,
        "stages": [value for value, _label in Stage.choices if value != Stage.NO_DEAL],
        "history": selectors.follow_up_history(follow_up),
        "advance_form": (AdvanceForm(current=stage) if side and stage not in END_STAGES else None),
        "correct_form": (
            CorrectForm(current=stage) if side and stage != Stage.INTRODUCED else None
        ),
        "dispute_form": DisputeForm() if can_dispute else None,
        "settle_form": (
            SettleForm()
            if follow_up.is_disputed and permissions.is_home_staff(request.user, follow_up)
            else None
        ),
    }


@signed_in_view("GET", "HEAD")
def follow_up_detail_view(request: HttpRequest, interest_id: int) -> HttpResponse:
    interest, follow_up = selectors.introduction_get(user=request.user, interest_id=interest_id)
    context = _detail_context(request, interest, follow_up)
    return render(request, "followups/followup_detail.html", context)


def _submit(request: HttpRequest, interest_id: int, form, call, success: str) -> HttpResponse:
    """A posted follow-up form: its errors as a message, or `call(cleaned_data)` (a service);
    back to the follow-up either way."""
    if not form.is_valid():
        return _form_error(request, form, interest_id)
    call_service(request, lambda: call(form.cleaned_data), success=success)
    return redirect("followups:detail", interest_id=interest_id)


def _side_introduction(request: HttpRequest, interest_id: int):
    """The introduction and follow-up, for one of its two sides only (others may only look)."""
    interest, follow_up = selectors.introduction_get(user=request.user, interest_id=interest_id)
    if permissions.side_of(request.user, follow_up) is None:
        raise PermissionDenied
    return interest, follow_up


def _form_error(request: HttpRequest, form, interest_id: int) -> HttpResponse:
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("followups:detail", interest_id=interest_id)


@signed_in_view("POST")
def follow_up_advance_view(request: HttpRequest, interest_id: int) -> HttpResponse:
    interest, follow_up = _side_introduction(request, interest_id)
    return _submit(
        request,
        interest_id,
        AdvanceForm(request.POST, current=follow_up.stage),
        lambda data: services.follow_up_advance(
            actor=request.user,
            interest=interest,
            stage=data["stage"],
            agreement_type=data["agreement_type"],
            value_band=data["value_band"],
            agreement_date=data["agreement_date"],
            no_deal_reason=data["no_deal_reason"],
            comment=data["comment"],
        ),
        _("Recorded. Both sides and their clusters' staff see the new stage."),
    )


@signed_in_view("POST")
def follow_up_correct_view(request: HttpRequest, interest_id: int) -> HttpResponse:
    interest, follow_up = _side_introduction(request, interest_id)
    return _submit(
        request,
        interest_id,
        CorrectForm(request.POST, current=follow_up.stage),
        lambda data: services.follow_up_correct(
            actor=request.user, interest=interest, stage=data["stage"], comment=data["comment"]
        ),
        _("Correction recorded in the history."),
    )


@signed_in_view("POST")
def follow_up_dispute_view(request: HttpRequest, interest_id: int) -> HttpResponse:
    interest, _follow_up = _side_introduction(request, interest_id)
    return _submit(
        request,
        interest_id,
        DisputeForm(request.POST),
        lambda data: services.follow_up_dispute(
            actor=request.user, interest=interest, comment=data["comment"]
        ),
        _("Dispute recorded. The staff of both clusters will settle it."),
    )


@signed_in_view("POST")
def follow_up_settle_view(request: HttpRequest, interest_id: int) -> HttpResponse:
    _interest, follow_up = selectors.introduction_get(user=request.user, interest_id=interest_id)
    if not permissions.is_home_staff(request.user, follow_up):
        raise PermissionDenied
    if follow_up.pk is None:
        raise Http404
    return _submit(
        request,
        interest_id,
        SettleForm(request.POST),
        lambda data: services.follow_up_settle(
            actor=request.user,
            follow_up=follow_up,
            agreement_stands=data["decision"] == SettleForm.STANDS,
            comment=data["comment"],
        ),
        _("Dispute settled."),
    )


def _answer_page(request: HttpRequest, template: str, context: dict, status: int = 200):
    response = render(request, f"followups/{template}", context, status=status)
    # A personal page reached from an e-mail: never cached, never indexed.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def answer_view(request: HttpRequest, token: str) -> HttpResponse:
    """A one-click answer from a nudge, without log-in. GET only shows what the button will
    record (mail scanners prefetch links); the POST records it, once."""
    answer = links.read_token(token)
    follow_up = recipient = None
    if answer is not None:
        follow_up = (
            FollowUp.objects.select_related(
                "owner_organization", "interested_organization", "interest__opportunity"
            )
            .filter(pk=answer.follow_up_id)
            .first()
        )
        recipient = User.objects.filter(pk=answer.recipient_id, is_active=True).first()
    if follow_up is None or recipient is None or permissions.side_of(recipient, follow_up) is None:
        return _answer_page(request, "answer_invalid.html", {}, status=400)
    key = services.answer_key(
        follow_up_id=follow_up.pk, recipient_id=recipient.pk, nudge=answer.nudge
    )
    context = {"follow_up": follow_up, "answer": answer, "answer_label": _answer_label(answer)}
    if FollowUpEvent.objects.filter(answer_key=key).exists():
        return _answer_page(request, "answer_done.html", {**context, "already": True})
    form = EndDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = {} if answer.answer == links.STOP else {**data}
        if form_service(
            form,
            lambda: services.follow_up_answer(
                recipient=recipient,
                follow_up=follow_up,
                nudge=answer.nudge,
                answer=answer.answer,
                **details,
            ),
            one_line=True,
        ):
            return _answer_page(request, "answer_done.html", context)
    return _answer_page(request, "answer_confirm.html", {**context, "form": form})


def _answer_label(answer: links.Answer) -> str:
    if answer.answer == links.STOP:
        return _("Stop these reminders")
    return str(Stage(answer.answer).label)


@login_required
@require_POST
def feedback_create_view(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = get_viewable_opportunity(
        request.user,
        get_object_or_404(Opportunity.objects.select_related("organization"), pk=opportunity_id),
    )
    if opportunity.status != OpportunityStatus.PUBLISHED:
        raise Http404
    if not permissions.can_give_feedback(request.user, opportunity):
        raise PermissionDenied
    organizations = member_organizations(
        roles_of(request.user).organization_ids, exclude=opportunity.organization_id
    )
    form = FeedbackForm(request.POST, organizations=organizations)
    if not form.is_valid():
        messages.error(request, _("Choose a reason."))
        return redirect("opportunities:detail", pk=opportunity.pk)
    data = form.cleaned_data
    call_service(
        request,
        lambda: services.feedback_give(
            actor=request.user,
            opportunity=opportunity,
            organization_id=data["organization"].pk,
            reason=data["reason"],
            text=data["text"],
            show_name=data["show_name"],
        ),
        success=_("Thank you: the author sees your reason."),
    )
    return redirect("opportunities:detail", pk=opportunity.pk)
