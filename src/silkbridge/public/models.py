"""The terms of use and the privacy notice, versioned: each edit is a new row, so the version a
person accepted at sign-up stays readable."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BODY_MAX_LENGTH = 20_000


class LegalKind(models.TextChoices):
    TERMS = "terms", _("Terms of use")
    PRIVACY = "privacy", _("Privacy notice")


class LegalText(models.Model):
    """One version of one legal text, written in up to four languages (English is required)."""

    kind = models.CharField(_("kind"), max_length=10, choices=LegalKind.choices)
    version = models.PositiveIntegerField(_("version"))
    body_en = models.TextField(_("text in English"))
    body_ru = models.TextField(_("text in Russian"), blank=True)
    body_kk = models.TextField(_("text in Kazakh"), blank=True)
    body_ur = models.TextField(_("text in Urdu"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("legal text")
        verbose_name_plural = _("legal texts")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="legal_text_one_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    def body_in(self, language: str) -> str:
        """The text in the language asked for, or the English one when it has none."""
        return getattr(self, f"body_{language}", "") or self.body_en
