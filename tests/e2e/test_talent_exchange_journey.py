"""An exchange in a real browser, as the issue tells it: a Kazakh student applies to her
university's call with ranked places and PDFs; after the deadline the coordinator ranks and
allocates; the Pakistani university accepts her and a Pakistani company accepts a Kazakh intern;
the learning agreement is approved by the student and both sides; the mobility starts and
completes; and the outcomes dashboard counts it. Key pages pass the accessibility checks."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_accessibility import violations

PASSWORD = "correct-horse-battery"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def story(make_organisation, make_user):
    from silkbridge.talent.agreements.models import Agreement, CooperationCondition
    from silkbridge.talent.exchanges.models import ApplicantProfile
    from silkbridge.talent.exchanges.services import applications, calls, internships

    astana = make_organisation("Astana IT University", country="KZ", kind="academic")
    fast = make_organisation("FAST National University", country="PK", kind="academic")
    company = make_organisation("Lahore Code House", country="PK", kind="company")
    people = {
        "home": make_user("saule@astanait.example.kz", organisation=astana, role="admin"),
        "host": make_user("bilal@fast.example.pk", organisation=fast, role="admin"),
        "company": make_user("ayesha@lahorecode.example.pk", organisation=company, role="admin"),
        "student": make_user("aruzhan@astanait.example.kz", full_name="Aruzhan Bekova"),
        "intern": make_user("daniyar@astanait.example.kz", full_name="Daniyar Tulegenov"),
        "secretariat": make_user("desk@silkbridge.example", platform_role="secretariat"),
    }
    for key in ("student", "intern"):
        ApplicantProfile.objects.create(
            user=people[key],
            home_institution=astana,
            subject_area="0613",
            study_level=6,
            confirmed_at=timezone.now(),
        )
    agreement = Agreement.objects.create(
        title="Software engineering exchange",
        academic_year_start=2026,
        academic_year_end=2028,
        status="approved",
        approved_at=timezone.now(),
    )
    agreement.institutions.set([astana, fast])
    condition = CooperationCondition.objects.create(
        agreement=agreement,
        sending_institution=astana,
        receiving_institution=fast,
        mobility_type="student_study",
        isced_code="0613",
        eqf_level=6,
        people_per_year=2,
    )
    today = timezone.localdate()
    internship = internships.create_internship(
        actor=people["company"],
        host=company,
        data={
            "title": "Backend intern (payments)",
            "subject_area": "0613",
            "starts_on": today + datetime.timedelta(days=30),
            "ends_on": today + datetime.timedelta(days=114),
            "language": "en",
            "language_level": "B2",
            "work_mode": "on_site",
            "places": 1,
        },
    )
    call = calls.create_call(
        actor=people["home"],
        institution=astana,
        data={
            "title": "Exchange places 2027/2028",
            "academic_year": 2027,
            "deadline": timezone.now() + datetime.timedelta(days=7),
        },
        places=[calls.PlaceOffer(condition=condition), calls.PlaceOffer(internship=internship)],
    )
    intern_profile = ApplicantProfile.objects.get(user=people["intern"])
    applications.submit_application(
        actor=people["intern"],
        call=call,
        profile=intern_profile,
        motivation="I want to build payment APIs.",
        choices=[call.places.get(internship=internship).pk],
        documents={
            "cv": SimpleUploadedFile("cv.pdf", PDF),
            "transcript": SimpleUploadedFile("tr.pdf", PDF),
        },
    )
    return {**people, "call": call, "internship": internship}


def _sign_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)


def test_a_student_applies_is_allocated_agrees_the_plan_and_completes_the_exchange(
    page, story, tmp_path
):
    from silkbridge.talent.exchanges.models import Call, Mobility
    from silkbridge.talent.exchanges.services import mobilities

    call = story["call"]
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(PDF)
    not_pdf = tmp_path / "transcript.pdf"
    not_pdf.write_bytes(b"plain text that only pretends to be a PDF")

    # The student applies: the exchange first, then the internship.
    _sign_in(page, story["student"])
    page.goto(f"/talent/calls/{call.pk}/")
    expect(page.locator("#call-places")).to_contain_text("FAST National University")
    assert violations(page) == []
    page.locator("#apply-link").click()
    page.get_by_label("Choice 1").select_option(label="FAST National University (0613)")
    page.get_by_label("Choice 2").select_option(
        label="Backend intern (payments) — Lahore Code House"
    )
    page.get_by_label("Motivation").fill("Distributed systems with a Lahore research group.")
    page.get_by_label("CV (PDF)").set_input_files(str(cv))
    page.get_by_label("Transcript of records (PDF)").set_input_files(str(not_pdf))
    assert violations(page) == []
    page.get_by_role("button", name="Submit the application").click()
    expect(page.locator("#id_transcript_error")).to_contain_text("is not a PDF")
    page.get_by_label("CV (PDF)").set_input_files(str(cv))
    page.get_by_label("Transcript of records (PDF)").set_input_files(str(cv))
    page.get_by_role("button", name="Submit the application").click()
    expect(page.locator("#application-status")).to_have_text("Submitted")

    # The deadline passes; the coordinator ranks both applicants and allocates.
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(hours=1))
    _sign_in(page, story["home"])
    page.goto(f"/talent/calls/{call.pk}/")
    expect(page.locator("#call-applications tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Save the ranking").click()
    expect(page.get_by_role("alert").first).to_contain_text("The ranking is saved.")
    page.get_by_role("button", name="Allocate the places").click()
    expect(page.get_by_role("alert").first).to_contain_text("2 nominated, 0 without a place")
    expect(page.locator("#call-status")).to_have_text("Places allocated")
    assert violations(page) == []

    # The Pakistani university accepts the student, with dates.
    _sign_in(page, story["host"])
    page.goto("/talent/nominations/")
    expect(page.locator("#nominations")).to_contain_text("Aruzhan Bekova")
    page.get_by_role("link", name="Decide").click()
    page.get_by_label("Accept").check()
    page.get_by_label("Planned start").fill("2027-09-01")
    page.get_by_label("Planned end").fill("2028-01-31")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#nominations")).to_contain_text("Accepted")

    # The Pakistani company accepts the Kazakh intern, on the internship's own dates.
    _sign_in(page, story["company"])
    page.goto("/talent/nominations/")
    expect(page.locator("#nominations")).to_contain_text("Daniyar Tulegenov")
    page.get_by_role("link", name="Decide").click()
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#nominations")).to_contain_text("Accepted")

    # The student writes the plan (a row without credits is refused) and approves it.
    mobility = Mobility.objects.get(nomination__place__internship__isnull=True)
    _sign_in(page, story["student"])
    page.goto(f"/talent/mobilities/{mobility.pk}/")
    page.get_by_text("Edit the plan").click()
    page.locator("#id_title_0").fill("Distributed systems")
    page.locator("#id_code_0").fill("CS-402")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator("#plan-errors")).to_contain_text("give the credits (ECTS)")
    page.locator("#id_credits_0").fill("6")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator("#plan-components")).to_contain_text("Distributed systems")
    page.get_by_role("button", name="Approve this plan").click()
    expect(page.locator("#plan-approvals")).not_to_contain_text("Student: not yet approved")
    assert violations(page) == []

    for side in ("home", "host"):
        _sign_in(page, story[side])
        page.goto(f"/talent/mobilities/{mobility.pk}/")
        page.get_by_role("button", name="Approve this plan").click()
        expect(page.get_by_role("alert").first).to_contain_text("Your approval is recorded.")

    # The host starts the mobility, then completes it.
    for status in ("Started", "Completed"):
        page.locator("#move-form").get_by_label("New status").select_option(label=status)
        page.locator("#move-form").get_by_role("button", name="Record").click()
        expect(page.locator("#mobility-status")).to_have_text(status)

    # The intern's traineeship runs its course too (through the services, to keep this short).
    internship_mobility = Mobility.objects.get(nomination__place__internship__isnull=False)
    plan = mobilities.set_learning_plan(
        actor=story["intern"],
        agreement=internship_mobility.learning_agreement,
        plan_kind="traineeship",
        components=[{"title": "Payment API endpoints and their tests", "credits": "15"}],
    )
    for actor in (story["intern"], story["home"], story["company"]):
        plan = mobilities.approve_learning_agreement(
            actor=actor, agreement=plan, version=plan.version
        )
    internship_mobility.refresh_from_db()
    internship_mobility = mobilities.move_mobility(
        actor=story["company"], mobility=internship_mobility, to_status="started"
    )
    mobilities.move_mobility(
        actor=story["company"], mobility=internship_mobility, to_status="completed"
    )

    # The dashboard counts both, one of them an internship.
    _sign_in(page, story["secretariat"])
    page.goto("/outcomes/")
    figures = page.locator("#talent-outcomes")
    expect(figures.locator('[data-metric="completed_mobilities"]')).to_have_text("2")
    expect(figures.locator('[data-metric="internships_completed"]')).to_have_text("1")
    expect(page.locator("#talent-directions")).to_contain_text("KZ → PK: 2")
