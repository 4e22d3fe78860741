"""Django's own messages on the sign-up and password pages, and the "5 minutes" of `timesince`
(the queue's "5 minutes ago"), marked here so our catalogues carry them: Django ships no
Kazakh or Urdu translation of them, so without this a person read them in English. Each msgid
must stay exactly Django's (tests/accounts/test_django_messages.py checks it)."""

from django.utils.translation import gettext_noop, ngettext, ngettext_lazy

EMAIL = gettext_noop("Enter a valid email address.")
PASSWORD_HELP = (
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
)
PASSWORD_ERRORS = (
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
)


def min_length_help(min_length: int) -> str:
    """Django's help text of the minimum length rule, word for word."""
    return ngettext(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        min_length,
    ) % {"min_length": min_length}


def too_short(min_length: int) -> str:
    """Django's error for a password under the minimum length, word for word."""
    return (
        ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            min_length,
        )
        % min_length
    )


# As django.utils.timesince.TIME_STRINGS.
TIME_STRINGS = {
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}
