"""Calls for places: a home institution offers its students places under its agreements'
cooperation conditions and internships of the other country, up to one deadline."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation
from silkbridge.talent.agreements.models import AgreementStatus, CooperationCondition
from silkbridge.talent.exchanges import permissions
from silkbridge.talent.exchanges.errors import FieldErrors
from silkbridge.talent.exchanges.models import (
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Call,
    CallPlace,
    Internship,
    OfferStatus,
)

MAX_PLACES_PER_CALL = 200
INTERNSHIP_MOBILITY = "internship"


@dataclass(frozen=True)
class PlaceOffer:
    """One place a call offers: a condition or an internship, with its seats (None = all)."""

    condition: CooperationCondition | None = None
    internship: Internship | None = None
    capacity: int | None = None


def _deadline(errors: FieldErrors, value: Any) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        parsed = parse_datetime(str(value or "")) if value else None
        if parsed is None and value:
            try:
                day = datetime.date.fromisoformat(str(value))
            except ValueError:
                day = None
            if day is not None:
                parsed = datetime.datetime.combine(day, datetime.time(23, 59))
    if parsed is None:
        errors.add("deadline", _("Enter a deadline (date and time)."), "invalid")
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    if parsed <= timezone.now():
        errors.add("deadline", _("The deadline must be in the future."), "past")
    return parsed


def _place(
    errors: FieldErrors, index: int, offer: PlaceOffer, institution: Organisation, year: int | None
) -> CallPlace | None:
    field = "places"
    if (offer.condition is None) == (offer.internship is None):
        errors.add(field, _("Each place is a cooperation condition or an internship."), "invalid")
        return None
    if offer.condition is not None:
        condition = offer.condition
        agreement = condition.agreement
        if agreement.status != AgreementStatus.APPROVED:
            errors.add(field, _("Places come only from approved agreements."), "not_approved")
            return None
        if condition.sending_institution_id != institution.pk:
            errors.add(
                field,
                _("A condition offers places only to its sending institution's students."),
                "not_sending",
            )
            return None
        if year is not None and not (
            agreement.academic_year_start <= year <= agreement.academic_year_end
        ):
            errors.add(
                field,
                _("The agreement “%(title)s” does not cover this academic year.")
                % {"title": agreement.title},
                "year",
            )
            return None
        limit = condition.people_per_year
        place = CallPlace(
            condition=condition,
            host_id=condition.receiving_institution_id,
            label=f"{condition.receiving_institution.name} ({condition.isced_code})",
            mobility_type=condition.mobility_type,
            subject_area=condition.isced_code,
            study_level=condition.eqf_level,
        )
    else:
        internship = offer.internship
        if internship.status != OfferStatus.OPEN:
            errors.add(
                field,
                _("The internship “%(title)s” is closed.") % {"title": internship.title},
                "closed",
            )
            return None
        if internship.for_country != institution.country:
            errors.add(
                field,
                _("The internship “%(title)s” is not for students of your country.")
                % {"title": internship.title},
                "country",
            )
            return None
        limit = internship.places
        place = CallPlace(
            internship=internship,
            host_id=internship.host_id,
            label=f"{internship.title} — {internship.host.name}",
            mobility_type=INTERNSHIP_MOBILITY,
            subject_area=internship.subject_area,
        )
    capacity = limit if offer.capacity is None else offer.capacity
    if type(capacity) is not int or not 1 <= capacity <= limit:
        errors.add(
            field,
            _("Seats for “%(place)s” must be from 1 to %(limit)d.")
            % {"place": place.label, "limit": limit},
            "capacity",
        )
        return None
    place.capacity = capacity
    place.label = place.label[:TITLE_MAX_LENGTH]
    return place


def create_call(
    *,
    actor: User,
    institution: Organisation,
    data: dict[str, Any],
    places: Iterable[PlaceOffer],
) -> Call:
    """Open a call with its places; every place must be the institution's to offer."""
    if not permissions.can_open_call(actor, institution):
        raise PermissionDenied(_("Only an academic institution's admins open calls for it."))
    errors = FieldErrors()
    title = str(data.get("title") or "").strip()
    if not title:
        errors.add("title", _("This field is required."), "required")
    elif len(title) > TITLE_MAX_LENGTH:
        errors.add(
            "title",
            _("Please keep it under %(limit)d characters.") % {"limit": TITLE_MAX_LENGTH},
            "long",
        )
    eligibility = str(data.get("eligibility") or "").strip()
    if len(eligibility) > TEXT_MAX_LENGTH:
        errors.add(
            "eligibility",
            _("Please keep it under %(limit)d characters.") % {"limit": TEXT_MAX_LENGTH},
            "long",
        )
    try:
        year = int(data.get("academic_year"))
        if not 2000 <= year <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("academic_year", _("Enter the academic year's first year, e.g. 2027."), "year")
        year = None
    deadline = _deadline(errors, data.get("deadline"))
    offers = list(places)
    if not offers:
        errors.add("places", _("Offer at least one place."), "required")
    if len(offers) > MAX_PLACES_PER_CALL:
        errors.add(
            "places", _("Offer at most %(limit)d places.") % {"limit": MAX_PLACES_PER_CALL}, "many"
        )
    rows = [_place(errors, i, offer, institution, year) for i, offer in enumerate(offers)]
    keys = [(r.condition_id, r.internship_id) for r in rows if r is not None]
    if len(keys) != len(set(keys)):
        errors.add("places", _("Each place may be offered once."), "duplicate")
    errors.raise_any()
    with transaction.atomic():
        call = Call.objects.create(
            home_institution=institution,
            title=title,
            academic_year=year,
            deadline=deadline,
            eligibility=eligibility,
            requires_cv=bool(data.get("requires_cv", True)),
            requires_transcript=bool(data.get("requires_transcript", True)),
            created_by=actor,
        )
        for row in rows:
            row.call = call
        CallPlace.objects.bulk_create(rows)
    return call
