"""Printable name badges: one page per person, with their name, organisation and the
organisation's check-in QR code, for the whole event or for one participant.

The QR code is the participant's (check-in is per organisation), so any of its people's badges
checks it in. Text goes through `silkbridge.core.pdf`, so names in Cyrillic or Urdu print
shaped, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics import renderSVG

from silkbridge.core.pdf import Document
from silkbridge.forums.agenda import person_name
from silkbridge.forums.models import Event, Participant, ParticipantStatus
from silkbridge.forums.qr import qr_drawing

QR_MM = 70


@dataclass(frozen=True)
class Badge:
    name: str  # the person's name; the organisation's when it named nobody
    organisation: str
    role: str
    checkin_url: str
    token: str


def badged_participants(event: Event, participant: Participant | None = None) -> QuerySet:
    """Approved participants (or just `participant`, when approved) in name order."""
    found = event.participants.filter(status=ParticipantStatus.APPROVED)
    if participant is not None:
        found = found.filter(pk=participant.pk)
    return found.select_related("organisation").prefetch_related("representatives__user")


def badges_of(participants: Iterable[Participant], url_of: Callable[[Participant], str]):
    """One badge per representative (one for the organisation when it named nobody)."""
    for participant in participants:
        organisation = participant.organisation.name
        role = str(participant.get_participation_type_display())
        people = [person_name(rep.user) for rep in participant.representatives.all()]
        for name in people or [organisation]:
            yield Badge(name, organisation, role, url_of(participant), participant.checkin_token)


def badges_pdf(event: Event, badges: Iterable[Badge]) -> bytes:
    """The PDF: a page per badge, to print and cut (or fold into a holder)."""
    doc = Document(title=_("Badges: %(event)s") % {"event": event.name}, footer=event.name)
    dates = date_format(event.starts_on, "DATE_FORMAT")
    if event.ends_on != event.starts_on:
        dates += " – " + date_format(event.ends_on, "DATE_FORMAT")
    first = True
    for badge in badges:
        if not first:
            doc.page_break()
        first = False
        doc.text(event.name, size=12, bold=True)
        doc.text(" · ".join(x for x in (event.venue, dates) if x), size=9, muted=True)
        doc.space(14)
        doc.heading(badge.name, level=0)
        if badge.name != badge.organisation:
            doc.text(badge.organisation, size=18)
        doc.text(badge.role, size=12, muted=True)
        doc.space(10)
        markup = renderSVG.drawToString(qr_drawing(badge.checkin_url, 200))
        doc.svg(markup, width=QR_MM, beside=_("Show this code at the check-in desk."))
        doc.text(_("Code: %(code)s") % {"code": badge.token}, size=8, muted=True)
    if first:
        doc.text(_("No approved participant has a badge to print yet."))
    return doc.output()


def filename(event: Event, participant: Participant | None = None) -> str:
    if participant is not None:
        return f"{event.slug}-badges-{participant.pk}.pdf"
    return f"{event.slug}-badges.pdf"
