"""Agreements over the API: the same selectors, services and permission checks as the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from silkbridge.api import ERROR_RESPONSES, Page, error_response
from silkbridge.directory.models import Organisation
from silkbridge.talent.agreements import export, permissions, selectors, services
from silkbridge.talent.agreements.forms import FilterForm
from silkbridge.talent.agreements.schemas import (
    AgreementDetailOut,
    AgreementFields,
    AgreementFilters,
    AgreementIn,
    AgreementOut,
    ApprovalIn,
    ConditionIn,
    TerminateIn,
)

agreements_router = Router(tags=["talent: agreements"])


def _ok(schema: Any) -> dict[int, Any]:
    return {200: schema, **ERROR_RESPONSES}


def _organisations(ids: list[int], field: str) -> list[Organisation]:
    found = {o.pk: o for o in Organisation.objects.active().filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            {field: _("No such organisation: %(id)s.") % {"id": missing[0]}}, code="invalid"
        )
    return [found[pk] for pk in ids]


def _agreement_data(request: HttpRequest, payload: AgreementFields) -> dict[str, Any]:
    from silkbridge.ventures.selectors import visible_ventures

    ventures = list(visible_ventures(request.user).filter(pk__in=payload.venture_ids))
    if len(ventures) != len(set(payload.venture_ids)):
        raise ValidationError({"venture_ids": _("No such venture.")}, code="invalid")
    return {
        "title": payload.title,
        "academic_year_start": payload.academic_year_start,
        "academic_year_end": payload.academic_year_end,
        "institutions": _organisations(payload.institution_ids, "institution_ids"),
        "ventures": ventures,
    }


def _condition_data(agreement, payload: ConditionIn) -> dict[str, Any]:
    parties = {o.pk: o for o in agreement.institutions.all()}
    errors = {}
    for name in ("sending_institution", "receiving_institution"):
        if getattr(payload, f"{name}_id") not in parties:
            errors[f"{name}_id"] = _("Choose one of the agreement's institutions.")
    if errors:
        raise ValidationError(errors, code="not_a_party")
    data = payload.dict()
    data["sending_institution"] = parties[data.pop("sending_institution_id")]
    data["receiving_institution"] = parties[data.pop("receiving_institution_id")]
    return data


def _renamed(error: ValidationError, prefix: str = "") -> ValidationError:
    """Field names as the API spells them (institution ids, conditions by position)."""
    if not hasattr(error, "error_dict"):
        return error
    names = {
        "institutions": "institution_ids",
        "ventures": "venture_ids",
        "sending_institution": "sending_institution_id",
        "receiving_institution": "receiving_institution_id",
    }
    return ValidationError({f"{prefix}{names.get(k, k)}": v for k, v in error.error_dict.items()})


def _detail(request: HttpRequest, pk: int):
    return selectors.get_agreement(request.user, pk)


@agreements_router.get("", response=_ok(list[AgreementOut]), summary="List agreements")
@paginate(Page)
def list_agreements(request: HttpRequest, filters: Query[AgreementFilters]) -> Any:
    """Your institutions' agreements (all of them for the secretariat and observers), most
    recently changed first, filtered like the list page."""
    form = FilterForm({k: v for k, v in filters.dict().items() if v})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return selectors.agreements_for(request.user, form.to_filters())


@agreements_router.post(
    "", response={201: AgreementDetailOut, **ERROR_RESPONSES}, summary="Propose an agreement"
)
def create_agreement(request: HttpRequest, payload: AgreementIn) -> Any:
    """A draft between two or more academic institutions of both countries, one of them yours,
    with its cooperation conditions; nothing is written if any field is wrong."""
    if not permissions.can_create_agreement(request.user):
        raise PermissionDenied(
            _("Only coordinators of academic institutions and the secretariat propose agreements.")
        )
    with transaction.atomic():
        try:
            agreement = services.create_agreement(
                actor=request.user, data=_agreement_data(request, payload)
            )
        except ValidationError as error:
            raise _renamed(error) from error
        for index, condition in enumerate(payload.conditions):
            try:
                services.add_condition(
                    actor=request.user,
                    agreement=agreement,
                    data=_condition_data(agreement, condition),
                )
            except ValidationError as error:
                raise _renamed(error, f"conditions.{index}.") from error
    return Status(201, _detail(request, agreement.pk))


@agreements_router.get("/{agreement_id}", response=_ok(AgreementDetailOut), summary="Read")
def get_agreement(request: HttpRequest, agreement_id: int) -> Any:
    """The terms, the version history and the approvals; 404 if it is not yours to read."""
    return _detail(request, agreement_id)


@agreements_router.put("/{agreement_id}", response=_ok(AgreementDetailOut), summary="Change")
def update_agreement(request: HttpRequest, agreement_id: int, payload: AgreementFields) -> Any:
    """Title, years, institutions and alliances; after submission a change is a new version."""
    agreement = _detail(request, agreement_id)
    try:
        services.update_agreement(
            actor=request.user, agreement=agreement, data=_agreement_data(request, payload)
        )
    except ValidationError as error:
        raise _renamed(error) from error
    return _detail(request, agreement_id)


@agreements_router.post(
    "/{agreement_id}/conditions",
    response={201: AgreementDetailOut, **ERROR_RESPONSES},
    summary="Add a cooperation condition",
)
def add_condition(request: HttpRequest, agreement_id: int, payload: ConditionIn) -> Any:
    agreement = _detail(request, agreement_id)
    if not permissions.can_edit_agreement(request.user, agreement):
        raise PermissionDenied(
            _("Only the coordinators of the agreement's institutions and the secretariat can.")
        )
    try:
        services.add_condition(
            actor=request.user, agreement=agreement, data=_condition_data(agreement, payload)
        )
    except ValidationError as error:
        raise _renamed(error) from error
    return Status(201, _detail(request, agreement_id))


def _condition(agreement, condition_id: int):
    for condition in agreement.conditions.all():
        if condition.pk == condition_id:
            return condition
    raise Http404


@agreements_router.put(
    "/{agreement_id}/conditions/{condition_id}",
    response=_ok(AgreementDetailOut),
    summary="Change a cooperation condition",
)
def update_condition(
    request: HttpRequest, agreement_id: int, condition_id: int, payload: ConditionIn
) -> Any:
    agreement = _detail(request, agreement_id)
    condition = _condition(agreement, condition_id)
    if not permissions.can_edit_agreement(request.user, agreement):
        raise PermissionDenied(
            _("Only the coordinators of the agreement's institutions and the secretariat can.")
        )
    try:
        services.update_condition(
            actor=request.user, condition=condition, data=_condition_data(agreement, payload)
        )
    except ValidationError as error:
        raise _renamed(error) from error
    return _detail(request, agreement_id)


@agreements_router.delete(
    "/{agreement_id}/conditions/{condition_id}",
    response=_ok(AgreementDetailOut),
    summary="Remove a cooperation condition",
)
def remove_condition(request: HttpRequest, agreement_id: int, condition_id: int) -> Any:
    agreement = _detail(request, agreement_id)
    services.remove_condition(actor=request.user, condition=_condition(agreement, condition_id))
    return _detail(request, agreement_id)


@agreements_router.post(
    "/{agreement_id}/submit", response=_ok(AgreementDetailOut), summary="Ask for approval"
)
def submit(request: HttpRequest, agreement_id: int) -> Any:
    """Freeze the draft as version 1 and ask every institution's coordinators to approve it."""
    agreement = _detail(request, agreement_id)
    services.submit_for_approval(actor=request.user, agreement=agreement)
    return _detail(request, agreement_id)


@agreements_router.post(
    "/{agreement_id}/approve", response=_ok(AgreementDetailOut), summary="Approve a version"
)
def approve(request: HttpRequest, agreement_id: int, payload: ApprovalIn) -> Any:
    """Approve the version you read for an institution you coordinate. 409 when the terms
    changed since, or the institution already approved this version."""
    agreement = _detail(request, agreement_id)
    organisation = next(
        (o for o in agreement.institutions.all() if o.pk == payload.institution_id), None
    )
    if organisation is None:
        raise ValidationError(
            {"institution_id": _("Choose one of the agreement's institutions.")}, code="invalid"
        )
    try:
        services.approve(
            actor=request.user,
            agreement=agreement,
            organisation=organisation,
            version=payload.version,
        )
    except services.ApprovalConflict as conflict:
        return error_response(request, 409, "conflict", " ".join(conflict.messages))
    return _detail(request, agreement_id)


@agreements_router.post(
    "/{agreement_id}/terminate", response=_ok(AgreementDetailOut), summary="Terminate"
)
def terminate(request: HttpRequest, agreement_id: int, payload: TerminateIn) -> Any:
    agreement = _detail(request, agreement_id)
    try:
        services.terminate(actor=request.user, agreement=agreement, reason=payload.reason)
    except services.ApprovalConflict as conflict:
        return error_response(request, 409, "conflict", " ".join(conflict.messages))
    return _detail(request, agreement_id)


@agreements_router.get(
    "/{agreement_id}/ewp", response=_ok(dict[str, Any]), summary="Export in EWP IIA fields"
)
def ewp_export(request: HttpRequest, agreement_id: int) -> Any:
    """The agreement with the field names of the Erasmus Without Paper IIA data model."""
    return export.ewp_iia(_detail(request, agreement_id))
