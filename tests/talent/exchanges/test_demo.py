"""The demo: on top of the demo agreements, a call with applicants, an internship and
mobilities in every state (a Kazakh intern among the completed); run twice, nothing doubles."""

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from silkbridge.directory.models import Organisation
from silkbridge.directory.seed.demo_users import DEMO_PASSWORD, create_demo_users
from silkbridge.talent.agreements.demo import create_demo_agreements
from silkbridge.talent.exchanges.demo import STUDENT_EMAIL, create_demo_exchanges
from silkbridge.talent.exchanges.models import Application, Call, Mobility
from silkbridge.talent.exchanges.outcomes import talent_outcomes


def test_the_demo_has_calls_an_internship_and_mobilities_in_every_state(
    home_university, host_university, make_organisation
):
    company = make_organisation("Lahore Demo Software", country="PK", kind="company")
    Organisation.objects.filter(pk=company.pk).update(is_demo=True)
    create_demo_users()
    assert create_demo_agreements() == 2
    count = create_demo_exchanges()
    assert count == 5
    assert set(Mobility.objects.values_list("status", flat=True)) == {
        "planned",
        "started",
        "completed",
        "cancelled",
    }
    figures = talent_outcomes()
    assert figures["completed_mobilities"] == 2
    assert figures["internships_completed"] == 1
    assert figures["by_direction"] == [
        {"sending_country": "KZ", "receiving_country": "PK", "people": 2}
    ]
    assert Call.objects.filter(status="open").get().applications.count() == 2
    assert Application.objects.filter(applicant__user__email=STUDENT_EMAIL).exists()
    # The student's demo sign-in works: allauth signs in only a verified address.
    student = Client()
    signed_in = student.post(
        reverse("accounts:login"), {"username": STUDENT_EMAIL, "password": DEMO_PASSWORD}
    )
    assert signed_in.status_code == 302 and SESSION_KEY in student.session
    assert Application.objects.filter(status="refused").count() == 1
    assert Application.objects.filter(status="unplaced").count() == 1
    assert create_demo_exchanges() == 5
    assert Call.objects.count() == 2


def test_no_demo_exchanges_without_the_demo_agreements(home_university):
    assert create_demo_exchanges() == 0
    assert not Call.objects.exists()
