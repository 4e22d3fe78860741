import csv
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from silkbridge.directory import importing
from silkbridge.directory.models import (
    City,
    ImportBatch,
    ImportStatus,
    Organisation,
    SourceRecord,
)


def csv_bytes(rows: list[dict], *, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def row(**values) -> dict:
    base = {
        "external_id": "ext-1",
        "name": "Steppe Cloud",
        "kind": "company",
        "country": "KZ",
        "city": "",
        "website": "https://steppecloud.example.kz",
        "sectors": "",
    }
    return {**base, **values}


def preview_of(content: bytes, filename: str = "organisations.csv") -> importing.ImportPreview:
    return importing.preview_import(content=content, filename=filename)


def database_counts() -> tuple[int, int]:
    return Organisation.objects.count(), SourceRecord.objects.count()


@pytest.fixture
def fintech(make_term):
    return make_term("sector", slug="fintech", label_en="Fintech")


@pytest.fixture
def upload_batch(secretariat):
    def upload(content: bytes, filename: str = "organisations.csv") -> ImportBatch:
        return importing.create_batch(
            actor=secretariat, upload=SimpleUploadedFile(filename, content)
        )

    return upload


@pytest.fixture
def in_worker(django_capture_on_commit_callbacks):
    """Run what a call queues for the worker (committing a batch), as the worker would."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


# --- dry run -------------------------------------------------------------------------------


def test_a_valid_row_is_previewed_as_a_create_and_nothing_is_written(db):
    before = database_counts()

    preview = preview_of(csv_bytes([row()]))

    assert not preview.has_errors
    assert [(r.number, r.action) for r in preview.rows] == [(2, importing.RowAction.CREATE)]
    assert database_counts() == before


@pytest.mark.parametrize("country", ["KZ", "kz", "Kazakhstan", "KAZ"])
def test_a_country_is_accepted_as_a_code_or_an_english_name(db, country):
    preview = preview_of(csv_bytes([row(country=country)]))

    assert preview.rows[0].errors == {}
    assert preview.rows[0].data["country"] == "KZ"


def test_a_country_outside_the_working_group_is_an_unknown_country_error(db):
    preview = preview_of(csv_bytes([row(country="Uzbekistan")]))

    assert preview.rows[0].action == importing.RowAction.ERROR
    assert "Unknown country “Uzbekistan”" in preview.rows[0].errors["country"][0]


def test_a_missing_name_is_a_row_error(db):
    preview = preview_of(csv_bytes([row(name="   ")]))

    assert preview.rows[0].errors["name"] == ["A name is required."]


def test_a_bad_website_url_is_a_row_error(db):
    preview = preview_of(csv_bytes([row(website="http://exa mple..kz")]))

    assert preview.rows[0].errors["website"] == ["Enter a valid URL."]


def test_a_file_that_is_not_utf8_is_rejected_as_a_whole(db):
    content = csv_bytes([row(name="Казахтелеком")], encoding="cp1251")

    preview = preview_of(content)

    assert preview.rows == []
    assert "not UTF-8" in preview.file_errors[0]


def test_a_utf8_file_with_a_byte_order_mark_is_read(db):
    content = "\ufeff".encode() + csv_bytes([row(name="Қазақтелеком")])

    preview = preview_of(content)

    assert not preview.has_errors
    assert preview.rows[0].data["name"] == "Қазақтелеком"


def test_a_semicolon_separated_file_is_read(db):
    content = b"name;kind;country;sectors\r\nSteppe Cloud;company;KZ;\r\n"

    preview = preview_of(content)

    assert not preview.has_errors
    assert preview.rows[0].data["name"] == "Steppe Cloud"


def test_two_rows_with_the_same_external_id_are_duplicates(db):
    content = csv_bytes(
        [
            row(),
            row(name="Other", website="https://other.example.kz"),
        ]
    )

    preview = preview_of(content)

    assert preview.rows[0].errors == {}
    assert preview.rows[1].errors["external_id"] == ["Duplicate of row 2."]


def test_two_rows_with_the_same_website_are_duplicates(db):
    content = csv_bytes(
        [
            row(external_id=""),
            row(external_id="", name="Other", website="http://www.STEPPECLOUD.example.kz/"),
        ]
    )

    preview = preview_of(content)

    assert preview.rows[1].errors["website"] == ["Duplicate of row 2."]


def test_pages_of_a_shared_government_portal_are_different_organisations(db):
    content = csv_bytes(
        [
            row(
                external_id="",
                name="Agency A",
                kind="authority",
                website="https://www.gov.kz/memleket/entities/a",
            ),
            row(
                external_id="",
                name="Agency B",
                kind="authority",
                website="https://www.gov.kz/memleket/entities/b",
            ),
        ]
    )

    preview = preview_of(content)

    assert not preview.has_errors
    assert preview.counts["create"] == 2


def test_an_unknown_column_is_a_file_error_naming_it_and_the_accepted_columns(db):
    content = csv_bytes([{**row(), "ceo_mobile": "+7 700 000 00 00"}])

    preview = preview_of(content)

    assert preview.rows == []
    [message] = preview.file_errors
    assert "Unknown columns: ceo_mobile." in message
    assert "Accepted columns: external_id, name, short_name, kind" in message


def test_a_file_without_a_required_column_is_rejected(db):
    content = b"name,kind\r\nSteppe Cloud,company\r\n"

    preview = preview_of(content)

    assert preview.file_errors == ["Missing required columns: country."]


def test_a_file_larger_than_the_limit_is_rejected(db, settings):
    settings.IMPORT_MAX_BYTES = 50

    preview = preview_of(csv_bytes([row(description="x" * 100)]))

    assert preview.file_errors == ["The file is larger than 50 bytes."]


def test_sectors_are_accepted_as_slugs_or_english_labels(fintech, make_term):
    make_term("sector", slug="e-government", label_en="E-government")

    preview = preview_of(csv_bytes([row(sectors="fintech; E-GOVERNMENT")]))

    assert [t.slug for t in preview.rows[0].data["sectors"]] == ["fintech", "e-government"]


def test_an_unknown_sector_is_a_row_error(fintech):
    preview = preview_of(csv_bytes([row(sectors="fintech; quantum-baking")]))

    assert preview.rows[0].errors["sectors"] == ["Unknown sector: quantum-baking."]


def test_a_kind_is_accepted_by_its_label_in_any_case(db):
    preview = preview_of(csv_bytes([row(kind="ACADEMIC INSTITUTION")]))

    assert preview.rows[0].data["kind"] == "academic"


def test_a_founding_year_in_the_future_is_a_row_error(db):
    content = csv_bytes([{**row(), "founded_year": "2999"}])

    preview = preview_of(content)

    assert "founded_year" in preview.rows[0].errors


def test_an_unknown_city_is_a_warning_and_the_row_still_imports(db):
    City.objects.create(name="Almaty", country="KZ", population=2_000_000)

    preview = preview_of(
        csv_bytes(
            [
                row(city="Atlantis"),
                row(
                    external_id="ext-2",
                    name="Almaty Soft",
                    city="almaty",
                    website="",
                ),
            ]
        )
    )

    assert not preview.has_errors
    assert preview.rows[0].warnings == ["Unknown city “Atlantis” in Kazakhstan; it is left out."]
    assert preview.rows[1].data["city"].name == "Almaty"


# --- commit --------------------------------------------------------------------------------


def test_committing_a_valid_file_creates_the_organisations_with_their_source(secretariat, fintech):
    content = csv_bytes([row(sectors="fintech")])

    report = importing.commit_import(actor=secretariat, content=content, filename="a.csv")

    assert report == importing.ImportReport(created=1, updated=0, unchanged=0)
    organisation = Organisation.objects.get(sources__source="import", sources__external_id="ext-1")
    assert organisation.name == "Steppe Cloud"
    assert organisation.website_domain == "steppecloud.example.kz"
    assert list(organisation.sectors.values_list("slug", flat=True)) == ["fintech"]


def test_a_failed_commit_leaves_the_database_unchanged(secretariat, organisation):
    content = csv_bytes(
        [
            row(),
            row(external_id="ext-2", name="Updated name", website="https://qfl.example.kz"),
            row(external_id="ext-3", name="Nowhere Ltd", country="Atlantis", website=""),
        ]
    )
    before = database_counts()

    with pytest.raises(importing.ImportRejected) as rejected:
        importing.commit_import(actor=secretariat, content=content, filename="a.csv")

    assert rejected.value.preview.rows[2].errors["country"]
    assert database_counts() == before
    organisation.refresh_from_db()
    assert organisation.name == "Qazaq Fintech Labs"


def test_reimporting_the_same_file_updates_by_external_id_instead_of_duplicating(secretariat):
    importing.commit_import(actor=secretariat, content=csv_bytes([row()]), filename="a.csv")
    changed = csv_bytes([row(name="Steppe Cloud Group", website="https://steppe.example.kz")])

    preview = preview_of(changed)
    report = importing.commit_import(actor=secretariat, content=changed, filename="a.csv")

    assert preview.rows[0].action == importing.RowAction.UPDATE
    assert preview.rows[0].changes["name"] == ("Steppe Cloud", "Steppe Cloud Group")
    assert report == importing.ImportReport(created=0, updated=1, unchanged=0)
    assert Organisation.objects.get().name == "Steppe Cloud Group"
    assert preview_of(changed).rows[0].action == importing.RowAction.UNCHANGED


def test_reimporting_matches_an_existing_organisation_by_website_domain(secretariat, organisation):
    content = csv_bytes(
        [
            row(
                external_id="crm-77",
                name="Qazaq Fintech Labs",
                website="http://www.QFL.example.kz/",
            )
        ]
    )

    preview = preview_of(content)
    report = importing.commit_import(actor=secretariat, content=content, filename="a.csv")

    assert preview.rows[0].organisation == organisation
    assert set(preview.rows[0].changes) == {"website", "external_id"}
    assert report.updated == 1
    assert Organisation.objects.count() == 1
    record = SourceRecord.objects.get(source="import", external_id="crm-77")
    assert record.organisation == organisation


def test_an_xlsx_workbook_is_imported(secretariat, fintech):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["name", "kind", "country", "founded_year", "sectors", "languages"])
    sheet.append(["Indus Analytics", "Company", "Pakistan", 2012, "Fintech", "en; ur"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = importing.commit_import(
        actor=secretariat, content=buffer.getvalue(), filename="organisations.xlsx"
    )

    assert report.created == 1
    organisation = Organisation.objects.get(name="Indus Analytics")
    assert (str(organisation.country), organisation.founded_year) == ("PK", 2012)
    assert organisation.languages == ["en", "ur"]


def test_a_file_named_xlsx_that_is_not_a_workbook_is_rejected(db):
    preview = preview_of(b"name,kind,country\r\n", filename="organisations.xlsx")

    assert preview.file_errors == ["The file is not a readable XLSX workbook."]


def test_only_the_secretariat_can_commit_an_import(org_admin):
    with pytest.raises(PermissionDenied):
        importing.commit_import(actor=org_admin, content=csv_bytes([row()]), filename="a.csv")

    assert not Organisation.objects.filter(name="Steppe Cloud").exists()


def test_a_committed_batch_cannot_be_committed_twice(secretariat, upload_batch, in_worker):
    batch = upload_batch(csv_bytes([row()]))
    in_worker(importing.commit_batch, actor=secretariat, batch=batch)
    stale_copy = ImportBatch.objects.get(pk=batch.pk)
    stale_copy.status = ImportStatus.PENDING  # as a second browser tab would still believe

    with pytest.raises(ValidationError):
        in_worker(importing.commit_batch, actor=secretariat, batch=stale_copy)

    assert Organisation.objects.count() == 1
    batch.refresh_from_db()
    assert (batch.status, batch.report) == (
        ImportStatus.COMMITTED,
        {"created": 1, "updated": 0, "unchanged": 0},
    )


def test_a_discarded_batch_cannot_be_committed(secretariat, upload_batch):
    batch = upload_batch(csv_bytes([row()]))
    importing.discard_batch(actor=secretariat, batch=batch)

    with pytest.raises(ValidationError):
        importing.commit_batch(actor=secretariat, batch=batch)

    assert Organisation.objects.count() == 0
    assert bytes(batch.content) == b""


# --- web flow ------------------------------------------------------------------------------


def test_the_secretariat_uploads_previews_and_commits_a_file(
    client, secretariat, fintech, in_worker
):
    client.force_login(secretariat)
    upload = SimpleUploadedFile("orgs.csv", csv_bytes([row(sectors="fintech")]))

    uploaded = client.post(reverse("directory:import"), {"file": upload})
    batch = ImportBatch.objects.get()
    preview = client.get(uploaded.url)
    committed = in_worker(client.post, uploaded.url, {"action": "commit"})
    outcome = client.get(committed.url)

    assert uploaded.url == reverse("directory:import-preview", args=[batch.token])
    assert preview.status_code == 200
    assert "Steppe Cloud" in preview.text and "Commit import" in preview.text
    assert committed.status_code == 302 and committed.url == batch.get_absolute_url()
    assert "1 created, 0 updated, 0 unchanged" in outcome.text
    organisation = Organisation.objects.get(name="Steppe Cloud")
    assert LogEntry.objects.get_for_object(organisation).filter(actor=secretariat).exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED


def test_the_preview_marks_errors_and_disables_commit(client, secretariat, upload_batch, in_worker):
    client.force_login(secretariat)
    batch = upload_batch(csv_bytes([row(country="Atlantis")]))

    page = client.get(batch.get_absolute_url())
    forced = in_worker(client.post, batch.get_absolute_url(), {"action": "commit"})
    outcome = client.get(forced.url)

    assert 'class="table-danger"' in page.text
    assert "Unknown country “Atlantis”" in page.text
    assert 'value="commit" class="btn btn-primary" disabled' in page.text
    assert "Nothing was imported: the file has errors." in outcome.text
    assert "Unknown country “Atlantis”" in outcome.text
    assert Organisation.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert batch.report["errors"][0]["row"] == 2


def test_an_upload_with_an_unsupported_extension_is_refused(client, secretariat):
    client.force_login(secretariat)

    response = client.post(
        reverse("directory:import"), {"file": SimpleUploadedFile("orgs.xls", b"junk")}
    )

    assert response.status_code == 400
    assert "Upload a .csv or .xlsx file." in response.text
    assert ImportBatch.objects.count() == 0


def test_the_secretariat_downloads_a_template_with_the_accepted_columns(client, secretariat):
    client.force_login(secretariat)

    response = client.get(reverse("directory:import-template"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().strip().split(",") == list(importing.COLUMNS)


@pytest.mark.parametrize("persona", ["observer", "org_admin", "member", "outsider", "anonymous"])
def test_only_the_secretariat_reaches_the_import_pages(persona, persona_client, upload_batch):
    batch = upload_batch(csv_bytes([row()]))
    client = persona_client(persona)

    pages = [
        client.get(reverse("directory:import")),
        client.get(reverse("directory:import-template")),
        client.get(batch.get_absolute_url()),
        client.post(batch.get_absolute_url(), {"action": "commit"}),
    ]

    assert [page.status_code for page in pages] == [404, 404, 404, 404]
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PENDING


def test_a_second_commit_from_the_web_imports_nothing_more(
    client, secretariat, upload_batch, in_worker
):
    client.force_login(secretariat)
    batch = upload_batch(csv_bytes([row()]))
    in_worker(client.post, batch.get_absolute_url(), {"action": "commit"})

    again = in_worker(client.post, batch.get_absolute_url(), {"action": "commit"}, follow=True)

    assert Organisation.objects.count() == 1
    assert "This import is already committed." in again.text


# --- command line --------------------------------------------------------------------------


def test_the_import_command_is_a_dry_run_by_default(db, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(csv_bytes([row()]))
    out = io.StringIO()

    call_command("import_organisations", str(path), stdout=out)

    assert "Steppe Cloud" in out.getvalue() and "Dry run" in out.getvalue()
    assert Organisation.objects.count() == 0


def test_the_import_command_commits_as_the_named_secretariat_user(secretariat, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(csv_bytes([row()]))

    call_command(
        "import_organisations",
        str(path),
        "--commit",
        "--as",
        secretariat.email,
        stdout=io.StringIO(),
    )

    organisation = Organisation.objects.get(name="Steppe Cloud")
    assert LogEntry.objects.get_for_object(organisation).filter(actor=secretariat).exists()


def test_the_import_command_fails_on_errors_and_writes_nothing(secretariat, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(csv_bytes([row(), row(external_id="ext-2", name="")]))
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_organisations", str(path), "--commit", "--as", secretariat.email, stdout=out
        )

    assert "name: A name is required." in out.getvalue()
    assert Organisation.objects.count() == 0


def test_a_website_shared_by_two_existing_organisations_is_an_error(make_organisation):
    make_organisation("Steppe Cloud KZ", website="https://steppecloud.example.kz")
    make_organisation("Steppe Cloud Holding", website="https://www.steppecloud.example.kz/")

    preview = preview_of(csv_bytes([row(external_id="")]))

    [message] = preview.rows[0].errors["website"]
    assert "belongs to several organisations" in message


def test_uploads_left_in_preview_for_a_week_are_discarded_with_their_content(secretariat):
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from silkbridge.directory import importing
    from silkbridge.directory.models import ImportBatch

    # given an upload abandoned eight days ago and one from yesterday
    old = importing.create_batch(
        actor=secretariat, upload=SimpleUploadedFile("old.csv", b"name,kind,country\n")
    )
    recent = importing.create_batch(
        actor=secretariat, upload=SimpleUploadedFile("new.csv", b"name,kind,country\n")
    )
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    ImportBatch.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=1))
    # when another file is uploaded
    importing.create_batch(
        actor=secretariat, upload=SimpleUploadedFile("next.csv", b"name,kind,country\n")
    )
    # then only the abandoned one is discarded, and its file is gone
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, bytes(old.content)) == ("discarded", b"")
    assert recent.status == "pending"
