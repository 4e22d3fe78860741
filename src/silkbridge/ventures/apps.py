from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenturesConfig(AppConfig):
    name = "silkbridge.ventures"
    verbose_name = _("Ventures")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from silkbridge.ventures import notification_kinds  # noqa: F401
        from silkbridge.ventures.models import ExchangeRate, StageChange, Venture, VentureParty

        # Parties' updates and the secretariat's corrections are kept with who, when and what.
        auditlog.register(Venture, exclude_fields=["updated_at"], m2m_fields={"sectors"})
        auditlog.register(VentureParty)
        auditlog.register(StageChange)
        auditlog.register(ExchangeRate)
