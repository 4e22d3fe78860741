"""Notification kinds of self-registration, added to the shared registry on import.

`silkbridge.joining.registrations` imports this module, and the joining app's URLs import
that, so the kinds are known before any page renders a notification.
"""

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
