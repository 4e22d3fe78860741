"""Decisions and their action items: who owns what, by when, and how far it has come.

Status changes are conditional UPDATEs on the status the user saw, so an owner and a co-chair
changing the same item at once cannot silently overwrite each other.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation
from silkbridge.notifications.services import notify
from silkbridge.workspace import permissions
from silkbridge.workspace.models import (
    MANAGER_ROLES,
    TEXT_MAX_LENGTH,
    ActionComment,
    ActionItem,
    ActionStatus,
    AgendaItem,
    Decision,
    GroupMeeting,
    MeetingStatus,
    WorkingGroup,
)
from silkbridge.workspace.permissions import require_manager
from silkbridge.workspace.validation import clean_text, due_date_error, field_error


def meeting_date(meeting: GroupMeeting) -> date:
    """The meeting's day where it takes place: action items cannot fall due before it."""
    return meeting.starts_at.astimezone(ZoneInfo(meeting.time_zone)).date()


def clean_action(group: WorkingGroup, meeting: GroupMeeting | None, data: dict) -> dict:
    """Check one action item; all its field errors are raised together."""
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message: str, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    cleaned: dict = {}
    try:
        cleaned["title"] = clean_text(
            data.get("title", ""), field="title", max_length=300, required=True
        )
    except ValidationError as error:
        errors.update(error.error_dict)
    try:
        cleaned["description"] = clean_text(
            data.get("description", ""), field="description", max_length=TEXT_MAX_LENGTH
        )
    except ValidationError as error:
        errors.update(error.error_dict)
    due_on = data.get("due_on")
    if not isinstance(due_on, date):
        add("due_on", _("Enter a due date."), "required")
    elif meeting is not None and due_on < meeting_date(meeting):
        add(
            "due_on",
            _("The due date cannot be before the meeting (%(date)s).")
            % {"date": meeting_date(meeting).isoformat()},
            "due_before_meeting",
        )
    elif error := due_date_error(
        due_on, earliest=meeting_date(meeting) if meeting is not None else None
    ):
        errors.setdefault("due_on", []).append(error)
    else:
        cleaned["due_on"] = due_on
    owner: User | None = data.get("owner_user")
    organisation: Organisation | None = data.get("owner_organisation")
    membership = None
    if owner is not None:
        membership = group.memberships.filter(user=owner).first()
        if membership is None:
            add("owner_user", _("The owner must be a member of the group."), "not_member")
    if (
        organisation is not None
        and not group.member_orgs.filter(organisation=organisation).exists()
    ):
        add(
            "owner_organisation",
            _("The organisation must be a member of the group."),
            "not_member",
        )
    if owner is None and organisation is None:
        add("owner_user", _("Name an owner: a person, an organisation, or both."), "required")
    if errors:
        raise ValidationError(errors)
    if organisation is None and membership is not None:
        organisation = membership.organisation
    cleaned["owner_user"] = owner
    cleaned["owner_organisation"] = organisation
    return cleaned


def _tell_owner(item: ActionItem, actor: User) -> None:
    if item.owner_user is not None:
        notify(
            [item.owner_user],
            "action_item_assigned",
            url=item.get_absolute_url(),
            params={"title": item.title, "group": item.group.name, "date": item.due_on.isoformat()},
            exclude=actor,
        )


def create_action_item(
    *, actor: User, group: WorkingGroup, data: dict, decision: Decision | None = None
) -> ActionItem:
    require_manager(actor, group)
    meeting = decision.meeting if decision is not None else None
    if meeting is not None and meeting.group_id != group.pk:
        raise ValidationError(_("This decision belongs to another group."), code="invalid")
    cleaned = clean_action(group, meeting, data)
    with transaction.atomic():
        item = ActionItem.objects.create(
            group=group, decision=decision, created_by=actor, **cleaned
        )
        _tell_owner(item, actor)
    return item


def record_decision(
    *,
    actor: User,
    meeting: GroupMeeting,
    text: str,
    agenda_item: AgendaItem | None = None,
    actions: list[dict] | None = None,
) -> Decision:
    """Record a decision with its action items in one go: any error writes nothing.

    Errors of the n-th action item are reported as `actions.<n>.<field>`.
    """
    group = meeting.group
    require_manager(actor, group)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is cancelled."), code="cancelled")
    errors: dict[str, list[ValidationError]] = {}
    try:
        text = clean_text(text, field="text", max_length=TEXT_MAX_LENGTH, required=True)
    except ValidationError as error:
        errors.update(error.error_dict)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        errors["agenda_item"] = [
            ValidationError(_("This agenda item belongs to another meeting."), code="invalid")
        ]
    cleaned_actions = []
    for number, data in enumerate(actions or []):
        try:
            cleaned_actions.append(clean_action(group, meeting, data))
        except ValidationError as error:
            for field, messages in error.error_dict.items():
                errors[f"actions.{number}.{field}"] = messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        decision = Decision.objects.create(
            meeting=meeting, agenda_item=agenda_item, text=text, created_by=actor
        )
        for cleaned in cleaned_actions:
            item = ActionItem.objects.create(
                group=group, decision=decision, created_by=actor, **cleaned
            )
            _tell_owner(item, actor)
    return decision


def set_action_status(
    *, actor: User, item: ActionItem, status: str, expected: str | None = None
) -> ActionItem:
    """Move an item to a new status; `expected` is the status the user saw (default: current)."""
    if not permissions.can_edit_action(actor, item):
        raise PermissionDenied(_("Only the owner and the group's managers can change this item."))
    if status not in ActionStatus.values:
        raise field_error("status", _("Choose a valid status."), "invalid")
    seen = expected or item.status
    if status == seen:
        return item
    now = timezone.now()
    with transaction.atomic():
        changed = ActionItem.objects.filter(pk=item.pk, status=seen).update(
            status=status,
            completed_at=now if status == ActionStatus.DONE else None,
            updated_at=now,
        )
        if not changed:
            raise ValidationError(
                _("Someone changed this action item just now; reload to see its status."),
                code="conflict",
            )
        item.refresh_from_db()
        if status == ActionStatus.DONE:
            managers = User.objects.filter(
                is_active=True,
                group_memberships__group=item.group,
                group_memberships__role__in=MANAGER_ROLES,
            )
            notify(
                managers,
                "action_item_done",
                url=item.get_absolute_url(),
                params={"title": item.title, "group": item.group.name},
                exclude=actor,
            )
    return item


def add_comment(*, actor: User, item: ActionItem, text: str) -> ActionComment:
    if not permissions.can_edit_action(actor, item):
        raise PermissionDenied(_("Only the owner and the group's managers can comment here."))
    text = clean_text(text, field="text", max_length=TEXT_MAX_LENGTH, required=True)
    with transaction.atomic():
        comment = ActionComment.objects.create(action_item=item, author=actor, text=text)
        recipients = [u for u in (item.owner_user, item.created_by) if u is not None]
        notify(
            recipients,
            "action_item_comment",
            url=item.get_absolute_url(),
            params={"title": item.title, "author": actor.get_full_name() or actor.email},
            exclude=actor,
        )
    return comment
