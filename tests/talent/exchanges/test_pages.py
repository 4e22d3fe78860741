"""Exchange pages: who sees what (the permission matrix), forms with field errors, and the
pages a student and coordinators go through."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from silkbridge.talent.exchanges.models import (
    Application,
    ApplicationDocument,
    Call,
    Internship,
    Mobility,
    Nomination,
)

PERSONAS = [
    "student",
    "home_coordinator",
    "host_coordinator",
    "company_admin",
    "secretariat",
    "observer",
    "outsider",
    "anonymous",
]
# Who may read an application nominated to the host university, its documents and mobility.
READERS = {"student", "home_coordinator", "host_coordinator"}


@pytest.fixture
def as_persona(request, client):
    def sign_in(name):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return sign_in


def _expected(persona, allowed):
    if persona == "anonymous":
        return 302
    return 200 if persona in allowed else 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_application_and_its_documents_are_for_the_applicant_and_both_coordinators(
    as_persona, mobility, persona
):
    client = as_persona(persona)
    application = mobility.nomination.application
    document = application.documents.first()
    page = client.get(reverse("talent_exchanges:application", args=[application.pk]))
    assert page.status_code == _expected(persona, READERS)
    download = client.get(reverse("talent_exchanges:document", args=[document.pk]))
    assert download.status_code == _expected(persona, READERS)
    accesses = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(document.pk))
    assert accesses.count() == (1 if persona in READERS else 0)
    if persona in READERS:
        assert download["Content-Disposition"].startswith("attachment")
        assert b"".join(download.streaming_content).startswith(b"%PDF-")
    mobility_page = client.get(reverse("talent_exchanges:mobility", args=[mobility.pk]))
    assert mobility_page.status_code == _expected(persona, READERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_receiving_side_decides_a_nomination(as_persona, nominated, persona):
    client = as_persona(persona)
    nomination = nominated.nomination
    url = reverse("talent_exchanges:nomination", args=[nomination.pk])
    response = client.post(
        url,
        {"decision": "accept", "planned_start": "2027-09-01", "planned_end": "2028-01-31"},
    )
    nomination.refresh_from_db()
    if persona == "host_coordinator":
        assert response.status_code == 302
        assert nomination.status == "accepted"
        assert Mobility.objects.filter(nomination=nomination).exists()
    else:
        assert response.status_code == _expected(persona, set())
        assert nomination.status == "pending"


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_home_coordinator_allocates(
    as_persona, student, call, places, apply, close_call, persona
):
    application = apply(student, call, [places[0].pk])
    close_call(call)
    Application.objects.filter(pk=application.pk).update(home_rank=1)
    client = as_persona(persona)
    response = client.post(reverse("talent_exchanges:call-allocate", args=[call.pk]))
    call.refresh_from_db()
    if persona == "home_coordinator":
        assert response.status_code == 302
        assert call.status == "allocated"
        assert Nomination.objects.count() == 1
    else:
        assert response.status_code == (302 if persona == "anonymous" else 403)
        assert call.status == "open"


@pytest.mark.parametrize("persona", PERSONAS)
def test_calls_and_internships_are_public_but_who_applied_is_not(
    as_persona, student, call, places, apply, persona
):
    apply(student, call, [places[0].pk])
    client = as_persona(persona)
    page = client.get(reverse("talent_exchanges:call", args=[call.pk]))
    assert page.status_code == 200
    assert "FAST National University" in page.content.decode()
    shows_applicants = b'id="call-applications"' in page.content
    assert shows_applicants == (persona == "home_coordinator")
    listing = client.get(reverse("talent_exchanges:internships"))
    assert "Backend intern (Django)" in listing.content.decode()
    assert client.get(reverse("talent_exchanges:calls")).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_show_each_persona_only_their_own(as_persona, mobility, persona):
    client = as_persona(persona)
    for name, marker in (
        ("applications", b'id="applications"'),
        ("mobilities", b'id="mobilities"'),
        ("nominations", b'id="nominations"'),
    ):
        response = client.get(reverse(f"talent_exchanges:{name}"))
        if persona == "anonymous":
            assert response.status_code == 302
            continue
        assert response.status_code == 200
        sees = marker in response.content
        if name == "nominations":
            assert sees == (persona == "host_coordinator")
        elif name == "applications":
            assert sees == (persona in {"student", "home_coordinator"})
        else:
            assert sees == (persona in READERS)


def test_empty_lists_say_so(client, outsider):
    client.force_login(outsider)
    for name, empty in (
        ("internships", "internships-empty"),
        ("calls", "calls-empty"),
        ("applications", "applications-empty"),
        ("nominations", "nominations-empty"),
        ("mobilities", "mobilities-empty"),
    ):
        assert empty in client.get(reverse(f"talent_exchanges:{name}")).content.decode()


def test_internship_filters_narrow_the_list(
    client, internship, company_admin, host_company, internship_data
):
    from silkbridge.talent.exchanges.services.internships import create_internship

    create_internship(
        actor=company_admin,
        host=host_company,
        data=internship_data(title="Data analyst", subject_area="0542", work_mode="remote"),
    )
    url = reverse("talent_exchanges:internships")
    body = client.get(url, {"work_mode": "remote"}).content.decode()
    assert "Data analyst" in body and "Backend intern" not in body
    body = client.get(url, {"subject_area": "0613"}).content.decode()
    assert "Backend intern" in body and "Data analyst" not in body


def test_an_internship_form_with_bad_dates_shows_the_error_and_writes_nothing(
    client, company_admin, host_company
):
    client.force_login(company_admin)
    response = client.post(
        reverse("talent_exchanges:internship-new"),
        {
            "host": host_company.pk,
            "title": "Intern",
            "subject_area": "0613",
            "starts_on": "2027-06-01",
            "ends_on": "2027-05-01",
            "places": "2",
            "language": "en",
            "language_level": "B2",
            "work_mode": "remote",
        },
    )
    assert response.status_code == 200
    assert "The internship must end after it starts." in response.content.decode()
    assert not Internship.objects.exists()


def test_a_student_applies_on_the_page_and_a_non_pdf_is_refused(client, student, call, places, pdf):
    client.force_login(student)
    url = reverse("talent_exchanges:apply", args=[call.pk])
    assert client.get(url).status_code == 200
    exchange, internship_place = places
    bad = client.post(
        url,
        {
            "choice_1": internship_place.pk,
            "choice_2": internship_place.pk,
            "motivation": "Payments.",
            "cv": pdf("cv.pdf", b"GIF89a not a pdf"),
            "transcript": pdf("tr.pdf"),
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 200
    assert "A place may be chosen only once." in body
    assert "is not a PDF" in body
    assert not Application.objects.exists()
    good = client.post(
        url,
        {
            "choice_1": internship_place.pk,
            "choice_2": exchange.pk,
            "motivation": "Payments.",
            "cv": pdf("cv.pdf"),
            "transcript": pdf("tr.pdf"),
        },
    )
    application = Application.objects.get()
    assert good.status_code == 302 and good["Location"] == application.get_absolute_url()
    assert ApplicationDocument.objects.filter(application=application).count() == 2


def test_the_coordinator_ranks_allocates_and_sees_the_reasons(
    client, make_student, call, places, apply, close_call, home_coordinator
):
    exchange, internship_place = places
    first, second = make_student("a@astanait.example.kz"), make_student("b@astanait.example.kz")
    a = apply(first, call, [internship_place.pk, exchange.pk])
    b = apply(second, call, [internship_place.pk])
    close_call(call)
    client.force_login(home_coordinator)
    client.post(
        reverse("talent_exchanges:call-rank", args=[call.pk]),
        {f"rank_{a.pk}": "2", f"rank_{b.pk}": "1"},
    )
    assert list(Application.objects.order_by("home_rank").values_list("pk", flat=True)) == [
        b.pk,
        a.pk,
    ]
    client.post(reverse("talent_exchanges:call-allocate", args=[call.pk]))
    page = client.get(reverse("talent_exchanges:application", args=[a.pk])).content.decode()
    assert (
        "full (1 seat) with applicants ranked above: lowest admitted rank 1, this applicant's 2"
        in page
    )
    assert Call.objects.get().status == "allocated"


def test_a_plan_without_credits_shows_the_error_on_the_mobility_page(client, mobility, student):
    client.force_login(student)
    url = reverse("talent_exchanges:mobility", args=[mobility.pk])
    response = client.post(
        url, {"action": "plan", "plan_kind": "courses", "title_0": "Compilers", "credits_0": ""}
    )
    assert response.status_code == 200
    assert "give the credits (ECTS), more than zero" in response.content.decode()
    assert not mobility.learning_agreement.components.exists()


def test_a_coordinator_confirms_a_student_on_the_page(client, make_student, home_coordinator):
    user = make_student("waiting@astanait.example.kz", confirmed=False)
    client.force_login(home_coordinator)
    page = client.get(reverse("talent_exchanges:applicants")).content.decode()
    assert "waiting@astanait.example.kz" in page or user.full_name in page
    profile = user.applicant_profiles.get()
    client.post(reverse("talent_exchanges:applicant-confirm", args=[profile.pk]))
    profile.refresh_from_db()
    assert profile.confirmed


@pytest.mark.parametrize("language", ["ru", "kk", "ur"])
def test_pages_render_in_every_language(client, mobility, student, language):
    client.force_login(student)
    client.cookies["django_language"] = language
    for url in (
        reverse("talent_exchanges:calls"),
        reverse("talent_exchanges:internships"),
        reverse("talent_exchanges:mobility", args=[mobility.pk]),
        mobility.nomination.application.get_absolute_url(),
    ):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()


def test_the_outcomes_dashboard_counts_a_completed_mobility(
    client, mobility, student, home_coordinator, host_coordinator, secretariat
):
    from silkbridge.talent.exchanges.services import mobilities

    agreement = mobilities.set_learning_plan(
        actor=student,
        agreement=mobility.learning_agreement,
        plan_kind="courses",
        components=[{"title": "Compilers", "credits": "6"}],
    )
    for actor in (student, home_coordinator, host_coordinator):
        agreement = mobilities.approve_learning_agreement(
            actor=actor, agreement=agreement, version=agreement.version
        )
    mobility.refresh_from_db()
    mobility = mobilities.move_mobility(
        actor=host_coordinator, mobility=mobility, to_status="started"
    )
    client.force_login(secretariat)
    before = client.get(reverse("outcomes:dashboard")).content.decode()
    assert 'data-metric="completed_mobilities">0<' in before
    mobilities.move_mobility(actor=host_coordinator, mobility=mobility, to_status="completed")
    after = client.get(reverse("outcomes:dashboard")).content.decode()
    assert 'data-metric="completed_mobilities">1<' in after
    assert "KZ → PK: 1" in after


def test_call_filters_narrow_the_list(client, call, close_call):
    from silkbridge.talent.exchanges.models import Call

    Call.objects.filter(pk=call.pk).update(status="allocated")
    url = reverse("talent_exchanges:calls")
    assert "Exchange places 2027/2028" in client.get(url, {"status": "allocated"}).content.decode()
    empty = client.get(url, {"status": "open"}).content.decode()
    assert "Exchange places 2027/2028" not in empty and "calls-empty" in empty
    assert "Exchange places 2027/2028" in client.get(url, {"q": "astana"}).content.decode()
    assert "calls-empty" in client.get(url, {"country": "PK"}).content.decode()
