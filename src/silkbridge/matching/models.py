"""Feedback on suggestions (dismissals, saved suggestions) and the change journal of the index."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silkbridge.directory.models import Organisation


class TargetKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    OPPORTUNITY = "opportunity", _("Opportunity")


class ChangeKind(models.TextChoices):
    """What a journal entry points at: indexed rows, or a collaboration for the history."""

    ORGANISATION = "organisation", _("Organisation")
    OPPORTUNITY = "opportunity", _("Opportunity")
    INTRODUCTION = "introduction", _("Introduction")
    VENTURE = "venture", _("Venture")
    MEETING = "meeting", _("B2B meeting")


class DismissReason(models.TextChoices):
    NOT_RELEVANT = "not_relevant", _("Not relevant")
    ALREADY_IN_CONTACT = "already_in_contact", _("Already in contact")
    WRONG_COUNTRY_OR_KIND = "wrong_country_or_kind", _("Wrong country or kind of organisation")
    OTHER = "other", _("Other")


class Dismissal(models.Model):
    """A suggestion someone dismissed for their organisation: never suggested to it again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="match_dismissals"
    )
    target_kind = models.CharField(_("dismissed"), max_length=20, choices=TargetKind.choices)
    target_id = models.PositiveBigIntegerField()
    reason = models.CharField(_("reason"), max_length=30, choices=DismissReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("dismissed suggestion")
        verbose_name_plural = _("dismissed suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "target_kind", "target_id"], name="unique_dismissal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} ✗ {self.target_kind} {self.target_id}"


class SavedSuggestion(models.Model):
    """A suggestion a user kept for later."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_suggestions"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    target_kind = models.CharField(max_length=20, choices=TargetKind.choices)
    target_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("saved suggestion")
        verbose_name_plural = _("saved suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "target_kind", "target_id"],
                name="unique_saved_suggestion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ★ {self.target_kind} {self.target_id}"


class IndexChange(models.Model):
    """Journal of changed organisations and opportunities, and of collaborations (accepted
    introductions, ventures, held meetings) for the history signal.

    Every process holding an index in memory replays the entries newer than the last it saw,
    so web processes and the worker converge without reloading the whole index.
    """

    target_kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    target_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="match_change_created")]

    def __str__(self) -> str:
        return f"{self.target_kind} {self.target_id} changed"
