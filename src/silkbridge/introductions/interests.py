"""Writes for interests in an opportunity: express, withdraw, accept, decline.

Kept apart from `services` (introductions and the secretariat's actions) because an interest is
answered by the opportunity's owner; accepting one makes or joins an introduction through the
helpers in `service_helpers`. Every state change is a conditional UPDATE on the old state, and
notifications are recorded in the same transaction (their e-mails leave after commit).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation
from silkbridge.introductions import permissions, selectors
from silkbridge.introductions.models import (
    MESSAGE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    Interest,
    InterestStatus,
    Introduction,
    IntroductionStatus,
    Origin,
    Response,
)
from silkbridge.introductions.service_helpers import (
    _clean_text,
    _create_introduction,
    _expiry,
    _finish_if_accepted,
    _open_accepted,
    _record_answer,
    field_error,
)
from silkbridge.notifications.services import notify, people_of
from silkbridge.opportunities.models import Opportunity, Status


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
