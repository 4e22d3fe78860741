"""Leaving as an exchange student: the export holds the application, the deletion keeps the
application's status for the outcomes but erases its motivation, documents and the person."""

import pytest

from silkbridge.accounts import leaving
from silkbridge.talent.exchanges.models import Application, ApplicationDocument
from tests.talent.exchanges.conftest import (  # noqa: F401 (fixtures shared with exchanges)
    apply,
    call,
    company_admin,
    condition,
    home_coordinator,
    home_university,
    host_company,
    host_university,
    internship,
    internship_data,
    make_student,
    pdf,
    places,
    student,
)

pytestmark = pytest.mark.django_db


def test_student_leaving_keeps_the_application_status_without_the_person(
    student,  # noqa: F811
    call,  # noqa: F811
    places,  # noqa: F811
    apply,  # noqa: F811
):
    application = apply(student, call, [places[0]], motivation="Payment systems, please.")
    assert ApplicationDocument.objects.filter(application=application).count() == 2

    exported = leaving.export_personal_data(student)
    leaving.delete_account(user=student, password="correct-horse-battery")

    assert [a["motivation"] for a in exported["exchange_applications"]] == [
        "Payment systems, please."
    ]
    application = Application.objects.get(pk=application.pk)
    assert application.status == exported["exchange_applications"][0]["status"]
    assert application.applicant_id is None and application.motivation == ""
    assert application.anonymised_at is not None
    assert not ApplicationDocument.objects.filter(application=application).exists()
