"""JSON shapes of working groups, meetings and action items."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Schema

from silkbridge.workspace.models import ActionItem, GroupMeeting, GroupMembership, WorkingGroup


class GroupOrganisationRef(Schema):
    id: int
    name: str
    country: str

    @staticmethod
    def resolve_country(obj) -> str:
        return str(obj.country)


class GroupOrganisationIn(Schema):
    organisation_id: int


class GroupOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    parent: str | None = Field(description="Slug of the parent group, for a sub-group.")
    is_active: bool
    created_at: datetime

    @staticmethod
    def resolve_parent(obj: WorkingGroup) -> str | None:
        return obj.parent.slug if obj.parent_id else None


class GroupIn(Schema):
    name: str
    description: str = ""
    parent: str | None = Field(None, description="Slug of the parent group.")


class MemberOut(Schema):
    id: int
    user_id: int
    name: str
    role: str = Field(description="co_chair, secretary or member.")
    organisation: GroupOrganisationRef | None

    @staticmethod
    def resolve_name(obj: GroupMembership) -> str:
        return obj.user.get_full_name() or obj.user.email


class MemberIn(Schema):
    user_id: int
    role: str = "member"
    organisation_id: int | None = Field(
        None, description="Needed only when the person belongs to several organisations."
    )


class MeetingOut(Schema):
    id: int
    group: str
    title: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    place: str
    video_link: str
    status: str = Field(description="planned, held or cancelled.")

    @staticmethod
    def resolve_group(obj: GroupMeeting) -> str:
        return obj.group.slug


class MeetingIn(Schema):
    title: str
    starts_at: datetime = Field(
        description="ISO 8601; without an offset it is read in the meeting's time zone."
    )
    ends_at: datetime
    time_zone: str = "UTC"
    place: str = ""
    video_link: str = ""
    agenda: list[str] = Field(default_factory=list, description="Agenda item titles, in order.")


class MeetingPatch(Schema):
    title: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    time_zone: str | None = None
    place: str | None = None
    video_link: str | None = None


class MinutesIn(Schema):
    minutes: str = ""
    present: list[int] = Field(default_factory=list, description="User ids of those present.")


class AgendaOut(Schema):
    id: int
    order: int
    title: str
    notes: str


class AgendaIn(Schema):
    title: str
    notes: str = ""


class ActionOut(Schema):
    id: int
    group: str
    decision_id: int | None
    title: str
    description: str
    owner_user_id: int | None
    owner_name: str
    owner_organisation: GroupOrganisationRef | None
    due_on: date
    status: str = Field(description="open, in_progress, done or cancelled.")
    overdue: bool
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_group(obj: ActionItem) -> str:
        return obj.group.slug

    @staticmethod
    def resolve_owner_name(obj: ActionItem) -> str:
        user = obj.owner_user
        return (user.get_full_name() or user.email) if user else ""

    @staticmethod
    def resolve_overdue(obj: ActionItem) -> bool:
        return obj.is_overdue(timezone.localdate())


class CommentOut(Schema):
    id: int
    author: str
    text: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj) -> str:
        return (obj.author.get_full_name() or obj.author.email) if obj.author else ""


class ActionDetailOut(ActionOut):
    comments: list[CommentOut]

    @staticmethod
    def resolve_comments(obj: ActionItem) -> list:
        return list(obj.comments.select_related("author"))


class DecisionOut(Schema):
    id: int
    text: str
    agenda_item_id: int | None
    created_at: datetime
    action_items: list[ActionOut]

    @staticmethod
    def resolve_action_items(obj) -> list:
        return list(obj.action_items.all())


class AttendanceOut(Schema):
    user_id: int
    present: bool


class MeetingDetailOut(MeetingOut):
    minutes: str
    agenda: list[AgendaOut]
    attendance: list[AttendanceOut]
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_agenda(obj: GroupMeeting) -> list:
        return list(obj.agenda.all())

    @staticmethod
    def resolve_attendance(obj: GroupMeeting) -> list:
        return list(obj.attendance.all())

    @staticmethod
    def resolve_decisions(obj: GroupMeeting) -> list:
        from silkbridge.workspace.selectors import meeting_decisions

        return list(meeting_decisions(obj))


class ActionIn(Schema):
    title: str
    due_on: date
    owner_user_id: int | None = None
    owner_organisation_id: int | None = None
    description: str = ""


class GroupDecisionIn(Schema):
    text: str
    agenda_item_id: int | None = None
    actions: list[ActionIn] = Field(default_factory=list)


class GroupStatusIn(Schema):
    status: str = Field(description="open, in_progress, done or cancelled.")
    expected: str | None = Field(
        None, description="The status you saw; the change fails if someone changed it since."
    )


class GroupCommentIn(Schema):
    text: str


class GroupOverviewFilters(Schema):
    group: str | None = Field(None, description="Slug of a group.")
    status: str = ""
    overdue: bool = False


class MyActionFilters(Schema):
    all: bool = Field(False, description="Include done and cancelled items.")
