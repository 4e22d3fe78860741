"""Suggestions of partners, internships and applicants: who sees what, and the reasons shown."""

import pytest
from django.urls import reverse

from silkbridge.engines import talent_match as engine
from silkbridge.talent.exchanges import recommendations
from silkbridge.talent.exchanges.models import Mobility, MobilityStatus


@pytest.fixture
def other_kz_student(make_student, make_organisation):
    college = make_organisation("Almaty College of IT", country="KZ", kind="academic")
    return make_student("someone@almaty.example.kz", institution=college)


def test_an_applicant_is_offered_an_internship_of_the_other_country_with_reasons(
    student, internship
):
    found = recommendations.internships_for_applicant(student)

    assert [r.target for r in found] == [internship]
    assert any("Same field" in reason for reason in found[0].reasons)


def test_an_unconfirmed_profile_or_anonymous_visitor_gets_no_internships(make_student, internship):
    from django.contrib.auth.models import AnonymousUser

    pending = make_student("pending@astanait.example.kz", confirmed=False)

    assert recommendations.internships_for_applicant(pending) == []
    assert recommendations.internships_for_applicant(AnonymousUser()) == []


def test_applicants_are_suggested_only_to_their_own_home_coordinator(
    student, other_kz_student, internship, home_coordinator, company_admin, host_coordinator
):
    found = recommendations.applicants_for_internship(home_coordinator, internship)

    assert [r.target.user for r in found] == [student]
    assert recommendations.applicants_for_internship(company_admin, internship) == []
    assert recommendations.applicants_for_internship(host_coordinator, internship) == []


def test_a_partner_of_the_other_country_is_suggested_with_the_shared_field(
    condition, home_university, host_university, home_coordinator, make_organisation
):
    make_organisation("Karaganda Technical University", country="KZ", kind="academic")

    found = recommendations.partners_for_institution(home_coordinator, home_university)

    assert [r.target for r in found] == [host_university]
    assert any("Same field" in reason for reason in found[0].reasons)
    assert "An approved agreement already links you" in found[0].reasons


def test_partner_suggestions_are_for_the_institutions_coordinators_only(
    condition, home_university, host_coordinator, student
):
    assert recommendations.partners_for_institution(host_coordinator, home_university) == []
    assert recommendations.partners_for_institution(student, home_university) == []


def test_a_completed_mobility_is_history_between_the_institutions(
    mobility, home_university, home_coordinator
):
    Mobility.objects.filter(pk=mobility.pk).update(status=MobilityStatus.COMPLETED)

    found = recommendations.partners_for_institution(home_coordinator, home_university)

    assert "People have already completed exchanges between you" in found[0].reasons


def test_the_internship_page_shows_students_to_their_coordinator_but_not_to_the_host(
    client, student, internship, home_coordinator, company_admin
):
    url = reverse("talent_exchanges:internship", args=[internship.pk])

    client.force_login(home_coordinator)
    assert b'id="suggested-applicants"' in client.get(url).content

    client.force_login(company_admin)
    page = client.get(url)
    assert page.status_code == 200
    assert b'id="suggested-applicants"' not in page.content
    assert student.email.encode() not in page.content


def test_the_applications_page_suggests_internships_to_the_student(client, student, internship):
    client.force_login(student)

    page = client.get(reverse("talent_exchanges:applications"))

    assert b'id="suggested-internships"' in page.content
    assert internship.title.encode() in page.content


def test_the_agreements_list_suggests_partners_to_a_coordinator(
    client, condition, home_coordinator, host_university
):
    client.force_login(home_coordinator)

    page = client.get(reverse("talent_agreements:list"))

    assert b"suggested-partners" in page.content
    assert host_university.name.encode() in page.content


@pytest.mark.parametrize("code", engine.REASON_CODES)
def test_every_reason_of_the_engine_has_words(code):
    values = ("613",) if code == "partner_of_peer" else ("0613", "B2")

    text = recommendations.reason_text(engine.Reason(code, values), {613: "FAST"})

    assert text and text != code


def test_the_demo_student_and_coordinator_see_suggestions(
    home_university, host_university, make_organisation
):
    from silkbridge.accounts.models import User
    from silkbridge.directory.models import Organisation
    from silkbridge.directory.seed.demo_users import create_demo_users
    from silkbridge.talent.agreements.demo import create_demo_agreements
    from silkbridge.talent.exchanges.demo import STUDENT_EMAIL, create_demo_exchanges

    company = make_organisation("Lahore Demo Software", country="PK", kind="company")
    Organisation.objects.filter(pk=company.pk).update(is_demo=True)
    create_demo_users()
    create_demo_agreements()
    create_demo_exchanges()
    student = User.objects.get(email=STUDENT_EMAIL)
    home = student.applicant_profiles.get().home_institution
    coordinator = User.objects.get(people__organisation=home, people__role="admin")

    internships = recommendations.internships_for_applicant(student)
    partners = recommendations.partners_for_institution(coordinator, home)

    assert internships and all(r.reasons for r in internships)
    assert partners and all(r.target.country != home.country for r in partners)
