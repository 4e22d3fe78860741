"""The outreach notification kinds, added to the shared registry when the app is ready."""

from django.utils.translation import gettext_lazy

from silkbridge.notifications.kinds import KINDS, Kind

KINDS.update(
    {
        "outreach_member_waiting": Kind(
            gettext_lazy("%(person)s, invited by the secretariat, asks to join %(organisation)s"),
            "person-plus",
        ),
        "outreach_member_accepted": Kind(
            gettext_lazy("You are now a member of %(organisation)s"), "person-check"
        ),
        "outreach_member_declined": Kind(
            gettext_lazy("The admins of %(organisation)s declined your membership"), "person-x"
        ),
    }
)
