"""Joining's notification kinds, added to the shared registry when the app is ready."""

from django.utils.translation import gettext_lazy

from silkbridge.notifications.kinds import KINDS, Kind

KINDS.update(
    {
        "claim_submitted": Kind(
            gettext_lazy("%(person)s asks to join %(organisation)s: please decide"), "person-plus"
        ),
        "claim_approved": Kind(
            gettext_lazy("Your claim was approved: you belong to %(organisation)s"), "patch-check"
        ),
        "claim_refused": Kind(
            gettext_lazy("Your claim to %(organisation)s was refused: %(reason)s"), "x-circle"
        ),
    }
)
