"""A large import blocks nobody: while one commits, other people's writes go through.

Real threads with their own connections, on a database file when the suite runs on SQLite
(where one long write transaction makes every other writer fail with "database is locked")."""

import csv
import io
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from silkbridge.conversations import services as conversations
from silkbridge.directory import importing, services
from silkbridge.directory.models import ImportBatch, ImportStatus, Organisation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_database_file"),
]

ROWS = 2000


def big_file() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["external_id", "name", "kind", "country", "website", "description"])
    for n in range(ROWS):
        writer.writerow(
            [
                f"load-{n}",
                f"Concurrent Org {n}",
                "company",
                "KZ",
                f"https://load{n}.example.kz",
                "Cloud services and software development.",
            ]
        )
    return buffer.getvalue().encode()


def test_messages_and_edits_succeed_while_a_large_import_commits(secretariat, organisation):
    batch = importing.create_batch(
        actor=secretariat, upload=SimpleUploadedFile("big.csv", big_file())
    )
    thread = conversations.start_secretariat_thread(
        actor=secretariat, organisation=organisation, subject="Agenda", body="First message."
    )
    importing_done = threading.Event()
    failures: list[BaseException] = []
    writes: list[float] = []

    def commit() -> None:
        try:
            importing.commit_batch(actor=secretariat, batch=batch)  # the worker runs in-process
        except BaseException as error:
            failures.append(error)
        finally:
            importing_done.set()
            connection.close()

    def write_meanwhile() -> None:
        n = 0
        try:
            while not importing_done.is_set():
                n += 1
                started = time.monotonic()
                try:
                    conversations.post_message(
                        actor=secretariat, conversation=thread, body=f"Message {n}"
                    )
                    services.update_organisation(
                        actor=secretariat,
                        organisation=Organisation.objects.get(pk=organisation.pk),
                        data={"description": f"Edited {n} times during the import."},
                    )
                except Exception as error:
                    failures.append(error)
                writes.append(time.monotonic() - started)
                time.sleep(0.02)
        finally:
            connection.close()

    threads = [threading.Thread(target=commit), threading.Thread(target=write_meanwhile)]
    for worker in threads:
        worker.start()
    for worker in threads:
        worker.join(120)

    assert failures == []
    assert len(writes) >= 3  # the other user kept writing while the import ran
    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.status == ImportStatus.COMMITTED, batch.report
    assert Organisation.objects.filter(name__startswith="Concurrent Org").count() == ROWS
    assert thread.messages.count() == len(writes) + 1
