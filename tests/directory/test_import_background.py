"""The background commit of an import: staged in chunks nobody sees, published at once, with a
progress bar, and a worker killed half-way resumed or rolled back by housekeeping."""

import csv
import io
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from silkbridge.core import housekeeping
from silkbridge.directory import importing, selectors
from silkbridge.directory.importing import staging
from silkbridge.directory.models import ImportBatch, ImportStagedRow, ImportStatus, Organisation

ROWS = 25


class WorkerKilled(BaseException):
    """What the worker's death looks like from inside: nothing in the task gets to handle it."""


def file_of(count: int = ROWS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["external_id", "name", "kind", "country", "website"])
    for n in range(count):
        writer.writerow([f"bg-{n}", f"Batch Org {n}", "company", "KZ", f"https://bg{n}.example.kz"])
    return buffer.getvalue().encode()


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(staging, "CHUNK_ROWS", 10)


@pytest.fixture
def batch(secretariat):
    return importing.create_batch(
        actor=secretariat, upload=SimpleUploadedFile("orgs.csv", file_of())
    )


@pytest.fixture
def in_worker(django_capture_on_commit_callbacks):
    """Run what a call queues for the worker, as the worker would."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def chunk_sizes(monkeypatch):
    """The size of every chunk staged; `kill_after(k)` makes the worker die after chunk k."""
    sizes: list[int] = []
    kill = {"after": None}
    real = staging._stage_chunk

    def stage_chunk(batch, chunk):
        real(batch, chunk)
        sizes.append(len(chunk))
        if kill["after"] is not None and len(sizes) == kill["after"]:
            raise WorkerKilled

    def kill_after(k: int | None) -> None:
        sizes.clear()
        kill["after"] = k

    monkeypatch.setattr(staging, "_stage_chunk", stage_chunk)
    return sizes, kill_after


def later(minutes: int = 11):
    return timezone.now() + timedelta(minutes=minutes)


def test_a_commit_stages_in_chunks_and_publishes_every_row(secretariat, batch, in_worker):
    in_worker(importing.commit_batch, actor=secretariat, batch=batch)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert (batch.rows_done, batch.rows_total) == (ROWS, ROWS)
    assert batch.report == {"created": ROWS, "updated": 0, "unchanged": 0}
    assert Organisation.objects.filter(name__startswith="Batch Org").count() == ROWS
    assert not ImportStagedRow.objects.exists()


def test_published_organisations_are_found_by_the_directory_search(secretariat, batch, in_worker):
    in_worker(importing.commit_batch, actor=secretariat, batch=batch)

    found = selectors.search_organisations(selectors.DirectoryQuery(q="batch org 7"))

    assert "Batch Org 7" in [o.name for o in found]
    organisation = Organisation.objects.get(name="Batch Org 7")
    assert LogEntry.objects.get_for_object(organisation).get().actor == secretariat
    assert organisation.sources.get().external_id == "bg-7"


def test_staged_rows_stay_invisible_until_the_batch_is_published(
    secretariat, batch, in_worker, chunk_sizes, client
):
    _sizes, kill_after = chunk_sizes
    kill_after(2)

    with pytest.raises(WorkerKilled):
        in_worker(importing.commit_batch, actor=secretariat, batch=batch)

    batch.refresh_from_db()
    assert (batch.status, batch.rows_done) == (ImportStatus.STAGING, 20)
    assert ImportStagedRow.objects.filter(batch=batch).count() == 20
    assert not Organisation.objects.filter(name__startswith="Batch Org").exists()
    client.force_login(secretariat)
    assert "Batch Org" not in client.get(reverse("directory:list")).text


def test_housekeeping_resumes_a_killed_worker_from_its_last_chunk(
    secretariat, batch, in_worker, chunk_sizes
):
    sizes, kill_after = chunk_sizes
    kill_after(1)
    with pytest.raises(WorkerKilled):
        in_worker(importing.commit_batch, actor=secretariat, batch=batch)
    kill_after(None)

    too_soon = in_worker(housekeeping.run, now=later(minutes=2))
    resumed = in_worker(housekeeping.run, now=later())

    assert too_soon["directory.recover_imports"] == 0
    assert resumed["directory.recover_imports"] == 1
    assert sizes == [10, 5]  # rows 2-11 were staged before the crash and are not staged again
    batch.refresh_from_db()
    assert (batch.status, batch.attempt) == (ImportStatus.COMMITTED, 2)
    assert batch.report == {"created": ROWS, "updated": 0, "unchanged": 0}
    assert Organisation.objects.filter(name__startswith="Batch Org").count() == ROWS


def test_a_worker_killed_while_publishing_leaves_nothing_and_is_resumed(
    secretariat, batch, in_worker, monkeypatch
):
    real_write = staging.write

    def write_then_die(*args, **kwargs):
        real_write(*args, **kwargs)
        raise WorkerKilled

    monkeypatch.setattr(staging, "write", write_then_die)
    with pytest.raises(WorkerKilled):
        in_worker(importing.commit_batch, actor=secretariat, batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PUBLISHING
    assert not Organisation.objects.filter(name__startswith="Batch Org").exists()

    monkeypatch.setattr(staging, "write", real_write)
    in_worker(importing.recover_stalled_imports, now=later())

    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert Organisation.objects.filter(name__startswith="Batch Org").count() == ROWS


def test_a_worker_given_up_for_dead_writes_nothing_after_its_successor_started(
    secretariat, batch, in_worker, chunk_sizes
):
    sizes, kill_after = chunk_sizes
    kill_after(1)
    with pytest.raises(WorkerKilled):
        in_worker(importing.commit_batch, actor=secretariat, batch=batch)
    kill_after(None)
    importing.recover_stalled_imports(now=later())  # queued, not yet run

    outcome = staging.run_batch(batch.pk, attempt=1)

    assert outcome == "abandoned"
    assert sizes == []
    batch.refresh_from_db()
    assert (batch.attempt, batch.rows_done) == (2, 10)


def test_a_batch_that_keeps_dying_is_rolled_back_and_the_secretariat_retries_it(
    secretariat, batch, in_worker, chunk_sizes, client
):
    _sizes, kill_after = chunk_sizes
    kill_after(1)
    with pytest.raises(WorkerKilled):
        in_worker(importing.commit_batch, actor=secretariat, batch=batch)
    for attempt in range(2, staging.MAX_ATTEMPTS + 1):
        kill_after(1)
        with pytest.raises(WorkerKilled):
            in_worker(importing.recover_stalled_imports, now=later(11 * attempt))
    kill_after(None)

    rolled_back = importing.recover_stalled_imports(now=later(11 * (staging.MAX_ATTEMPTS + 1)))

    batch.refresh_from_db()
    assert (rolled_back, batch.status) == (1, ImportStatus.ROLLED_BACK)
    assert not ImportStagedRow.objects.filter(batch=batch).exists()
    assert not Organisation.objects.filter(name__startswith="Batch Org").exists()
    client.force_login(secretariat)
    page = client.get(batch.get_absolute_url())
    assert "was rolled back; nothing was imported" in page.text
    assert 'value="retry"' in page.text

    in_worker(client.post, batch.get_absolute_url(), {"action": "retry"})

    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert Organisation.objects.filter(name__startswith="Batch Org").count() == ROWS


def test_the_batch_page_shows_an_accessible_progress_bar_while_the_commit_runs(
    secretariat, batch, in_worker, chunk_sizes, client
):
    _sizes, kill_after = chunk_sizes
    kill_after(1)
    with pytest.raises(WorkerKilled):
        in_worker(importing.commit_batch, actor=secretariat, batch=batch)
    client.force_login(secretariat)

    page = client.get(batch.get_absolute_url())
    progress = client.get(reverse("directory:import-progress", args=[batch.token]))
    listing = client.get(reverse("directory:import"))

    for response in (page, progress):
        assert 'role="progressbar"' in response.text
        assert 'aria-valuenow="40"' in response.text
        assert "10 of 25 rows staged (40%)" in response.text
    assert "HX-Refresh" not in progress
    assert 'hx-trigger="every 2s"' in page.text
    assert batch.filename in listing.text and "Staging" in listing.text

    in_worker(importing.recover_stalled_imports, now=later())
    done = client.get(reverse("directory:import-progress", args=[batch.token]))
    assert done["HX-Refresh"] == "true"
    assert "Committed" in client.get(reverse("directory:import")).text


def test_while_the_file_is_checked_again_the_bar_says_so_rather_than_0_of_0(
    secretariat, batch, client
):
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.STAGING, rows_total=0)
    client.force_login(secretariat)

    progress = client.get(reverse("directory:import-progress", args=[batch.token]))

    assert "Checking the file again before staging its rows" in progress.text
    assert "0 of 0" not in progress.text


@pytest.mark.parametrize("persona", ["observer", "org_admin", "outsider", "anonymous"])
def test_only_the_secretariat_sees_an_import_s_progress(persona, persona_client, batch):
    client = persona_client(persona)

    response = client.get(reverse("directory:import-progress", args=[batch.token]))

    assert response.status_code == 404


def test_a_row_that_turned_bad_before_the_worker_ran_fails_the_batch_with_its_error(
    secretariat, batch, in_worker, make_organisation
):
    # After the preview, someone adds an organisation with the website of row 5.
    make_organisation("Squatter", website="https://bg3.example.kz", country="KZ")
    make_organisation("Squatter Two", website="https://bg3.example.kz", country="KZ")

    in_worker(importing.commit_batch, actor=secretariat, batch=batch)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in batch.report["errors"]] == [(5, "website")]
    assert not Organisation.objects.filter(name__startswith="Batch Org").exists()
    assert bytes(batch.content)  # kept, so the commit can be tried again


def test_housekeeping_leaves_finished_batches_alone(secretariat, batch, in_worker):
    in_worker(importing.commit_batch, actor=secretariat, batch=batch)
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - timedelta(days=1))

    assert importing.recover_stalled_imports(now=later()) == 0
