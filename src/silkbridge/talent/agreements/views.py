"""Agreement pages. Each view parses input, asks permissions, calls a selector or service,
renders; the API (talent_agreements.api) calls the same services."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silkbridge.core.form_errors import add_errors
from silkbridge.directory.models import Organisation
from silkbridge.talent.agreements import export, pdf, permissions, selectors, services
from silkbridge.talent.agreements.forms import (
    AgreementForm,
    ConditionForm,
    FilterForm,
    TerminateForm,
)
from silkbridge.talent.agreements.models import Agreement, AgreementStatus


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.to_filters() if request.GET else selectors.Filters()
    qs = selectors.agreements_for(request.user, filters)
    page = Paginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "talent_agreements/list.html",
        {
            "form": form,
            "page": page,
            "params": params.urlencode(),
            "can_create": permissions.can_create_agreement(request.user),
        },
    )


def _agreement_initial(agreement: Agreement) -> dict:
    return {
        "title": agreement.title,
        "academic_year_start": agreement.academic_year_start,
        "academic_year_end": agreement.academic_year_end,
        "institutions": list(agreement.institutions.all()),
        "ventures": list(agreement.ventures.all()),
    }


@login_required
def agreement_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_agreement(request.user):
        raise PermissionDenied(
            _("Only coordinators of academic institutions and the secretariat propose agreements.")
        )
    if request.method == "POST":
        form = AgreementForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                agreement = services.create_agreement(actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, _("The agreement was created. Now add its cooperation conditions.")
                )
                return redirect("talent_agreements:condition-new", pk=agreement.pk)
    else:
        mine = sorted(permissions.coordinated_institution_ids(request.user))
        form = AgreementForm(
            user=request.user,
            initial={"institutions": Organisation.objects.filter(pk__in=mine)},
        )
    return render(request, "talent_agreements/form.html", {"form": form, "agreement": None})


def _editable(request: HttpRequest, pk: int) -> Agreement:
    agreement = selectors.get_agreement(request.user, pk)
    if not permissions.can_edit_agreement(request.user, agreement):
        raise PermissionDenied(
            _("Only the coordinators of the agreement's institutions and the secretariat can.")
        )
    return agreement


@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _editable(request, pk)
    if request.method == "POST":
        form = AgreementForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.update_agreement(
                    actor=request.user, agreement=agreement, data=form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The agreement was updated."))
                return redirect(agreement)
    else:
        form = AgreementForm(user=request.user, initial=_agreement_initial(agreement))
    return render(request, "talent_agreements/form.html", {"form": form, "agreement": agreement})


def _detail_context(request: HttpRequest, agreement: Agreement) -> dict:
    current = selectors.current_version(agreement)
    states = selectors.approval_state(agreement)
    mine = permissions.approvable_institution_ids(request.user, agreement)
    awaiting = agreement.status == AgreementStatus.PENDING_APPROVAL
    return {
        "agreement": agreement,
        "conditions": list(agreement.conditions.all()),
        "states": states,
        "current_version": current,
        "versions": list(agreement.versions.all()),
        "change_notes": services.change_notes(),
        "can_edit": permissions.can_edit_agreement(request.user, agreement),
        "can_submit": permissions.can_edit_agreement(request.user, agreement)
        and agreement.status == AgreementStatus.DRAFT,
        "to_approve": [
            state.institution
            for state in states
            if awaiting and state.approval is None and state.institution.pk in mine
        ],
    }


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_agreement(request.user, pk)
    return render(request, "talent_agreements/detail.html", _detail_context(request, agreement))


def _condition_form_page(request, agreement, form, condition=None) -> HttpResponse:
    return render(
        request,
        "talent_agreements/condition_form.html",
        {"form": form, "agreement": agreement, "condition": condition},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def condition_new(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _editable(request, pk)
    if request.method == "POST":
        form = ConditionForm(request.POST, agreement=agreement)
        if form.is_valid():
            try:
                services.add_condition(actor=request.user, agreement=agreement, data=form.to_data())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The cooperation condition was added."))
                return redirect(agreement)
    else:
        form = ConditionForm(agreement=agreement)
    return _condition_form_page(request, agreement, form)


def _condition(agreement: Agreement, condition_pk: int):
    for condition in agreement.conditions.all():
        if condition.pk == condition_pk:
            return condition
    raise Http404


@login_required
def condition_edit(request: HttpRequest, pk: int, condition_pk: int) -> HttpResponse:
    agreement = _editable(request, pk)
    condition = _condition(agreement, condition_pk)
    if request.method == "POST":
        form = ConditionForm(request.POST, agreement=agreement)
        if form.is_valid():
            try:
                services.update_condition(
                    actor=request.user, condition=condition, data=form.to_data()
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The cooperation condition was updated."))
                return redirect(agreement)
    else:
        form = ConditionForm(agreement=agreement, initial=ConditionForm.initial_from(condition))
    return _condition_form_page(request, agreement, form, condition)


@login_required
@require_POST
def condition_delete(request: HttpRequest, pk: int, condition_pk: int) -> HttpResponse:
    agreement = _editable(request, pk)
    try:
        services.remove_condition(actor=request.user, condition=_condition(agreement, condition_pk))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The cooperation condition was removed."))
    return redirect(agreement)


@login_required
@require_POST
def agreement_submit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _editable(request, pk)
    try:
        services.submit_for_approval(actor=request.user, agreement=agreement)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The agreement was put to the institutions for approval."))
    return redirect(agreement)


@login_required
@require_POST
def agreement_approve(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_agreement(request.user, pk)
    organisation = agreement.institutions.filter(pk=_int(request.POST.get("organisation"))).first()
    version = _int(request.POST.get("version"))
    if organisation is None or version is None:
        messages.error(request, _("Choose the institution and the version to approve."))
        return redirect(agreement)
    try:
        services.approve(
            actor=request.user, agreement=agreement, organisation=organisation, version=version
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("%(name)s approved version %(version)d.")
            % {"name": organisation.name, "version": version},
        )
    return redirect(agreement)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def agreement_terminate(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_agreement(request.user, pk)
    if not permissions.can_terminate_agreement(request.user, agreement):
        raise PermissionDenied(
            _("Only the coordinators of the agreement's institutions and the secretariat can.")
        )
    form = TerminateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.terminate(
                actor=request.user, agreement=agreement, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The agreement was terminated."))
            return redirect(agreement)
    return render(
        request,
        "talent_agreements/terminate.html",
        {"form": form, "agreement": agreement},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_agreement(request.user, pk)
    with translation.override(pdf.pdf_language()):
        body = pdf.agreement_pdf(agreement)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agreement-{agreement.pk}.pdf"'
    return response


@login_required
def agreement_ewp(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_agreement(request.user, pk)
    body = json.dumps(export.ewp_iia(agreement), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{agreement.iia_id}.json"'
    return response
