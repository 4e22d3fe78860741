"""How long `silkbridge backup` and `silkbridge restore` take on an installation's real data.

    SILKBRIDGE_HOME=/srv/silkbridge python benchmarks/backup.py
    DATABASE_URL=postgres://... python benchmarks/backup.py

Uses the database and media folders the environment names (as the `silkbridge` command does),
never changes them: backs up into a scratch folder, checks the archive as `restore --check`
does, and restores it into a new scratch database (a new SQLite file, or a new PostgreSQL
database on the same server, dropped afterwards), then compares row counts. Prints a table and
writes benchmarks/results/backup-<engine>.json.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


@contextlib.contextmanager
def scratch_database(folder: Path):
    """The default connection pointed at a new, empty database for the block."""
    from django.db import connections

    original_connection = connections["default"]
    original_settings = connections.settings["default"]
    vendor = original_connection.vendor
    name = (
        str(folder / "restored.sqlite3")
        if vendor == "sqlite"
        else f"silkbridge_bench_{uuid.uuid4().hex[:12]}"
    )
    if vendor != "sqlite":
        with original_connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connections.settings["default"] = {**original_settings, "NAME": name}
    connections["default"] = connections.create_connection("default")
    try:
        yield
    finally:
        connections["default"].close()
        connections.settings["default"] = original_settings
        connections["default"] = original_connection
        if vendor != "sqlite":
            with original_connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def row_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "silkbridge.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import override_settings

    from silkbridge.core import backup

    counts = row_counts()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (archive, manifest), backup_seconds = timed(backup.create_backup, folder)
        _manifest, verify_seconds = timed(backup.verify_backup, archive)
        empty_media = {
            "MEDIA_ROOT": folder / "media",
            "PRIVATE_MEDIA_ROOT": folder / "media" / "private",
            "MATCHING_INDEX_DIR": folder / "media" / "matching-index",
        }
        with scratch_database(folder), override_settings(**empty_media):
            _manifest, restore_seconds = timed(backup.restore_backup, archive)
            restored_counts = row_counts()
        size = archive.stat().st_size
    result = {
        "engine": connection.vendor,
        "organisations": counts.get("directory.Organisation", 0),
        "rows": sum(counts.values()),
        "media_files": len(manifest.files) - 1,
        "archive_bytes": size,
        "backup_s": round(backup_seconds, 2),
        "verify_s": round(verify_seconds, 2),
        "restore_s": round(restore_seconds, 2),
        "rows_equal": restored_counts == counts,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    print(f"{'engine':10} {'orgs':>7} {'rows':>9} {'files':>6} {'archive':>10} "
          f"{'backup':>8} {'verify':>8} {'restore':>8}  same rows")  # fmt: skip
    print(
        f"{result['engine']:10} {result['organisations']:>7} {result['rows']:>9} "
        f"{result['media_files']:>6} {size / 1e6:>8.1f}MB {backup_seconds:>7.2f}s "
        f"{verify_seconds:>7.2f}s {restore_seconds:>7.2f}s  {result['rows_equal']}"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"backup-{result['engine']}.json").write_text(json.dumps(result, indent=2) + "\n")
    if not result["rows_equal"]:
        sys.exit("restored row counts differ from the original")


if __name__ == "__main__":
    main()
