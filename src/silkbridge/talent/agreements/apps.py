from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "silkbridge.talent.agreements"
    label = "talent_agreements"
    verbose_name = _("Inter-institutional agreements")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from silkbridge.talent.agreements import notification_kinds  # noqa: F401
        from silkbridge.talent.agreements.models import (
            Agreement,
            AgreementApproval,
            CooperationCondition,
        )

        # Who changed the terms, who approved what and who terminated, kept with when and what.
        auditlog.register(Agreement, exclude_fields=["updated_at"], m2m_fields={"institutions"})
        auditlog.register(CooperationCondition)
        auditlog.register(AgreementApproval)
