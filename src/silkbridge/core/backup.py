"""Backups: the database and the media folders in one `.tar.gz`, with a manifest.

The archive holds `database.sqlite3` (an online-consistent copy made with SQLite's backup API,
never a file copy, so a running site's WAL is included) or `database.pgdump` (`pg_dump
--format=custom`), the files of MEDIA_ROOT under `media/` and of PRIVATE_MEDIA_ROOT under
`private-media/`, and `manifest.json` last: format, release, database engine, creation time and a
SHA-256 of every other member. The matching index is left out: it is rebuilt from the database.

Restore reads the whole archive and checks the manifest and every checksum before it touches
anything, refuses a database or media folder that is not empty unless forced, and writes each
file only to a path it built itself from a checked name.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from typing import IO

from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
CHUNK = 1024 * 1024
# gzip's own default: tarfile's 9 takes far longer for a few per cent on a database, and
# attachments (PDF, images) are compressed already.
GZIP_LEVEL = 6
# Engine names as the manifest records them, from Django's connection.vendor.
ENGINES = {"sqlite": SQLITE_MEMBER, "postgresql": POSTGRES_MEMBER}


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why and what to do."""


@dataclass
class Manifest:
    format: int
    silkbridge_version: str
    database_engine: str
    created_at: str
    files: dict[str, str] = field(default_factory=dict)  # member name -> SHA-256


@dataclass(frozen=True)
class MediaTree:
    """A folder in the archive (`prefix/`) and where it lives on this machine."""

    prefix: str
    root: Path
    excluded: tuple[Path, ...]


def media_trees() -> list[MediaTree]:
    """MEDIA_ROOT and PRIVATE_MEDIA_ROOT, each without the other (private media lie inside
    MEDIA_ROOT by default) and without the matching index, which is derived data."""
    media = Path(settings.MEDIA_ROOT).resolve()
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    index = Path(settings.MATCHING_INDEX_DIR).resolve()
    return [
        MediaTree("media", media, (private, index)),
        MediaTree("private-media", private, (index,)),
    ]


def _files_of(tree: MediaTree) -> Iterator[tuple[str, Path]]:
    """(archive name, path) of every regular file of the tree, in a stable order; symbolic
    links are not followed, so a backup never reaches outside its folders."""
    if not tree.root.is_dir():
        return
    for directory, subdirectories, filenames in os.walk(tree.root):
        here = Path(directory)
        subdirectories[:] = sorted(d for d in subdirectories if here / d not in tree.excluded)
        for filename in sorted(filenames):
            path = here / filename
            if path.is_file() and not path.is_symlink():
                yield f"{tree.prefix}/{path.relative_to(tree.root).as_posix()}", path


# Database engines --------------------------------------------------------------------------


def _vendor() -> str:
    vendor = connections["default"].vendor
    if vendor not in ENGINES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def postgres_client(program: str) -> str:
    """Path of pg_dump or pg_restore: Debian's newest /usr/lib/postgresql/N/bin, else PATH."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{program}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if candidates:
        return str(candidates[-1])
    found = shutil.which(program)
    if found is None:
        raise BackupError(
            f"{program} was not found. Install PostgreSQL's client programs "
            "(Debian: apt-get install postgresql-client) in the server's major version or newer."
        )
    return found


def _postgres_environment() -> dict[str, str]:
    """The connection as libpq variables, so no password appears on a command line."""
    database = connections["default"].settings_dict
    values = {
        "PGDATABASE": database["NAME"],
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGSSLMODE": database.get("OPTIONS", {}).get("sslmode", ""),
    }
    return {**os.environ, **{name: value for name, value in values.items() if value}}


def _run(command: list[str]) -> None:
    result = subprocess.run(  # noqa: S603 - a fixed program with arguments built here
        command, env=_postgres_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        program = Path(command[0]).name
        raise BackupError(f"{program} failed: {result.stderr.strip() or result.returncode}")


def _dump_database(folder: Path) -> tuple[str, Path]:
    vendor = _vendor()
    target = folder / ENGINES[vendor]
    if vendor == "sqlite":
        # Through Django's own connection: one read snapshot while other processes go on
        # writing (WAL), and no second connection waiting on a lock this one holds.
        connection = connections["default"]
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        _run([postgres_client("pg_dump"), "--format=custom", f"--file={target}"])
    return ENGINES[vendor], target


def database_is_empty() -> bool:
    """True when the database holds no table at all (not even Django's own)."""
    connection = connections["default"]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _load_database(dump: Path, *, force: bool) -> None:
    connection = connections["default"]
    vendor = _vendor()
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        command = [
            postgres_client("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
        ]
        if force:
            command += ["--clean", "--if-exists"]
        connection.close()
        _run([*command, str(dump)])
    connection.close()


# Archive ----------------------------------------------------------------------------------


class _HashingReader(io.RawIOBase):
    """Reads a file for tarfile and hashes exactly the bytes that went into the archive."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.digest.update(data)
        return len(data)


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> str:
    info = tarfile.TarInfo(name)
    stat = path.stat()
    info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
    with path.open("rb") as stream:
        reader = _HashingReader(stream)
        archive.addfile(info, io.BufferedReader(reader, CHUNK))
    return reader.digest.hexdigest()


def default_name(now: datetime.datetime | None = None) -> str:
    now = now or datetime.datetime.now(datetime.UTC)
    return f"silkbridge-{now:%Y%m%dT%H%M%SZ}.tar.gz"


def create_backup(destination: Path) -> tuple[Path, Manifest]:
    """Write the archive to `destination` (a file, or a folder to put a dated file in).

    The file appears only when complete (written beside it, then renamed) and is readable by
    its owner only: it holds personal data."""
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / default_name()
    manifest = Manifest(
        format=FORMAT,
        silkbridge_version=version("silkbridge"),
        database_engine=_vendor(),
        created_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    )
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        with tempfile.TemporaryDirectory(dir=destination.parent) as scratch:
            member, dump = _dump_database(Path(scratch))
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=GZIP_LEVEL) as tar,
            ):
                manifest.files[member] = _add_file(tar, member, dump)
                for tree in media_trees():
                    for name, path in _files_of(tree):
                        manifest.files[name] = _add_file(tar, name, path)
                document = json.dumps(asdict(manifest), indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode = len(document), 0o600
                info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
                tar.addfile(info, io.BytesIO(document))
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)
    return destination, manifest


def _checked_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive names a file outside its folders: {name!r}.")
    return path


def _open(source: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(source, mode="r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{source} is not a Silkbridge backup (.tar.gz): {error}") from error


def verify_backup(source: Path) -> Manifest:
    """Read the whole archive: the manifest must be ours and every member match its checksum,
    with nothing missing and nothing extra. Raises BackupError, changes nothing."""
    with _open(source) as tar:
        try:
            member = tar.getmember(MANIFEST)
            stream = tar.extractfile(member)
            manifest = Manifest(**json.load(stream))  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError, tarfile.TarError) as error:
            raise BackupError(f"{source} has no readable {MANIFEST}: {error}") from error
        if manifest.format != FORMAT:
            raise BackupError(f"Backup format {manifest.format} is not supported (only {FORMAT}).")
        if manifest.database_engine not in ENGINES:
            raise BackupError(f"Unknown database engine {manifest.database_engine!r}.")
        seen: set[str] = set()
        try:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                _checked_name(member.name)
                expected = manifest.files.get(member.name)
                if expected is None or not member.isfile():
                    raise BackupError(f"{member.name} is in the archive but not in the manifest.")
                digest = hashlib.sha256()
                with contextlib.closing(tar.extractfile(member)) as data:
                    while chunk := data.read(CHUNK):  # type: ignore[union-attr]
                        digest.update(chunk)
                if digest.hexdigest() != expected:
                    raise BackupError(f"{member.name} does not match its checksum.")
                seen.add(member.name)
        except (OSError, EOFError, tarfile.TarError) as error:
            raise BackupError(f"{source} is damaged: {error}") from error
    missing = sorted(set(manifest.files) - seen)
    if missing:
        raise BackupError(f"Files named in the manifest are missing: {', '.join(missing[:5])}.")
    if ENGINES[manifest.database_engine] not in seen:
        raise BackupError("The archive holds no database.")
    return manifest


def _not_empty(tree: MediaTree) -> bool:
    return next(_files_of(tree), None) is not None


def _clear(tree: MediaTree) -> None:
    for _name, path in list(_files_of(tree)):
        path.unlink()


def restore_backup(source: Path, *, force: bool = False) -> Manifest:
    """Check the archive, then load its database and media into this installation.

    Without `force` the database must have no tables and the media folders no files; with it,
    the media files are replaced and the database is overwritten (SQLite) or its objects
    dropped and recreated (PostgreSQL, `pg_restore --clean`)."""
    manifest = verify_backup(source)
    vendor = _vendor()
    if manifest.database_engine != vendor:
        raise BackupError(
            f"The backup holds a {manifest.database_engine} database, this installation uses "
            f"{vendor}. Restore into the same engine (or move the data with dumpdata/loaddata)."
        )
    trees = {tree.prefix: tree for tree in media_trees()}
    if not force:
        problems = [] if database_is_empty() else ["the database has tables"]
        problems += [f"{tree.root} has files" for tree in trees.values() if _not_empty(tree)]
        if problems:
            raise BackupError(
                f"Refusing to restore over existing data: {'; '.join(problems)}. Restore into "
                "an empty database and empty media folders, or pass --force to replace them."
            )
    with _open(source) as tar, tempfile.TemporaryDirectory() as scratch:
        database_member = ENGINES[vendor]
        dump = Path(scratch) / database_member
        with dump.open("wb") as out, contextlib.closing(tar.extractfile(database_member)) as data:
            shutil.copyfileobj(data, out, CHUNK)  # type: ignore[arg-type]
        _load_database(dump, force=force)
        for tree in trees.values():
            _clear(tree)
        for member in tar:
            prefix, _, rest = member.name.partition("/")
            if prefix not in trees or not member.isfile():
                continue
            root = trees[prefix].root
            target = root.joinpath(*_checked_name(rest).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.parent.resolve().is_relative_to(root):
                raise BackupError(f"{target.parent} leads outside {root} (a symbolic link?).")
            with target.open("wb") as out, contextlib.closing(tar.extractfile(member)) as data:
                shutil.copyfileobj(data, out, CHUNK)  # type: ignore[arg-type]
    return manifest
