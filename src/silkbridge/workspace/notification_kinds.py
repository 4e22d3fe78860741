"""The workspace's notification kinds, added to the shared registry when the app loads."""

from django.utils.translation import gettext_lazy

from silkbridge.notifications.kinds import KINDS, Kind

KINDS.update(
    {
        "group_meeting_invitation": Kind(
            gettext_lazy("You are invited to “%(title)s” (%(group)s) on %(date)s at %(time)s"),
            "calendar-plus",
        ),
        "group_meeting_changed": Kind(
            gettext_lazy("“%(title)s” (%(group)s) has changed: now on %(date)s at %(time)s"),
            "calendar-event",
        ),
        "group_meeting_cancelled": Kind(
            gettext_lazy("“%(title)s” (%(group)s) on %(date)s is cancelled"), "calendar-x"
        ),
        "group_meeting_reminder": Kind(
            gettext_lazy("Reminder: “%(title)s” (%(group)s) starts on %(date)s at %(time)s"),
            "alarm",
        ),
        "action_item_assigned": Kind(
            gettext_lazy("New action item for you in %(group)s: “%(title)s”, due %(date)s"),
            "list-check",
        ),
        "action_item_overdue": Kind(
            gettext_lazy("Action item “%(title)s” (%(group)s) was due on %(date)s"),
            "exclamation-triangle",
        ),
        "action_item_done": Kind(gettext_lazy("“%(title)s” (%(group)s) is done"), "check2-square"),
        "action_item_comment": Kind(
            gettext_lazy("%(author)s commented on the action item “%(title)s”"), "chat-left-text"
        ),
    }
)
