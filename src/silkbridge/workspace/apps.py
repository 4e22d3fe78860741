from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "silkbridge.workspace"
    verbose_name = _("Working groups")

    def ready(self) -> None:
        from silkbridge.workspace import notification_kinds  # noqa: F401  (registers kinds)
