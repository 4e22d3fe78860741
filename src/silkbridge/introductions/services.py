"""Writes for interests and introductions. Every state change is a conditional UPDATE on the
old state, so two people acting at once cannot both win; notifications are recorded in the same
transaction (their e-mails leave after commit)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation
from silkbridge.introductions import permissions, selectors
from silkbridge.introductions.models import (
    MESSAGE_MAX_LENGTH,
    OPEN_STATUSES,
    REASON_MAX_LENGTH,
    Interest,
    InterestStatus,
    Introduction,
    IntroductionStatus,
    Origin,
    Response,
)
from silkbridge.introductions.signals import introduction_accepted
from silkbridge.notifications.services import notify, people_of, secretariat
from silkbridge.opportunities.models import Opportunity, Status

SIDES = ("a", "b")


# --- helpers -----------------------------------------------------------------------------------


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A field-level error that keeps its code (a dict of plain strings would lose it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _clean_text(value: str, *, field: str, max_length: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise field_error(field, _("This field is required."), "required")
    if len(value) > max_length:
        raise field_error(
            field,
            _("Please keep it under %(limit)d characters.") % {"limit": max_length},
            "max_length",
        )
    return value


def _check_open(opportunity: Opportunity) -> None:
    """Interest is taken only while the opportunity is published and before its dates."""
    if opportunity.status != Status.PUBLISHED:
        raise ValidationError(_("This opportunity is closed."), code="closed")
    today = timezone.localdate()
    if opportunity.expires_on < today:
        raise ValidationError(_("This opportunity has expired."), code="expired")
    if opportunity.deadline is not None and opportunity.deadline < today:
        raise ValidationError(
            _("The deadline for responses to this opportunity has passed."), code="deadline_passed"
        )


def _expiry(now: datetime) -> datetime:
    return now + timedelta(days=settings.SILKBRIDGE_INTRODUCTION_EXPIRY_DAYS)


def hides_identity(introduction: Introduction, organisation_id: int) -> bool:
    """Whether this side is the owner of an anonymous opportunity and not yet introduced, so
    the other side must not learn its name."""
    opportunity = introduction.opportunity
    return bool(
        opportunity is not None
        and opportunity.is_anonymous
        and opportunity.organisation_id == organisation_id
        and introduction.accepted_at is None
    )


def _name_param(introduction: Introduction, organisation: Organisation) -> dict:
    """The "organisation" parameter for a notification about `organisation`, sent to the other
    side: omitted while the organisation is anonymous to them."""
    if hides_identity(introduction, organisation.pk):
        return {}
    return {"organisation": organisation.name}


def _sides(introduction: Introduction) -> list[tuple[str, Organisation, Organisation]]:
    """(side, organisation, the other organisation) for both sides."""
    return [
        ("a", introduction.org_a, introduction.org_b),
        ("b", introduction.org_b, introduction.org_a),
    ]


class AlreadyIntroduced(ValidationError):
    """The two organisations already have an open introduction, which the page links to."""

    def __init__(self, introduction: Introduction | None) -> None:
        super().__init__(
            _("These organisations already have an open introduction."), code="duplicate"
        )
        self.introduction = introduction


def _create_introduction(**fields) -> Introduction:
    """Insert an introduction; the open-pair constraint becomes a friendly error."""
    introduction = Introduction(**fields)
    try:
        with transaction.atomic():
            introduction.save()
    except IntegrityError as error:
        existing = selectors.open_introduction_between(introduction.org_a_id, introduction.org_b_id)
        raise AlreadyIntroduced(existing) from error
    return introduction


def _require_secretariat(actor: User) -> None:
    if not permissions.can_broker(actor):
        raise PermissionDenied(_("Only the secretariat can do this."))


# --- interests ---------------------------------------------------------------------------------


def express_interest(
    *, actor: User, opportunity: Opportunity, organisation: Organisation, message: str
) -> Interest:
    """Tell an opportunity's owner that `organisation` wants to talk; its people are notified."""
    if organisation.pk == opportunity.organisation_id:
        raise field_error(
            "organisation",
            _("Your organisation cannot express interest in its own post."),
            "own_opportunity",
        )
    if not permissions.can_express_interest(actor, opportunity, organisation):
        raise PermissionDenied(_("You can express interest only for your own organisation."))
    message = _clean_text(message, field="message", max_length=MESSAGE_MAX_LENGTH, required=True)
    now = timezone.now()
    with transaction.atomic():
        # A fresh read: the page may be older than a close or an expiry.
        current = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        _check_open(current)
        if selectors.introduction_instead_of_interest(organisation.pk, current) is not None:
            raise field_error(
                "organisation",
                _(
                    "Your organisation already has an open introduction with this organisation: "
                    "continue there."
                ),
                "already_introduced",
            )
        # A withdrawn interest may be expressed again: it is the same row, reopened.
        reopened = Interest.objects.filter(
            opportunity=current, organisation=organisation, status=InterestStatus.WITHDRAWN
        ).update(
            status=InterestStatus.PENDING,
            message=message,
            created_by=actor,
            created_at=now,
            response_reason="",
            responded_by=None,
            responded_at=None,
        )
        if reopened:
            interest = Interest.objects.get(opportunity=current, organisation=organisation)
        else:
            try:
                with transaction.atomic():
                    interest = Interest.objects.create(
                        opportunity=current,
                        organisation=organisation,
                        created_by=actor,
                        message=message,
                        created_at=now,
                    )
            except IntegrityError as error:
                raise ValidationError(
                    _("Your organisation has already expressed interest in this opportunity."),
                    code="duplicate",
                ) from error
        notify(
            people_of(current.organisation_id),
            "interest_received",
            url=current.get_absolute_url(),
            params={"organisation": organisation.name, "title": current.title},
            exclude=actor,
        )
    return interest


def withdraw_interest(*, actor: User, interest: Interest) -> Interest:
    """The interested organisation takes back an interest that has not been answered."""
    if not permissions.can_withdraw_interest(actor, interest):
        raise PermissionDenied(_("Only the interested organisation can withdraw its interest."))
    updated = Interest.objects.filter(pk=interest.pk, status=InterestStatus.PENDING).update(
        status=InterestStatus.WITHDRAWN, responded_at=timezone.now(), responded_by=actor
    )
    if not updated:
        raise ValidationError(_("This interest has already been answered."), code="not_pending")
    interest.refresh_from_db()
    return interest


def _answer_interest(actor: User, interest: Interest, status: str, reason: str = "") -> Interest:
    if not permissions.can_respond_to_interest(actor, interest):
        raise PermissionDenied(_("Only the opportunity's owner can answer this interest."))
    updated = Interest.objects.filter(pk=interest.pk, status=InterestStatus.PENDING).update(
        status=status, responded_by=actor, responded_at=timezone.now(), response_reason=reason
    )
    if not updated:
        raise ValidationError(_("This interest has already been answered."), code="not_pending")
    interest.refresh_from_db()
    return interest


def accept_interest(*, actor: User, interest: Interest) -> Introduction:
    """Accepting is the owner's consent, and expressing interest was the other side's: two
    consents make the introduction, accepted at once with its conversation open.

    When the two organisations already have an open introduction, the interest is answered in
    that one (a pending one then counts both consents), so nobody meets a dead end."""
    opportunity = interest.opportunity
    owner = opportunity.organisation
    now = timezone.now()
    with transaction.atomic():
        interest = _answer_interest(actor, interest, InterestStatus.ACCEPTED)
        interested = interest.organisation
        existing = selectors.open_introduction_between(owner.pk, interested.pk)
        introduction = None
        if existing is None:
            try:
                introduction = _create_introduction(
                    org_a=owner,
                    org_b=interested,
                    origin=Origin.INTEREST,
                    interest=interest,
                    opportunity=opportunity,
                    proposed_by=actor,
                    message=interest.message,
                    a_response=Response.ACCEPTED,
                    a_responded_by=actor,
                    a_responded_at=now,
                    b_response=Response.ACCEPTED,
                    b_responded_by=interest.created_by,
                    b_responded_at=interest.created_at,
                    status=IntroductionStatus.ACCEPTED,
                    accepted_at=now,
                    expires_at=_expiry(now),
                    created_at=now,
                )
            except ValidationError:
                # Another path introduced them a moment ago: answer the interest there.
                existing = selectors.open_introduction_between(owner.pk, interested.pk)
                if existing is None:
                    raise
        if introduction is not None:
            _open_accepted(introduction, actor)
            opened = True
        else:
            introduction, opened = _join(actor, interest, existing, now)
        if opened:
            notify(
                people_of(owner),
                "introduction_accepted",
                url=introduction.get_absolute_url(),
                params={"organisation": interested.name},
                exclude=actor,
            )
        notify(
            people_of(interested),
            "interest_accepted",
            url=introduction.get_absolute_url(),
            params={"organisation": owner.name, "title": opportunity.title},
        )
    return introduction


def _join(
    actor: User, interest: Interest, introduction: Introduction, now: datetime
) -> tuple[Introduction, bool]:
    """Answer an accepted interest in the pair's open introduction. If that one is still
    pending, the owner's acceptance and the interest are the answers of sides that gave none;
    returns the introduction and whether this accepted it."""
    Interest.objects.filter(pk=interest.pk).update(joined_introduction=introduction)
    interest.joined_introduction = introduction
    answers = [
        (interest.opportunity.organisation_id, actor, now),
        (interest.organisation_id, interest.created_by, interest.created_at),
    ]
    for organisation_id, person, at in answers:
        side = introduction.side_of(organisation_id)
        _record_answer(introduction, side, Response.ACCEPTED, person, at, now)
    opened = bool(_finish_if_accepted(introduction, now))
    introduction.refresh_from_db()
    if opened:
        _open_accepted(introduction, actor)
    return introduction, opened


def _record_answer(
    introduction: Introduction,
    side: str,
    answer: str,
    person: User | None,
    at: datetime,
    now: datetime,
    reason: str = "",
) -> int:
    """One side's answer, written only while the introduction and that side are pending."""
    return Introduction.objects.filter(
        pk=introduction.pk,
        status=IntroductionStatus.PENDING,
        **{f"{side}_response": Response.PENDING},
    ).update(
        **{
            f"{side}_response": answer,
            f"{side}_responded_by": person,
            f"{side}_responded_at": at,
            f"{side}_reason": reason,
        },
        updated_at=now,
    )


def _finish_if_accepted(introduction: Introduction, now: datetime) -> int:
    """Accept a pending introduction once both sides have accepted; 1 if this call did it."""
    return Introduction.objects.filter(
        pk=introduction.pk,
        status=IntroductionStatus.PENDING,
        a_response=Response.ACCEPTED,
        b_response=Response.ACCEPTED,
    ).update(status=IntroductionStatus.ACCEPTED, accepted_at=now, updated_at=now)


def _open_accepted(introduction: Introduction, actor: User) -> None:
    """What an accepted introduction brings: its conversation, and the signal others act on."""
    from silkbridge.conversations.services import open_for_introduction

    open_for_introduction(introduction=introduction, actor=actor)
    introduction_accepted.send(sender=Introduction, introduction=introduction)


def decline_interest(*, actor: User, interest: Interest, reason: str = "") -> Interest:
    """The owner says no, optionally with a reason the interested organisation sees."""
    reason = _clean_text(reason, field="reason", max_length=REASON_MAX_LENGTH, required=False)
    with transaction.atomic():
        interest = _answer_interest(actor, interest, InterestStatus.DECLINED, reason)
        notify(
            people_of(interest.organisation_id),
            "interest_declined",
            url=interest.opportunity.get_absolute_url(),
            params={"title": interest.opportunity.title, **({"comment": reason} if reason else {})},
        )
    return interest


# --- introductions -----------------------------------------------------------------------------


def propose_introduction(
    *,
    actor: User,
    from_org: Organisation,
    to_org: Organisation,
    message: str = "",
    origin: str = Origin.PROFILE,
    opportunity: Opportunity | None = None,
) -> Introduction:
    """A member asks to be introduced to another organisation; proposing is its own opt-in.

    If the two already have an open introduction that awaits this side's answer, asking is
    that answer (the introduction returned may then be accepted); any other open one is
    refused with `AlreadyIntroduced`, which names it."""
    if origin not in (Origin.PROFILE, Origin.RECOMMENDATION):
        raise ValidationError(_("Unknown origin."), code="invalid")
    if from_org.pk == to_org.pk:
        raise ValidationError(
            _("An introduction needs two different organisations."), code="same_organisation"
        )
    if not permissions.can_propose_introduction(actor, from_org, to_org):
        raise PermissionDenied(_("You can propose introductions only for your own organisation."))
    if to_org.merged_into_id is not None:
        raise ValidationError(_("This organisation was merged into another."), code="merged")
    message = _clean_text(message, field="message", max_length=MESSAGE_MAX_LENGTH, required=False)
    existing = selectors.open_introduction_between(from_org.pk, to_org.pk)
    if existing is not None:
        side = existing.side_of(from_org.pk)
        if existing.status != IntroductionStatus.PENDING or (
            getattr(existing, f"{side}_response") != Response.PENDING
        ):
            raise AlreadyIntroduced(existing)
        return respond(actor=actor, introduction=existing, organisation=from_org, accept=True)
    now = timezone.now()
    with transaction.atomic():
        introduction = _create_introduction(
            org_a=from_org,
            org_b=to_org,
            origin=origin,
            opportunity=opportunity,
            proposed_by=actor,
            message=message,
            a_response=Response.ACCEPTED,
            a_responded_by=actor,
            a_responded_at=now,
            expires_at=_expiry(now),
            created_at=now,
        )
        notify(
            people_of(to_org),
            "introduction_proposed",
            url=introduction.get_absolute_url(),
            params=_name_param(introduction, from_org),
        )
        if not people_of(to_org).exists():
            # Nobody can answer for it here: the secretariat reaches its listed contacts.
            notify(
                secretariat(),
                "introduction_unanswerable",
                url=introduction.get_absolute_url(),
                params={"organisation": to_org.name},
            )
    return introduction


def secretariat_introduce(
    *, actor: User, org_a: Organisation, org_b: Organisation, message: str = ""
) -> Introduction:
    """The secretariat puts two organisations in touch; both must opt in; it brokers it."""
    _require_secretariat(actor)
    if org_a.pk == org_b.pk:
        raise ValidationError(
            _("An introduction needs two different organisations."), code="same_organisation"
        )
    message = _clean_text(message, field="message", max_length=MESSAGE_MAX_LENGTH, required=False)
    now = timezone.now()
    with transaction.atomic():
        introduction = _create_introduction(
            org_a=org_a,
            org_b=org_b,
            origin=Origin.SECRETARIAT,
            proposed_by=actor,
            broker=actor,
            message=message,
            expires_at=_expiry(now),
            created_at=now,
        )
        for _side, organisation, other in _sides(introduction):
            notify(
                people_of(organisation),
                "introduction_proposed",
                url=introduction.get_absolute_url(),
                params={"organisation": other.name},
                exclude=actor,
            )
    return introduction


def respond(
    *,
    actor: User,
    introduction: Introduction,
    organisation: Organisation,
    accept: bool,
    reason: str = "",
) -> Introduction:
    """One side's answer, given once. When both have accepted, the introduction is accepted,
    the conversation opens and contacts show; a decline ends it."""
    side = introduction.side_of(organisation.pk)
    if side is None or not permissions.can_respond(actor, introduction, organisation):
        raise PermissionDenied(_("You can answer only for your own organisation."))
    reason = _clean_text(reason, field="reason", max_length=REASON_MAX_LENGTH, required=False)
    now = timezone.now()
    answer = Response.ACCEPTED if accept else Response.DECLINED
    with transaction.atomic():
        updated = _record_answer(introduction, side, answer, actor, now, now, reason)
        if not updated:
            current = Introduction.objects.get(pk=introduction.pk)
            if getattr(current, f"{side}_response") != Response.PENDING:
                raise ValidationError(
                    _("Your organisation has already answered this introduction."),
                    code="already_answered",
                )
            raise ValidationError(
                _("This introduction is no longer open (%(status)s).")
                % {"status": current.get_status_display()},
                code="not_pending",
            )
        if accept:
            finished = _finish_if_accepted(introduction, now)
        else:
            finished = Introduction.objects.filter(
                pk=introduction.pk, status=IntroductionStatus.PENDING
            ).update(status=IntroductionStatus.DECLINED, closed_at=now, updated_at=now)
        introduction.refresh_from_db()
        if finished and accept:
            _open_accepted(introduction, actor)
            for _side, organisation_, other in _sides(introduction):
                notify(
                    people_of(organisation_),
                    "introduction_accepted",
                    url=introduction.get_absolute_url(),
                    params={"organisation": other.name},
                    exclude=actor,
                )
        elif finished:
            other = introduction.org_b if side == "a" else introduction.org_a
            notify(
                people_of(other),
                "introduction_declined",
                url=introduction.get_absolute_url(),
                params=_name_param(introduction, organisation),
            )
    return introduction


def _pending_sides(introduction: Introduction) -> list[tuple[Organisation, Organisation]]:
    """(organisation that has not answered, the other organisation)."""
    return [
        (organisation, other)
        for side, organisation, other in _sides(introduction)
        if getattr(introduction, f"{side}_response") == Response.PENDING
    ]


def _remind(introduction: Introduction, exclude: User | None = None) -> int:
    sent = 0
    date = timezone.localdate(introduction.expires_at).isoformat()
    for organisation, other in _pending_sides(introduction):
        sent += len(
            notify(
                people_of(organisation),
                "introduction_reminder",
                url=introduction.get_absolute_url(),
                params={**_name_param(introduction, other), "date": date},
                exclude=exclude,
            )
        )
    return sent


def expire_due(now: datetime | None = None) -> int:
    """Pending introductions past their answer date expire; both sides are told. Idempotent."""
    now = now or timezone.now()
    count = 0
    due = Introduction.objects.filter(
        status=IntroductionStatus.PENDING, expires_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            updated = Introduction.objects.filter(
                pk=pk, status=IntroductionStatus.PENDING, expires_at__lte=now
            ).update(status=IntroductionStatus.EXPIRED, closed_at=now, updated_at=now)
            if not updated:
                continue
            count += 1
            introduction = Introduction.objects.select_related("org_a", "org_b", "opportunity").get(
                pk=pk
            )
            for _side, organisation, other in _sides(introduction):
                notify(
                    people_of(organisation),
                    "introduction_expired",
                    url=introduction.get_absolute_url(),
                    params=_name_param(introduction, other),
                )
    return count


def remind_pending(now: datetime | None = None) -> int:
    """Once per introduction, a reminder to the sides that have not answered, when its answer
    date is within SILKBRIDGE_INTRODUCTION_REMINDER_DAYS. Returns how many were reminded."""
    now = now or timezone.now()
    window = now + timedelta(days=settings.SILKBRIDGE_INTRODUCTION_REMINDER_DAYS)
    count = 0
    due = Introduction.objects.filter(
        status=IntroductionStatus.PENDING,
        reminder_sent_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=window,
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            updated = Introduction.objects.filter(
                pk=pk, status=IntroductionStatus.PENDING, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not updated:
                continue
            count += 1
            introduction = Introduction.objects.select_related("org_a", "org_b", "opportunity").get(
                pk=pk
            )
            _remind(introduction)
    return count


# --- secretariat -------------------------------------------------------------------------------


def nudge(*, actor: User, introduction: Introduction) -> int:
    """Remind the sides that have not answered, now. Returns how many people were told."""
    _require_secretariat(actor)
    introduction.refresh_from_db()
    if introduction.status != IntroductionStatus.PENDING:
        raise ValidationError(_("Only pending introductions can be nudged."), code="not_pending")
    with transaction.atomic():
        return _remind(introduction, exclude=actor)


def reassign(*, actor: User, introduction: Introduction, broker: User) -> Introduction:
    """Hand the introduction to another secretariat member, who is told."""
    _require_secretariat(actor)
    if not (broker.is_active and broker.is_secretariat):
        raise field_error(
            "broker", _("The broker must be a member of the secretariat."), "not_secretariat"
        )
    with transaction.atomic():
        updated = Introduction.objects.filter(pk=introduction.pk, status__in=OPEN_STATUSES).update(
            broker=broker, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError(
                _("Only a pending or accepted introduction can be handed to another broker."),
                code="not_open",
            )
        introduction.refresh_from_db()
        notify(
            [broker],
            "introduction_assigned",
            url=introduction.get_absolute_url(),
            params={"pair": f"{introduction.org_a.name} – {introduction.org_b.name}"},
            exclude=actor,
        )
    return introduction


def close(*, actor: User, introduction: Introduction, reason: str) -> Introduction:
    """The secretariat ends a pending or accepted introduction, with a reason; both sides told."""
    _require_secretariat(actor)
    reason = _clean_text(reason, field="reason", max_length=REASON_MAX_LENGTH, required=True)
    now = timezone.now()
    with transaction.atomic():
        updated = Introduction.objects.filter(pk=introduction.pk, status__in=OPEN_STATUSES).update(
            status=IntroductionStatus.CLOSED,
            closed_at=now,
            closed_by=actor,
            closed_reason=reason,
            updated_at=now,
        )
        if not updated:
            raise ValidationError(_("This introduction is already closed."), code="not_open")
        introduction.refresh_from_db()
        for _side, organisation, other in _sides(introduction):
            notify(
                people_of(organisation),
                "introduction_closed",
                url=introduction.get_absolute_url(),
                params=_name_param(introduction, other),
            )
    return introduction
