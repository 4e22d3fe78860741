from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "silkbridge.public"
    verbose_name = _("Public face")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from silkbridge.public.models import LegalText

        auditlog.register(LegalText)
