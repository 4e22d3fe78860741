"""Announcements: the secretariat's news, calls and forum announcements, written in up to four
languages and shown to each reader in theirs (else English, else any language it has)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10000
LANGUAGE_CODES = ("en", "ru", "kk", "ur")
FALLBACK_LANGUAGE = "en"


class AnnouncementKind(models.TextChoices):
    NEWS = "news", _("News")
    CALL = "call", _("Call for proposals")
    FORUM = "forum", _("Forum announcement")


class AnnouncementQuerySet(models.QuerySet):
    def public(self, now=None):
        """Published (not in the future) and not past its expiry date."""
        now = now or timezone.now()
        return self.filter(published_at__lte=now).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate(now))
        )


class Announcement(models.Model):
    """One announcement in up to four languages. `published_at` empty means a draft."""

    kind = models.CharField(
        _("kind"), max_length=10, choices=AnnouncementKind.choices, default=AnnouncementKind.NEWS
    )
    forum = models.ForeignKey(
        "forums.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("forum"),
    )
    title_en = models.CharField(_("title (English)"), max_length=TITLE_MAX_LENGTH, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=TITLE_MAX_LENGTH, blank=True)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=TITLE_MAX_LENGTH, blank=True)
    title_ur = models.CharField(_("title (Urdu)"), max_length=TITLE_MAX_LENGTH, blank=True)
    body_en = models.TextField(_("text (English)"), max_length=BODY_MAX_LENGTH, blank=True)
    body_ru = models.TextField(_("text (Russian)"), max_length=BODY_MAX_LENGTH, blank=True)
    body_kk = models.TextField(_("text (Kazakh)"), max_length=BODY_MAX_LENGTH, blank=True)
    body_ur = models.TextField(_("text (Urdu)"), max_length=BODY_MAX_LENGTH, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    expires_on = models.DateField(
        _("shown until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep it shown until it is unpublished."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                name="announcement_newest",
                condition=Q(published_at__isnull=False),
            ),
            models.Index(
                fields=["kind", "-published_at", "-id"],
                name="announcement_kind_newest",
                condition=Q(published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title_in(FALLBACK_LANGUAGE)

    def get_absolute_url(self) -> str:
        return reverse("announcements:detail", kwargs={"pk": self.pk})

    def languages(self) -> list[str]:
        """The languages it is written in (a title and a text), in the catalogue's order."""
        return [
            code
            for code in LANGUAGE_CODES
            if getattr(self, f"title_{code}").strip() and getattr(self, f"body_{code}").strip()
        ]

    def language_for(self, language: str | None) -> str:
        """The language a reader of `language` is shown: theirs, else English, else any."""
        written = self.languages()
        code = (language or FALLBACK_LANGUAGE).split("-")[0]
        for choice in (code, FALLBACK_LANGUAGE, *written):
            if choice in written:
                return choice
        return FALLBACK_LANGUAGE

    def title_in(self, language: str | None) -> str:
        return getattr(self, f"title_{self.language_for(language)}")

    def body_in(self, language: str | None) -> str:
        return getattr(self, f"body_{self.language_for(language)}")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def is_public(self, now=None) -> bool:
        now = now or timezone.now()
        if self.published_at is None or self.published_at > now:
            return False
        return self.expires_on is None or self.expires_on >= timezone.localdate(now)
