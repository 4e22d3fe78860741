from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "silkbridge.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Registers the TRUSTED_PROXIES system checks.
        from silkbridge.core import proxies  # noqa: F401
