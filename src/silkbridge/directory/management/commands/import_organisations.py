"""`manage.py import_organisations PATH [--commit] [--as EMAIL]`: the web import, from a shell."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory import importing, permissions


class Command(BaseCommand):
    help = (
        "Check a CSV or XLSX file of organisations and print what importing it would do; "
        "with --commit, import every row or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument(
            "--commit",
            action="store_true",
            help="write the changes (all rows or none); without it nothing is written",
        )
        parser.add_argument(
            "--as",
            dest="actor_email",
            metavar="EMAIL",
            help="e-mail of the secretariat user the audit log records (required with --commit)",
        )

    def handle(self, *args, path: str, commit: bool, actor_email: str | None, **options) -> None:
        source = Path(path)
        try:
            content = source.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s")
                % {"path": path, "error": error.strerror or error}
            ) from error
        verbose = options["verbosity"] >= 1
        if not commit:
            preview = importing.preview_import(content=content, filename=source.name)
            self._print_preview(preview, verbose=verbose)
            if preview.has_errors:
                raise CommandError(_("The file has errors; nothing would be imported."))
            self.stdout.write(_("Dry run: nothing was written. Add --commit to import."))
            return
        actor = self._actor(actor_email)
        try:
            report = importing.commit_import(actor=actor, content=content, filename=source.name)
        except importing.ImportRejected as rejected:
            self._print_preview(rejected.preview, verbose=verbose)
            raise CommandError(_("Nothing was imported: the file has errors.")) from rejected
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                % report.as_dict()
            )
        )

    def _actor(self, email: str | None) -> User:
        if not email:
            raise CommandError(_("--commit needs --as EMAIL, the secretariat user to record."))
        actor = User.objects.filter(email__iexact=email).first()
        if actor is None or not permissions.can_import(actor):
            raise CommandError(_("%(email)s is not a secretariat user.") % {"email": email})
        return actor

    def _print_preview(self, preview: importing.ImportPreview, *, verbose: bool) -> None:
        for message in preview.file_errors:
            self.stderr.write(_("file: %(message)s") % {"message": message})
        for row in preview.rows:
            if not verbose and not row.errors:
                continue
            name = row.organisation.name if row.organisation else row.values.get("name", "")
            self.stdout.write(f"{_('row')} {row.number:>5}  {row.action_label:<10} {name}")
            for column, messages in row.errors.items():
                label = _("row") if column == importing.NON_FIELD else column
                for message in messages:
                    self.stdout.write(f"            {label}: {message}")
            for column, (old, new) in row.changes.items():
                self.stdout.write(f"            {column}: {old or '—'} → {new or '—'}")
            for message in row.warnings:
                self.stdout.write("            " + _("warning: %(message)s") % {"message": message})
        if preview.rows:
            self.stdout.write(
                _(
                    "%(create)d to create, %(update)d to update, %(unchanged)d unchanged, "
                    "%(error)d with errors."
                )
                % preview.counts
            )
