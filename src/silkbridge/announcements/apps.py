from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "silkbridge.announcements"
    verbose_name = _("Announcements")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from silkbridge.announcements.models import Announcement

        # Who wrote, changed, published and unpublished what the public reads, and when.
        auditlog.register(Announcement, exclude_fields=["updated_at"])
