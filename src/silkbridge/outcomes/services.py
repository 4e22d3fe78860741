"""Writing targets: the same checks for the pages and the API, nothing saved on an error."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from silkbridge.directory.permissions import AnyUser
from silkbridge.outcomes import permissions
from silkbridge.outcomes.metrics import METRICS
from silkbridge.outcomes.models import Target
from silkbridge.outcomes.periods import check_in_range

FIELDS = (
    "name",
    "metric",
    "baseline",
    "target_value",
    "period_start",
    "deadline",
    "working_group",
    "country",
    "description",
)


def validate_target(target: Target) -> None:
    """Field checks, then the rules between fields; every problem at once, per field."""
    errors: dict[str, list[str]] = {}
    exclude = []
    if target.metric not in METRICS:
        errors["metric"] = [
            _("Unknown metric “%(metric)s”: choose one from the list.") % {"metric": target.metric}
        ]
        exclude.append("metric")
    try:
        target.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    for name in ("period_start", "deadline"):
        try:
            check_in_range(getattr(target, name))
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)
    limit = Target._meta.get_field("description").max_length
    if len(target.description or "") > limit:
        # A text field's length is not checked by the model itself.
        errors.setdefault("description", []).append(
            _("Please keep it under %(limit)d characters.") % {"limit": limit}
        )
    if target.period_start and target.deadline and target.deadline <= target.period_start:
        errors.setdefault("deadline", []).append(_("The deadline must be after the period start."))
    if (
        target.baseline is not None
        and target.target_value is not None
        and "target_value" not in errors
        and target.target_value <= target.baseline
    ):
        errors.setdefault("target_value", []).append(_("The target must be above the baseline."))
    metric = METRICS.get(target.metric)
    if metric and target.working_group_id and not metric.per_group:
        errors.setdefault("working_group", []).append(
            _("“%(metric)s” is not counted per working group: leave the group empty.")
            % {"metric": metric.label}
        )
    if target.country and target.country not in settings.SILKBRIDGE_COUNTRIES:
        errors.setdefault("country", []).append(_("Choose one of the working group's countries."))
    if errors:
        raise ValidationError(errors)


def _check(actor: AnyUser) -> None:
    if not permissions.can_manage_targets(actor):
        raise PermissionDenied(_("Only the secretariat sets targets."))


@transaction.atomic
def create_target(*, actor: AnyUser, data: dict[str, Any]) -> Target:
    _check(actor)
    target = Target(created_by=actor)
    for name in FIELDS:
        if name in data:
            setattr(target, name, data[name])
    validate_target(target)
    target.save()
    return target


@transaction.atomic
def update_target(*, actor: AnyUser, target: Target, data: dict[str, Any]) -> Target:
    _check(actor)
    for name in FIELDS:
        if name in data:
            setattr(target, name, data[name])
    validate_target(target)
    target.save()
    return target


def delete_target(*, actor: AnyUser, target: Target) -> None:
    _check(actor)
    target.delete()
