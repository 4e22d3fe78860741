"""Outcomes over the API: the dashboard's figures and the targets, same selectors and services
and the same permissions as the pages."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from silkbridge.api import ERROR_RESPONSES, Page
from silkbridge.outcomes import permissions, selectors, services
from silkbridge.outcomes.forms import DashboardFilterForm
from silkbridge.outcomes.metrics import METRICS
from silkbridge.outcomes.models import Target
from silkbridge.outcomes.schemas import (
    DashboardFilters,
    DashboardOut,
    MetricOut,
    TargetIn,
    TargetOut,
    TargetPatch,
)
from silkbridge.talent.exchanges.outcomes import talent_outcomes

outcomes_router = Router(tags=["outcomes"])


def _ok(schema: Any) -> dict[int, Any]:
    return {200: schema, **ERROR_RESPONSES}


def _signed_in(request: HttpRequest) -> None:
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied(_("Sign in to see the outcomes."))


def _target_out(progress: selectors.TargetProgress) -> dict:
    t = progress.target
    return {
        "id": t.pk,
        "name": t.name,
        "metric": t.metric,
        "metric_label": str(progress.metric.label),
        "baseline": t.baseline,
        "target_value": t.target_value,
        "period_start": t.period_start,
        "deadline": t.deadline,
        "working_group_id": t.working_group_id,
        "country": t.country.code if t.country else "",
        "description": t.description,
        "value": progress.value,
        "level": progress.level,
        "percent": progress.percent,
        "expected_percent": progress.expected_percent,
        "status": progress.status,
    }


def _data(payload: TargetIn | TargetPatch, partial: bool) -> dict:
    data = payload.dict(exclude_unset=partial)
    if "working_group_id" in data:
        group_id = data.pop("working_group_id")
        group = None
        if group_id is not None:
            model = apps.get_model("workspace", "WorkingGroup")
            group = model.objects.filter(pk=group_id).first()
            if group is None:
                raise ValidationError({"working_group_id": _("No such working group.")})
        data["working_group"] = group
    if partial:
        data = {k: v for k, v in data.items() if v is not None or k == "working_group"}
    return data


def _renamed(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {
            ("working_group_id" if k == "working_group" else k): v
            for k, v in error.error_dict.items()
        }
    )


@outcomes_router.get("/metrics", response=_ok(list[MetricOut]), summary="Computable metrics")
def list_metrics(request: HttpRequest) -> Any:
    """What a target can measure, and how each figure is counted."""
    _signed_in(request)
    return [
        {
            "key": m.key,
            "label": str(m.label),
            "explanation": str(m.explanation),
            "unit": m.unit,
            "cumulative": m.cumulative,
            "per_group": m.per_group,
        }
        for m in METRICS.values()
    ]


@outcomes_router.get("/dashboard", response=_ok(DashboardOut), summary="Dashboard figures")
def dashboard(request: HttpRequest, filters: Query[DashboardFilters]) -> Any:
    """Every figure and table of the dashboard for a period (the current year by default) and
    a working group; confidential ventures are counted, and named only to those who may see
    them."""
    _signed_in(request)
    params = {k: v for k, v in filters.dict().items() if v is not None}
    form = DashboardFilterForm(params)
    if params and not form.is_valid():
        raise ValidationError(form.errors.as_data())
    scope = form.scope()
    board = selectors.dashboard(request.user, scope)
    return {
        "start": scope.start,
        "end": scope.end,
        "working_group_id": scope.group_id,
        "key_figures": [
            {"metric": m.key, "label": str(m.label), "value": value, "unit": m.unit}
            for m, value in board.key_figures
        ],
        "tables": [
            {
                "key": s.key,
                "title": s.title,
                "label_header": s.label_header,
                "value_headers": s.value_headers,
                "rows": [{"label": label, "values": values} for label, values in s.rows],
            }
            for s in board.tables.values()
        ],
        "targets": [_target_out(p) for p in board.targets],
        "notable": [
            {
                "id": n.venture.pk,
                "title": n.venture.title,
                "kind": n.venture.kind,
                "stage": n.venture.stage,
                "parties": n.parties,
                "value_usd": n.venture.value_usd,
                "jobs_created": n.venture.jobs_created,
                "people_exchanged": n.venture.people_exchanged,
                "confidential": n.venture.confidential,
                "signed_on": n.signed_on,
            }
            for n in board.notable
        ],
        "talent": talent_outcomes(),
    }


@outcomes_router.get("/targets", response=_ok(list[TargetOut]), summary="Targets")
@paginate(Page)
def list_targets(request: HttpRequest) -> Any:
    """Every target with its value computed from the data."""
    _signed_in(request)
    targets = Target.objects.select_related("working_group").order_by("-deadline", "name", "pk")
    return _ProgressList(targets)


class _ProgressList:
    """A queryset-like list for the paginator: counts in SQL, computes only the page's rows."""

    def __init__(self, queryset) -> None:
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        cache: dict = {}
        return [_target_out(selectors.progress_of(t, cache=cache)) for t in self.queryset[item]]


@outcomes_router.get("/targets/{target_id}", response=_ok(TargetOut), summary="A target")
def get_target(request: HttpRequest, target_id: int) -> Any:
    _signed_in(request)
    return _target_out(selectors.progress_of(get_object_or_404(Target, pk=target_id)))


@outcomes_router.post(
    "/targets", response={201: TargetOut, **ERROR_RESPONSES}, summary="Set a target"
)
def create_target(request: HttpRequest, payload: TargetIn) -> Any:
    """Secretariat: a new target; the value is computed, never sent."""
    try:
        target = services.create_target(actor=request.user, data=_data(payload, partial=False))
    except ValidationError as error:
        raise _renamed(error) from error
    return Status(201, _target_out(selectors.progress_of(target)))


@outcomes_router.patch("/targets/{target_id}", response=_ok(TargetOut), summary="Change a target")
def update_target(request: HttpRequest, target_id: int, payload: TargetPatch) -> Any:
    if not permissions.can_manage_targets(request.user):
        raise PermissionDenied(_("Only the secretariat sets targets."))
    target = get_object_or_404(Target, pk=target_id)
    try:
        target = services.update_target(
            actor=request.user, target=target, data=_data(payload, partial=True)
        )
    except ValidationError as error:
        raise _renamed(error) from error
    return _target_out(selectors.progress_of(target))


@outcomes_router.delete(
    "/targets/{target_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete a target"
)
def delete_target(request: HttpRequest, target_id: int) -> Any:
    if not permissions.can_manage_targets(request.user):
        raise PermissionDenied(_("Only the secretariat sets targets."))
    target = Target.objects.filter(pk=target_id).first()
    if target is None:
        raise Http404
    services.delete_target(actor=request.user, target=target)
    return Status(204, None)
