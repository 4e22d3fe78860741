from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "silkbridge.directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from silkbridge.directory import audit, term_choices  # noqa: F401 - connects its signals

        audit.register_models()
