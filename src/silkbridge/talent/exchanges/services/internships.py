"""Internships a company, authority or institution offers to students of the other country."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import LANGUAGE_CHOICES, Organisation, Term, Vocabulary
from silkbridge.talent.agreements.isced import ISCED_FIELDS
from silkbridge.talent.exchanges import permissions
from silkbridge.talent.exchanges.errors import FieldErrors
from silkbridge.talent.exchanges.models import (
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    CEFRLevel,
    Internship,
    OfferStatus,
    WorkMode,
)

MAX_PLACES = 500
MAX_SKILLS = 15
LANGUAGE_CODES = {code for code, _label in LANGUAGE_CHOICES}


def _date(errors: FieldErrors, data: dict, name: str) -> datetime.date | None:
    value = data.get(name)
    if isinstance(value, datetime.date):
        return value
    parsed = parse_date(str(value or "")) if value else None
    if parsed is None:
        errors.add(name, _("Enter a date (YYYY-MM-DD)."), "invalid")
    return parsed


def other_country(organisation: Organisation) -> str:
    """The working group's other country, whose students an offer of this organisation is for."""
    countries = [c for c in settings.SILKBRIDGE_COUNTRIES if c != organisation.country.code]
    return countries[0] if countries else organisation.country.code


def clean_internship(data: dict[str, Any]) -> dict[str, Any]:
    """Checked values of an internship, or ValidationError with every field's problem."""
    errors = FieldErrors()
    clean: dict[str, Any] = {}
    for name, limit, required in (
        ("title", TITLE_MAX_LENGTH, True),
        ("description", TEXT_MAX_LENGTH, False),
    ):
        value = str(data.get(name) or "").strip()
        if required and not value:
            errors.add(name, _("This field is required."), "required")
        elif len(value) > limit:
            errors.add(
                name, _("Please keep it under %(limit)d characters.") % {"limit": limit}, "long"
            )
        clean[name] = value
    clean["subject_area"] = str(data.get("subject_area") or "")
    if clean["subject_area"] not in ISCED_FIELDS:
        errors.add("subject_area", _("Choose a field from the ISCED-F list."), "isced")
    clean["starts_on"] = _date(errors, data, "starts_on")
    clean["ends_on"] = _date(errors, data, "ends_on")
    if clean["starts_on"] and clean["ends_on"] and clean["ends_on"] <= clean["starts_on"]:
        errors.add("ends_on", _("The internship must end after it starts."), "order")
    try:
        places = int(data.get("places"))
    except (TypeError, ValueError):
        places = 0
    if not 1 <= places <= MAX_PLACES:
        errors.add(
            "places",
            _("Offer from 1 to %(limit)d places.") % {"limit": MAX_PLACES},
            "places",
        )
    clean["places"] = places
    amount = data.get("stipend_amount")
    if amount in (None, ""):
        clean["stipend_amount"], clean["stipend_currency"] = None, ""
    else:
        try:
            clean["stipend_amount"] = Decimal(str(amount))
            if not clean["stipend_amount"].is_finite() or clean["stipend_amount"] < 0:
                raise InvalidOperation
            if clean["stipend_amount"] >= Decimal("1e10"):
                raise InvalidOperation
        except InvalidOperation:
            errors.add("stipend_amount", _("Enter an amount of zero or more."), "invalid")
        currency = str(data.get("stipend_currency") or "").strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            errors.add("stipend_currency", _("Enter a three-letter currency code."), "invalid")
        clean["stipend_currency"] = currency
    for name, allowed, message in (
        ("language", LANGUAGE_CODES, _("Choose a language from the list.")),
        ("language_level", set(CEFRLevel.values), _("Choose a CEFR level from A1 to C2.")),
        ("work_mode", set(WorkMode.values), _("Choose remote, on site or hybrid.")),
    ):
        value = str(data.get(name) or "")
        if value not in allowed:
            errors.add(name, message, "invalid")
        clean[name] = value
    skills = list(data.get("skills") or [])
    if len(skills) > MAX_SKILLS:
        errors.add("skills", _("Name at most %(limit)d skills.") % {"limit": MAX_SKILLS}, "many")
    if any(not isinstance(t, Term) or t.vocabulary != Vocabulary.TECHNOLOGY for t in skills):
        errors.add("skills", _("Skills come from the directory's technologies."), "invalid")
    clean["skills"] = skills
    errors.raise_any()
    return clean


def create_internship(*, actor: User, host: Organisation, data: dict[str, Any]) -> Internship:
    """An admin of the host offers an internship to students of the other country."""
    if not permissions.can_offer_internship(actor, host):
        raise PermissionDenied(_("Only the host organisation's admins can offer internships."))
    clean = clean_internship(data)
    skills = clean.pop("skills")
    with transaction.atomic():
        internship = Internship.objects.create(
            host=host, for_country=other_country(host), created_by=actor, **clean
        )
        internship.skills.set(skills)
    return internship


def update_internship(*, actor: User, internship: Internship, data: dict[str, Any]) -> Internship:
    if not permissions.can_edit_internship(actor, internship):
        raise PermissionDenied(_("Only the host organisation's admins can change it."))
    clean = clean_internship(data)
    skills = clean.pop("skills")
    with transaction.atomic():
        for name, value in clean.items():
            setattr(internship, name, value)
        internship.save()
        internship.skills.set(skills)
    return internship


def close_internship(*, actor: User, internship: Internship) -> Internship:
    """No new calls may offer it; nominations already made go on."""
    if not permissions.can_edit_internship(actor, internship):
        raise PermissionDenied(_("Only the host organisation's admins can change it."))
    Internship.objects.filter(pk=internship.pk).update(status=OfferStatus.CLOSED)
    internship.refresh_from_db()
    return internship
