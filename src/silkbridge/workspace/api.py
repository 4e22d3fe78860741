"""Working groups over the API, at /api/v1/groups: the same selectors, services and permission
checks as the pages. Literal paths (/actions, /meetings) come before /{slug}."""

from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from silkbridge.accounts.models import User
from silkbridge.api import ERROR_RESPONSES, Page
from silkbridge.directory.models import Organisation
from silkbridge.workspace import permissions, selectors, services
from silkbridge.workspace.models import ActionStatus, WorkingGroup
from silkbridge.workspace.schemas import (
    ActionDetailOut,
    ActionIn,
    ActionOut,
    AgendaIn,
    AgendaOut,
    CommentOut,
    DecisionOut,
    GroupCommentIn,
    GroupDecisionIn,
    GroupIn,
    GroupOrganisationIn,
    GroupOrganisationRef,
    GroupOut,
    GroupOverviewFilters,
    GroupStatusIn,
    MeetingDetailOut,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    MemberIn,
    MemberOut,
    MinutesIn,
    MyActionFilters,
)

workspace_router = Router(tags=["working groups"])

ID_FIELDS = {"owner_user": "owner_user_id", "owner_organisation": "owner_organisation_id"}


def _ok(schema: Any) -> dict[int, Any]:
    return {200: schema, **ERROR_RESPONSES}


def _created(schema: Any) -> dict[int, Any]:
    return {201: schema, **ERROR_RESPONSES}


@contextmanager
def renamed_fields(names: dict[str, str]):
    """Report a service's field errors under the API's input names (owner_user → …_id)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        renamed = {}
        for field, errors in error.error_dict.items():
            head, _dot, last = field.rpartition(".")
            last = names.get(last, last)
            renamed[f"{head}.{last}" if head else last] = errors
        raise ValidationError(renamed) from error


def _user(field: str, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationError({field: _("No such user.")}, code="invalid")
    return user


def _organisation(field: str, organisation_id: int | None) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise ValidationError({field: _("No such organisation.")}, code="invalid")
    return organisation


def _meeting_data(payload: dict) -> dict:
    """Times without an offset are read in the meeting's own time zone."""
    data = dict(payload)
    try:
        zone = ZoneInfo(data.get("time_zone") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")  # the service reports the time zone field itself
    for field in ("starts_at", "ends_at"):
        value = data.get(field)
        if value is not None and timezone.is_naive(value):
            data[field] = value.replace(tzinfo=zone)
    return data


# --- action items ------------------------------------------------------------------------------


@workspace_router.get("/actions/mine", response=_ok(list[ActionOut]), summary="My action items")
@paginate(Page)
def my_actions(request: HttpRequest, filters: Query[MyActionFilters]) -> Any:
    """Items you own and items owned by your organisations; open ones unless `all`."""
    return selectors.my_action_items(request.user, open_only=not filters.all)


@workspace_router.get(
    "/actions", response=_ok(list[ActionOut]), summary="Every action item (secretariat)"
)
@paginate(Page)
def overview(request: HttpRequest, filters: Query[GroupOverviewFilters]) -> Any:
    if not permissions.can_see_overview(request.user):
        raise PermissionDenied(_("Only the secretariat can do this."))
    if filters.status and filters.status not in ActionStatus.values:
        raise ValidationError({"status": _("Select a valid choice.")}, code="invalid_choice")
    group = None
    if filters.group:
        group = WorkingGroup.objects.filter(slug=filters.group).first()
        if group is None:
            raise ValidationError({"group": _("No such working group.")}, code="invalid")
    return selectors.overview(group=group, status=filters.status, overdue=filters.overdue)


@workspace_router.get("/actions/{action_id}", response=_ok(ActionDetailOut), summary="Read one")
def get_action(request: HttpRequest, action_id: int) -> Any:
    return selectors.get_action(request.user, action_id)


@workspace_router.post(
    "/actions/{action_id}/status", response=_ok(ActionDetailOut), summary="Change the status"
)
def set_status(request: HttpRequest, action_id: int, payload: GroupStatusIn) -> Any:
    """The owner and the group's managers; `expected` guards against overwriting a change."""
    item = selectors.get_action(request.user, action_id)
    services.set_action_status(
        actor=request.user, item=item, status=payload.status, expected=payload.expected
    )
    return selectors.get_action(request.user, action_id)


@workspace_router.post(
    "/actions/{action_id}/comments", response=_created(CommentOut), summary="Comment"
)
def comment(request: HttpRequest, action_id: int, payload: GroupCommentIn) -> Any:
    item = selectors.get_action(request.user, action_id)
    return Status(201, services.add_comment(actor=request.user, item=item, text=payload.text))


# --- meetings ----------------------------------------------------------------------------------


@workspace_router.get(
    "/meetings/{meeting_id}", response=_ok(MeetingDetailOut), summary="Read a meeting"
)
def get_meeting(request: HttpRequest, meeting_id: int) -> Any:
    return selectors.get_meeting(request.user, meeting_id)


@workspace_router.patch(
    "/meetings/{meeting_id}", response=_ok(MeetingDetailOut), summary="Change a meeting"
)
def update_meeting(request: HttpRequest, meeting_id: int, payload: MeetingPatch) -> Any:
    """Members are told of a new time or place, and reminded again before it."""
    meeting = selectors.get_meeting(request.user, meeting_id)
    changes = payload.dict(exclude_unset=True)
    changes.setdefault("time_zone", meeting.time_zone)
    services.update_meeting(actor=request.user, meeting=meeting, data=_meeting_data(changes))
    return selectors.get_meeting(request.user, meeting_id)


@workspace_router.post(
    "/meetings/{meeting_id}/cancel", response=_ok(MeetingDetailOut), summary="Cancel a meeting"
)
def cancel_meeting(request: HttpRequest, meeting_id: int) -> Any:
    meeting = selectors.get_meeting(request.user, meeting_id)
    services.cancel_meeting(actor=request.user, meeting=meeting)
    return selectors.get_meeting(request.user, meeting_id)


@workspace_router.post(
    "/meetings/{meeting_id}/minutes", response=_ok(MeetingDetailOut), summary="Record minutes"
)
def record_minutes(request: HttpRequest, meeting_id: int, payload: MinutesIn) -> Any:
    """Marks the meeting held; `present` lists the members who attended."""
    meeting = selectors.get_meeting(request.user, meeting_id)
    present = list(User.objects.filter(pk__in=payload.present))
    if len(present) != len(set(payload.present)):
        raise ValidationError({"present": _("No such user.")}, code="invalid")
    services.record_minutes(
        actor=request.user, meeting=meeting, minutes=payload.minutes, present=present
    )
    return selectors.get_meeting(request.user, meeting_id)


@workspace_router.post(
    "/meetings/{meeting_id}/decisions",
    response=_created(DecisionOut),
    summary="Record a decision with its action items",
)
def record_decision(request: HttpRequest, meeting_id: int, payload: GroupDecisionIn) -> Any:
    """All or nothing: an error in any action item (reported as `actions.<n>.<field>`)
    records nothing."""
    meeting = selectors.get_meeting(request.user, meeting_id)
    permissions.require_manager(request.user, meeting.group)
    agenda_item = None
    if payload.agenda_item_id is not None:
        agenda_item = meeting.agenda.filter(pk=payload.agenda_item_id).first()
        if agenda_item is None:
            raise ValidationError({"agenda_item_id": _("No such agenda item in this meeting.")})
    actions = []
    for number, action in enumerate(payload.actions):
        prefix = f"actions.{number}."
        actions.append(
            {
                "title": action.title,
                "description": action.description,
                "due_on": action.due_on,
                "owner_user": _user(f"{prefix}owner_user_id", action.owner_user_id),
                "owner_organisation": _organisation(
                    f"{prefix}owner_organisation_id", action.owner_organisation_id
                ),
            }
        )
    with renamed_fields(ID_FIELDS | {"agenda_item": "agenda_item_id"}):
        decision = services.record_decision(
            actor=request.user,
            meeting=meeting,
            text=payload.text,
            agenda_item=agenda_item,
            actions=actions,
        )
    return Status(201, selectors.meeting_decisions(meeting).get(pk=decision.pk))


# --- groups ------------------------------------------------------------------------------------


@workspace_router.get("", response=_ok(list[GroupOut]), summary="My working groups")
@paginate(Page)
def list_groups(request: HttpRequest) -> Any:
    """Every group for the secretariat; your own groups otherwise."""
    return selectors.groups_for(request.user).order_by("name", "id")


@workspace_router.post("", response=_created(GroupOut), summary="Create a group (secretariat)")
def create_group(request: HttpRequest, payload: GroupIn) -> Any:
    parent = None
    if payload.parent:
        parent = WorkingGroup.objects.filter(slug=payload.parent).first()
        if parent is None:
            raise ValidationError({"parent": _("No such working group.")}, code="invalid")
    group = services.create_group(
        actor=request.user, name=payload.name, description=payload.description, parent=parent
    )
    return Status(201, group)


@workspace_router.get("/{slug}", response=_ok(GroupOut), summary="Read a group")
def get_group(request: HttpRequest, slug: str) -> Any:
    return selectors.get_group(request.user, slug)


@workspace_router.get("/{slug}/members", response=_ok(list[MemberOut]), summary="Members")
@paginate(Page)
def list_members(request: HttpRequest, slug: str) -> Any:
    return selectors.memberships_of(selectors.get_group(request.user, slug))


@workspace_router.post("/{slug}/members", response=_created(MemberOut), summary="Add a member")
def add_member(request: HttpRequest, slug: str, payload: MemberIn) -> Any:
    group = selectors.get_group(request.user, slug)
    permissions.require_manager(request.user, group)
    user = _user("user_id", payload.user_id)
    organisation = _organisation("organisation_id", payload.organisation_id)
    with renamed_fields({"user": "user_id", "organisation": "organisation_id"}):
        membership = services.add_member(
            actor=request.user, group=group, user=user, role=payload.role, organisation=organisation
        )
    return Status(201, membership)


@workspace_router.get(
    "/{slug}/organisations",
    response=_ok(list[GroupOrganisationRef]),
    summary="Member organisations",
)
@paginate(Page)
def list_organisations(request: HttpRequest, slug: str) -> Any:
    group = selectors.get_group(request.user, slug)
    return Organisation.objects.filter(working_groups__group=group).order_by("name", "id")


@workspace_router.post(
    "/{slug}/organisations", response=_created(GroupOrganisationRef), summary="Add an organisation"
)
def add_organisation(request: HttpRequest, slug: str, payload: GroupOrganisationIn) -> Any:
    group = selectors.get_group(request.user, slug)
    permissions.require_manager(request.user, group)
    organisation = _organisation("organisation_id", payload.organisation_id)
    services.add_organisation(actor=request.user, group=group, organisation=organisation)
    return Status(201, organisation)


@workspace_router.get("/{slug}/meetings", response=_ok(list[MeetingOut]), summary="Meetings")
@paginate(Page)
def list_meetings(request: HttpRequest, slug: str) -> Any:
    group = selectors.get_group(request.user, slug)
    return group.meetings.select_related("group").order_by("-starts_at", "-id")


@workspace_router.post(
    "/{slug}/meetings", response=_created(MeetingDetailOut), summary="Plan a meeting"
)
def plan_meeting(request: HttpRequest, slug: str, payload: MeetingIn) -> Any:
    """The group's members are invited through their notifications."""
    group = selectors.get_group(request.user, slug)
    data = payload.dict()
    agenda = data.pop("agenda")
    meeting = services.plan_meeting(
        actor=request.user, group=group, data=_meeting_data(data), agenda=agenda
    )
    return Status(201, selectors.get_meeting(request.user, meeting.pk))


@workspace_router.post(
    "/{slug}/actions", response=_created(ActionDetailOut), summary="Add an action item"
)
def create_action(request: HttpRequest, slug: str, payload: ActionIn) -> Any:
    """An action item that no recorded decision produced (decisions add their own)."""
    group = selectors.get_group(request.user, slug)
    permissions.require_manager(request.user, group)
    data = {
        "title": payload.title,
        "description": payload.description,
        "due_on": payload.due_on,
        "owner_user": _user("owner_user_id", payload.owner_user_id),
        "owner_organisation": _organisation("owner_organisation_id", payload.owner_organisation_id),
    }
    with renamed_fields(ID_FIELDS):
        item = services.create_action_item(actor=request.user, group=group, data=data)
    return Status(201, selectors.get_action(request.user, item.pk))


@workspace_router.post(
    "/meetings/{meeting_id}/agenda", response=_created(AgendaOut), summary="Add an agenda item"
)
def add_agenda_item(request: HttpRequest, meeting_id: int, payload: AgendaIn) -> Any:
    meeting = selectors.get_meeting(request.user, meeting_id)
    item = services.add_agenda_item(
        actor=request.user, meeting=meeting, title=payload.title, notes=payload.notes
    )
    return Status(201, item)


@workspace_router.get(
    "/{slug}/actions", response=_ok(list[ActionOut]), summary="A group's open action items"
)
@paginate(Page)
def group_actions(request: HttpRequest, slug: str) -> Any:
    return selectors.action_items_of(selectors.get_group(request.user, slug))
