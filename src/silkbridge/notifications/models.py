"""In-app notifications; the same rows drive per-event e-mails and daily digests."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One event for one user. Text is rendered from `kind` and `params` when shown, so it
    appears in the reader's language, not the language of whoever caused it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when the notification went out by e-mail, alone or in a digest.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["recipient", "created_at"],
                name="notification_not_emailed",
                condition=models.Q(emailed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def text(self) -> str:
        """The sentence in the active language (the reader's, on a page or in an e-mail)."""
        from silkbridge.notifications import kinds

        return kinds.render(self.kind, self.params)

    @property
    def icon(self) -> str:
        from silkbridge.notifications import kinds

        return kinds.icon(self.kind)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
