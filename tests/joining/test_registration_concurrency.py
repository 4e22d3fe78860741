"""A double submit (two clicks, two tabs) of the registration form creates one organisation.

Real threads with their own connections, on a database file when the suite runs on SQLite."""

import threading

import pytest
from django.db import connection

from silkbridge.directory.models import Organisation, Person
from silkbridge.joining import registrations

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_database_file"),
]

SUBMITS = 4


def test_simultaneous_submissions_of_one_registration_create_one_organisation(make_user):
    founder = make_user("aigerim@nomad-ai.example.kz")
    data = {
        "name": "Nomad AI Systems",
        "kind": "company",
        "country": "KZ",
        "registration_number": "971240001315",
    }
    start = threading.Barrier(SUBMITS)
    results: list[tuple[int, bool]] = []
    failures: list[BaseException] = []

    def submit() -> None:
        try:
            start.wait(10)
            organisation, created = registrations.register_organisation(actor=founder, data=data)
            results.append((organisation.pk, created))
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(SUBMITS)]
    for worker in threads:
        worker.start()
    for worker in threads:
        worker.join(60)

    assert failures == []
    assert len(results) == SUBMITS
    assert Organisation.objects.filter(registered_by=founder).count() == 1
    assert len({pk for pk, _ in results}) == 1
    assert sorted(created for _, created in results) == [False] * (SUBMITS - 1) + [True]
    assert Person.objects.filter(user=founder).count() == 1
