"""Reads for forums with the access checks pages and the API share: events, participants with
filters, the marketplace of their opportunities, requests, suggested partners and the grid."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404

from silkbridge.directory.permissions import AnyUser
from silkbridge.forums import permissions
from silkbridge.forums.models import (
    OPEN_REQUEST_STATUSES,
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Participant,
    ParticipantStatus,
    RequestStatus,
    ScheduleRun,
    TimeSlot,
)
from silkbridge.introductions.selectors import member_organisation_ids
from silkbridge.opportunities.models import Opportunity
from silkbridge.opportunities.selectors import OpportunityQuery, search_opportunities

PAGE_SIZE = 20


# --- events ------------------------------------------------------------------------------------


def events_for(user: AnyUser) -> QuerySet[Event]:
    """Announced events for everyone; drafts too for their organisers and the secretariat."""
    qs = Event.objects.all()
    if permissions.is_secretariat(user):
        return qs
    public = ~Q(status=EventStatus.DRAFT)
    if user.is_authenticated:
        return qs.filter(public | Q(organisers=user)).distinct()
    return qs.filter(public)


def get_event(user: AnyUser, slug: str) -> Event:
    """The event, or 404 for one the user may not see (a draft)."""
    event = Event.objects.filter(slug=slug).first()
    if event is None or not permissions.can_view_event(user, event):
        raise Http404
    return event


def get_organised_event(user: AnyUser, slug: str) -> Event:
    """The event if the user organises it; 404 otherwise (the page does not exist for them)."""
    event = get_event(user, slug)
    if not permissions.can_organise(user, event):
        raise Http404
    return event


# --- participants ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantFilters:
    q: str = ""
    country: str = ""
    participation_type: str = ""
    sector: str = ""
    status: str = ""


def participants(event: Event, filters: ParticipantFilters, *, organiser: bool) -> QuerySet:
    """Approved participants (organisers may filter by any status), filtered and in name order."""
    qs = event.participants.select_related("organisation").prefetch_related("organisation__sectors")
    if not organiser:
        qs = qs.filter(status=ParticipantStatus.APPROVED)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.country:
        qs = qs.filter(organisation__country=filters.country.upper())
    if filters.participation_type:
        qs = qs.filter(participation_type=filters.participation_type)
    if filters.sector:
        qs = qs.filter(organisation__sectors__slug=filters.sector)
    if filters.q:
        words = filters.q.split()
        for word in words[:5]:
            qs = qs.filter(
                Q(organisation__name__icontains=word)
                | Q(organisation__short_name__icontains=word)
                | Q(pitch__icontains=word)
            )
    return qs.distinct().order_by("organisation__name", "pk")


def get_participant(user: AnyUser, event: Event, pk: int) -> Participant:
    """A participant the user may see: organisers see all; its own people see theirs; approved
    participants' people see approved others."""
    participant = event.participants.select_related("organisation", "event").filter(pk=pk).first()
    if participant is None:
        raise Http404
    if permissions.can_organise(user, event) or permissions.is_participant_member(
        user, participant
    ):
        return participant
    if participant.status == ParticipantStatus.APPROVED and permissions.can_view_participants(
        user, event
    ):
        return participant
    raise Http404


def acting_participant(user: AnyUser, event: Event) -> Participant | None:
    """The user's approved participant at the event (the first, if several of its
    organisations take part), else any registration of theirs."""
    mine = permissions.my_participants(user, event)
    approved = [p for p in mine if p.status == ParticipantStatus.APPROVED]
    return (approved or mine or [None])[0]


def marketplace(event: Event, q: str = "") -> QuerySet[Opportunity]:
    """Published, named opportunities of the event's approved participants."""
    organisation_ids = event.participants.filter(status=ParticipantStatus.APPROVED).values(
        "organisation_id"
    )
    return (
        search_opportunities(OpportunityQuery(q=q))
        .filter(organisation_id__in=organisation_ids, is_anonymous=False)
        .select_related("organisation")
    )


# --- requests ----------------------------------------------------------------------------------


def requests_of(participant: Participant) -> dict[str, list[MeetingRequest]]:
    """The participant's requests by tab: to answer, sent and waiting, agreed, closed."""
    qs = (
        MeetingRequest.objects.filter(Q(sender=participant) | Q(receiver=participant))
        .select_related("sender__organisation", "receiver__organisation", "event")
        .prefetch_related("proposed_slots")
        .order_by("-created_at", "-pk")
    )
    tabs: dict[str, list[MeetingRequest]] = defaultdict(list)
    for request in qs:
        if request.status == RequestStatus.PENDING:
            tabs["incoming" if request.receiver_id == participant.pk else "outgoing"].append(
                request
            )
        elif request.status == RequestStatus.ACCEPTED:
            tabs["accepted"].append(request)
        else:
            tabs["closed"].append(request)
    return tabs


def get_request(user: AnyUser, pk: int) -> MeetingRequest:
    request = (
        MeetingRequest.objects.select_related(
            "event", "sender__organisation", "receiver__organisation", "sender__event"
        )
        .filter(pk=pk)
        .first()
    )
    if request is None or not permissions.can_view_request(user, request):
        raise Http404
    return request


def event_requests(event: Event, status: str = "") -> QuerySet[MeetingRequest]:
    qs = event.requests.select_related(
        "sender__organisation", "receiver__organisation"
    ).prefetch_related("proposed_slots")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def requested_partner_ids(participant: Participant) -> set[int]:
    """Participants with an open request with this one, either way."""
    ids = set()
    for sender_id, receiver_id in MeetingRequest.objects.filter(
        Q(sender=participant) | Q(receiver=participant), status__in=OPEN_REQUEST_STATUSES
    ).values_list("sender_id", "receiver_id"):
        ids.update((sender_id, receiver_id))
    ids.discard(participant.pk)
    return ids


@dataclass(frozen=True)
class Suggestion:
    participant: Participant
    score: float
    reasons: list[str] = field(default_factory=list)


def suggested_partners(participant: Participant, k: int = 5) -> list[Suggestion]:
    """The matching engine's best partners for this participant among the event's approved
    participants of another country, leaving out those it already has a request with."""
    from silkbridge.matching import reasons
    from silkbridge.matching.services import partners_for

    event = participant.event
    others = {
        p.organisation_id: p
        for p in event.participants.filter(status=ParticipantStatus.APPROVED)
        .exclude(organisation__country=participant.organisation.country)
        .exclude(pk__in=requested_partner_ids(participant))
        .exclude(pk=participant.pk)
        .select_related("organisation")
    }
    if not others:
        return []
    found = [
        s
        for s in partners_for(participant.organisation_id, k=max(200, 4 * len(others)))
        if s.target_id in others
    ][:k]
    # Reasons in the reader's language; titles of anonymous posts are never shown here.
    all_reasons = [r for s in found for r in s.reasons]
    item_ids = {
        int(r.params[key])
        for r in all_reasons
        for key in ("offer_item", "need_item")
        if r.params.get(key) is not None
    }
    anonymous = set(
        Opportunity.objects.filter(pk__in=item_ids, is_anonymous=True).values_list("pk", flat=True)
    )
    ctx = reasons.Context(hidden_items=anonymous, labels=reasons.term_labels(all_reasons))
    return [
        Suggestion(others[s.target_id], s.score, [reasons.render(r, ctx) for r in s.reasons][:3])
        for s in found
    ]


# --- schedule ----------------------------------------------------------------------------------


def latest_run(event: Event) -> ScheduleRun | None:
    return event.schedule_runs.order_by("-created_at", "-pk").first()


@dataclass
class GridRow:
    slot: TimeSlot
    cells: list[Meeting | None]
    virtual: list[Meeting]


def last_published(event: Event):
    """When the schedule was last published (None before the first publication)."""
    run = event.schedule_runs.filter(published_at__isnull=False).order_by("-published_at").first()
    return run.published_at if run else None


def grid(event: Event) -> tuple[list[GridRow], int]:
    """Slots × tables with the live meetings in place, and the virtual meetings per slot;
    returns the rows and the largest number of tables in any slot."""
    slots = list(event.slots.select_related("session").order_by("order"))
    width = max((slot.tables for slot in slots), default=0)
    meetings = (
        Meeting.objects.filter(event=event)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("a__organisation", "b__organisation", "request")
    )
    by_slot: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_slot[meeting.slot_id].append(meeting)
    rows = []
    for slot in slots:
        cells: list[Meeting | None] = [None] * width
        virtual = []
        for meeting in by_slot[slot.pk]:
            if meeting.table is not None and 1 <= meeting.table <= width:
                cells[meeting.table - 1] = meeting
            else:
                virtual.append(meeting)
        rows.append(GridRow(slot, cells, virtual))
    return rows, width


def unplaced(run: ScheduleRun | None) -> list[dict]:
    """The run's unplaced requests that are still accepted and unscheduled, with the request."""
    if run is None or not run.unplaced:
        return []
    ids = [row["request"] for row in run.unplaced]
    requests = {
        r.pk: r
        for r in MeetingRequest.objects.filter(pk__in=ids, status=RequestStatus.ACCEPTED)
        .exclude(
            meeting__isnull=False,
            meeting__status__in=[
                MeetingStatus.DRAFT,
                MeetingStatus.PUBLISHED,
                MeetingStatus.HELD,
                MeetingStatus.NO_SHOW,
            ],
        )
        .select_related("sender__organisation", "receiver__organisation")
    }
    return [
        {"request": requests[row["request"]], "reason": row["reason"]}
        for row in run.unplaced
        if row["request"] in requests
    ]


def waiting_requests(event: Event) -> int:
    """Accepted requests without a live meeting: a re-run would try to place them."""
    return (
        event.requests.filter(status=RequestStatus.ACCEPTED)
        .exclude(
            meeting__status__in=[
                MeetingStatus.DRAFT,
                MeetingStatus.PUBLISHED,
                MeetingStatus.HELD,
                MeetingStatus.NO_SHOW,
            ]
        )
        .count()
    )


def counts(event: Event) -> dict[str, int]:
    """Headline figures for the event page."""
    by_status = dict(
        event.participants.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {
        "approved": by_status.get(ParticipantStatus.APPROVED, 0),
        "pending": by_status.get(ParticipantStatus.PENDING, 0),
        "requests": event.requests.count(),
        "meetings": event.meetings.exclude(status=MeetingStatus.CANCELLED).count(),
    }


def user_organisations_to_register(user: AnyUser, event: Event) -> list:
    """The user's organisations not yet registered for the event."""
    from silkbridge.directory.models import Organisation

    taken = set(event.participants.values_list("organisation_id", flat=True))
    ids = member_organisation_ids(user) - taken
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


#: Results the check-in desk shows for one search.
CHECKIN_RESULTS = 20


def checkin_search(event: Event, q: str) -> list[Participant]:
    """Approved participants whose organisation or one of whose representatives (name or
    e-mail) matches `q`, for the desk to check in someone without their code; organisations
    not yet arrived first."""
    q = (q or "").strip()
    if len(q) < 2:
        return []
    matching = Participant.objects.filter(
        Q(organisation__name__icontains=q)
        | Q(representatives__user__full_name__icontains=q)
        | Q(representatives__user__email__icontains=q),
        event=event,
        status=ParticipantStatus.APPROVED,
    ).values("pk")
    return list(
        Participant.objects.filter(pk__in=matching)
        .select_related("organisation")
        .prefetch_related("representatives__user")
        .order_by(F("checked_in_at").asc(nulls_first=True), Lower("organisation__name"), "pk")[
            :CHECKIN_RESULTS
        ]
    )
