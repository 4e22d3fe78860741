from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "silkbridge.talent.exchanges"
    label = "talent_exchanges"
    verbose_name = _("Exchanges and internships")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from silkbridge.talent.exchanges import notification_kinds  # noqa: F401
        from silkbridge.talent.exchanges.models import (
            ApplicantProfile,
            Application,
            ApplicationDocument,
            Call,
            Internship,
            LearningAgreement,
            Mobility,
            Nomination,
        )

        # Decisions about people (confirmations, allocations, nominations, approvals, moves) are
        # kept with who and when; document reads are logged by the download view itself.
        auditlog.register(Internship, exclude_fields=["updated_at"], m2m_fields={"skills"})
        auditlog.register(Call)
        auditlog.register(ApplicantProfile)
        auditlog.register(Application, exclude_fields=["motivation"])
        auditlog.register(ApplicationDocument, exclude_fields=["file"])
        auditlog.register(Nomination)
        auditlog.register(LearningAgreement)
        auditlog.register(Mobility)
