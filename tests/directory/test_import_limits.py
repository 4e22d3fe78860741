"""Row and column limits are checked before a file is expanded: a tiny XLSX that declares a
huge sheet is refused at once, without the memory expanding it would take."""

import io
import re
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from silkbridge.directory import importing
from silkbridge.directory.models import ImportBatch

HEADER = ["name", "kind", "country"]


def xlsx_declaring(dimension: str, rows: int = 1) -> bytes:
    """A small workbook whose sheet claims the range `dimension`, whatever it really holds."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for n in range(rows):
        sheet.append([f"Declared Org {n}", "company", "KZ"])
    saved = io.BytesIO()
    workbook.save(saved)
    patched = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(saved.getvalue())) as source,
        zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(
                    rb'<dimension ref="[^"]*" ?/>', f'<dimension ref="{dimension}"/>'.encode(), data
                )
                assert count == 1
            target.writestr(item, data)
    return patched.getvalue()


def csv_of(rows: int) -> bytes:
    lines = [",".join(HEADER)] + [f"CSV Org {n},company,KZ" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def upload(client, filename: str, content: bytes):
    return client.post(reverse("directory:import"), {"file": SimpleUploadedFile(filename, content)})


def test_a_tiny_xlsx_declaring_a_huge_sheet_is_refused_at_upload(client, secretariat):
    content = xlsx_declaring("A1:ZZ60000")
    client.force_login(secretariat)

    response = upload(client, "huge.xlsx", content)

    assert len(content) < 6000
    assert response.status_code == 400
    assert "The file has more than 20000 data rows; split it into smaller files." in response.text
    assert ImportBatch.objects.count() == 0


def test_the_declared_size_is_refused_without_expanding_the_sheet(db):
    content = xlsx_declaring("A1:ZZ60000")

    tracemalloc.start()
    try:
        preview = importing.preview_import(content=content, filename="huge.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert preview.file_errors == [
        "The file has more than 20000 data rows; split it into smaller files."
    ]
    assert peak < 10 * 1024 * 1024  # expanding it took hundreds of megabytes


def test_an_xlsx_declaring_too_many_columns_is_refused(client, secretariat):
    client.force_login(secretariat)

    response = upload(client, "wide.xlsx", xlsx_declaring("A1:ZZ5"))

    assert response.status_code == 400
    assert "The file has more than 100 columns." in response.text


def test_an_xlsx_that_understates_its_size_is_stopped_at_the_limit(db, settings):
    settings.IMPORT_MAX_ROWS = 5
    content = xlsx_declaring("A1:C2", rows=6)

    importing.check_limits(content, "small.xlsx")  # the declared size is within the limits
    preview = importing.preview_import(content=content, filename="small.xlsx")

    assert preview.file_errors == [
        "The file has more than 5 data rows; split it into smaller files."
    ]


def test_an_xlsx_within_the_limits_is_read_in_full(db, settings):
    settings.IMPORT_MAX_ROWS = 5

    preview = importing.preview_import(content=xlsx_declaring("A1:C6", rows=5), filename="ok.xlsx")

    assert not preview.file_errors
    assert [row.values["name"] for row in preview.rows][-1] == "Declared Org 4"


@pytest.mark.parametrize(("rows", "accepted"), [(5, True), (6, False)])
def test_a_csv_over_the_row_limit_is_refused_at_upload(
    client, secretariat, settings, rows, accepted
):
    settings.IMPORT_MAX_ROWS = 5
    client.force_login(secretariat)

    response = upload(client, "orgs.csv", csv_of(rows))

    assert (response.status_code == 302) is accepted
    assert ImportBatch.objects.exists() is accepted
    if not accepted:
        assert "The file has more than 5 data rows" in response.text


def test_a_csv_row_with_too_many_cells_is_refused(db, settings):
    settings.IMPORT_MAX_COLUMNS = 4
    content = csv_of(1) + b"Wide Org,company,KZ,x,y\n"

    with pytest.raises(importing.FileRejected) as refused:
        importing.check_limits(content, "orgs.csv")

    assert refused.value.messages == ["The file has more than 4 columns."]
