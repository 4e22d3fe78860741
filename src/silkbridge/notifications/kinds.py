"""Every kind of notification and its text. Texts are rendered in the reader's language when
shown or e-mailed; `params` hold plain values (names, titles, ISO dates), never translated text.

A missing "organisation" parameter means the organisation is anonymous to the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Kind:
    text: Promise
    icon: str = "bell"


KINDS: dict[str, Kind] = {
    "opportunity_submitted": Kind(
        gettext_lazy("%(organisation)s submitted “%(title)s” for review"), "inbox"
    ),
    "opportunity_approved": Kind(gettext_lazy("“%(title)s” is published"), "megaphone"),
    "opportunity_changes_requested": Kind(
        gettext_lazy("The secretariat asks for changes to “%(title)s”: %(comment)s"), "pencil"
    ),
    "opportunity_rejected": Kind(
        gettext_lazy("“%(title)s” was not published: %(comment)s"), "x-circle"
    ),
    "opportunity_expiring": Kind(
        gettext_lazy("“%(title)s” expires on %(date)s; renew it to keep it open"), "hourglass"
    ),
    "opportunity_expired": Kind(gettext_lazy("“%(title)s” has expired"), "hourglass-bottom"),
    "saved_search_match": Kind(
        gettext_lazy("New opportunity for your search “%(search)s”: %(title)s"), "search"
    ),
    "interest_received": Kind(
        gettext_lazy("%(organisation)s is interested in “%(title)s”"), "hand-thumbs-up"
    ),
    "interest_accepted": Kind(
        gettext_lazy("%(organisation)s accepted your interest in “%(title)s”"), "check-circle"
    ),
    "interest_declined": Kind(
        gettext_lazy("Your interest in “%(title)s” was declined"), "dash-circle"
    ),
    "introduction_proposed": Kind(
        gettext_lazy("An introduction to %(organisation)s awaits your answer"), "people"
    ),
    "introduction_accepted": Kind(
        gettext_lazy("You and %(organisation)s are introduced: you can now write to each other"),
        "people-fill",
    ),
    "introduction_declined": Kind(
        gettext_lazy("The introduction to %(organisation)s was declined"), "person-x"
    ),
    "introduction_reminder": Kind(
        gettext_lazy("Please answer the introduction to %(organisation)s by %(date)s"), "alarm"
    ),
    "introduction_expired": Kind(
        gettext_lazy("The introduction to %(organisation)s expired without an answer"),
        "hourglass-bottom",
    ),
    "introduction_closed": Kind(
        gettext_lazy("The secretariat closed the introduction to %(organisation)s"), "x-octagon"
    ),
    "introduction_unanswerable": Kind(
        gettext_lazy(
            "Nobody from %(organisation)s is on Silkbridge to answer an introduction: "
            "please contact them"
        ),
        "telephone",
    ),
    "introduction_assigned": Kind(
        gettext_lazy("You now look after the introduction between %(pair)s"), "person-gear"
    ),
    "message_received": Kind(
        gettext_lazy("New message from %(author)s in “%(subject)s”"), "chat-dots"
    ),
}


def _display(key: str, value: object) -> str:
    if key in {"date", "deadline"} and isinstance(value, str):
        try:
            return date_format(date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    return str(value)


def render(kind: str, params: dict) -> str:
    """The notification's sentence in the active language."""
    entry = KINDS.get(kind)
    if entry is None:
        return kind
    values = {key: _display(key, value) for key, value in params.items()}
    if not values.get("organisation"):
        values["organisation"] = _("An organisation (name hidden)")
    try:
        return str(entry.text) % values
    except (KeyError, ValueError, TypeError):
        return str(entry.text)


def icon(kind: str) -> str:
    entry = KINDS.get(kind)
    return entry.icon if entry else "bell"
