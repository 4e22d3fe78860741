from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntroductionsConfig(AppConfig):
    name = "silkbridge.introductions"
    verbose_name = _("Introductions")
