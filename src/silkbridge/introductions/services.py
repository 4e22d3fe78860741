"""Writes for introductions (propose, the secretariat's introduction, answers, expiry and
reminders) and the secretariat's actions on them (nudge, reassign, close). Every state change is
a conditional UPDATE on the old state, so two people acting at once cannot both win;
notifications are recorded in the same transaction (their e-mails leave after commit).

Interests in an opportunity are written in `interests`; what both share is in `service_helpers`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation
from silkbridge.introductions import permissions, selectors
from silkbridge.introductions.models import (
    MESSAGE_MAX_LENGTH,
    OPEN_STATUSES,
    REASON_MAX_LENGTH,
    Introduction,
    IntroductionStatus,
    Origin,
    Response,
)
from silkbridge.introductions.service_helpers import (
    AlreadyIntroduced,
    _clean_text,
    _create_introduction,
    _expiry,
    _finish_if_accepted,
    _open_accepted,
    _record_answer,
    field_error,
)
from silkbridge.notifications.services import notify, people_of, secretariat
from silkbridge.opportunities.models import Opportunity

SIDES = ("a", "b")


# --- helpers -----------------------------------------------------------------------------------


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


def _require_secretariat(actor: User) -> None:
    if not permissions.can_broker(actor):
        raise PermissionDenied(_("Only the secretariat can do this."))


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
