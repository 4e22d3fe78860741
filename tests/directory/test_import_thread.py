"""Without a broker an import commits in a thread of the web process: the secretariat's page
answers at once, and the batch's progress says when the organisations are there."""

import csv
import io
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from silkbridge.directory import importing
from silkbridge.directory.importing import staging
from silkbridge.directory.models import ImportBatch, ImportStatus, Organisation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_database_file"),
]

ROWS = 300


def file_of(count: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["external_id", "name", "kind", "country", "website"])
    for n in range(count):
        writer.writerow(
            [f"th-{n}", f"Thread Org {n}", "company", "PK", f"https://th{n}.example.pk"]
        )
    return buffer.getvalue().encode()


def wait_until_finished(batch: ImportBatch, seconds: float = 60) -> ImportBatch:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch.refresh_from_db()
        if batch.status in (ImportStatus.COMMITTED, ImportStatus.FAILED):
            return batch
        time.sleep(0.1)
    raise AssertionError(f"batch still {batch.status} after {seconds} s")


def test_the_commit_page_answers_before_the_import_is_done(
    settings, client, secretariat, monkeypatch
):
    settings.IMPORT_IN_THREAD = True
    assert settings.HUEY["immediate"]  # the embedded mode: no broker, no worker process
    # The import waits for a go-ahead, so the test sees the page answer while it is unfinished.
    go_ahead = threading.Event()
    run_batch = staging.run_batch

    def held_back(batch_id: int, attempt: int) -> str:
        go_ahead.wait(timeout=5)
        return run_batch(batch_id, attempt)

    monkeypatch.setattr(staging, "run_batch", held_back)
    batch = importing.create_batch(
        actor=secretariat, upload=SimpleUploadedFile("orgs.csv", file_of(ROWS))
    )
    client.force_login(secretariat)

    response = client.post(batch.get_absolute_url(), {"action": "commit"})

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.QUEUED
    assert not Organisation.objects.filter(name__startswith="Thread Org").exists()
    go_ahead.set()
    finished = wait_until_finished(batch)
    assert finished.status == ImportStatus.COMMITTED
    assert Organisation.objects.filter(name__startswith="Thread Org").count() == ROWS
