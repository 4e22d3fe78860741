"""Demo exchanges, told through the real services on top of the demo agreements.

A Pakistani company offers an internship to Kazakh students; the Kazakh university opens a call
with the approved agreement's places and the internship; eight students apply, are ranked and
allocated; the hosts accept or reject; and the mobilities stand in every state (planned, started,
completed, cancelled), among them a Kazakh intern who completed the Pakistani internship. A
second call is still open, with two applications, for the demo student sign-in to explore.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from silkbridge.accounts.models import EmailNotifications, record_verified_address
from silkbridge.directory.models import Person, PersonRole
from silkbridge.directory.seed import demo_users
from silkbridge.directory.seed.demo_users import DEMO_PASSWORD
from silkbridge.talent.agreements.demo import (
    APPROVED_TITLE,
    KZ_COORDINATOR_EMAIL,
    PK_COORDINATOR_EMAIL,
)
from silkbridge.talent.agreements.models import Agreement, AgreementStatus
from silkbridge.talent.exchanges.models import ApplicantProfile, Call, Internship
from silkbridge.talent.exchanges.services import (
    allocation,
    applications,
    calls,
    internships,
    mobilities,
    nominations,
)

STUDENT_EMAIL = "kz.student@silkbridge.example"
STUDENT_NAMES = [
    "Aruzhan Bekova",
    "Daniyar Tulegenov",
    "Madina Sarsenova",
    "Yerlan Abenov",
    "Aigerim Nurlanova",
    "Timur Zhaksylykov",
    "Dana Omarova",
    "Nursultan Kassymov",
]
MOTIVATION = (
    "I study software engineering and want to work on payment and e-government systems with a "
    "Pakistani team, then bring that experience home."
)


def _pdf(name: str) -> SimpleUploadedFile:
    body = (
        b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _student(email: str, full_name: str, university, coordinator):
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first() or user_model(email=email)
    user.full_name = full_name
    user.time_zone = "Asia/Almaty"
    user.is_active = True
    user.email_notifications = EmailNotifications.NONE
    user.set_password(DEMO_PASSWORD)
    user.save()
    # allauth signs in only a verified address; demo addresses receive no mail.
    record_verified_address(user)
    ApplicantProfile.objects.get_or_create(
        user=user,
        home_institution=university,
        defaults={
            "subject_area": "0613",
            "study_level": 6,
            "confirmed_at": timezone.now(),
            "confirmed_by": coordinator,
        },
    )
    return user


def _apply(user, call, places):
    profile = ApplicantProfile.objects.get(user=user, home_institution=call.home_institution)
    return applications.submit_application(
        actor=user,
        call=call,
        profile=profile,
        motivation=MOTIVATION,
        choices=[place.pk for place in places],
        documents={"cv": _pdf("cv.pdf"), "transcript": _pdf("transcript.pdf")},
    )


def _company_admin(company):
    """The demo company's admin sign-in, or None if the demo users are missing."""
    person = (
        Person.objects.filter(organisation=company, role=PersonRole.ADMIN, user__isnull=False)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return person.user if person else None


@transaction.atomic
def create_demo_exchanges() -> int:
    """Create the story once; returns the number of demo mobilities (0 when the demo agreements,
    coordinators or the Pakistani demo company are missing)."""
    if Call.objects.filter(is_demo=True).exists():
        return _demo_mobility_count()
    agreement = Agreement.objects.filter(
        is_demo=True, title=APPROVED_TITLE, status=AgreementStatus.APPROVED
    ).first()
    user_model = get_user_model()
    kz_coordinator = user_model.objects.filter(email=KZ_COORDINATOR_EMAIL).first()
    pk_coordinator = user_model.objects.filter(email=PK_COORDINATOR_EMAIL).first()
    company = demo_users.demo_company("PK")
    company_admin = _company_admin(company) if company else None
    if not (agreement and kz_coordinator and pk_coordinator and company_admin):
        return 0
    kz_condition = (
        agreement.conditions.select_related("sending_institution")
        .filter(sending_institution__country="KZ", mobility_type="student_study")
        .first()
    )
    university = kz_condition.sending_institution
    today = timezone.localdate()

    internship = internships.create_internship(
        actor=company_admin,
        host=company,
        data={
            "title": "Backend engineering intern (payments)",
            "description": (
                "Twelve weeks with our payments team in Lahore: APIs for wallet top-ups, "
                "reconciliation jobs and their tests. Mentored by a senior engineer."
            ),
            "subject_area": "0613",
            "starts_on": today - timedelta(days=150),
            "ends_on": today - timedelta(days=66),
            "stipend_amount": "80000",
            "stipend_currency": "PKR",
            "language": "en",
            "language_level": "B2",
            "work_mode": "on_site",
            "places": 2,
        },
    )
    Internship.objects.filter(pk=internship.pk).update(is_demo=True)
    internship.refresh_from_db()

    students = [
        _student(
            STUDENT_EMAIL if n == 0 else f"kz.student{n}@silkbridge.example",
            name,
            university,
            kz_coordinator,
        )
        for n, name in enumerate(STUDENT_NAMES)
    ]
    year = agreement.academic_year_start
    call = calls.create_call(
        actor=kz_coordinator,
        institution=university,
        data={
            "title": f"Exchange places and internships {year}/{year + 1}",
            "academic_year": year,
            "deadline": timezone.now() + timedelta(days=1),
            "eligibility": "Second- and third-year students of software engineering, English B2.",
        },
        places=[calls.PlaceOffer(condition=kz_condition), calls.PlaceOffer(internship=internship)],
    )
    exchange, internship_place = list(call.places.order_by("pk"))
    wishes = [
        [internship_place, exchange],
        [exchange, internship_place],
        [internship_place, exchange],
        [exchange],
        [exchange, internship_place],
        [internship_place],
        [exchange],
        [internship_place, exchange],
    ]
    # The demo student applies to the second, open call instead.
    applied = [_apply(user, call, wishes[n]) for n, user in enumerate(students) if n]
    # Time passes: the deadline is behind us (demo rows may be written directly).
    Call.objects.filter(pk=call.pk).update(
        deadline=timezone.now() - timedelta(days=200), is_demo=True
    )
    call.refresh_from_db()
    allocation.rank_applicants(
        actor=kz_coordinator, call=call, application_ids=[a.pk for a in applied]
    )
    allocation.allocate_call(actor=kz_coordinator, call=call)

    planned_start = today - timedelta(days=120)
    nominated = [
        a.nomination
        for a in call.applications.select_related("nomination__place").order_by("home_rank")
        if hasattr(a, "nomination")
    ]
    # The host turns down the last exchange nominee; the others are accepted.
    rejected = [n for n in nominated if n.place_id == exchange.pk][-1]
    accepted = []
    for nomination in nominated:
        internship_place_chosen = nomination.place.internship_id is not None
        host_actor = company_admin if internship_place_chosen else pk_coordinator
        decided = nominations.decide_nomination(
            actor=host_actor,
            nomination=nomination,
            accept=nomination != rejected,
            planned_start=None if internship_place_chosen else planned_start,
            planned_end=None if internship_place_chosen else today + timedelta(days=30),
        )
        if nomination != rejected:
            accepted.append((decided.mobility, nomination.application.applicant.user, host_actor))

    states = ["completed", "completed", "started", "cancelled", "planned"]
    for (mobility, student, host_actor), state in zip(accepted, states, strict=False):
        if state == "planned":
            continue
        agreement_row = mobilities.set_learning_plan(
            actor=student,
            agreement=mobility.learning_agreement,
            plan_kind=mobility.learning_agreement.plan_kind,
            components=[
                {"title": "Distributed systems", "code": "CS-402", "credits": "6"},
                {"title": "Secure web applications", "code": "CS-417", "credits": "6"},
                {"title": "Urdu for beginners", "code": "LNG-101", "credits": "3"},
            ],
        )
        for actor in (student, kz_coordinator, host_actor):
            agreement_row = mobilities.approve_learning_agreement(
                actor=actor, agreement=agreement_row, version=agreement_row.version
            )
        if state == "cancelled":
            mobilities.move_mobility(
                actor=student,
                mobility=mobility,
                to_status="cancelled",
                on=today - timedelta(days=130),
            )
            continue
        mobility.refresh_from_db()
        mobility = mobilities.move_mobility(
            actor=host_actor, mobility=mobility, to_status="started", on=mobility.planned_start
        )
        if state == "completed":
            end = min(mobility.planned_end, today - timedelta(days=5))
            mobilities.move_mobility(
                actor=host_actor, mobility=mobility, to_status="completed", on=end
            )

    open_call = calls.create_call(
        actor=kz_coordinator,
        institution=university,
        data={
            "title": f"Exchange places {year + 1}/{year + 2}",
            "academic_year": min(year + 1, agreement.academic_year_end),
            "deadline": timezone.now() + timedelta(days=45),
            "eligibility": "Students of software engineering, English B2.",
        },
        places=[calls.PlaceOffer(condition=kz_condition)],
    )
    Call.objects.filter(pk=open_call.pk).update(is_demo=True)
    open_place = open_call.places.get()
    for user in (students[0], students[-1]):
        _apply(user, open_call, [open_place])
    return _demo_mobility_count()


def _demo_mobility_count() -> int:
    from silkbridge.talent.exchanges.models import Mobility

    return Mobility.objects.filter(nomination__place__call__is_demo=True).count()


__all__ = ["STUDENT_EMAIL", "create_demo_exchanges"]
