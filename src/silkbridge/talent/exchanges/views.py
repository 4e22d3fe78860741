"""Exchange pages. Each view parses input, asks a selector or service, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silkbridge.core.form_errors import add_errors
from silkbridge.core.uploads import download_response
from silkbridge.directory.models import Organisation, OrganisationKind
from silkbridge.talent.agreements.isced import isced_label
from silkbridge.talent.agreements.models import AgreementStatus, CooperationCondition
from silkbridge.talent.exchanges import forms, permissions, selectors
from silkbridge.talent.exchanges.models import (
    ApplicantProfile,
    Internship,
    OfferStatus,
)
from silkbridge.talent.exchanges.pagination import IdsFirstPaginator
from silkbridge.talent.exchanges.services import (
    allocation,
    applications,
    calls,
    internships,
    mobilities,
    nominations,
    profiles,
)

# Applicants per page of a call's ranking table: the coordinator ranks one page at a time.
RANKING_PAGE_SIZE = 50


def _page(request: HttpRequest, qs):
    page = IdsFirstPaginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


# --- internships ----------------------------------------------------------------------------


def internship_list(request: HttpRequest) -> HttpResponse:
    form = forms.InternshipFilterForm(request.GET or None)
    page, params = _page(request, selectors.internships_for(request.user, form.to_filters()))
    hosts = Organisation.objects.filter(
        pk__in=permissions.coordinated_ids(request.user), kind__in=permissions.HOST_KINDS
    )
    return render(
        request,
        "talent_exchanges/internship_list.html",
        {"form": form, "page": page, "params": params, "can_offer": hosts.exists()},
    )


def internship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    internship = selectors.get_internship(request.user, pk)
    return render(
        request,
        "talent_exchanges/internship_detail.html",
        {
            "internship": internship,
            "field": isced_label(internship.subject_area),
            "can_edit": permissions.can_edit_internship(request.user, internship),
        },
    )


@login_required
def internship_new(request: HttpRequest) -> HttpResponse:
    hosts = Organisation.objects.filter(
        pk__in=permissions.coordinated_ids(request.user), kind__in=permissions.HOST_KINDS
    ).order_by("name")
    if not hosts.exists():
        raise PermissionDenied(
            _("Only admins of a company, authority or institution offer internships.")
        )
    form = forms.InternshipForm(request.POST or None, hosts=hosts)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        host = data.pop("host")
        try:
            internship = internships.create_internship(actor=request.user, host=host, data=data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The internship is published."))
            return redirect(internship)
    return render(request, "talent_exchanges/internship_form.html", {"form": form})


@login_required
@require_POST
def internship_close(request: HttpRequest, pk: int) -> HttpResponse:
    internship = selectors.get_internship(request.user, pk)
    internships.close_internship(actor=request.user, internship=internship)
    messages.success(request, _("The internship is closed to new calls."))
    return redirect(internship)


# --- calls ----------------------------------------------------------------------------------


def call_list(request: HttpRequest) -> HttpResponse:
    form = forms.CallFilterForm(request.GET or None)
    page, params = _page(request, selectors.calls_for(request.user, **form.to_filters()))
    can_open = Organisation.objects.filter(
        pk__in=permissions.coordinated_ids(request.user), kind=OrganisationKind.ACADEMIC
    ).exists()
    return render(
        request,
        "talent_exchanges/call_list.html",
        {"form": form, "page": page, "params": params, "can_open": can_open},
    )


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.get_call(request.user, pk)
    places = list(call.places.select_related("host", "internship"))
    manages = permissions.can_manage_call(request.user, call)
    mine = None
    ranked: list = []
    if request.user.is_authenticated:
        mine = (
            selectors.applications_for(request.user, call=call)
            .filter(applicant__user=request.user)
            .first()
        )
    page = None
    if manages:
        page = Paginator(selectors.ranking_table(request.user, call), RANKING_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        ranked = list(page.object_list)
    profile = None
    if request.user.is_authenticated:
        profile = ApplicantProfile.objects.filter(
            user=request.user, home_institution=call.home_institution
        ).first()
    return render(
        request,
        "talent_exchanges/call_detail.html",
        {
            "call": call,
            "places": places,
            "manages": manages,
            "applications": ranked,
            "mine": mine,
            "profile": profile,
            "closed": call.is_closed(),
            "page": page,
            "params": "",
        },
    )


def _call_sources(user, institution_ids):
    conditions = (
        CooperationCondition.objects.select_related("receiving_institution", "agreement")
        .filter(
            sending_institution_id__in=institution_ids,
            agreement__status=AgreementStatus.APPROVED,
        )
        .order_by("agreement__title", "position", "pk")
    )
    countries = set(
        Organisation.objects.filter(pk__in=institution_ids).values_list("country", flat=True)
    )
    offered = (
        Internship.objects.select_related("host")
        .filter(status=OfferStatus.OPEN, for_country__in=countries)
        .order_by("-created_at")[:100]
    )
    return (
        [
            (
                c,
                _("%(receiving)s — %(field)s, EQF %(level)d, %(people)d a year (%(agreement)s)")
                % {
                    "receiving": c.receiving_institution.name,
                    "field": isced_label(c.isced_code),
                    "level": c.eqf_level,
                    "people": c.people_per_year,
                    "agreement": c.agreement.title,
                },
            )
            for c in conditions
        ],
        [(i, f"{i.title} — {i.host.name}") for i in offered],
    )


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    institutions = Organisation.objects.filter(
        pk__in=permissions.coordinated_ids(request.user), kind=OrganisationKind.ACADEMIC
    ).order_by("name")
    if not institutions.exists():
        raise PermissionDenied(_("Only an academic institution's admins open calls."))
    conditions, offered = _call_sources(
        request.user, list(institutions.values_list("pk", flat=True))
    )
    form = forms.CallForm(
        request.POST or None,
        institutions=institutions,
        conditions=conditions,
        internships=offered,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen_conditions = {str(c.pk): c for c, _label in conditions}
        chosen_internships = {str(i.pk): i for i, _label in offered}
        places = [calls.PlaceOffer(condition=chosen_conditions[pk]) for pk in data["conditions"]]
        places += [
            calls.PlaceOffer(internship=chosen_internships[pk]) for pk in data["internships"]
        ]
        try:
            call = calls.create_call(
                actor=request.user, institution=data["institution"], data=data, places=places
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The call is open."))
            return redirect(call)
    return render(request, "talent_exchanges/call_form.html", {"form": form})


@login_required
@require_POST
def call_rank(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator's ranks for the applicants on one page of the call: a number each."""
    call = selectors.get_call(request.user, pk)
    ranks = {}
    for key, value in request.POST.items():
        if key.startswith("rank_"):
            try:
                ranks[int(key.removeprefix("rank_"))] = int(value)
            except ValueError:
                messages.error(request, _("Give every applicant a whole number."))
                return redirect(call)
    try:
        allocation.set_ranks(actor=request.user, call=call, ranks=ranks)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The ranking is saved."))
    page = request.POST.get("page")
    return redirect(f"{call.get_absolute_url()}?page={page}" if page else call.get_absolute_url())


@login_required
@require_POST
def call_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.get_call(request.user, pk)
    try:
        counts = allocation.allocate_call(actor=request.user, call=call)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Places allocated: %(nominated)d nominated, %(unplaced)d without a place.") % counts,
        )
    return redirect(call)


# --- applicants and applications ------------------------------------------------------------


@login_required
def applicants(request: HttpRequest) -> HttpResponse:
    """Your profiles (and a form for a new one); for coordinators, the students to confirm."""
    form = forms.ProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            profiles.request_profile(
                actor=request.user, home_institution=data.pop("home_institution"), data=data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your home institution has been asked to confirm you."))
            return redirect("talent_exchanges:applicants")
    to_confirm, params = _page(request, selectors.profiles_to_confirm(request.user))
    return render(
        request,
        "talent_exchanges/applicants.html",
        {
            "form": form,
            "own": ApplicantProfile.objects.filter(user=request.user).select_related(
                "home_institution"
            ),
            "page": to_confirm,
            "params": params,
        },
    )


@login_required
@require_POST
def applicant_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.profiles_to_confirm(request.user).filter(pk=pk).first()
    if profile is None:
        raise PermissionDenied
    profiles.confirm_profile(actor=request.user, profile=profile)
    messages.success(request, _("The student is confirmed."))
    return redirect("talent_exchanges:applicants")


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    form = forms.ApplicationFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page, params = _page(request, selectors.applications_for(request.user, status=status))
    return render(
        request,
        "talent_exchanges/application_list.html",
        {"form": form, "page": page, "params": params},
    )


@login_required
def application_new(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.get_call(request.user, pk)
    places = list(call.places.order_by("pk"))
    profile = ApplicantProfile.objects.filter(
        user=request.user, home_institution=call.home_institution
    ).first()
    form = forms.ApplicationForm(request.POST or None, request.FILES or None, places=places)
    if request.method == "POST" and form.is_valid():
        try:
            application = applications.submit_application(
                actor=request.user,
                call=call,
                profile=profile,
                motivation=form.cleaned_data["motivation"],
                choices=form.choices(),
                documents={
                    "cv": form.cleaned_data.get("cv"),
                    "transcript": form.cleaned_data.get("transcript"),
                },
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your application is submitted."))
            return redirect(application)
    return render(
        request,
        "talent_exchanges/application_form.html",
        {"form": form, "call": call, "profile": profile},
    )


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application(request.user, pk)
    nomination = (
        getattr(application, "nomination", None) if hasattr(application, "nomination") else None
    )
    return render(
        request,
        "talent_exchanges/application_detail.html",
        {
            "application": application,
            "choices": application.choices.select_related("place").order_by("position"),
            "documents": application.documents.all(),
            "nomination": nomination,
            "is_applicant": permissions.is_applicant(request.user, application),
        },
    )


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application(request.user, pk)
    try:
        applications.withdraw_application(actor=request.user, application=application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect(application)


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.get_document(request.user, pk)
    applications.open_document(actor=request.user, document=document)
    return download_response(document)


# --- nominations and mobilities -------------------------------------------------------------


@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    form = forms.NominationFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page, params = _page(request, selectors.nominations_for(request.user, status=status))
    return render(
        request,
        "talent_exchanges/nomination_list.html",
        {"form": form, "page": page, "params": params, "decision": forms.DecisionForm()},
    )


@login_required
def nomination_decide(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.get_nomination(request.user, pk)
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nominations.decide_nomination(
                actor=request.user,
                nomination=nomination,
                accept=form.cleaned_data["decision"] == "accept",
                planned_start=form.cleaned_data["planned_start"],
                planned_end=form.cleaned_data["planned_end"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect("talent_exchanges:nominations")
    return render(
        request,
        "talent_exchanges/nomination_decide.html",
        {"nomination": nomination, "form": form},
    )


@login_required
def mobility_list(request: HttpRequest) -> HttpResponse:
    form = forms.MobilityFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page, params = _page(request, selectors.mobilities_for(request.user, status=status))
    return render(
        request,
        "talent_exchanges/mobility_list.html",
        {"form": form, "page": page, "params": params},
    )


def _plan_initial(agreement) -> dict:
    initial = {"plan_kind": agreement.plan_kind}
    for n, component in enumerate(agreement.components.all()[: forms.PlanForm.ROWS]):
        initial.update(
            {
                f"title_{n}": component.title,
                f"code_{n}": component.code,
                f"credits_{n}": str(component.credits),
            }
        )
    return initial


@login_required
def mobility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = selectors.get_mobility(request.user, pk)
    agreement = mobility.learning_agreement
    plan_form = forms.PlanForm(initial=_plan_initial(agreement))
    move_form = forms.MoveForm()
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action == "plan":
            plan_form = forms.PlanForm(request.POST)
            if plan_form.is_valid():
                mobilities.set_learning_plan(
                    actor=request.user,
                    agreement=agreement,
                    plan_kind=plan_form.cleaned_data["plan_kind"],
                    components=plan_form.components(),
                )
                messages.success(request, _("The plan is saved; everyone approves it again."))
                return redirect(mobility)
        elif action == "approve":
            mobilities.approve_learning_agreement(
                actor=request.user,
                agreement=agreement,
                version=int(request.POST.get("version") or -1),
            )
            messages.success(request, _("Your approval is recorded."))
            return redirect(mobility)
        elif action == "move":
            move_form = forms.MoveForm(request.POST)
            if move_form.is_valid():
                mobilities.move_mobility(
                    actor=request.user,
                    mobility=mobility,
                    to_status=move_form.cleaned_data["status"],
                    on=move_form.cleaned_data["on"],
                )
                messages.success(request, _("The mobility has moved on."))
                return redirect(mobility)
    except ValidationError as error:
        target = plan_form if action == "plan" else move_form
        add_errors(target, error)
        if action == "approve":
            messages.error(request, " ".join(error.messages))
    sides = permissions.learning_agreement_side(request.user, agreement)
    application = mobility.nomination.application
    return render(
        request,
        "talent_exchanges/mobility_detail.html",
        {
            "mobility": mobility,
            "agreement": agreement,
            "components": agreement.components.all(),
            "plan_form": plan_form,
            "move_form": move_form,
            "sides": sides,
            "application": application,
            "field": isced_label(mobility.subject_area),
            "may_move": permissions.may_move_mobility(request.user, mobility, "started"),
        },
    )
