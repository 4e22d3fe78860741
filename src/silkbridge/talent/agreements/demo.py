"""Demo agreements: two between a Kazakh and a Pakistani university, one approved by both and one
changed after approval and awaiting the Pakistani side again, with a coordinator sign-in for
each university so the approval can be finished from the page."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from silkbridge.accounts.models import EmailNotifications, record_verified_address
from silkbridge.directory.models import Organisation, OrganisationKind, Person, PersonRole
from silkbridge.directory.seed.demo_users import DEMO_PASSWORD
from silkbridge.talent.agreements import services
from silkbridge.talent.agreements.models import Agreement

KZ_COORDINATOR_EMAIL = "kz.coordinator@silkbridge.example"
PK_COORDINATOR_EMAIL = "pk.coordinator@silkbridge.example"
APPROVED_TITLE = "Software engineering and data exchange"
PENDING_TITLE = "Cyber security traineeships and staff teaching"


def _university(country: str) -> Organisation | None:
    """The country's first university with information technology in its name, else its first
    university: the demo is about IT talent, and the choice is the same on every run."""
    universities = Organisation.objects.active().filter(
        country=country, kind=OrganisationKind.ACADEMIC
    )
    return (
        universities.filter(name__icontains="information technolog").order_by("pk").first()
        or universities.order_by("pk").first()
    )


def _coordinator(email: str, full_name: str, time_zone: str, university: Organisation):
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first() or user_model(email=email)
    user.full_name = full_name
    user.time_zone = time_zone
    user.is_active = True
    user.email_notifications = EmailNotifications.NONE
    user.set_password(DEMO_PASSWORD)
    user.save()
    # allauth signs in only a verified address; demo addresses receive no mail.
    record_verified_address(user)
    Person.objects.update_or_create(
        organisation=university,
        user=user,
        defaults={
            "full_name": full_name,
            "email": email,
            "role": PersonRole.ADMIN,
            "job_title": "International relations coordinator",
            "is_demo": True,
        },
    )
    return user


def _condition(sending, receiving, mobility_type, isced, eqf, people, months, languages):
    return {
        "sending_institution": sending,
        "receiving_institution": receiving,
        "mobility_type": mobility_type,
        "isced_code": isced,
        "eqf_level": eqf,
        "people_per_year": people,
        "total_months_per_year": months,
        "language_requirements": [{"language": code, "cefr": level} for code, level in languages],
        "contact_name": "",
        "contact_email": "",
    }


def _agreement(title, kz, pk, kz_user, conditions, start):
    agreement = services.create_agreement(
        actor=kz_user,
        data={
            "title": title,
            "academic_year_start": start,
            "academic_year_end": start + 2,
            "institutions": [kz, pk],
        },
    )
    for data in conditions:
        services.add_condition(actor=kz_user, agreement=agreement, data=data)
    Agreement.objects.filter(pk=agreement.pk).update(is_demo=True)
    services.submit_for_approval(actor=kz_user, agreement=agreement)
    return agreement


@transaction.atomic
def create_demo_agreements(start_year: int = 2026) -> int:
    """Create the demo agreements once; returns how many demo agreements exist (0 when the
    directory holds no university of one of the two countries)."""
    existing = Agreement.objects.filter(is_demo=True).count()
    if existing:
        return existing
    kz, pk = _university("KZ"), _university("PK")
    if kz is None or pk is None:
        return 0
    kz_user = _coordinator(KZ_COORDINATOR_EMAIL, "Saule Omarova", "Asia/Almaty", kz)
    pk_user = _coordinator(PK_COORDINATOR_EMAIL, "Bilal Ahmed", "Asia/Karachi", pk)

    approved = _agreement(
        APPROVED_TITLE,
        kz,
        pk,
        kz_user,
        [
            _condition(kz, pk, "student_study", "0613", 6, 4, "20", [("en", "B2")]),
            _condition(pk, kz, "student_study", "0613", 6, 4, "20", [("en", "B2"), ("ru", "A2")]),
            _condition(pk, kz, "staff_teaching", "0612", 7, 1, None, [("en", "C1")]),
        ],
        start_year,
    )
    for user, university in ((kz_user, kz), (pk_user, pk)):
        services.approve(actor=user, agreement=approved, organisation=university, version=1)

    pending = _agreement(
        PENDING_TITLE,
        kz,
        pk,
        kz_user,
        [
            _condition(kz, pk, "student_traineeship", "0612", 6, 2, "6", [("en", "B2")]),
            _condition(pk, kz, "staff_training", "0619", 7, 2, None, [("en", "B2")]),
        ],
        start_year,
    )
    for user, university in ((kz_user, kz), (pk_user, pk)):
        services.approve(actor=user, agreement=pending, organisation=university, version=1)
    # A change after approval: a third trainee place, now version 2, approved by one side.
    first = pending.conditions.order_by("position").first()
    services.update_condition(
        actor=kz_user,
        condition=first,
        data=_condition(kz, pk, "student_traineeship", "0612", 6, 3, "9", [("en", "B2")]),
    )
    services.approve(actor=kz_user, agreement=pending, organisation=kz, version=2)
    return Agreement.objects.filter(is_demo=True).count()


__all__ = ["KZ_COORDINATOR_EMAIL", "PK_COORDINATOR_EMAIL", "create_demo_agreements"]
