from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "silkbridge.outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from silkbridge.outreach.models import Campaign, Contact

        # Who sent which list, and how each invitation was used, with who and when.
        auditlog.register(Campaign, exclude_fields=["content"])
        auditlog.register(Contact, exclude_fields=["token_hash"])
