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
from silkbridge.core.htmx import INVALID_STATUS, error_fragment, is_htmx
from silkbridge.directory.models import Organisation
from silkbridge.introductions.service_helpers import AlreadyIntroduced
from silkbridge.introductions.views import already_introduced, announce_proposal
from silkbridge.matching import permissions, selectors, services
from silkbridge.matching.forms import (
    DelegationForm,
    DismissForm,
    IntroduceForm,
    PartnerFilterForm,
    SuggestionForm,
)
from silkbridge.matching.models import TargetKind
from silkbridge.opportunities.models import Opportunity


def _organisation(slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.active(), slug=slug)


def _unavailable(request: HttpRequest) -> None:
    messages.warning(request, _("Recommendations are not available yet; try again later."))


def _page_number(request: HttpRequest, name: str) -> int:
    """A `?page=` value; anything unreadable is the first page, and it stops at the pool's end."""
    try:
        number = int(request.GET.get(name, 1))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), selectors.POOL // selectors.PAGE_SIZE)


def _query(request: HttpRequest, **changes) -> str:
    query = request.GET.copy()
    query.pop("list", None)
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@login_required
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """Recommended partners (filtered) and suggested opportunities, ten at a time."""
    org = _organisation(slug)
    if not permissions.can_view_recommendations(request.user, org):
        raise PermissionDenied
    which = request.GET.get("list")
    if is_htmx(request) and which in ("partners", "opportunities"):
        return _more(request, org, which)
    return _render_page(request, org)


def _pages(request: HttpRequest, org: Organisation, filters: PartnerFilterForm):
    """Both lists as the request asks for them, or `None` when the index is unavailable."""
    cleaned = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    try:
        partners = selectors.paginate(
            selectors.partner_pool(request.user, org), _page_number(request, "page"), cleaned
        )
        opportunities = selectors.paginate(
            selectors.opportunity_pool(request.user, org), _page_number(request, "opage")
        )
    except services.IndexUnavailable:
        return None, None
    selectors.mark_reachable(partners.items + opportunities.items)
    return partners, opportunities


def _render_page(
    request: HttpRequest, org: Organisation, *, note_error: tuple | None = None, status=200
) -> HttpResponse:
    filters = PartnerFilterForm(_filter_data(request))
    partners, opportunities = _pages(request, org, filters)
    if partners is None:
        _unavailable(request)
    elif note_error is not None:
        kind, target_id, note, errors = note_error
        for s in partners.items + opportunities.items:
            if s.target_kind == kind and s.target_id == target_id:
                s.note, s.note_errors = note, errors
    return render(
        request,
        "matching/organisation.html",
        {
            "organisation": org,
            "filters": filters,
            "partners": partners,
            "opportunities": opportunities,
            "more_partners": _query(request, page=partners.page + 1) if partners else "",
            "more_opportunities": _query(request, opage=opportunities.page + 1)
            if opportunities
            else "",
            "can_act": permissions.can_act_for(request.user, org),
            "dismiss_form": DismissForm(),
        },
        status=status,
    )


def _filter_data(request: HttpRequest):
    """The filter form is bound only when one of its fields is in the query."""
    if any(name in request.GET for name in PartnerFilterForm.base_fields):
        return request.GET
    return None


def _more(request: HttpRequest, org: Organisation, which: str) -> HttpResponse:
    """htmx "Show more": only the next ten, and a new "Show more" if others follow."""
    filters = PartnerFilterForm(_filter_data(request))
    partners, opportunities = _pages(request, org, filters)
    if partners is None:
        return HttpResponse(
            _("Recommendations are not available yet; try again later."), status=503
        )
    chosen = partners if which == "partners" else opportunities
    chosen.items = chosen.items[(chosen.page - 1) * selectors.PAGE_SIZE :]
    param = "page" if which == "partners" else "opage"
    return render(
        request,
        "matching/_more.html",
        {
            "organisation": org,
            "items": chosen.items,
            "list_page": chosen,
            "which": which,
            "more": _query(request, **{param: chosen.page + 1}),
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
    """ "Request an introduction" on a suggested partner or opportunity, with a required note
    that the other side (or the secretariat brokering it) reads on the introduction."""
    org = _organisation(slug)
    form = IntroduceForm(request.POST)
    if not form.is_valid():
        if form.has_error("target_kind") or form.has_error("target_id"):
            return _back(request, org)
        return _note_refused(request, org, form, form.errors["note"])
    opportunity = None
    if form.cleaned_data["target_kind"] == TargetKind.OPPORTUNITY:
        opportunity = get_object_or_404(Opportunity, pk=form.cleaned_data["target_id"])
        target = opportunity.organisation
    else:
        target = get_object_or_404(Organisation.objects.active(), pk=form.cleaned_data["target_id"])
    try:
        introduction = services.request_introduction(
            actor=request.user,
            organisation=org,
            target=target,
            opportunity=opportunity,
            message=form.cleaned_data["note"],
        )
    except AlreadyIntroduced as error:
        back = reverse("matching:organisation", args=[org.slug])
        return _whole_page(request, already_introduced(request, error, back))
    except ValidationError as error:
        if hasattr(error, "error_dict") and "message" in error.error_dict:
            return _note_refused(request, org, form, error.message_dict["message"])
        _errors(request, error)
        return _whole_page(request, _back(request, org))
    announce_proposal(request, introduction, _("Introduction requested."))
    return _whole_page(request, redirect(introduction.get_absolute_url()))


def _whole_page(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A redirect sent through htmx becomes a full page load (htmx would follow it silently)."""
    if is_htmx(request) and response.status_code in (301, 302):
        moved = HttpResponse("")
        moved["HX-Redirect"] = response["Location"]
        return moved
    return response


def _note_refused(
    request: HttpRequest, org: Organisation, form: IntroduceForm, errors: list[str]
) -> HttpResponse:
    """The note's errors under the note itself: in place through htmx, otherwise on the
    recommendations page with the typed note kept (other pages get them as messages)."""
    kind, target_id = form.cleaned_data["target_kind"], form.cleaned_data["target_id"]
    if is_htmx(request):
        return error_fragment(request, target=f"#note-error-{kind}-{target_id}", messages=errors)
    if not permissions.can_view_recommendations(request.user, org):
        raise PermissionDenied
    note = request.POST.get("note", "")
    return _render_page(
        request, org, note_error=(kind, target_id, note, list(errors)), status=INVALID_STATUS
    )


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
