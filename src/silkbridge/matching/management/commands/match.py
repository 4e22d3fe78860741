"""`silkbridge match --org ID`: the top partners of an organisation, with reasons."""

from django.core.management.base import BaseCommand, CommandError

from silkbridge.directory.models import Organisation
from silkbridge.matching import reasons, services


class Command(BaseCommand):
    help = "Print the top partners of an organisation with the reasons for each."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--org", required=True, help="Organisation id or slug.")
        parser.add_argument("--k", type=int, default=10, help="How many partners (default 10).")

    def handle(self, *args, org: str, k: int, **options) -> None:
        if k < 1:
            raise CommandError("--k must be at least 1.")
        lookup = {"pk": int(org)} if org.isdigit() else {"slug": org}
        organisation = Organisation.objects.active().filter(**lookup).first()
        if organisation is None:
            raise CommandError(f"No organisation {org!r}.")
        try:
            suggestions = services.partners_for(organisation.pk, k)
        except services.IndexUnavailable as error:
            raise CommandError(f"{error} Run `silkbridge manage build_match_index`.") from error
        names = dict(
            Organisation.objects.filter(pk__in=[s.target_id for s in suggestions]).values_list(
                "pk", "name"
            )
        )
        # The operator sees everything, as the secretariat does.
        ctx = reasons.Context(
            hidden_items=set(),
            labels=reasons.term_labels([r for s in suggestions for r in s.reasons]),
        )
        self.stdout.write(f"Top partners for {organisation.name} (#{organisation.pk}):")
        if not suggestions:
            self.stdout.write("  none")
        for rank, s in enumerate(suggestions, 1):
            self.stdout.write(
                f"{rank:>3}. {names.get(s.target_id, '?')} (#{s.target_id})  {s.score:.3f}"
            )
            for reason in s.reasons:
                self.stdout.write(f"       - {reasons.render(reason, ctx)}")
