"""The exchanges' notification kinds, added to the shared registry when the app is ready."""

from django.utils.translation import gettext_lazy

from silkbridge.notifications.kinds import KINDS, Kind

KINDS.update(
    {
        "talent_profile_to_confirm": Kind(
            gettext_lazy("%(name)s asks you to confirm them as a student of your institution"),
            "person-check",
        ),
        "talent_profile_confirmed": Kind(
            gettext_lazy("%(institution)s confirmed you as its student"), "person-check"
        ),
        "talent_allocated": Kind(
            gettext_lazy("Places of the call “%(title)s” were allocated: see your result"),
            "diagram-3",
        ),
        "talent_nominated": Kind(
            gettext_lazy("A student was nominated to you for “%(place)s”"), "person-plus"
        ),
        "talent_nomination_decided": Kind(
            gettext_lazy("The host decided on your nomination for “%(place)s”"), "envelope-check"
        ),
        "talent_learning_agreement_changed": Kind(
            gettext_lazy("The learning agreement for “%(place)s” changed: please review it"),
            "journal-text",
        ),
        "talent_mobility_moved": Kind(
            gettext_lazy("The mobility to “%(place)s” has moved to its next stage"), "airplane"
        ),
    }
)
