"""Writes for working groups: members, meetings, minutes and documents.

Every function checks permissions itself, validates everything before writing (a field error
leaves the database unchanged), and records notifications in the same transaction. Decisions
and action items live in `actions.py`, the periodic reminders in `reminders.py`.
"""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.core.uploads import validate_attachment
from silkbridge.directory.models import Organisation
from silkbridge.introductions.selectors import member_organisation_ids
from silkbridge.notifications.services import notify
from silkbridge.workspace import permissions, selectors
from silkbridge.workspace.actions import (  # noqa: F401  (one import path for callers)
    add_comment,
    create_action_item,
    record_decision,
    set_action_status,
)
from silkbridge.workspace.models import (
    MINUTES_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    AgendaItem,
    Attendance,
    GroupDocument,
    GroupMeeting,
    GroupMembership,
    GroupOrganisation,
    MeetingStatus,
    Role,
    WorkingGroup,
)
from silkbridge.workspace.permissions import require_manager
from silkbridge.workspace.reminders import (  # noqa: F401
    remind_meetings,
    remind_overdue_actions,
)
from silkbridge.workspace.validation import (
    clean_text,
    clean_time_zone,
    field_error,
    meeting_time_errors,
)

# Path segments of /groups/… that a group's short name must not take.
RESERVED_SLUGS = {"new", "feed", "actions", "meetings", "members", "documents"}
MEETING_FIELDS = ("title", "starts_at", "ends_at", "time_zone", "place", "video_link")
# An agenda people can get through in one meeting (and a typing mistake of thousands of lines).
MAX_AGENDA_ITEMS = 50


# --- groups and members ------------------------------------------------------------------------


def create_group(
    *,
    actor: User,
    name: str,
    description: str = "",
    parent: WorkingGroup | None = None,
    slug: str = "",
) -> WorkingGroup:
    if not permissions.can_create_group(actor):
        raise PermissionDenied(_("Only the secretariat can create working groups."))
    name = clean_text(name, field="name", max_length=200, required=True)
    description = clean_text(description, field="description", max_length=TEXT_MAX_LENGTH)
    slug = slugify(slug or name)[:80]
    if not slug:
        raise field_error("name", _("Use letters or digits in the name."), "invalid")
    if slug in RESERVED_SLUGS or WorkingGroup.objects.filter(slug=slug).exists():
        raise field_error("name", _("A working group with this name already exists."), "unique")
    try:
        with transaction.atomic():
            return WorkingGroup.objects.create(
                name=name, slug=slug, description=description, parent=parent
            )
    except IntegrityError as error:
        raise field_error(
            "name", _("A working group with this name already exists."), "unique"
        ) from error


def _organisation_for(user: User, organisation: Organisation | None) -> Organisation | None:
    """The organisation the member speaks for: one of theirs; their only one if not named."""
    theirs = member_organisation_ids(user)
    if organisation is None:
        if len(theirs) == 1:
            return Organisation.objects.get(pk=next(iter(theirs)))
        return None
    if organisation.pk not in theirs:
        raise field_error(
            "organisation",
            _("%(user)s does not belong to %(organisation)s.")
            % {"user": user.get_full_name() or user.email, "organisation": organisation.name},
            "not_member",
        )
    return organisation


def _check_co_chair(group: WorkingGroup, organisation: Organisation | None, exclude=None) -> None:
    """Co-chairs come from both countries: at most one per country, each with an organisation."""
    if organisation is None:
        raise field_error(
            "organisation",
            _("A co-chair speaks for an organisation; choose one."),
            "required",
        )
    others = group.memberships.filter(role=Role.CO_CHAIR, country=str(organisation.country))
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    holder = others.select_related("user").first()
    if holder is not None:
        raise field_error(
            "role",
            _(
                "%(group)s already has a co-chair from %(country)s (%(name)s). A group has one "
                "co-chair per country; make the current one a member first."
            )
            % {
                "group": group.name,
                "country": organisation.country.name,
                "name": holder.user.get_full_name() or holder.user.email,
            },
            "co_chair_taken",
        )


def add_member(
    *,
    actor: User,
    group: WorkingGroup,
    user: User,
    role: str = Role.MEMBER,
    organisation: Organisation | None = None,
) -> GroupMembership:
    require_manager(actor, group)
    if role not in Role.values:
        raise field_error("role", _("Choose a valid role."), "invalid")
    if not user.is_active:
        raise field_error("user", _("This account is not active."), "inactive")
    if group.memberships.filter(user=user).exists():
        raise field_error("user", _("This person is already a member of the group."), "unique")
    organisation = _organisation_for(user, organisation)
    if role == Role.CO_CHAIR:
        _check_co_chair(group, organisation)
    try:
        with transaction.atomic():
            membership = GroupMembership.objects.create(
                group=group, user=user, role=role, organisation=organisation
            )
            if organisation is not None:
                GroupOrganisation.objects.get_or_create(group=group, organisation=organisation)
    except IntegrityError as error:
        # Someone else added the person, or appointed a co-chair, at the same moment.
        raise field_error(
            "role", _("This conflicts with a change made just now; reload and try again."), "race"
        ) from error
    permissions.forget_group_roles(user)
    return membership


def change_role(*, actor: User, membership: GroupMembership, role: str) -> GroupMembership:
    require_manager(actor, membership.group)
    if role not in Role.values:
        raise field_error("role", _("Choose a valid role."), "invalid")
    if role == Role.CO_CHAIR and membership.role != Role.CO_CHAIR:
        _check_co_chair(membership.group, membership.organisation, exclude=membership)
    membership.role = role
    try:
        with transaction.atomic():
            membership.save(update_fields=["role", "country"])
    except IntegrityError as error:
        raise field_error(
            "role", _("This conflicts with a change made just now; reload and try again."), "race"
        ) from error
    permissions.forget_group_roles(membership.user)
    return membership


def remove_member(*, actor: User, membership: GroupMembership) -> None:
    """Leaving a group also ends the member's calendar subscription (the token goes with it)."""
    if not (
        actor.pk == membership.user_id or permissions.can_manage_group(actor, membership.group)
    ):
        raise PermissionDenied(
            _("Only the group's co-chairs, secretaries and the secretariat can do this.")
        )
    membership.delete()
    permissions.forget_group_roles(membership.user)


def add_organisation(
    *, actor: User, group: WorkingGroup, organisation: Organisation
) -> GroupOrganisation:
    require_manager(actor, group)
    link, _created = GroupOrganisation.objects.get_or_create(group=group, organisation=organisation)
    return link


# --- meetings ----------------------------------------------------------------------------------


def clean_meeting(data: dict, *, held: bool | None = False) -> dict:
    """Check every meeting field at once, so the form shows all problems together.

    `held` says which times are allowed: False for a meeting being planned or moved (from now
    on), True for one recorded after it took place, None to leave unchanged times alone.
    """
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict = {}

    def attempt(field: str, check) -> None:
        try:
            cleaned[field] = check()
        except ValidationError as error:
            for name, messages in error.error_dict.items():
                errors.setdefault(name, []).extend(messages)

    attempt(
        "title",
        lambda: clean_text(data.get("title", ""), field="title", max_length=200, required=True),
    )
    attempt("place", lambda: clean_text(data.get("place", ""), field="place", max_length=300))
    attempt("time_zone", lambda: clean_time_zone(data.get("time_zone") or "UTC"))

    def video_link() -> str:
        link = (data.get("video_link") or "").strip()
        if link:
            try:
                URLValidator(schemes=["https", "http"])(link)
            except ValidationError as error:
                raise field_error(
                    "video_link", _("Enter a valid web address."), "invalid"
                ) from error
        return link

    attempt("video_link", video_link)
    for field in ("starts_at", "ends_at"):
        value = data.get(field)
        if not isinstance(value, datetime):
            errors.setdefault(field, []).append(
                ValidationError(_("Enter a date and time."), code="required")
            )
        elif timezone.is_naive(value):
            errors.setdefault(field, []).append(
                ValidationError(_("Give the time with its time zone."), code="naive")
            )
        else:
            cleaned[field] = value
    if (
        "starts_at" in cleaned
        and "ends_at" in cleaned
        and cleaned["ends_at"] <= cleaned["starts_at"]
    ):
        errors.setdefault("ends_at", []).append(
            ValidationError(_("The meeting must end after it starts."), code="ends_before_start")
        )
    elif "starts_at" in cleaned and "ends_at" in cleaned and held is not None:
        for field, messages in meeting_time_errors(
            cleaned["starts_at"], cleaned["ends_at"], held=held
        ).items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _meeting_params(meeting: GroupMeeting) -> dict:
    local = meeting.starts_at.astimezone(ZoneInfo(meeting.time_zone))
    return {
        "title": meeting.title,
        "group": meeting.group.name,
        "date": local.date().isoformat(),
        "time": f"{local:%H:%M} ({meeting.time_zone})",
    }


def _tell_members(meeting: GroupMeeting, kind: str, actor: User | None) -> None:
    notify(
        selectors.member_users(meeting.group),
        kind,
        url=meeting.get_absolute_url(),
        params=_meeting_params(meeting),
        exclude=actor,
    )


def _too_many_agenda_items(field: str) -> ValidationError:
    return field_error(
        field,
        _("A meeting's agenda can have at most %(count)d items.") % {"count": MAX_AGENDA_ITEMS},
        "too_many",
    )


def plan_meeting(
    *,
    actor: User,
    group: WorkingGroup,
    data: dict,
    agenda: list[str] | None = None,
    held: bool = False,
) -> GroupMeeting:
    """Plan a meeting with its agenda and invite the group's members.

    `held=True` records a meeting that already took place (to write up its minutes): it must
    lie in the past, and nobody is invited to it.
    """
    require_manager(actor, group)
    cleaned = clean_meeting(data, held=held)
    titles = [line.strip() for line in agenda or [] if line.strip()]
    if len(titles) > MAX_AGENDA_ITEMS:
        raise _too_many_agenda_items("agenda")
    for title in titles:
        if len(title) > 300:
            raise field_error(
                "agenda", _("Keep each agenda item under 300 characters."), "max_length"
            )
    with transaction.atomic():
        meeting = GroupMeeting.objects.create(group=group, created_by=actor, **cleaned)
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, order=number, title=title)
            for number, title in enumerate(titles, start=1)
        )
        if not held:
            _tell_members(meeting, "group_meeting_invitation", actor)
    return meeting


def update_meeting(*, actor: User, meeting: GroupMeeting, data: dict) -> GroupMeeting:
    """Change a planned meeting; members hear of a new time or place, and are reminded again."""
    require_manager(actor, meeting.group)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is cancelled."), code="cancelled")
    merged = {field: getattr(meeting, field) for field in MEETING_FIELDS} | data
    # New times must lie ahead; a held meeting's title or place may still be corrected.
    retimed = any(merged[f] != getattr(meeting, f) for f in ("starts_at", "ends_at"))
    cleaned = clean_meeting(merged, held=False if retimed else None)
    moved = any(
        cleaned[f] != getattr(meeting, f)
        for f in ("starts_at", "ends_at", "time_zone", "place", "video_link")
    )
    for field, value in cleaned.items():
        setattr(meeting, field, value)
    with transaction.atomic():
        if moved:
            meeting.sequence = F("sequence") + 1
            meeting.reminder_sent_at = None
        meeting.save()
        meeting.refresh_from_db(fields=["sequence"])
        if moved and meeting.status == MeetingStatus.PLANNED:
            _tell_members(meeting, "group_meeting_changed", actor)
    return meeting


def cancel_meeting(*, actor: User, meeting: GroupMeeting) -> GroupMeeting:
    require_manager(actor, meeting.group)
    with transaction.atomic():
        changed = GroupMeeting.objects.filter(pk=meeting.pk, status=MeetingStatus.PLANNED).update(
            status=MeetingStatus.CANCELLED, sequence=F("sequence") + 1
        )
        if not changed:
            raise ValidationError(_("Only a planned meeting can be cancelled."), code="not_planned")
        meeting.refresh_from_db()
        _tell_members(meeting, "group_meeting_cancelled", actor)
    return meeting


def add_agenda_item(
    *, actor: User, meeting: GroupMeeting, title: str, notes: str = ""
) -> AgendaItem:
    require_manager(actor, meeting.group)
    title = clean_text(title, field="title", max_length=300, required=True)
    notes = clean_text(notes, field="notes", max_length=TEXT_MAX_LENGTH)
    if meeting.agenda.count() >= MAX_AGENDA_ITEMS:
        raise _too_many_agenda_items("title")
    last = meeting.agenda.order_by("-order").values_list("order", flat=True).first() or 0
    return AgendaItem.objects.create(meeting=meeting, order=last + 1, title=title, notes=notes)


def record_minutes(
    *, actor: User, meeting: GroupMeeting, minutes: str, present: list[User]
) -> GroupMeeting:
    """Mark the meeting held, keep its minutes and who attended (every member, present or not)."""
    require_manager(actor, meeting.group)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is cancelled."), code="cancelled")
    minutes = clean_text(minutes, field="minutes", max_length=MINUTES_MAX_LENGTH)
    members = {m.user_id: m for m in meeting.group.memberships.all()}
    present_ids = {user.pk for user in present}
    strangers = present_ids - set(members)
    if strangers:
        raise field_error(
            "present", _("Only members of the group can be listed as attending."), "not_member"
        )
    with transaction.atomic():
        meeting.minutes = minutes
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["minutes", "status"])
        for user_id, membership in members.items():
            Attendance.objects.update_or_create(
                meeting=meeting,
                user_id=user_id,
                defaults={
                    "present": user_id in present_ids,
                    "organisation_id": membership.organisation_id,
                },
            )
    return meeting


# --- documents ---------------------------------------------------------------------------------


def upload_document(
    *,
    actor: User,
    group: WorkingGroup,
    upload,
    title: str = "",
    meeting: GroupMeeting | None = None,
) -> GroupDocument:
    """A PDF or image for the group (or one of its meetings), checked by content and size."""
    require_manager(actor, group)
    if meeting is not None and meeting.group_id != group.pk:
        raise field_error("meeting", _("This meeting belongs to another group."), "invalid")
    if upload is None:
        raise field_error("file", _("Choose a file."), "required")
    try:
        content_type = validate_attachment(upload)
    except ValidationError as error:
        raise ValidationError({"file": error}) from error
    name = os.path.basename(upload.name or "file")[:255]
    title = clean_text(title or name, field="title", max_length=200, required=True)
    document = GroupDocument(
        group=group,
        meeting=meeting,
        title=title,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(name, upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document
