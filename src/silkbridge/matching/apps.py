from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "silkbridge.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Signals keep the matching index current whichever code path saves an organisation
        # or opportunity (forms, API, admin, imports); see signals.py for what they miss.
        from silkbridge.matching import signals  # noqa: F401
