"""`manage.py load_data [--data-dir PATH]`: taxonomy, geography and real public organisations."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from silkbridge.directory.seed.geography import load_geography
from silkbridge.directory.seed.realdata import load_real_organisations
from silkbridge.directory.seed.taxonomy import seed_taxonomy


class Command(BaseCommand):
    help = (
        "Load the taxonomy, regions and cities, and the real universities, research bodies and "
        "public bodies of the platform's countries. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="folder with raw/ and curated/ (default: settings.SILKBRIDGE_DATA_DIR)",
        )

    def handle(self, *args, data_dir: Path | None, **options) -> None:
        taxonomy = seed_taxonomy()
        self.stdout.write(
            _("Taxonomy: %(created)d created, %(updated)d updated.")
            % {"created": taxonomy.created, "updated": taxonomy.updated}
        )
        geography = load_geography(data_dir)
        self.stdout.write(
            _("Regions: %(created)d created, %(updated)d updated.")
            % {"created": geography.regions_created, "updated": geography.regions_updated}
        )
        self.stdout.write(
            _("Cities: %(created)d created, %(updated)d updated.")
            % {"created": geography.cities_created, "updated": geography.cities_updated}
        )
        report = load_real_organisations(data_dir)
        for source, counts in report.sources.items():
            self.stdout.write(
                _(
                    "Organisations from %(source)s: read %(read)d, created %(created)d, joined "
                    "%(joined)d, updated %(updated)d, unchanged %(unchanged)d, skipped %(skipped)d."
                )
                % {"source": source, **vars(counts)}
            )
