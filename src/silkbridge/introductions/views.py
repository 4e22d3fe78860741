"""Introduction and interest pages. Each view parses input, calls a selector or service, renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silkbridge.directory import selectors as directory_selectors
from silkbridge.directory.models import Organisation
from silkbridge.introductions import interests, permissions, selectors, services
from silkbridge.introductions.forms import (
    CloseForm,
    InterestForm,
    OverviewFilterForm,
    ProposeForm,
    ReasonForm,
    SecretariatIntroduceForm,
)
from silkbridge.introductions.models import Introduction
from silkbridge.introductions.service_helpers import AlreadyIntroduced
from silkbridge.opportunities.selectors import get_opportunity

User = get_user_model()


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def announce_proposal(request: HttpRequest, introduction: Introduction, proposed: str) -> None:
    """What asking for an introduction did: proposed it, or answered one that was waiting."""
    if introduction.proposed_by_id == request.user.pk and introduction.status == "pending":
        messages.success(request, proposed)
    elif introduction.status == "accepted":
        messages.success(request, _("You are introduced: contacts and the conversation are open."))
    else:
        messages.success(
            request, _("This introduction was waiting for your answer: your request accepted it.")
        )


def already_introduced(request: HttpRequest, error: AlreadyIntroduced, fallback):
    """Send the person to the pair's open introduction rather than leave them at an error."""
    if error.introduction is None:
        _errors(request, error)
        return redirect(fallback)
    messages.info(request, _("These organisations already have an open introduction: here it is."))
    return redirect(error.introduction)


def _back(request: HttpRequest, fallback) -> HttpResponse:
    """Return to the page the form was on (same host only), else to `fallback`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


# --- interests ---------------------------------------------------------------------------------


@login_required
@require_POST
def interest_express(request: HttpRequest, opportunity_pk: int) -> HttpResponse:
    # One 404 for a missing opportunity and one the user may not see (a draft, say).
    opportunity = get_opportunity(request.user, opportunity_pk)
    candidates = selectors.organisations_that_may_express(request.user, opportunity)
    form = InterestForm(request.POST, organisations=candidates)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect(opportunity)
    try:
        interests.express_interest(
            actor=request.user,
            opportunity=opportunity,
            organisation=form.cleaned_data["organisation"],
            message=form.cleaned_data["message"],
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Your interest was sent to the owner."))
    return redirect(opportunity)


@login_required
@require_POST
def interest_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    interest = selectors.get_interest(request.user, pk)
    try:
        interests.withdraw_interest(actor=request.user, interest=interest)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Your interest was withdrawn."))
    return redirect(interest.opportunity)


@login_required
@require_POST
def interest_accept(request: HttpRequest, pk: int) -> HttpResponse:
    interest = selectors.get_interest(request.user, pk)
    try:
        introduction = interests.accept_interest(actor=request.user, interest=interest)
    except ValidationError as error:
        _errors(request, error)
        return redirect(interest.opportunity)
    if introduction.interest_id == interest.pk:
        text = _("Interest accepted: you are introduced, and the conversation is open.")
    else:
        text = _(
            "Interest accepted. Your organisations already had an introduction: the interest "
            "is answered in it."
        )
    messages.success(request, text)
    return redirect(introduction)


@login_required
@require_POST
def interest_decline(request: HttpRequest, pk: int) -> HttpResponse:
    interest = selectors.get_interest(request.user, pk)
    # The service checks the reason (length) and says what is wrong; nothing is dropped.
    reason = request.POST.get("reason", "")
    try:
        interests.decline_interest(actor=request.user, interest=interest, reason=reason)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The interest was declined."))
    return redirect(interest.opportunity)


# --- introductions -----------------------------------------------------------------------------


@login_required
def introduction_list(request: HttpRequest) -> HttpResponse:
    counts = selectors.tab_counts(request.user)
    tab = request.GET.get("tab")
    if tab not in selectors.TABS:
        # Open on the first tab that holds something, not on an empty one beside a full one.
        tab = next((name for name in selectors.TABS if counts[name]), selectors.TAB_AWAITING)
    page = Paginator(selectors.introductions_of(request.user, tab), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    tabs = [
        (selectors.TAB_AWAITING, _("Awaiting our answer")),
        (selectors.TAB_OTHER_SIDE, _("Pending the other side")),
        (selectors.TAB_ACCEPTED, _("Accepted")),
        (selectors.TAB_CLOSED, _("Closed")),
    ]
    return render(
        request,
        "introductions/list.html",
        {
            "tab": tab,
            "tabs": tabs,
            "counts": counts,
            "page": page,
            "rows": [_row(request.user, item) for item in page],
            "is_secretariat": permissions.is_secretariat(request.user),
        },
    )


def _row(user, introduction: Introduction) -> dict:
    """An introduction as one of the user's organisations sees it: ours and theirs."""
    sides = selectors.my_sides(user, introduction)
    ours = sides[0][1] if sides else introduction.org_a
    theirs = introduction.other_organisation(ours.pk)
    return {
        "introduction": introduction,
        "ours": ours,
        "theirs": theirs,
        "theirs_hidden": services.hides_identity(introduction, theirs.pk),
    }


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    if not permissions.can_broker(request.user):
        raise Http404
    brokers = list(selectors.brokers())
    form = OverviewFilterForm(request.GET or None, brokers=brokers)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.overview(
        status=filters.get("status", ""),
        broker=filters.get("broker", ""),
        overdue=filters.get("overdue", False),
    )
    page = Paginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "introductions/overview.html",
        {"form": form, "page": page, "brokers": brokers, "params": params.urlencode()},
    )


@login_required
def introduction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = selectors.get_introduction(request.user, pk)
    user = request.user
    sides = selectors.my_sides(user, introduction)
    pending_sides = [
        (side, organisation)
        for side, organisation in sides
        if introduction.status == "pending"
        and getattr(introduction, f"{side}_response") == "pending"
    ]
    is_secretariat = permissions.is_secretariat(user)
    mine = {organisation.pk for _side, organisation in sides}
    hidden = {
        org.pk
        for org in (introduction.org_a, introduction.org_b)
        if org.pk not in mine
        and not is_secretariat
        and services.hides_identity(introduction, org.pk)
    }
    contacts = selectors.contacts_for(user, introduction)
    return render(
        request,
        "introductions/detail.html",
        {
            "introduction": introduction,
            "answers": [
                {
                    "organisation": org,
                    "hidden": org.pk in hidden,
                    "response": getattr(introduction, f"{side}_response"),
                    "label": getattr(introduction, f"get_{side}_response_display")(),
                    "reason": getattr(introduction, f"{side}_reason"),
                    "at": getattr(introduction, f"{side}_responded_at"),
                    "contacts": contacts.get(org.pk),
                }
                for side, org in (("a", introduction.org_a), ("b", introduction.org_b))
            ],
            "pending_sides": pending_sides,
            "reason_form": ReasonForm(),
            "conversation": getattr(introduction, "conversation", None)
            if introduction.accepted_at
            else None,
            "is_secretariat": is_secretariat,
            "close_form": CloseForm(),
            "brokers": selectors.brokers() if is_secretariat else [],
            "is_open": introduction.status in ("pending", "accepted"),
            "unanswerable": [
                org
                for org in selectors.organisations_without_people(introduction)
                if org.pk not in hidden
            ]
            if introduction.status == "pending"
            else [],
        },
    )


@login_required
@require_POST
def introduction_respond(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = selectors.get_introduction(request.user, pk)
    sides = dict(
        (str(organisation.pk), organisation)
        for _side, organisation in selectors.my_sides(request.user, introduction)
    )
    organisation = sides.get(request.POST.get("organisation", ""))
    if organisation is None:
        raise Http404
    # The service checks the reason (length) and says what is wrong; nothing is dropped.
    reason = request.POST.get("reason", "")
    accept = request.POST.get("answer") == "accept"
    try:
        services.respond(
            actor=request.user,
            introduction=introduction,
            organisation=organisation,
            accept=accept,
            reason=reason,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        if introduction.status == "accepted":
            messages.success(
                request, _("You are introduced: contacts and the conversation are open.")
            )
        elif accept:
            messages.success(request, _("Accepted. We are waiting for the other organisation."))
        else:
            messages.success(request, _("You declined the introduction."))
    return redirect(introduction)


@login_required
@require_POST
def introduction_nudge(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = selectors.get_introduction(request.user, pk)
    if not permissions.can_broker(request.user):
        raise Http404
    try:
        sent = services.nudge(actor=request.user, introduction=introduction)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Reminder sent to %(count)d people.") % {"count": sent})
    return _back(request, introduction)


@login_required
@require_POST
def introduction_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = selectors.get_introduction(request.user, pk)
    if not permissions.can_broker(request.user):
        raise Http404
    broker = User.objects.filter(pk=request.POST.get("broker") or 0).first()
    try:
        if broker is None:
            raise ValidationError(_("Please choose a member of the secretariat."))
        services.reassign(actor=request.user, introduction=introduction, broker=broker)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The introduction was reassigned."))
    return _back(request, introduction)


@login_required
@require_POST
def introduction_close(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = selectors.get_introduction(request.user, pk)
    if not permissions.can_broker(request.user):
        raise Http404
    try:
        services.close(
            actor=request.user, introduction=introduction, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The introduction was closed."))
    return _back(request, introduction)


@login_required
@require_POST
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    """From a directory profile: introduce one of my organisations to this one."""
    to_org = directory_selectors.get_organisation(slug)
    candidates = Organisation.objects.filter(
        pk__in=selectors.member_organisation_ids(request.user) - {to_org.pk}
    ).order_by("name")
    form = ProposeForm(request.POST, organisations=list(candidates))
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect(to_org)
    try:
        introduction = services.propose_introduction(
            actor=request.user,
            from_org=form.cleaned_data["from_organisation"],
            to_org=to_org,
            message=form.cleaned_data["message"],
        )
    except AlreadyIntroduced as error:
        return already_introduced(request, error, to_org)
    except ValidationError as error:
        _errors(request, error)
        return redirect(to_org)
    proposed = _("Introduction proposed: the other organisation is asked to accept.")
    announce_proposal(request, introduction, proposed)
    return redirect(introduction)


@login_required
@require_POST
def secretariat_introduce(request: HttpRequest, slug: str) -> HttpResponse:
    if not permissions.can_broker(request.user):
        raise Http404
    organisation = directory_selectors.get_organisation(slug)
    form = SecretariatIntroduceForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect(organisation)
    try:
        introduction = services.secretariat_introduce(
            actor=request.user,
            org_a=organisation,
            org_b=form.cleaned_data["other"],
            message=form.cleaned_data["message"],
        )
    except AlreadyIntroduced as error:
        return already_introduced(request, error, organisation)
    except ValidationError as error:
        _errors(request, error)
        return redirect(organisation)
    messages.success(request, _("Introduction proposed to both organisations."))
    return redirect(introduction)
