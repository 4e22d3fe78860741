"""The agreements' notification kinds, added to the shared registry when the app is ready."""

from django.utils.translation import gettext_lazy

from silkbridge.notifications.kinds import KINDS, Kind

KINDS.update(
    {
        "agreement_approval_needed": Kind(
            gettext_lazy("Version %(version)s of the agreement “%(title)s” awaits your approval"),
            "file-earmark-check",
        ),
        "agreement_approved": Kind(
            gettext_lazy("Every institution approved the agreement “%(title)s”"), "check2-all"
        ),
        "agreement_terminated": Kind(
            gettext_lazy("The agreement “%(title)s” was terminated"), "x-octagon"
        ),
    }
)
