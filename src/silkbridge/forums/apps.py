from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "silkbridge.forums"
    verbose_name = _("B2B forums")

    def ready(self) -> None:
        # The forums' notification kinds join the shared registry.
        from silkbridge.forums import notification_kinds  # noqa: F401
