from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "silkbridge.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from silkbridge.accounts import leaving_notification_kinds  # noqa: F401
