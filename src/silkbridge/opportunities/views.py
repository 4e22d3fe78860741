"""Opportunity pages. Each view parses input, calls one selector or service, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from silkbridge.core.public_cache import cached_fragment
from silkbridge.core.uploads import download_response
from silkbridge.core.visitor_limits import too_many_searches, visitor_search_limited
from silkbridge.opportunities import permissions, selectors, services
from silkbridge.opportunities import saved_searches as searches
from silkbridge.opportunities.forms import (
    AttachmentForm,
    OpportunityFilterForm,
    OpportunityForm,
    RenewForm,
    ReviewForm,
    SavedSearchForm,
    add_service_error,
)
from silkbridge.opportunities.models import Opportunity

PAGE_SIZE = 20


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def opportunity_list(request: HttpRequest) -> HttpResponse:
    if visitor_search_limited(request):
        return too_many_searches(request)
    form = OpportunityFilterForm(request.GET or None)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "params": params.urlencode(),
        # On a phone the filters start folded, unless one is already in use.
        "filtered": any(v for k, v in params.items() if k != "q"),
    }

    def results_context() -> dict:
        query = form.to_query()
        saved_query = searches.clean_search_query(params)
        return context | {
            "query": query,
            "page": selectors.opportunity_paginator(query).get_page(request.GET.get("page")),
            "saved_query": saved_query,
            "save_form": SavedSearchForm(initial={"query": saved_query}),
        }

    if request.user.is_authenticated:
        context = results_context()
    else:
        # Visitors all see the same results: rendered once, shared for a short while.
        context["results_html"] = cached_fragment(
            request,
            "opportunities/_results.html",
            results_context,
            generation=selectors.newest_published_marker(),
        )
    if request.headers.get("HX-Request"):
        if "results_html" in context:
            return HttpResponse(context["results_html"])
        return render(request, "opportunities/_results.html", context)
    return render(request, "opportunities/list.html", context)


def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = selectors.get_opportunity(request.user, pk)
    user = request.user
    if not user.is_authenticated:
        # A visitor sees only published ones (get_opportunity), without interests, candidates,
        # files or review, and the owner's name as the opportunity's anonymity allows.
        return render(
            request,
            "opportunities/public_detail.html",
            {"opportunity": opportunity},
        )
    return render(
        request,
        "opportunities/detail.html",
        {
            "opportunity": opportunity,
            "show_owner": permissions.show_owner(user, opportunity),
            "is_owner": permissions.is_owner_member(user, opportunity),
            "can_edit": permissions.can_edit(user, opportunity),
            "can_submit": permissions.can_submit(user, opportunity),
            "can_review": permissions.can_review(user, opportunity),
            "can_close": permissions.can_close(user, opportunity),
            "can_renew": permissions.can_renew(user, opportunity),
            "can_download": permissions.can_download_attachment(user, opportunity),
            "is_secretariat": permissions.is_secretariat(user),
            "review_form": ReviewForm(),
            "renew_form": RenewForm(initial={"expires_on": services.default_expiry()}),
        },
    )


@login_required
def opportunity_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create(request.user):
        raise PermissionDenied
    organisations = services.organisations_for_posting(request.user)
    form = OpportunityForm(
        request.POST or None,
        organisations=organisations,
        initial={
            "expires_on": services.default_expiry(),
            "target_country": services.default_target_country(organisations[0]),
        },
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("organisation")
        organisation = next((o for o in organisations if o.pk == chosen), None)
        if "organisation" not in form.cleaned_data:
            organisation = organisations[0]
        try:
            opportunity = services.create_opportunity(
                actor=request.user, data=form.data_for_service(), organisation=organisation
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Your draft is saved. Add files if you like, then submit it for review."),
            )
            return redirect("opportunities:edit", pk=opportunity.pk)
    return render(request, "opportunities/form.html", {"form": form, "opportunity": None})


def _for_edit(request: HttpRequest, pk: int) -> Opportunity:
    opportunity = selectors.get_opportunity(request.user, pk)
    if not permissions.can_edit(request.user, opportunity):
        raise PermissionDenied
    return opportunity


@login_required
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _for_edit(request, pk)
    can_submit = permissions.can_submit(request.user, opportunity)
    form = OpportunityForm(request.POST or None, initial=OpportunityForm.initial_from(opportunity))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_opportunity(
                actor=request.user, opportunity=opportunity, data=form.data_for_service()
            )
            if can_submit and "save_and_submit" in request.POST:
                services.submit_opportunity(actor=request.user, opportunity=opportunity)
                messages.success(
                    request, _("Submitted: the secretariat will review it and let you know.")
                )
            else:
                messages.success(request, _("The opportunity was saved."))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect(opportunity)
    return _edit_page(request, opportunity, form, AttachmentForm())


def _edit_page(
    request: HttpRequest, opportunity: Opportunity, form: OpportunityForm, files: AttachmentForm
) -> HttpResponse:
    """The edit page, 422 when either of its forms comes back with errors to show in place."""
    return render(
        request,
        "opportunities/form.html",
        {
            "form": form,
            "opportunity": opportunity,
            "can_submit": permissions.can_submit(request.user, opportunity),
            "attachment_form": files,
            "max_attachments": services.MAX_ATTACHMENTS,
        },
        status=422 if form.errors or files.errors else 200,
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _for_edit(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            saved = services.add_attachments(
                actor=request.user, opportunity=opportunity, uploads=form.cleaned_data["files"]
            )
        except ValidationError as error:
            form.add_error("files", error.messages)
        else:
            messages.success(
                request,
                ngettext("%(n)s file attached.", "%(n)s files attached.", len(saved))
                % {"n": len(saved)},
            )
            return redirect("opportunities:edit", pk=opportunity.pk)
    edit_form = OpportunityForm(initial=OpportunityForm.initial_from(opportunity))
    return _edit_page(request, opportunity, edit_form, form)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    opportunity = _for_edit(request, pk)
    attachment = opportunity.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    try:
        services.remove_attachment(actor=request.user, attachment=attachment)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The file was removed."))
    return redirect("opportunities:edit", pk=opportunity.pk)


def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    attachment = selectors.get_attachment(request.user, pk, attachment_id)
    return download_response(attachment)


def _act(request: HttpRequest, pk: int, action, success: str, **kwargs) -> HttpResponse:
    """Run one lifecycle service on a visible opportunity and report the outcome."""
    opportunity = selectors.get_opportunity(request.user, pk)
    try:
        action(actor=request.user, opportunity=opportunity, **kwargs)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    except PermissionDenied:
        raise
    else:
        messages.success(request, success)
    return redirect("opportunities:detail", pk=pk)


@login_required
@require_POST
def opportunity_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        services.submit_opportunity,
        _("Submitted: the secretariat will review it and let you know."),
    )


@login_required
@require_POST
def opportunity_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.close_opportunity, _("The opportunity is closed."))


@login_required
@require_POST
def opportunity_renew(request: HttpRequest, pk: int) -> HttpResponse:
    form = RenewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid new expiry date."))
        return redirect("opportunities:detail", pk=pk)
    return _act(
        request,
        pk,
        services.renew_opportunity,
        _("The opportunity is renewed."),
        expires_on=form.cleaned_data["expires_on"],
    )


@login_required
@require_POST
def opportunity_review(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_review(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve, ask for changes or reject."))
        return redirect("opportunities:detail", pk=pk)
    action = form.cleaned_data["action"]
    comment = form.cleaned_data["comment"]
    if action == "approve":
        return _act(request, pk, services.approve_opportunity, _("Approved and published."))
    if action == "changes":
        return _act(
            request,
            pk,
            services.request_changes,
            _("Sent back to the organisation with your comment."),
            comment=comment,
        )
    return _act(
        request, pk, services.reject_opportunity, _("The opportunity was rejected."), reason=comment
    )


@login_required
def my_opportunities(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.opportunities_of_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "opportunities/mine.html",
        {"page": page, "can_create": permissions.can_create(request.user)},
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not permissions.can_review(request.user):
        raise PermissionDenied
    page = Paginator(selectors.review_queue(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "opportunities/review_queue.html", {"page": page})


@login_required
def saved_searches(request: HttpRequest) -> HttpResponse:
    form = SavedSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            searches.save_search(
                actor=request.user,
                name=form.cleaned_data["name"],
                query=form.cleaned_data["query"],
                notify=form.cleaned_data["notify"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your search is saved."))
            return redirect("opportunities:saved-searches")
    return render(
        request,
        "opportunities/saved_searches.html",
        {"form": form, "searches": selectors.saved_searches_of(request.user)},
    )


@login_required
@require_POST
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = selectors.get_saved_search(request.user, pk)
    searches.delete_saved_search(actor=request.user, saved_search=saved)
    messages.success(request, _("The saved search was deleted."))
    return redirect("opportunities:saved-searches")


@login_required
@require_POST
def saved_search_notify(request: HttpRequest, pk: int) -> HttpResponse:
    saved = selectors.get_saved_search(request.user, pk)
    searches.update_saved_search(
        actor=request.user, saved_search=saved, notify=request.POST.get("notify") == "1"
    )
    messages.success(request, _("The saved search was updated."))
    return redirect("opportunities:saved-searches")
