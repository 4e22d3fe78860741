"""`manage.py export_organisations [--output PATH] [--country KZ] [--kind company] [-q text]`."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import ngettext

from silkbridge.directory import exporting, selectors
from silkbridge.directory.forms_query import DirectoryFilterForm


class Command(BaseCommand):
    help = (
        "Write the directory (or a search of it) as CSV in the import's columns, so the file can "
        "be edited and imported again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", metavar="PATH", help="file to write; default stdout")
        parser.add_argument("--country", default="", help="ISO code, e.g. KZ")
        parser.add_argument("--kind", default="", help="company, authority, academic, association")
        parser.add_argument("-q", "--query", dest="q", default="", help="free-text search")

    def handle(self, *args, output: str | None, country: str, kind: str, q: str, **options) -> None:
        # The CLI is strict where the web page is lenient: a mistyped filter must not export all.
        form = DirectoryFilterForm({"country": country, "kind": kind, "q": q})
        if not form.is_valid():
            problems = "; ".join(
                f"--{name}: {' '.join(messages)}" for name, messages in form.errors.items()
            )
            raise CommandError(problems)
        organisations = selectors.search_organisations(form.to_query())
        if output is None:
            written = exporting.write_csv(organisations, self.stdout, bom=False)
        else:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                written = exporting.write_csv(organisations, stream)
        if options["verbosity"] >= 1:
            self.stderr.write(
                ngettext(
                    "%(count)d organisation exported.", "%(count)d organisations exported.", written
                )
                % {"count": written}
            )
