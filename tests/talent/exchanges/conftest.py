"""Fixtures for exchanges: a Kazakh university (home) with its coordinator and a confirmed
student, a Pakistani university (host) with its coordinator under an approved agreement, a
Pakistani company with its admin offering an internship, a call of the Kazakh university with
both places, and factories for applications and PDFs."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def pdf():
    def make(name: str = "cv.pdf", content: bytes = PDF_BYTES):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make


@pytest.fixture
def home_university(make_organisation):
    return make_organisation("Astana IT University", country="KZ", kind="academic")


@pytest.fixture
def host_university(make_organisation):
    return make_organisation("FAST National University", country="PK", kind="academic")


@pytest.fixture
def host_company(make_organisation):
    return make_organisation("Lahore Code House", country="PK", kind="company")


@pytest.fixture
def home_coordinator(make_user, home_university):
    return make_user("coordinator@astanait.example.kz", organisation=home_university, role="admin")


@pytest.fixture
def host_coordinator(make_user, host_university):
    return make_user("coordinator@fast.example.pk", organisation=host_university, role="admin")


@pytest.fixture
def company_admin(make_user, host_company):
    return make_user("admin@lahorecode.example.pk", organisation=host_company, role="admin")


@pytest.fixture
def make_student(make_user, home_university):
    """A person with a profile at the home university, confirmed unless told otherwise."""
    from silkbridge.talent.exchanges.models import ApplicantProfile

    def make(email=None, *, confirmed=True, institution=None):
        user = make_user(email)
        ApplicantProfile.objects.create(
            user=user,
            home_institution=institution or home_university,
            subject_area="0613",
            study_level=6,
            confirmed_at=timezone.now() if confirmed else None,
        )
        return user

    return make


@pytest.fixture
def student(make_student):
    return make_student("student@astanait.example.kz")


@pytest.fixture
def condition(db, home_university, host_university):
    """One condition of an approved agreement: 2 students a year, KZ → PK, 0613, EQF 6."""
    from silkbridge.talent.agreements.models import Agreement, CooperationCondition

    agreement = Agreement.objects.create(
        title="Software engineering exchange",
        academic_year_start=2026,
        academic_year_end=2028,
        status="approved",
        approved_at=timezone.now(),
    )
    agreement.institutions.set([home_university, host_university])
    return CooperationCondition.objects.create(
        agreement=agreement,
        sending_institution=home_university,
        receiving_institution=host_university,
        mobility_type="student_study",
        isced_code="0613",
        eqf_level=6,
        people_per_year=2,
    )


@pytest.fixture
def internship_data():
    def data(**overrides):
        start = timezone.localdate() + datetime.timedelta(days=120)
        values = {
            "title": "Backend intern (Django)",
            "description": "Payments APIs with our Lahore team.",
            "subject_area": "0613",
            "starts_on": start,
            "ends_on": start + datetime.timedelta(days=84),
            "stipend_amount": "60000",
            "stipend_currency": "PKR",
            "language": "en",
            "language_level": "B2",
            "work_mode": "on_site",
            "places": 1,
        }
        values.update(overrides)
        return values

    return data


@pytest.fixture
def internship(company_admin, host_company, internship_data):
    from silkbridge.talent.exchanges.services.internships import create_internship

    return create_internship(actor=company_admin, host=host_company, data=internship_data())


@pytest.fixture
def call(home_coordinator, home_university, condition, internship):
    """A call of the home university offering the condition (2 seats) and the internship (1)."""
    from silkbridge.talent.exchanges.services.calls import PlaceOffer, create_call

    return create_call(
        actor=home_coordinator,
        institution=home_university,
        data={
            "title": "Exchange places 2027/2028",
            "academic_year": 2027,
            "deadline": timezone.now() + datetime.timedelta(days=10),
            "eligibility": "Second-year students of software engineering.",
        },
        places=[PlaceOffer(condition=condition), PlaceOffer(internship=internship)],
    )


@pytest.fixture
def places(call):
    """(exchange place, internship place) of the call."""
    rows = list(call.places.order_by("pk"))
    return rows[0], rows[1]


@pytest.fixture
def apply(pdf):
    """Submit an application through the service, ranking the given places."""
    from silkbridge.talent.exchanges.models import ApplicantProfile
    from silkbridge.talent.exchanges.services.applications import submit_application

    def make(user, call, choices, **kw):
        profile = ApplicantProfile.objects.get(user=user, home_institution=call.home_institution)
        return submit_application(
            actor=user,
            call=call,
            profile=profile,
            motivation=kw.pop("motivation", "I want to build payment systems."),
            choices=choices,
            documents=kw.pop("documents", {"cv": pdf("cv.pdf"), "transcript": pdf("tr.pdf")}),
            **kw,
        )

    return make


@pytest.fixture
def close_call():
    """Move a call's deadline into the past, as if time had passed."""
    from silkbridge.talent.exchanges.models import Call

    def close(call):
        Call.objects.filter(pk=call.pk).update(
            deadline=timezone.now() - datetime.timedelta(minutes=1)
        )
        call.refresh_from_db()
        return call

    return close


@pytest.fixture
def nominated(student, call, places, apply, close_call, home_coordinator):
    """The student applied for the exchange place, was ranked and nominated."""
    from silkbridge.talent.exchanges.services.allocation import allocate_call, rank_applicants

    exchange, _internship = places
    application = apply(student, call, [exchange.pk])
    close_call(call)
    rank_applicants(actor=home_coordinator, call=call, application_ids=[application.pk])
    allocate_call(actor=home_coordinator, call=call)
    application.refresh_from_db()
    return application


@pytest.fixture
def mobility(nominated, host_coordinator):
    """The host accepted the nomination: a planned mobility with an empty plan."""
    from silkbridge.talent.exchanges.services.nominations import decide_nomination

    start = timezone.localdate() + datetime.timedelta(days=200)
    nomination = decide_nomination(
        actor=host_coordinator,
        nomination=nominated.nomination,
        accept=True,
        planned_start=start,
        planned_end=start + datetime.timedelta(days=150),
    )
    return nomination.mobility
