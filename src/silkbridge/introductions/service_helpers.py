"""What interests and introductions share: text cleaning, the answer date, creating an
introduction and recording a side's answer, and what an accepted one opens.

Accepting an interest (in `interests`) and answering an introduction (in `services`) both
create introductions and record answers; these live here so that both modules can import them
without importing each other.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.introductions import selectors
from silkbridge.introductions.models import Introduction, IntroductionStatus, Response
from silkbridge.introductions.signals import introduction_accepted


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


def _expiry(now: datetime) -> datetime:
    return now + timedelta(days=settings.SILKBRIDGE_INTRODUCTION_EXPIRY_DAYS)


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
