"""`silkbridge restore SRC`: check a backup, then load it into an empty installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from silkbridge.core.backup import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `silkbridge backup` into an empty database and empty media "
        "folders. The manifest and every checksum are checked before anything is written."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", type=Path, help="archive made by `silkbridge backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database and media folders that are not empty",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="only check the archive (manifest and checksums); change nothing",
        )

    def handle(self, *args, source: Path, force: bool, check: bool, **options) -> None:
        try:
            manifest = verify_backup(source) if check else restore_backup(source, force=force)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        done = "checked" if check else "restored"
        self.stdout.write(
            f"{source}: {done} — {manifest.database_engine} database and "
            f"{len(manifest.files) - 1} media file(s) from {manifest.created_at} "
            f"(Silkbridge {manifest.silkbridge_version})"
        )
        if not check:
            self.stdout.write(
                "Next: `silkbridge manage migrate` if this release is newer than the backup, "
                "and `silkbridge manage build_match_index` for a large directory."
            )
