"""`silkbridge housekeeping`: run the periodic jobs once, e.g. from cron, and print the counts."""

from django.core.management.base import BaseCommand, CommandError

from silkbridge.core import housekeeping


class Command(BaseCommand):
    help = (
        "Expire due opportunities and introductions, send reminders and daily digests "
        "(safe to run at any time; runs every 15 minutes by itself under serve or worker)."
    )

    def handle(self, *args, **options) -> None:
        counts = housekeeping.run()
        failed = []
        for name, _module, _function in housekeeping.JOBS:
            if name in counts:
                self.stdout.write(f"{name}: {counts[name]}")
            else:
                failed.append(name)
                self.stdout.write(f"{name}: failed (see the log)")
        if failed:
            raise CommandError(f"{len(failed)} housekeeping job(s) failed: {', '.join(failed)}")
