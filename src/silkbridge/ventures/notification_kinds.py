"""The ventures' notification kinds, added to the shared registry when the app is ready."""

from django.utils.translation import gettext_lazy

from silkbridge.notifications.kinds import KINDS, Kind

KINDS.update(
    {
        "venture_recorded": Kind(
            gettext_lazy("Your organisation is a party to the venture “%(title)s”"), "briefcase"
        ),
        "venture_stage_changed": Kind(
            gettext_lazy("A new stage was recorded for the venture “%(title)s”"), "signpost-2"
        ),
        "venture_corrected": Kind(
            gettext_lazy("The secretariat corrected the venture “%(title)s”"), "pencil-square"
        ),
        "venture_update_due": Kind(
            gettext_lazy("“%(title)s” has not moved for 90 days: please record an update"),
            "alarm",
        ),
    }
)
