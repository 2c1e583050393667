"""The marketplace: search, detail, posting, moderation, interest and introductions.

Views are thin: parse the form, check access (404 when the opportunity must stay hidden),
call one service, redirect with a message. Services raise PermissionDenied (403) and
ValidationError (shown to the user, nothing changed).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.forms import (
    BaseTranslationFormSet,
    attach_error,
    call_service,
    error_text,
    is_valid_or_absent,
    translations_formset_for,
)
from core.listing import render_search_list, search_list_context
from core.translations import VERSION_PARAMETER
from partners.mfa import mfa_setup_redirect, needs_mfa_setup, signed_in_view
from partners.models import Organization
from partners.roles import roles_of

from . import permissions, selectors
from .forms import (
    AnswerForm,
    CloseForm,
    InterestForm,
    OpportunityForm,
    OpportunityTranslationFormSet,
    ReviewForm,
)
from .models import ExpressionOfInterest, InterestStatus, Opportunity, OpportunityStatus
from .services.attachments import attachment_remove
from .services.interests import interest_accept, interest_decline, interest_express
from .services.lifecycle import (
    MESSAGE_NOT_EDITABLE,
    opportunity_close,
    opportunity_publish,
    opportunity_reject,
    opportunity_renew,
    opportunity_request_changes,
    opportunity_submit,
)
from .services.posting import opportunity_save
from .services.translations import TRANSLATED_FIELDS

OPPORTUNITIES_PER_PAGE = 20


def _get_viewable(request: HttpRequest, pk: int) -> Opportunity:
    return permissions.get_viewable_opportunity(
        request.user, selectors.opportunity_get(pk=pk, user=request.user)
    )


def _moderator_only_without_mfa(
    request: HttpRequest, opportunity: Opportunity, *, acting: bool = False
) -> bool:
    """Staff rights (an unpublished opportunity, withdrawing one) need TOTP like every staff
    feature; what the staff user may see as anyone else does not."""
    user = request.user
    return (
        needs_mfa_setup(user)
        and permissions.can_moderate_opportunity(user, opportunity)
        and not permissions.is_owner_member(user, opportunity)
        and (acting or opportunity.status != OpportunityStatus.PUBLISHED)
    )


def _member_organizations(request: HttpRequest) -> QuerySet[Organization]:
    return Organization.objects.filter(
        pk__in=roles_of(request.user).organization_ids, is_active=True
    ).order_by("name")


@require_safe
def opportunity_list_view(request: HttpRequest) -> HttpResponse:
    filterset = selectors.opportunity_filterset(filters=request.GET, user=request.user)
    page = filterset.page(request, OPPORTUNITIES_PER_PAGE)
    selectors.mark_owner_visibility(request.user, page.object_list)
    context = {
        **search_list_context(request, filterset, page),
        "opportunities": page.object_list,
        "semantic_hits": selectors.opportunity_semantic_hits(filterset=filterset, user=request.user)
        if page.number == 1
        else [],
        "can_post": roles_of(request.user).is_member,
    }
    return render_search_list(
        request,
        page_template="opportunities/opportunity_list.html",
        results_template="opportunities/includes/opportunity_results.html",
        context=context,
    )


def _detail_context(
    request: HttpRequest, opportunity: Opportunity, interest_form: InterestForm | None = None
) -> dict[str, Any]:
    user = request.user
    is_owner = permissions.is_owner_member(user, opportunity)
    is_moderator = permissions.can_moderate_opportunity(user, opportunity)
    versions = selectors.opportunity_show_version(
        opportunity=opportunity,
        requested=request.GET.get(VERSION_PARAMETER),
        reader=translation.get_language(),
    )
    context: dict[str, Any] = {
        "opportunity": opportunity,
        "versions": versions,
        "owner_visible": permissions.can_see_owner(user, opportunity),
        "is_owner": is_owner,
        "is_moderator": is_moderator,
        "can_edit": permissions.can_edit_opportunity(user, opportunity),
        "can_submit": permissions.can_submit_opportunity(user, opportunity),
        "can_renew": permissions.can_renew_opportunity(user, opportunity),
        "can_close": permissions.can_close_opportunity(user, opportunity),
        "review_form": ReviewForm()
        if permissions.can_review_opportunity(user, opportunity)
        else None,
        "close_form": CloseForm(),
        "similar": [],
        "interests": [],
        "my_interests": [],
        "interest_form": None,
        "owner_contacts": None,
        "events": [],
    }
    if opportunity.status == OpportunityStatus.PUBLISHED:
        context["similar"] = selectors.similar_opportunities(opportunity=opportunity, user=user)
    if is_owner:
        context["completeness"] = selectors.opportunity_completeness(opportunity)
        interests = selectors.opportunity_interests(opportunity=opportunity)
        context["interests"] = interests
        # Contacts of the other side appear only once the introduction is made.
        contacts = selectors.introduction_contacts(
            organization_ids=[i.organization_id for i in interests if i.is_introduction]
        )
        for interest in interests:
            interest.answer_form = AnswerForm(prefix=f"interest-{interest.pk}")
            interest.introduction_contacts = contacts.get(interest.organization_id, [])
    if is_owner or is_moderator:
        context["events"] = list(opportunity.events.select_related("actor")[:20])
    if not is_owner:
        # opportunity_get's user_interest_status is NULL when none of the user's organizations
        # sent one: then there is nothing to read.
        my_interests = (
            selectors.my_interest(opportunity=opportunity, user=user)
            if opportunity.user_interest_status is not None
            else []
        )
        context["my_interests"] = my_interests
        if any(interest.is_introduction for interest in my_interests):
            context["owner_contacts"] = selectors.introduction_contacts(
                organization_ids=[opportunity.organization_id]
            )[opportunity.organization_id]
        if permissions.can_express_interest(user, opportunity):
            organization_ids = selectors.interest_organization_ids(
                opportunity=opportunity,
                user=user,
                exclude=[interest.organization_id for interest in my_interests],
            )
            # With one organization the form only posts its id: nothing is read. With several,
            # the select reads them once as it is built.
            if organization_ids:
                context["interest_form"] = InterestForm(
                    organizations=selectors.interest_organizations(
                        organization_ids=organization_ids
                    ),
                    organization_ids=organization_ids,
                )
    if interest_form is not None:
        context["interest_form"] = interest_form
    return context


@require_safe
def opportunity_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _get_viewable(request, pk)
    if _moderator_only_without_mfa(request, opportunity):
        return mfa_setup_redirect(request)
    return render(
        request, "opportunities/opportunity_detail.html", _detail_context(request, opportunity)
    )


def _translations_formset(
    request: HttpRequest, opportunity: Opportunity | None
) -> BaseTranslationFormSet | None:
    return translations_formset_for(
        request, OpportunityTranslationFormSet, opportunity, fields=TRANSLATED_FIELDS
    )


def _save(
    request: HttpRequest,
    form: OpportunityForm,
    opportunity: Opportunity | None,
    translations: BaseTranslationFormSet | None,
) -> HttpResponse | None:
    """Save (and submit, if asked); errors go to the form and None means nothing was saved."""
    submit = request.POST.get("action") == "submit"
    try:
        saved = opportunity_save(
            actor=request.user,
            opportunity=opportunity,
            organization=form.cleaned_data.get("organization") if opportunity is None else None,
            data=form.content(),
            attachment=form.cleaned_data.get("attachment"),
            translations=translations.rows() if translations is not None else None,
            submit=submit,
        )
    except ValidationError as error:
        attach_error(form, error)
        return None
    if not submit:
        messages.success(request, _("Saved as a draft. Submit it for review when it is ready."))
        return redirect("opportunities:edit", pk=saved.opportunity.pk)
    if saved.submit_error is not None:
        messages.warning(
            request,
            _("Saved as a draft, not yet submitted: %(reason)s")
            % {"reason": error_text(saved.submit_error)},
        )
        return redirect("opportunities:edit", pk=saved.opportunity.pk)
    messages.success(
        request,
        _("Submitted for review. The staff of your cluster will publish it or get back to you."),
    )
    return redirect("opportunities:detail", pk=saved.opportunity.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def opportunity_create_view(request: HttpRequest) -> HttpResponse:
    organizations = _member_organizations(request)
    if not organizations.exists():
        messages.info(
            request,
            _(
                "To post an opportunity you need to belong to a member organization. Ask your "
                "organization's admin or your cluster's staff for an invitation."
            ),
        )
        return redirect("opportunities:list")
    form = OpportunityForm(request.POST or None, request.FILES or None, organizations=organizations)
    translations = _translations_formset(request, None)
    if request.method == "POST" and form.is_valid() and is_valid_or_absent(translations):
        response = _save(request, form, None, translations)
        if response is not None:
            return response
    return render(
        request,
        "opportunities/opportunity_form.html",
        {"form": form, "translations": translations, "opportunity": None, "completeness": None},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def opportunity_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _get_viewable(request, pk)
    if not permissions.is_owner_member(request.user, opportunity):
        raise PermissionDenied
    if not permissions.can_edit_opportunity(request.user, opportunity):
        messages.error(request, MESSAGE_NOT_EDITABLE)
        return redirect("opportunities:detail", pk=pk)
    form = OpportunityForm(
        request.POST or None,
        request.FILES or None,
        initial=OpportunityForm.initial_for(opportunity),
    )
    translations = _translations_formset(request, opportunity)
    if request.method == "POST" and form.is_valid() and is_valid_or_absent(translations):
        response = _save(request, form, opportunity, translations)
        if response is not None:
            return response
        opportunity = _get_viewable(request, pk)
    context = {
        "form": form,
        "translations": translations,
        "opportunity": opportunity,
        "completeness": selectors.opportunity_completeness(opportunity),
    }
    return render(request, "opportunities/opportunity_form.html", context)


@login_required
@require_POST
def opportunity_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _get_viewable(request, pk)
    call_service(
        request,
        lambda: opportunity_submit(actor=request.user, opportunity=opportunity),
        success=_("Submitted for review."),
    )
    return redirect("opportunities:detail", pk=pk)


@signed_in_view("POST")
def opportunity_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _get_viewable(request, pk)
    if not permissions.can_moderate_opportunity(request.user, opportunity):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision: publish, request changes or reject."))
        return redirect("opportunities:detail", pk=pk)
    decision = form.cleaned_data["decision"]
    comment = form.cleaned_data["comment"]
    try:
        if decision == ReviewForm.PUBLISH:
            opportunity_publish(actor=request.user, opportunity=opportunity)
            messages.success(request, _("Published: it is now in the marketplace."))
        elif decision == ReviewForm.REQUEST_CHANGES:
            opportunity_request_changes(
                actor=request.user, opportunity=opportunity, comment=comment
            )
            messages.success(request, _("Sent back to the author with your comment."))
        else:
            opportunity_reject(actor=request.user, opportunity=opportunity, reason=comment)
            messages.success(request, _("Rejected. The author sees your reason."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("opportunities:detail", pk=pk)


@login_required
@require_POST
def opportunity_renew_view(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _get_viewable(request, pk)
    try:
        opportunity = opportunity_renew(actor=request.user, opportunity=opportunity)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("Renewed: online until %(date)s.") % {"date": opportunity.expires_on.isoformat()},
        )
    return redirect("opportunities:detail", pk=pk)


@login_required
@require_POST
def opportunity_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _get_viewable(request, pk)
    if _moderator_only_without_mfa(request, opportunity, acting=True):
        return mfa_setup_redirect(request)
    form = CloseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    call_service(
        request,
        lambda: opportunity_close(actor=request.user, opportunity=opportunity, reason=reason),
        success=_("Closed. It no longer appears in the marketplace."),
    )
    return redirect("opportunities:detail", pk=pk)


@login_required
@require_POST
def interest_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    # What the check and the service read; the page's own relations only to show the form again.
    opportunity = permissions.get_viewable_opportunity(
        request.user, selectors.opportunity_get_to_act(pk=pk, user=request.user)
    )
    # Any organization the user speaks for; the service says why one may not (own, twice...).
    form = InterestForm(request.POST, organizations=_member_organizations(request))
    if not form.is_valid():
        context = _detail_context(request, _get_viewable(request, pk), interest_form=form)
        return render(request, "opportunities/opportunity_detail.html", context, status=400)
    call_service(
        request,
        lambda: interest_express(
            actor=request.user,
            opportunity=opportunity,
            organization=form.cleaned_data["organization"],
            message=form.cleaned_data["message"],
        ),
        success=_("Your interest was sent. You will see here when the owner answers."),
    )
    return redirect("opportunities:detail", pk=pk)


@login_required
@require_POST
def interest_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    interest = get_object_or_404(
        ExpressionOfInterest.objects.select_related("opportunity__organization__cluster"), pk=pk
    )
    if not permissions.can_view_opportunity(request.user, interest.opportunity):
        raise Http404
    if not permissions.can_answer_interest(request.user, interest):
        raise PermissionDenied
    form = AnswerForm(request.POST, prefix=f"interest-{interest.pk}")
    if not form.is_valid():
        if "decline_reason" in form.errors:
            messages.error(request, form.errors["decline_reason"][0])
        else:
            messages.error(request, _("Choose to accept or decline."))
        return redirect("opportunities:detail", pk=interest.opportunity_id)
    try:
        if form.cleaned_data["decision"] == AnswerForm.ACCEPT:
            interest = interest_accept(
                actor=request.user, interest=interest, reply=form.cleaned_data["reply"]
            )
        else:
            interest = interest_decline(
                actor=request.user,
                interest=interest,
                reply=form.cleaned_data["reply"],
                reason=form.cleaned_data["decline_reason"],
            )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if interest.status == InterestStatus.ACCEPTED:
            messages.success(
                request,
                _(
                    "Introduction made: you now see each other's contact details. Both "
                    "clusters' staff are informed."
                ),
            )
        else:
            messages.success(
                request,
                _("Declined. %(organization)s sees your answer.")
                % {"organization": interest.organization.name},
            )
    return redirect("opportunities:detail", pk=interest.opportunity_id)


@require_safe
def attachment_download_view(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """Attachments are never served from MEDIA_URL: always a download, after the view check."""
    opportunity = _get_viewable(request, pk)
    if _moderator_only_without_mfa(request, opportunity):
        return mfa_setup_redirect(request)
    attachment = get_object_or_404(opportunity.attachments.all(), pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_delete_view(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    opportunity = _get_viewable(request, pk)
    attachment = get_object_or_404(opportunity.attachments.all(), pk=attachment_pk)
    call_service(
        request,
        lambda: attachment_remove(actor=request.user, attachment=attachment),
        success=_("Attachment removed."),
    )
    return redirect("opportunities:edit", pk=pk)
