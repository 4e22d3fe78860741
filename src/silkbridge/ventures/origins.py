"""Where a venture came from: an accepted introduction, a B2B meeting or a working-group decision.

Meetings and decisions belong to other apps; they are looked up lazily by name and asked for
their `venture_parties()` and `venture_origin_label()`, so this module needs nothing else of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from silkbridge.directory.models import Organisation
from silkbridge.directory.permissions import AnyUser, is_secretariat
from silkbridge.introductions.models import Introduction, IntroductionStatus
from silkbridge.introductions.selectors import member_organisation_ids
from silkbridge.ventures import permissions
from silkbridge.ventures.models import VentureOrigin


@dataclass
class Origin:
    """A resolved origin: its kind, the object and what it suggests for the new venture."""

    kind: str
    introduction: Introduction | None = None
    obj: Any = None
    label: str = ""
    parties: list[Organisation] = field(default_factory=list)
    working_group_id: int | None = None
    # The query parameter that names it on the new-venture page.
    param: str = ""
    object_id: int | None = None

    @property
    def kind_label(self) -> str:
        return str(VentureOrigin(self.kind).label)


MANUAL = Origin(kind=VentureOrigin.MANUAL)
PARAMS = {
    "from_introduction": VentureOrigin.INTRODUCTION,
    "from_meeting": VentureOrigin.B2B_MEETING,
    "from_decision": VentureOrigin.WORKING_GROUP_DECISION,
}


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        raise Http404 from None


def _get(queryset, pk: Any):
    """One object from a queryset or manager by id; a bad or unknown id is a 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _require_party(user: AnyUser, organisations: list[Organisation]) -> None:
    """A meeting is private to its two sides: to anyone else it does not exist (404)."""
    if is_secretariat(user):
        return
    if not member_organisation_ids(user) & {o.pk for o in organisations}:
        raise Http404


def from_introduction(user: AnyUser, pk: Any) -> Origin:
    introduction = _get(Introduction.objects.select_related("org_a", "org_b"), pk)
    parties = [introduction.org_a, introduction.org_b]
    mine = member_organisation_ids(user)
    if not (is_secretariat(user) or mine & {o.pk for o in parties}):
        raise Http404  # an introduction is private to its two sides
    if introduction.status != IntroductionStatus.ACCEPTED:
        raise PermissionDenied(
            _("A venture can start only from an introduction both sides have accepted.")
        )
    return Origin(
        kind=VentureOrigin.INTRODUCTION,
        introduction=introduction,
        obj=introduction,
        label=f"{introduction.org_a.name} ↔ {introduction.org_b.name}",
        parties=parties,
        param="from_introduction",
        object_id=introduction.pk,
    )


def from_meeting(user: AnyUser, pk: Any) -> Origin:
    meeting = _get(_model("forums.Meeting")._default_manager, pk)
    parties = list(meeting.venture_parties())
    _require_party(user, parties)
    return Origin(
        kind=VentureOrigin.B2B_MEETING,
        obj=meeting,
        label=str(meeting.venture_origin_label()),
        parties=parties,
        param="from_meeting",
        object_id=meeting.pk,
    )


def _decision_group_id(decision: Any) -> int | None:
    meeting = getattr(decision, "meeting", None)
    return getattr(meeting, "group_id", None)


def from_decision(user: AnyUser, pk: Any) -> Origin:
    decision = _get(_model("workspace.Decision")._default_manager, pk)
    group_id = _decision_group_id(decision)
    if not (is_secretariat(user) or permissions.is_group_member(user, group_id)):
        raise Http404  # a group's records are private to its members, as in the workspace
    return Origin(
        kind=VentureOrigin.WORKING_GROUP_DECISION,
        obj=decision,
        label=str(decision.venture_origin_label()),
        parties=list(decision.venture_parties()),
        working_group_id=group_id,
        param="from_decision",
        object_id=decision.pk,
    )


RESOLVERS = {
    "from_introduction": from_introduction,
    "from_meeting": from_meeting,
    "from_decision": from_decision,
}


def resolve(user: AnyUser, params: dict[str, Any]) -> Origin:
    """The origin named in the query (or body); none named means a manual venture."""
    for name, resolver in RESOLVERS.items():
        value = params.get(name)
        if value not in (None, ""):
            return resolver(user, value)
    return MANUAL
