"""Matching pages: thin views over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silkbridge.core import csvsafe
from silkbridge.core.htmx import error_fragment, is_htmx
from silkbridge.directory.models import Organisation
from silkbridge.introductions.services import AlreadyIntroduced
from silkbridge.introductions.views import already_introduced, announce_proposal
from silkbridge.matching import permissions, selectors, services
from silkbridge.matching.forms import DelegationForm, DismissForm, SuggestionForm
from silkbridge.matching.models import TargetKind
from silkbridge.opportunities.models import Opportunity

PAGE_K = 30


def _organisation(slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.active(), slug=slug)


def _unavailable(request: HttpRequest) -> None:
    messages.warning(request, _("Recommendations are not available yet; try again later."))


@login_required
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """Full lists: recommended partners and suggested opportunities."""
    org = _organisation(slug)
    if not permissions.can_view_recommendations(request.user, org):
        raise PermissionDenied
    partners: list = []
    opportunities: list = []
    try:
        partners = selectors.recommended_partners(request.user, org, PAGE_K)
        opportunities = selectors.suggested_opportunities(request.user, org, PAGE_K)
    except services.IndexUnavailable:
        _unavailable(request)
    return render(
        request,
        "matching/organisation.html",
        {
            "organisation": org,
            "partners": partners,
            "opportunities": opportunities,
            "can_act": permissions.can_act_for(request.user, org),
            "dismiss_form": DismissForm(),
        },
    )


def _back(request: HttpRequest, org: Organisation) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("matching:organisation", slug=org.slug)


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _dismiss_refused(
    request: HttpRequest, org, form: DismissForm, reasons: list[str]
) -> HttpResponse:
    """Through htmx, the reasons go under the suggestion's own dismiss form; otherwise they come
    back as messages on the page the person came from."""
    if is_htmx(request):
        if form.has_error("target_kind") or form.has_error("target_id"):
            # No suggestion to show it under: htmx swaps nothing and says the request failed.
            return HttpResponse(" ".join(reasons), status=400)
        slot = f"#dismiss-error-{form.cleaned_data['target_kind']}-{form.cleaned_data['target_id']}"
        return error_fragment(request, target=slot, messages=reasons)
    for reason in reasons:
        messages.error(request, reason)
    return _back(request, org)


@login_required
@require_POST
def dismiss(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation(slug)
    form = DismissForm(request.POST)
    if not form.is_valid():
        return _dismiss_refused(request, org, form, [_("Choose why you dismiss this suggestion.")])
    try:
        services.dismiss(
            actor=request.user,
            organisation=org,
            target_kind=form.cleaned_data["target_kind"],
            target_id=form.cleaned_data["target_id"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _dismiss_refused(request, org, form, error.messages)
    if request.headers.get("HX-Request"):
        return HttpResponse("")  # htmx swaps the suggestion out
    messages.success(request, _("Dismissed; it will not be suggested again."))
    return _back(request, org)


@login_required
@require_POST
def save(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation(slug)
    form = SuggestionForm(request.POST)
    if form.is_valid():
        try:
            services.save_suggestion(
                actor=request.user,
                organisation=org,
                target_kind=form.cleaned_data["target_kind"],
                target_id=form.cleaned_data["target_id"],
            )
            messages.success(request, _("Saved."))
        except ValidationError as error:
            _errors(request, error)
    return _back(request, org)


@login_required
@require_POST
def introduce(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Request an introduction" on a suggested partner or opportunity."""
    org = _organisation(slug)
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        return _back(request, org)
    opportunity = None
    if form.cleaned_data["target_kind"] == TargetKind.OPPORTUNITY:
        opportunity = get_object_or_404(Opportunity, pk=form.cleaned_data["target_id"])
        target = opportunity.organisation
    else:
        target = get_object_or_404(Organisation.objects.active(), pk=form.cleaned_data["target_id"])
    try:
        introduction = services.request_introduction(
            actor=request.user, organisation=org, target=target, opportunity=opportunity
        )
    except AlreadyIntroduced as error:
        return already_introduced(request, error, reverse("matching:organisation", args=[org.slug]))
    except ValidationError as error:
        _errors(request, error)
        return _back(request, org)
    announce_proposal(request, introduction, _("Introduction requested."))
    return redirect(introduction.get_absolute_url())


@login_required
def delegation(request: HttpRequest) -> HttpResponse:
    """The secretariat matches a delegation against the other country; CSV for forum planning."""
    if not permissions.can_match_delegation(request.user):
        raise PermissionDenied
    form = DelegationForm(request.GET or None)
    rows: list = []
    members: list = []
    if form.is_bound and form.is_valid():
        members = selectors.delegation_members(
            country=form.cleaned_data["country"],
            kind=form.cleaned_data["kind"],
            identifiers=form.cleaned_data["identifiers"],
        )
        try:
            rows = selectors.delegation(request.user, members, form.cleaned_data["k"] or 10)
        except services.IndexUnavailable:
            _unavailable(request)
        if request.GET.get("format") == "csv":
            return _csv(rows)
    return render(
        request,
        "matching/delegation.html",
        {"form": form, "rows": rows, "members": members, "query": request.GET.urlencode()},
    )


def _csv(rows: list[selectors.DelegationRow]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="delegation-matches.csv"'
    writer = csvsafe.writer(response)
    writer.writerow(["organisation", "candidate", "score", "reasons"])
    for row in rows:
        writer.writerow(
            [
                row.member.name,
                row.candidate.name,
                f"{row.score:.4f}",
                "; ".join(row.reasons),
            ]
        )
    return response
