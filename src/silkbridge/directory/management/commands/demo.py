"""`manage.py demo [--scale N] [--seed S] [--users]`: generated demo companies (and sign-ins)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from silkbridge.directory.seed.demo import DEFAULT_SCALE, DEFAULT_SEED, MAX_SCALE, generate_demo
from silkbridge.directory.seed.demo_users import DEMO_PASSWORD, create_demo_users


class Command(BaseCommand):
    help = (
        "Replace the demo companies with a deterministic set of generated ones, marked "
        "[Demo data]. Real organisations are never touched."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=DEFAULT_SCALE,
            help=f"demo organisations in total, split across the countries (max {MAX_SCALE})",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
        parser.add_argument(
            "--users",
            action="store_true",
            help=f"also create the demo sign-ins (password {DEMO_PASSWORD!r}, demo use only)",
        )

    def handle(self, *args, scale: int, seed: int, users: bool, **options) -> None:
        if not 0 <= scale <= MAX_SCALE:
            raise CommandError(_("--scale must be between 0 and %(max)d.") % {"max": MAX_SCALE})
        report = generate_demo(scale=scale, seed=seed)
        # Wiring only: the partnership desk builds on the directory, not the other way round.
        from silkbridge.opportunities.demo import generate_demo_opportunities

        posted = generate_demo_opportunities(seed=seed)
        per_country = ", ".join(f"{c} {n}" for c, n in report.per_country.items())
        self.stdout.write(
            _(
                "Demo data: %(orgs)d organisations (%(split)s), %(people)d people, %(deleted)d old "
                "demo organisations replaced, in %(seconds).1f s."
            )
            % {
                "orgs": report.organisations,
                "split": per_country,
                "people": report.people,
                "deleted": report.deleted,
                "seconds": report.seconds,
            }
        )
        self.stdout.write(_("Demo opportunities: %(count)d.") % {"count": posted})
        if users:
            self.stdout.write(
                _("Demo sign-ins (password: %(password)s, for demos only):")
                % {"password": DEMO_PASSWORD}
            )
            for email, role in create_demo_users():
                self.stdout.write(f"  {email:<34} {role}")
            from silkbridge.introductions.demo import create_demo_story

            if create_demo_story():
                self.stdout.write(
                    _(
                        "Demo partnership desk: a published request, an accepted introduction with "
                        "messages, an offer awaiting review and an introduction awaiting answers."
                    )
                )
            from silkbridge.forums.demo import create_demo_forum
            from silkbridge.ventures.demo import create_demo_ventures
            from silkbridge.workspace.demo import create_demo_workspace

            if create_demo_forum():
                self.stdout.write(
                    _("Demo B2B forum: an event in Astana with a published meeting schedule.")
                )
            if create_demo_workspace():
                self.stdout.write(
                    _("Demo working groups: three groups with meetings, decisions and actions.")
                )
            self.stdout.write(_("Demo ventures: %(count)d.") % {"count": create_demo_ventures()})
            from silkbridge.announcements.demo import create_demo_public_face

            create_demo_public_face()
            from silkbridge.joining.demo import create_demo_claims

            if create_demo_claims():
                self.stdout.write(_("Demo claim: one awaits the secretariat's verification queue."))
            from silkbridge.joining.demo_registrations import create_demo_registration

            if create_demo_registration():
                self.stdout.write(_("Demo registration: a new startup awaits verification."))
            from silkbridge.talent.agreements.demo import (
                KZ_COORDINATOR_EMAIL,
                PK_COORDINATOR_EMAIL,
                create_demo_agreements,
            )

            agreements = create_demo_agreements()
            self.stdout.write(
                _("Demo inter-institutional agreements: %(count)d.") % {"count": agreements}
            )
            if agreements:
                for email in (KZ_COORDINATOR_EMAIL, PK_COORDINATOR_EMAIL):
                    self.stdout.write(f"  {email:<34} " + _("University coordinator"))
            from silkbridge.talent.exchanges.demo import STUDENT_EMAIL, create_demo_exchanges

            exchanges = create_demo_exchanges()
            self.stdout.write(
                _("Demo exchanges: two calls, an internship, %(count)d mobilities.")
                % {"count": exchanges}
            )
            if exchanges:
                self.stdout.write(f"  {STUDENT_EMAIL:<34} " + _("Student (applicant)"))
