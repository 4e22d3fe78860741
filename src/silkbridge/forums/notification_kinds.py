"""The forums' notification kinds, added to the shared registry when the app loads."""

from django.utils.translation import gettext_lazy

from silkbridge.notifications.kinds import KINDS, Kind

KINDS.update(
    {
        "forum_registration_received": Kind(
            gettext_lazy("%(organisation)s registered for %(event)s and awaits approval"),
            "person-plus",
        ),
        "forum_registration_approved": Kind(
            gettext_lazy("Your registration for %(event)s is approved: you can request meetings"),
            "check-circle",
        ),
        "forum_registration_rejected": Kind(
            gettext_lazy("Your registration for %(event)s was not approved"), "x-circle"
        ),
        "forum_request_received": Kind(
            gettext_lazy("%(organisation)s asks to meet you at %(event)s"), "calendar-plus"
        ),
        "forum_request_accepted": Kind(
            gettext_lazy("%(organisation)s accepted your meeting request at %(event)s"),
            "calendar-check",
        ),
        "forum_request_declined": Kind(
            gettext_lazy("%(organisation)s declined your meeting request at %(event)s"),
            "calendar-x",
        ),
        "forum_request_expired": Kind(
            gettext_lazy("Your meeting request to %(organisation)s at %(event)s expired"),
            "hourglass-bottom",
        ),
        "forum_request_reminder": Kind(
            gettext_lazy("Please answer the meeting request from %(organisation)s by %(date)s"),
            "alarm",
        ),
        "forum_meeting_cancelled": Kind(
            gettext_lazy("Your meeting with %(organisation)s at %(event)s was cancelled"),
            "calendar-minus",
        ),
        "forum_agenda_published": Kind(
            gettext_lazy("Your agenda for %(event)s is published"), "calendar-week"
        ),
        "forum_waiting_promoted": Kind(
            gettext_lazy("A place at %(event)s is free: your registration awaits approval"),
            "arrow-up-circle",
        ),
        "forum_feedback_reminder": Kind(
            gettext_lazy("How did your meetings at %(event)s go? Please give your feedback"),
            "chat-square-text",
        ),
        "forum_message": Kind(gettext_lazy("%(event)s: %(subject)s"), "envelope"),
        "forum_agenda_changed": Kind(
            gettext_lazy("Your agenda for %(event)s has changed"), "calendar-event"
        ),
    }
)
