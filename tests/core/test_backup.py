"""`silkbridge backup` and `silkbridge restore`: a round trip into an empty installation loses no
row and no file byte, on SQLite and on PostgreSQL; a damaged archive or a non-empty target is
refused before anything is written."""

import contextlib
import io
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.utils.functional import empty

from silkbridge.conversations import services as conversations
from silkbridge.core import uploads

PDF_BYTES = b"%PDF-1.4\n" + bytes(range(256)) * 40


@contextlib.contextmanager
def _database(name: str) -> Iterator[None]:
    """Point the default connection at another database (an SQLite file or a PostgreSQL
    database on the same server) for the duration of the block."""
    original_connection = connections["default"]
    original_settings = connections.settings["default"]
    connections.settings["default"] = {**original_settings, "NAME": name}
    connections["default"] = connections.create_connection("default")
    ContentType.objects.clear_cache()  # its ids are the other database's
    try:
        yield
    finally:
        connections["default"].close()
        connections.settings["default"] = original_settings
        connections["default"] = original_connection
        ContentType.objects.clear_cache()


@pytest.fixture
def empty_database(real_database_file, tmp_path) -> Iterator[contextlib.AbstractContextManager]:
    """A context manager that switches to a new, empty database: a new SQLite file, or a new
    PostgreSQL database on the test server, dropped afterwards."""
    connection = connections["default"]
    if connection.vendor == "sqlite":
        yield _database(str(tmp_path / "restored.sqlite3"))
        return
    name = f"silkbridge_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _database(name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def media_roots(settings, tmp_path) -> tuple[Path, Path]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    settings.MATCHING_INDEX_DIR = tmp_path / "media" / "matching-index"
    uploads.private_storage._wrapped = empty
    return settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT


def _rows() -> dict[str, list[dict]]:
    """Every row of every model, in primary-key order."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _files(*roots: Path) -> dict[str, bytes]:
    return {
        f"{root.name}/{path.relative_to(root)}": path.read_bytes()
        for root in roots
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _wipe(*roots: Path) -> None:
    for root in roots:
        for path in sorted(root.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()


def test_a_backup_restored_into_an_empty_installation_loses_nothing(
    # The database switch first, so that every row below is made in the file being backed up.
    empty_database,
    media_roots,
    make_organisation,
    make_user,
    secretariat,
    tmp_path,
):
    # given organisations, a user, a message with an attachment and a public media file
    media, _private = media_roots
    kazakh = make_organisation("Astana Cloud", country="KZ", website="https://cloud.example.kz")
    make_organisation("Karachi Data Works", country="PK")
    make_user("member@cloud.example.kz", organisation=kazakh)
    conversations.start_secretariat_thread(
        actor=secretariat,
        organisation=kazakh,
        subject="Forum logistics",
        body="Please find the programme attached.",
        files=[SimpleUploadedFile("programme.pdf", PDF_BYTES)],
    )
    (media / "logos").mkdir(parents=True)
    (media / "logos" / "astana.png").write_bytes(b"\x89PNG logo bytes")
    (media / "matching-index").mkdir()
    (media / "matching-index" / "index.json").write_text("{}")  # derived: left out
    rows_before = _rows()
    files_before = _files(media)
    assert any(name.startswith("media/private/") for name in files_before)

    # when it is backed up, everything is wiped, and the backup is restored
    archive = tmp_path / "backups" / "silkbridge.tar.gz"
    archive.parent.mkdir()
    call_command("backup", str(archive), verbosity=0)
    _wipe(media)
    with empty_database:
        call_command("restore", str(archive), verbosity=0)

        # then every row and every file byte is back, and the derived index is not
        assert _rows() == rows_before
    files_after = _files(media)
    del files_before["media/matching-index/index.json"]
    assert files_after == files_before
    assert archive.stat().st_mode & 0o077 == 0  # personal data: owner only


def test_restore_refuses_a_database_that_is_not_empty(
    real_database_file, media_roots, organisation, tmp_path
):
    archive = tmp_path / "silkbridge.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    with pytest.raises(CommandError, match="the database has tables"):
        call_command("restore", str(archive), verbosity=0)


def test_restore_refuses_a_damaged_archive_before_touching_anything(
    media_roots, organisation, empty_database, tmp_path
):
    # given a backup whose attachment was altered after the manifest was written
    media, _private = media_roots
    (media / "note.txt").parent.mkdir(parents=True, exist_ok=True)
    (media / "note.txt").write_text("original")
    archive = tmp_path / "silkbridge.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "media/note.txt":
                data = b"altered!"
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    _wipe(media)

    # when it is restored, it is refused and the empty database stays empty
    with empty_database:
        with pytest.raises(CommandError, match=r"media/note\.txt does not match its checksum"):
            call_command("restore", str(tampered), verbosity=0)
        with connections["default"].cursor() as cursor:
            assert connections["default"].introspection.table_names(cursor) == []
    assert list(media.rglob("*")) == []
