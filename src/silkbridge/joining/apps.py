"""How organisations come in by themselves: claims, new registrations, the secretariat's queue."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JoiningConfig(AppConfig):
    name = "silkbridge.joining"
    verbose_name = _("Joining")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from silkbridge.joining import notification_kinds, registration_kinds  # noqa: F401
        from silkbridge.joining.models import Claim

        # Who claimed what, and who approved or refused it, with the reason.
        auditlog.register(Claim, exclude_fields=["evidence_file", "evidence_content_type"])
