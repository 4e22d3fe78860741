"""Targets the secretariat sets for the working group; their values are computed, never stored."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

NAME_MAX_LENGTH = 200


class MetricKey(models.TextChoices):
    """What a target measures; `outcomes.metrics.METRICS` says how each one is computed."""

    AGREEMENTS_SIGNED = "agreements_signed", _("Agreements signed")
    CONTRACT_VALUE_USD = "contract_value_usd", _("Contract value (USD)")
    PEOPLE_EXCHANGED = "people_exchanged", _("Students and staff exchanged")
    ACTIVE_ALLIANCES = "active_alliances", _("Active academic alliances")
    VENTURES_STARTED = "ventures_started", _("Ventures started")
    INTRODUCTIONS_ACCEPTED = "introductions_accepted", _("Introductions accepted")
    MEETINGS_HELD = "meetings_held", _("B2B meetings held")
    JOBS_CREATED = "jobs_created", _("Jobs created")


class Target(models.Model):
    """A goal such as "30 agreements signed in 2026": baseline, target value and deadline.

    The figure reached so far comes from the data (`outcomes.metrics`); nobody types it in.
    """

    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    metric = models.CharField(_("metric"), max_length=40, choices=MetricKey.choices)
    baseline = models.DecimalField(
        _("baseline"),
        max_digits=16,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Where the figure stood when the period started."),
    )
    target_value = models.DecimalField(
        _("target value"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("The level to reach by the deadline."),
    )
    period_start = models.DateField(_("period start"))
    deadline = models.DateField(_("deadline"))
    working_group = models.ForeignKey(
        "workspace.WorkingGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("working group"),
    )
    country = CountryField(_("country"), blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["deadline", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("period_start")),
                name="target_deadline_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(baseline__gte=0, target_value__gte=0),
                name="target_values_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("outcomes:target-edit", kwargs={"pk": self.pk})
