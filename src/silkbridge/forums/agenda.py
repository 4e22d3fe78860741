"""A participant's agenda: their meetings in time order, with the partner, where to meet and why.

The page, the printable PDF, the iCalendar file and the API all render the same `Agenda`, so the
four never disagree. An agenda is the organisation's (every meeting, each saying who attends) or
one representative's (only the meetings that person attends). Times are kept in UTC and
converted for display to the event's time zone and to the viewer's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from silkbridge.directory.models import Organisation
from silkbridge.directory.permissions import AnyUser
from silkbridge.forums.models import Event, Meeting, MeetingStatus, Participant

#: Meetings a participant sees: a draft schedule is the organiser's until it is published.
AGENDA_STATUSES = (MeetingStatus.PUBLISHED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)


def zone(name: str | None) -> ZoneInfo:
    """The named time zone, or UTC when the name is empty or unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@dataclass(frozen=True)
class AgendaRow:
    """One meeting as its participant sees it."""

    meeting_id: int
    starts_at: datetime
    ends_at: datetime
    partner: Organisation
    partner_participant_id: int
    table: int | None
    virtual: bool
    video_link: str
    status: str
    status_label: str
    walk_in: bool
    #: Why these two meet: the matching engine's reasons, else the request's message.
    reasons: tuple[str, ...] = ()
    reason_source: str = ""  # "matching", "request" or ""
    #: The representative who attends for this participant: user id and name.
    attendee_id: int | None = None
    attendee: str = ""
    event_tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    viewer_tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))

    @property
    def event_start(self) -> datetime:
        return self.starts_at.astimezone(self.event_tz)

    @property
    def event_end(self) -> datetime:
        return self.ends_at.astimezone(self.event_tz)

    @property
    def viewer_start(self) -> datetime:
        return self.starts_at.astimezone(self.viewer_tz)

    @property
    def viewer_end(self) -> datetime:
        return self.ends_at.astimezone(self.viewer_tz)

    @property
    def partner_url(self) -> str:
        return self.partner.get_absolute_url()

    @property
    def started(self) -> bool:
        """Whether it can be marked held or no-show yet."""
        return self.starts_at <= timezone.now()

    @property
    def feedback_open(self) -> bool:
        """Feedback is taken once a meeting was held, or its published slot is over."""
        return self.status == MeetingStatus.HELD or (
            self.status == MeetingStatus.PUBLISHED and self.ends_at <= timezone.now()
        )

    @property
    def uid(self) -> str:
        """Stable per meeting, so a calendar that imports the file again updates the entry."""
        return f"forum-meeting-{self.meeting_id}@silkbridge"


@dataclass(frozen=True)
class Agenda:
    event: Event
    participant: Participant
    rows: list[AgendaRow]
    event_tz: ZoneInfo
    viewer_tz: ZoneInfo
    #: The person whose agenda this is (user id and name); None for the whole organisation.
    person_id: int | None = None
    person: str = ""
    #: The participant's representatives (user id, name), to choose a person's agenda.
    people: tuple[tuple[int, str], ...] = ()

    @property
    def same_zone(self) -> bool:
        """Whether the viewer's clock reads the same as the event's for every meeting."""
        if self.event_tz.key == self.viewer_tz.key:
            return True
        return bool(self.rows) and all(
            r.event_start.utcoffset() == r.viewer_start.utcoffset() for r in self.rows
        )

    @property
    def days(self) -> list[tuple[object, list[AgendaRow]]]:
        """Rows grouped by the event's calendar day."""
        grouped: dict = {}
        for row in self.rows:
            grouped.setdefault(row.event_start.date(), []).append(row)
        return list(grouped.items())


def agenda_url(participant: Participant, person_id: int | None = None) -> str:
    url = reverse("forums:agenda", kwargs={"slug": participant.event.slug, "pk": participant.pk})
    return f"{url}?person={person_id}" if person_id else url


def meetings_of(participant: Participant, statuses: tuple[str, ...] = AGENDA_STATUSES):
    return (
        Meeting.objects.filter(Q(a=participant) | Q(b=participant), status__in=statuses)
        .select_related(
            "slot",
            "request",
            "a__organisation",
            "b__organisation",
            "a_representative__user",
            "b_representative__user",
        )
        .order_by("slot__starts_at", "table", "pk")
    )


def person_name(user) -> str:
    return user.get_full_name() or user.email


def representatives_of(participant: Participant) -> tuple[tuple[int, str], ...]:
    """(user id, name) of the participant's representatives, in the order they were named."""
    reps = participant.representatives.select_related("user").order_by("pk")
    return tuple((rep.user_id, person_name(rep.user)) for rep in reps)


def _matching_reasons(user: AnyUser, organisation: Organisation) -> dict[int, list[str]]:
    """Reasons the matching engine gives for this organisation's recommended partners, keyed by
    partner id; empty when the reader may not see recommendations or the index is not ready."""
    from silkbridge.matching import permissions as matching_permissions
    from silkbridge.matching import selectors as matching_selectors
    from silkbridge.matching.services import IndexUnavailable

    if not matching_permissions.can_view_recommendations(user, organisation):
        return {}
    try:
        shown = matching_selectors.recommended_partners(user, organisation, 50)
    except IndexUnavailable:
        return {}
    return {s.target_id: list(s.reasons) for s in shown if s.reasons}


def build_agenda(
    user: AnyUser,
    participant: Participant,
    *,
    with_matching: bool = True,
    person_id: int | None = None,
) -> Agenda:
    """The agenda of `participant` as `user` sees it (the caller has checked can_view_agenda);
    with `person_id`, only the meetings that representative attends (an id that is not one of
    the participant's representatives gives the whole organisation's agenda)."""
    event = participant.event
    people = representatives_of(participant)
    names = dict(people)
    if person_id not in names:
        person_id = None
    event_tz = event.zone
    viewer_tz = zone(getattr(user, "time_zone", "") if user.is_authenticated else "")
    meetings = list(meetings_of(participant))
    matched = _matching_reasons(user, participant.organisation) if with_matching else {}
    rows = []
    for meeting in meetings:
        mine = (
            meeting.a_representative if meeting.a_id == participant.pk else meeting.b_representative
        )
        if person_id is not None and (mine is None or mine.user_id != person_id):
            continue
        partner = meeting.b if meeting.a_id == participant.pk else meeting.a
        reasons: tuple[str, ...] = ()
        source = ""
        if matched.get(partner.organisation_id):
            reasons, source = tuple(matched[partner.organisation_id]), "matching"
        elif meeting.request is not None and meeting.request.message.strip():
            reasons, source = (meeting.request.message.strip(),), "request"
        rows.append(
            AgendaRow(
                meeting_id=meeting.pk,
                starts_at=meeting.slot.starts_at,
                ends_at=meeting.slot.ends_at,
                partner=partner.organisation,
                partner_participant_id=partner.pk,
                table=meeting.table,
                virtual=meeting.virtual,
                video_link=meeting.video_link or "",
                status=meeting.status,
                status_label=str(meeting.get_status_display()),
                walk_in=meeting.walk_in,
                reasons=reasons,
                reason_source=source,
                event_tz=event_tz,
                viewer_tz=viewer_tz,
                attendee_id=mine.user_id if mine else None,
                attendee=person_name(mine.user) if mine else "",
            )
        )
    return Agenda(
        event,
        participant,
        rows,
        event_tz,
        viewer_tz,
        person_id=person_id,
        person=names.get(person_id, "") if person_id else "",
        people=people,
    )
