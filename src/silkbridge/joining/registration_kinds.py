"""Notification kinds of self-registration, added to the shared registry when the app is
ready (and by `silkbridge.joining.registrations`, which sends them)."""

from django.utils.translation import gettext_lazy

from silkbridge.notifications.kinds import KINDS, Kind

KINDS.update(
    {
        "registration_submitted": Kind(
            gettext_lazy("%(person)s registered %(organisation)s: please verify it"),
            "building-add",
        ),
        "registration_approved": Kind(
            gettext_lazy("%(organisation)s is verified: welcome to Silkbridge"), "patch-check"
        ),
        "registration_refused": Kind(
            gettext_lazy("The registration of %(organisation)s was refused: %(reason)s"),
            "x-circle",
        ),
    }
)
