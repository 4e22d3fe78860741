"""`silkbridge backup DEST`: the database and media folders in one checked archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from silkbridge.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite or PostgreSQL) and the media folders into one .tar.gz "
        "with a manifest of checksums. DEST is a file, or a folder to write a dated file in."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("destination", type=Path, help="archive file or folder")

    def handle(self, *args, destination: Path, **options) -> None:
        try:
            path, manifest = create_backup(destination)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{path}: {manifest.database_engine} database and "
            f"{len(manifest.files) - 1} media file(s), {path.stat().st_size} bytes"
        )
