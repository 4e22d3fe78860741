"""Bilateral B2B forums: an event cut into time slots, registered organisations, meeting requests
between them, and the meetings the scheduler places at tables or in virtual rooms.

The names and fields here are a contract with the "on the day" and agenda code and the scheduling
adapter; add fields, never rename them.
"""

from __future__ import annotations

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from silkbridge.directory.models import Organisation

MESSAGE_MAX_LENGTH = 2000
#: Times a request may propose.
MAX_PROPOSED_SLOTS = 3


#: The placeholders a video-link template may use; {meeting} gives each meeting its own room.
VIDEO_LINK_PLACEHOLDERS = ("{event}", "{meeting}")
#: Bounds an organiser cannot mean to exceed (a typo of 100,000 meetings is refused).
MAX_TABLES = 1000
MAX_PARTICIPANTS = 20_000
MAX_REQUESTS_PER_PARTICIPANT = 500
MAX_MEETINGS_PER_PARTICIPANT = 200
MAX_REQUEST_EXPIRY_HOURS = 24 * 30
DESCRIPTION_MAX_LENGTH = 5000


def validate_time_zone(value: str) -> None:
    """An IANA zone name the server knows (e.g. "Asia/Almaty")."""
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a known time zone."), code="time_zone", params={"value": value}
        )


def time_zone_names() -> frozenset[str]:
    """The IANA zone names zoneinfo knows, e.g. "Asia/Karachi"."""
    return _ZONES


_ZONES = frozenset(zoneinfo.available_timezones())


def validate_video_link_template(value: str) -> None:
    """An http(s) address with the {meeting} placeholder (and optionally {event}), nothing
    that a browser would run: "javascript:alert(1)" and friends are refused."""
    if not value:
        return
    if "{meeting}" not in value:
        raise ValidationError(
            _("Put {meeting} in the link, so each meeting gets its own room."),
            code="no_placeholder",
        )
    sample = value
    for placeholder in VIDEO_LINK_PLACEHOLDERS:
        sample = sample.replace(placeholder, "x1")
    if "{" in sample or "}" in sample:
        raise ValidationError(
            _("Only the placeholders {event} and {meeting} may be used."), code="placeholder"
        )
    try:
        URLValidator(schemes=["https", "http"])(sample)
    except ValidationError as exc:
        raise ValidationError(
            _("Enter a web address that starts with https:// (or http://)."), code="scheme"
        ) from exc


def new_checkin_token() -> str:
    return secrets.token_urlsafe(24)


def pair_key(first_id: int, second_id: int) -> str:
    """The same key for (A, B) and (B, A): one open request per pair is then a constraint."""
    low, high = sorted((first_id, second_id))
    return f"{low}-{high}"


class MeetingLength(models.IntegerChoices):
    MIN_15 = 15, _("15 minutes")
    MIN_20 = 20, _("20 minutes")
    MIN_30 = 30, _("30 minutes")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REGISTRATION = "registration", _("Registration open")
    SCHEDULING = "scheduling", _("Scheduling")
    PUBLISHED = "published", _("Schedule published")
    FINISHED = "finished", _("Finished")


class Event(models.Model):
    """A forum: dates, venue, time zone, and the rules for requests and meetings."""

    name = models.CharField(_("name"), max_length=200)
    # Made from the name when the forum is created (see services.unique_slug); it is the
    # forum's address, so it does not change afterwards.
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Almaty", validators=[validate_time_zone]
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organisers"),
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length"), choices=MeetingLength.choices, default=MeetingLength.MIN_30
    )
    auto_accept = models.BooleanField(
        _("accept requests automatically"),
        default=False,
        help_text=_("Requests become meetings to schedule without waiting for an answer."),
    )
    request_expiry_hours = models.PositiveIntegerField(
        _("requests expire after (hours)"),
        default=72,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REQUEST_EXPIRY_HOURS)],
    )
    max_requests_per_participant = models.PositiveIntegerField(
        _("requests each participant may send"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REQUESTS_PER_PARTICIPANT)],
    )
    max_meetings_per_participant = models.PositiveIntegerField(
        _("meetings per participant"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MEETINGS_PER_PARTICIPANT)],
        help_text=_("At most the number of time slots."),
    )
    cross_border_only = models.BooleanField(
        _("cross-border requests only"),
        default=True,
        help_text=_(
            "Participants may only request meetings with organisations of another country."
        ),
    )
    # [["buyer", "supplier"], ...]: unordered pairs of participation types that may meet.
    allowed_pairs = models.JSONField(_("allowed pairs of types"), default=list, blank=True)
    max_participants = models.PositiveIntegerField(
        _("places for organisations"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTICIPANTS)],
        help_text=_(
            "Registrations beyond it join a waiting list and move up in order as places free "
            "up. Leave empty for no limit."
        ),
    )
    default_tables = models.PositiveIntegerField(
        _("tables per slot"), default=10, validators=[MaxValueValidator(MAX_TABLES)]
    )
    default_virtual_rooms = models.PositiveIntegerField(
        _("virtual rooms per slot"), default=0, validators=[MaxValueValidator(MAX_TABLES)]
    )
    video_link_template = models.CharField(
        _("video link template"),
        max_length=300,
        blank=True,
        validators=[validate_video_link_template],
        help_text=_("For example https://meet.example/{event}-{meeting}"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="forum_event_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forums:event", kwargs={"slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def video_link_for(self, meeting_id: int) -> str:
        if not self.video_link_template:
            return ""
        return self.video_link_template.replace("{event}", self.slug).replace(
            "{meeting}", str(meeting_id)
        )


class Session(models.Model):
    """A block of consecutive slots; breaks lie between sessions."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    name = models.CharField(_("name"), max_length=120)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length"), choices=MeetingLength.choices, default=MeetingLength.MIN_30
    )
    tables = models.PositiveIntegerField(_("tables per slot"), default=10)
    virtual_rooms = models.PositiveIntegerField(_("virtual rooms per slot"), default=0)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="forum_session_ends_after"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TimeSlot(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    order = models.PositiveIntegerField(_("order"), default=0)
    tables = models.PositiveIntegerField(_("tables"), default=0)
    virtual_rooms = models.PositiveIntegerField(_("virtual rooms"), default=0)

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["event", "order", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "starts_at"], name="forum_one_slot_per_start"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="forum_slot_ends_after"
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at, self.event.zone)
        return f"{local:%Y-%m-%d %H:%M}"


class ParticipationType(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SUPPLIER = "supplier", _("Supplier")
    ANY = "any", _("Buyer and supplier")
    AUTHORITY = "authority", _("Authority")
    UNIVERSITY = "university", _("University")


class ParticipantStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    WAITING = "waiting", _("On the waiting list")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Participant(models.Model):
    """An organisation registered for an event; it meets through its representatives."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="forum_participations"
    )
    participation_type = models.CharField(
        _("participation type"), max_length=12, choices=ParticipationType.choices
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.PENDING,
    )
    # What the organisation offers and looks for at this event: shown to partners.
    pitch = models.TextField(_("what we offer and look for"), max_length=2000, blank=True)
    available_slots = models.ManyToManyField(
        TimeSlot, blank=True, related_name="available_participants", verbose_name=_("available")
    )
    checkin_token = models.CharField(
        max_length=64, unique=True, default=new_checkin_token, editable=False
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Set when its people were reminded to give feedback after the event, so once is enough.
    feedback_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="forum_one_registration_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.event}"

    @property
    def capacity(self) -> int:
        """Meetings it can hold in one slot: one per representative, at least one."""
        return max(1, self.representatives.count())


class Representative(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="representatives"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_representations"
    )

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "user"], name="forum_one_representative_per_user"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_REQUEST_STATUSES = [RequestStatus.PENDING, RequestStatus.ACCEPTED]


class Mark(models.TextChoices):
    MUST = "must", _("Must meet")
    WOULD = "would", _("Would like to meet")
    NO_THANKS = "no_thanks", _("No thanks")


MARK_WEIGHTS = {Mark.MUST: 3.0, Mark.WOULD: 2.0}


class RequestOrigin(models.TextChoices):
    MANUAL = "manual", _("Sent by the participant")
    SUGGESTED = "suggested", _("Suggested by the matching engine")


class MeetingRequest(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests")
    sender = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sent_requests")
    receiver = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="received_requests"
    )
    pair = models.CharField(max_length=41, editable=False)
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    sender_mark = models.CharField(
        _("sender's preference"), max_length=10, choices=Mark.choices, blank=True, default=""
    )
    receiver_mark = models.CharField(
        _("receiver's preference"), max_length=10, choices=Mark.choices, blank=True, default=""
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=RequestOrigin.choices, default=RequestOrigin.MANUAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    responded_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("answer by"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Up to three times the sender proposes; the schedule honours them where it can.
    proposed_slots = models.ManyToManyField(
        TimeSlot, blank=True, related_name="proposed_in", verbose_name=_("proposed times")
    )

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "pair"],
                condition=Q(status__in=["pending", "accepted"]),
                name="forum_one_open_request_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(sender=models.F("receiver")), name="forum_request_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender.organisation} → {self.receiver.organisation}"

    def save(self, *args, **kwargs) -> None:
        if not self.pair and self.sender_id and self.receiver_id:
            self.pair = pair_key(self.sender_id, self.receiver_id)
        super().save(*args, **kwargs)

    @property
    def weight(self) -> float:
        """Schedule weight: the stronger mark of the two sides (must 3, would 2, none 1);
        0 when either side said no thanks (the request is then not scheduled)."""
        marks = {self.sender_mark, self.receiver_mark}
        if Mark.NO_THANKS in marks:
            return 0.0
        return max([MARK_WEIGHTS.get(mark, 1.0) for mark in marks])

    def side_of(self, participant_id: int) -> str | None:
        if participant_id == self.sender_id:
            return "sender"
        if participant_id == self.receiver_id:
            return "receiver"
        return None


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    """Two participants at one table (or in one virtual room) in one slot."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(
        MeetingRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="meeting"
    )
    a = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings_as_a")
    b = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings_as_b")
    slot = models.ForeignKey(TimeSlot, on_delete=models.RESTRICT, related_name="meetings")
    table = models.PositiveIntegerField(_("table"), null=True, blank=True)
    virtual = models.BooleanField(_("virtual"), default=False)
    video_link = models.CharField(_("video link"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    # Who attends for each side: chosen by the organisation, else set by `representatives`
    # so that no person is in two meetings of one slot.
    a_representative = models.ForeignKey(
        Representative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attends for the first side"),
    )
    b_representative = models.ForeignKey(
        Representative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attends for the second side"),
    )
    locked = models.BooleanField(_("locked"), default=False)
    walk_in = models.BooleanField(_("walk-in"), default=False)
    # The introduction a party asked for after this meeting: the forum origin of that
    # introduction (ventures record theirs through ventures.origins).
    introduction = models.ForeignKey(
        "introductions.Introduction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_meetings",
        verbose_name=_("introduction that followed"),
    )
    # A published meeting was moved or dropped since its people were told: the next publication
    # tells them (and only them).
    notice_due = models.BooleanField(default=False, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__order", "table", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=Q(table__isnull=False) & ~Q(status="cancelled"),
                name="forum_one_meeting_per_table",
            ),
            models.CheckConstraint(
                condition=Q(virtual=False) | Q(table__isnull=True),
                name="forum_virtual_meeting_has_no_table",
            ),
            models.CheckConstraint(condition=~Q(a=models.F("b")), name="forum_meeting_two_sides"),
        ]

    def __str__(self) -> str:
        return f"{self.a.organisation} – {self.b.organisation} ({self.slot})"

    def venture_parties(self) -> list[Organisation]:
        """The two organisations, for opening a venture from this meeting."""
        return [self.a.organisation, self.b.organisation]

    def venture_origin_label(self) -> str:
        return gettext("B2B meeting at %(event)s") % {"event": self.event.name}

    def other_side(self, participant_id: int) -> Participant:
        return self.b if participant_id == self.a_id else self.a


class ScheduleRun(models.Model):
    """One run of the scheduler: its quality report and why requests stayed unplaced."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="schedule_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    allow_moves = models.BooleanField(_("published meetings may move"), default=False)
    report = models.JSONField(default=dict, blank=True)
    unplaced = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.event} {self.created_at:%Y-%m-%d %H:%M}"


class MeetingFeedback(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="meeting_feedback"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    follow_up_planned = models.BooleanField(_("follow-up planned"), default=False)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant"], name="forum_one_feedback_per_side"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="forum_feedback_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} on {self.meeting}"


class ForumMessage(models.Model):
    """A message the organisers sent to all participants or a filtered group of them; each
    recipient organisation's people are notified and read it on its own page."""

    SUBJECT_MAX_LENGTH = 200
    BODY_MAX_LENGTH = 5000

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    body = models.TextField(_("message"), max_length=BODY_MAX_LENGTH)
    recipients = models.ManyToManyField(
        Participant, related_name="forum_messages", verbose_name=_("recipients")
    )
    # The filter the organiser chose, in words, so the sent list says who it went to.
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.subject
