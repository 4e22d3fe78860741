"""The notification a departure sends, added to the shared registry when the app is ready."""

from django.utils.translation import gettext_lazy

from silkbridge.notifications.kinds import KINDS, Kind

KINDS.update(
    {
        "organisation_without_admin": Kind(
            gettext_lazy(
                "The last admin of %(organisation)s deleted their account: "
                "the organisation has no admin now"
            ),
            "person-exclamation",
        ),
    }
)
