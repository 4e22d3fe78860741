"""Claim pages and the secretariat's queue. Each view parses input, calls a selector or a
service, and renders; `?next=` is carried through so a person ends where they started."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from silkbridge.core.form_errors import add_errors
from silkbridge.core.ratelimits import TOO_MANY_STATUS, too_many_message
from silkbridge.core.uploads import download_response
from silkbridge.directory import selectors as directory_selectors
from silkbridge.joining import permissions, selectors, services
from silkbridge.joining.forms import ClaimForm, DecisionForm, FindOrganisationForm, QueueFilterForm
from silkbridge.joining.models import ClaimRoute
from silkbridge.joining.search import find_claimable


def _next_url(request: HttpRequest) -> str:
    """The page the person came from (`next` in the query or form), if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _too_many(request: HttpRequest) -> bool:
    """Count a claim sent by this account; True past SILKBRIDGE_CLAIM_RATE."""
    return is_ratelimited(
        request,
        group="claim",
        key="user",
        rate=settings.SILKBRIDGE_CLAIM_RATE,
        method="POST",
        increment=True,
    )


REFUSAL_ERROR = "joining.refusal_error"


def _refusal_failed(
    request: HttpRequest, form: DecisionForm, kind: str, pk: int, back: str
) -> HttpResponse:
    """Back to the page with the error kept for the reason field the person typed in, so it is
    shown there (the refusal opened, the field marked) rather than only at the top of the page."""
    errors = [error for field_errors in form.errors.values() for error in field_errors]
    request.session[REFUSAL_ERROR] = {"kind": kind, "pk": pk, "errors": errors}
    return redirect(f"{back}#reason-{kind}-{pk}")


def _refusal_error(request: HttpRequest) -> dict:
    """The refusal error left by the last decision, once: its kind ("claim" or
    "registration"), the pk and the errors."""
    return request.session.pop(REFUSAL_ERROR, None) or {}


def _register_url(next_url: str) -> str:
    try:
        return _with_next(reverse("joining:register"), next_url)
    except NoReverseMatch:  # registration is a separate part of the app, mounted beside this
        return ""


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Claim your organisation or register a new one."""
    next_url = _next_url(request)
    form = FindOrganisationForm(request.GET if "q" in request.GET else None)
    page = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        page = find_claimable(
            request.user,
            q=form.cleaned_data["q"],
            country=form.cleaned_data["country"],
            kind=form.cleaned_data["kind"],
            page=request.GET.get("page"),
        )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "joining/start.html",
        {
            "form": form,
            "page": page,
            "params": params.urlencode(),
            "next_url": next_url,
            "register_url": _register_url(next_url),
            "my_claims": selectors.claims_of(request.user),
            "my_organisations": directory_selectors.organisations_of(request.user),
        },
    )


@login_required
def claim(request: HttpRequest, slug: str) -> HttpResponse:
    """Claim one record: by a verified address on its domain, or with evidence."""
    organisation = directory_selectors.get_organisation(slug)
    next_url = _next_url(request)
    plan = services.plan_claim(request.user, organisation)
    posted = request.method == "POST"
    form = ClaimForm(request.POST if posted else None, request.FILES if posted else None)
    refusal = None
    status = 200
    try:
        services.check_can_claim(request.user, organisation)
    except ValidationError as error:
        refusal = " ".join(error.messages)
    if posted and refusal is None and _too_many(request):
        form.is_valid()
        form.add_error(None, too_many_message())
        status = TOO_MANY_STATUS
    elif posted and refusal is None and form.is_valid():
        try:
            submitted = services.submit_claim(
                claimant=request.user,
                organisation=organisation,
                evidence_kind=form.cleaned_data["evidence_kind"],
                evidence_text=form.cleaned_data["evidence_text"],
                evidence_file=form.cleaned_data["evidence_file"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if submitted.granted_person_id:
                messages.success(
                    request,
                    _("You now belong to %(organisation)s; the membership awaits confirmation.")
                    % {"organisation": organisation.name},
                )
                return redirect(next_url or organisation.get_absolute_url())
            messages.success(
                request,
                _("Your claim was sent. You will be told of the decision by e-mail and here."),
            )
            return redirect(next_url or reverse("joining:start"))
    return render(
        request,
        "joining/claim.html",
        {
            "organisation": organisation,
            "plan": plan,
            "by_domain": plan.route == ClaimRoute.DOMAIN,
            "form": form,
            "refusal": refusal,
            "next_url": next_url,
        },
        status=status,
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = selectors.get_claim(request.user, claim_id)
    if not permissions.can_withdraw_claim(request.user, claim):
        raise Http404
    try:
        services.withdraw_claim(claim=claim, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your claim was withdrawn."))
    return redirect(_next_url(request) or reverse("joining:start"))


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The secretariat's verification queue: open claims and new organisations."""
    form = QueueFilterForm(request.GET or None)
    items = selectors.queue(request.user, form.to_filters())
    return render(
        request,
        "joining/queue.html",
        {
            "form": form,
            "queue": items,
            "decision_form": DecisionForm(),
            "filtered": bool(request.GET),
            "refusal_error": _refusal_error(request),
        },
    )


@login_required
def claims_for(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's claims, for its admins (who decide those sent to them)."""
    organisation = directory_selectors.get_organisation(slug)
    claims = selectors.claims_for(request.user, organisation)
    return render(
        request,
        "joining/claims_for.html",
        {
            "organisation": organisation,
            "claims": claims,
            "decidable": {
                c.pk for c in claims if c.is_open and permissions.can_decide_claim(request.user, c)
            },
            "decision_form": DecisionForm(),
            "refusal_error": _refusal_error(request),
        },
    )


@login_required
@require_POST
def decide_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = selectors.get_claim(request.user, claim_id)
    if not permissions.can_decide_claim(request.user, claim):
        raise Http404
    form = DecisionForm(request.POST)
    back = _next_url(request) or reverse(
        "joining:claims-for", kwargs={"slug": claim.organisation.slug}
    )
    if not form.is_valid():
        return _refusal_failed(request, form, "claim", claim.pk, back)
    try:
        if form.cleaned_data["decision"] == "approve":
            services.approve_claim(claim=claim, by=request.user)
            messages.success(request, _("The claim was approved; the person was told."))
        else:
            services.refuse_claim(claim=claim, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The claim was refused; the person was told why."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


@login_required
@require_POST
def decide_registration(request: HttpRequest, slug: str) -> HttpResponse:
    from silkbridge.joining import registrations

    organisation = selectors.get_registration(request.user, slug)
    form = DecisionForm(request.POST)
    back = _next_url(request) or reverse("joining:queue")
    if not form.is_valid():
        return _refusal_failed(request, form, "registration", organisation.pk, back)
    try:
        if form.cleaned_data["decision"] == "approve":
            registrations.approve_registration(organisation=organisation, by=request.user)
            messages.success(request, _("The organisation is verified; the person was told."))
        else:
            registrations.refuse_registration(
                organisation=organisation, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The registration was refused; the person was told why."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


@login_required
def evidence(request: HttpRequest, claim_id: int) -> HttpResponse:
    """A claim's evidence file, for the claimant and whoever may decide the claim."""
    claim = selectors.get_claim(request.user, claim_id)
    if not claim.evidence_file:
        raise Http404
    return download_response(claim)
