"""Build the matching index from the database and save it to MATCHING_INDEX_DIR."""

import time

from django.core.management.base import BaseCommand

from silkbridge.matching import services


class Command(BaseCommand):
    help = "Build the matching index from the database and save it for every process to load."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        index, seq = services.build_index()
        path = services.save_index(index, seq)
        services.reset_index()
        self.stdout.write(
            f"Matching index: {len(index.profiles)} organisations, {len(index.items)} "
            f"opportunities, saved to {path} in {time.perf_counter() - started:.1f} s."
        )
