"""Suggestions over the API: the same people see the same suggestions as on the pages."""

API = "/api/v1/talent"


def test_a_student_gets_fitting_internships_with_reasons(client, student, internship):
    client.force_login(student)

    answer = client.get(f"{API}/suggestions/internships")

    assert answer.status_code == 200
    [found] = answer.json()
    assert found["id"] == internship.pk and found["name"] == internship.title
    assert any("Same field" in reason for reason in found["reasons"])


def test_suggestions_need_a_signed_in_person(client, internship):
    assert client.get(f"{API}/suggestions/internships").status_code == 401


def test_partners_only_for_an_institution_the_caller_coordinates(
    client, condition, home_university, host_university, home_coordinator, host_coordinator
):
    url = f"{API}/suggestions/partners/{home_university.pk}"
    client.force_login(home_coordinator)
    [found] = client.get(url).json()
    assert found["id"] == host_university.pk

    client.force_login(host_coordinator)
    assert client.get(url).status_code == 404


def test_students_are_suggested_to_their_own_coordinator_and_to_nobody_else(
    client, student, internship, home_coordinator, company_admin
):
    url = f"{API}/internships/{internship.pk}/suggested-students"
    client.force_login(home_coordinator)
    [found] = client.get(url).json()
    assert found["name"] in (student.get_full_name(), student.email)

    client.force_login(company_admin)
    assert client.get(url).json() == []
