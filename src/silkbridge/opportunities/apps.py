from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "silkbridge.opportunities"
    verbose_name = _("Opportunities")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from silkbridge.opportunities import owner  # noqa: F401 - connects its signal
        from silkbridge.opportunities.models import Opportunity, OpportunityAttachment

        auditlog.register(
            Opportunity,
            exclude_fields=["search_text", "updated_at"],
            m2m_fields={"sectors", "technologies"},
        )
        auditlog.register(OpportunityAttachment, exclude_fields=["file"])
