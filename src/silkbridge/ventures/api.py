"""Ventures over the API: the same selectors, services and permission checks as the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from silkbridge.api import ERROR_RESPONSES, Page, error_response
from silkbridge.directory.models import Organisation, Vocabulary
from silkbridge.directory.services import terms_by_slug
from silkbridge.ventures import currency, origins, permissions, selectors, services
from silkbridge.ventures.forms import FilterForm
from silkbridge.ventures.models import PartyRole, StageChange, Venture
from silkbridge.ventures.schemas import (
    RateIn,
    RateOut,
    StageChangeCorrection,
    StageIn,
    VentureDetailOut,
    VentureFilters,
    VentureIn,
    VentureOut,
    VenturePatch,
)

ventures_router = Router(tags=["ventures"])


def _ok(schema: Any) -> dict[int, Any]:
    return {200: schema, **ERROR_RESPONSES}


def _created(schema: Any) -> dict[int, Any]:
    return {201: schema, **ERROR_RESPONSES}


def _parties(items: list[Any]) -> list[tuple[Organisation, str]]:
    ids = [item.organisation_id for item in items]
    found = {o.pk: o for o in Organisation.objects.active().filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            {"parties": _("No such organisation: %(id)s.") % {"id": missing[0]}}, code="invalid"
        )
    for item in items:
        if item.role not in PartyRole.values:
            raise ValidationError({"parties": _("A party's role is lead or partner.")})
    return [(found[item.organisation_id], item.role) for item in items]


def _details(sent: dict[str, Any]) -> dict[str, Any]:
    """API input to the values the services take: slugs to objects, nulls left out."""
    data = {key: value for key, value in sent.items() if key != "parties"}
    if data.get("sectors") is not None:
        try:
            data["sectors"] = terms_by_slug(Vocabulary.SECTOR, data["sectors"])
        except ValidationError as error:
            raise ValidationError({"sectors": error.messages}) from error
    if data.get("working_group"):
        from django.apps import apps

        group = apps.get_model("workspace", "WorkingGroup").objects.filter(
            slug=data["working_group"]
        )
        if not group.exists():
            raise ValidationError({"working_group": _("No such working group.")})
        data["working_group"] = group.first()
    return data


def _detail(request: HttpRequest, pk: int) -> Venture:
    return selectors.get_venture(request.user, pk)


@ventures_router.get("", response=_ok(list[VentureOut]), summary="List ventures")
@paginate(Page)
def list_ventures(request: HttpRequest, filters: Query[VentureFilters]) -> Any:
    """Non-confidential ventures and your organisations' confidential ones (all of them for the
    secretariat), newest stage change first, filtered like the list page."""
    form = FilterForm({k: v for k, v in filters.dict().items() if v})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return selectors.ventures_for(request.user, form.to_filters())


@ventures_router.post("", response=_created(VentureDetailOut), summary="Record a venture")
def create_venture(request: HttpRequest, payload: VentureIn) -> Any:
    """Record a venture for one of your organisations, manually or from an accepted introduction,
    a B2B meeting or a working-group decision (`from_…`)."""
    if not permissions.can_create_venture(request.user):
        raise PermissionDenied(_("Only members of an organisation can record ventures."))
    sent = payload.dict(exclude_none=True)
    origin = origins.resolve(
        request.user,
        {
            name: sent.pop(name, None)
            for name in ("from_introduction", "from_meeting", "from_decision")
        },
    )
    stage = sent.pop("stage")
    venture = services.create_venture(
        actor=request.user,
        data=_details(sent),
        parties=_parties(payload.parties),
        origin=origin,
        stage=stage,
    )
    return Status(201, _detail(request, venture.pk))


@ventures_router.get("/rates", response=_ok(list[RateOut]), summary="Current exchange rates")
def list_rates(request: HttpRequest) -> Any:
    """The newest rate of each currency (US dollars per unit)."""
    return currency.current_rates()


@ventures_router.post("/rates", response=_created(RateOut), summary="Record an exchange rate")
def create_rate(request: HttpRequest, payload: RateIn) -> Any:
    """Secretariat only; one rate per currency and day."""
    return Status(201, currency.record_rate(actor=request.user, **payload.dict()))


@ventures_router.get("/{venture_id}", response=_ok(VentureDetailOut), summary="Read a venture")
def get_venture(request: HttpRequest, venture_id: int) -> Any:
    """404 for a confidential venture you are not a party to."""
    return _detail(request, venture_id)


@ventures_router.patch("/{venture_id}", response=_ok(VentureDetailOut), summary="Update")
def update_venture(request: HttpRequest, venture_id: int, payload: VenturePatch) -> Any:
    """Parties update their venture; the secretariat corrects any. Stages change through
    `/stage`."""
    venture = _detail(request, venture_id)
    if not permissions.can_edit_venture(request.user, venture):
        raise PermissionDenied(_("Only the venture's parties and the secretariat can change it."))
    sent = payload.dict(exclude_unset=True)
    parties = _parties(payload.parties) if payload.parties is not None else None
    services.update_venture(
        actor=request.user, venture=venture, data=_details(sent), parties=parties
    )
    return _detail(request, venture_id)


@ventures_router.post(
    "/{venture_id}/stage",
    response={200: VentureDetailOut, **ERROR_RESPONSES},
    summary="Record a stage change",
)
def change_stage(request: HttpRequest, venture_id: int, payload: StageIn) -> Any:
    """Going back needs a reason; the date is not in the future nor before the previous change.
    409 when someone else changed the stage since `expected_stage`."""
    venture = _detail(request, venture_id)
    try:
        services.change_stage(
            actor=request.user,
            venture=venture,
            to_stage=payload.to_stage,
            changed_on=payload.changed_on,
            reason=payload.reason,
            expected_stage=payload.expected_stage,
        )
    except services.StageConflict as conflict:
        return error_response(request, 409, "conflict", " ".join(conflict.messages))
    return _detail(request, venture_id)


@ventures_router.patch(
    "/{venture_id}/stage-changes/{change_id}",
    response=_ok(VentureDetailOut),
    summary="Correct a recorded stage change",
)
def correct_stage_change(
    request: HttpRequest, venture_id: int, change_id: int, payload: StageChangeCorrection
) -> Any:
    """Secretariat only: the date (kept between its neighbours) and the reason."""
    venture = _detail(request, venture_id)
    if not permissions.can_review(request.user):
        raise PermissionDenied(_("Only the secretariat corrects the stage history."))
    change = StageChange.objects.filter(pk=change_id, venture=venture).first()
    if change is None:
        raise Http404
    services.correct_stage_change(
        actor=request.user, change=change, changed_on=payload.changed_on, reason=payload.reason
    )
    return _detail(request, venture_id)
