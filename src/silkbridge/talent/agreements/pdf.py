"""The agreement as a PDF in the reader's language.

Built with `silkbridge.core.pdf.Document`: Urdu prints right to left in Nastaliq, the other
languages in DejaVu Sans, all from the fonts shipped in silkbridge/core/fonts.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from silkbridge.core.pdf import Document, isolate
from silkbridge.talent.agreements.isced import isced_label
from silkbridge.talent.agreements.languages import language_label
from silkbridge.talent.agreements.models import Agreement, CooperationCondition
from silkbridge.talent.agreements.selectors import approval_state

# Room for a condition's direction and its seven terms, so one is never split over two pages.
CONDITION_MM = 62


def pdf_language() -> str:
    """The language to print in: the reader's, since every interface language prints."""
    return get_language() or "en"


def _approval_rows(agreement: Agreement) -> list[list[str]]:
    rows = []
    for state in approval_state(agreement):
        if state.approval is None:
            approved = _("Not yet approved")
        else:
            approved = _("Approved by %(name)s on %(date)s") % {
                "name": state.approval.approved_by or "—",
                "date": date_format(state.approval.approved_at, "DATE_FORMAT"),
            }
        institution = state.institution
        rows.append([f"{institution.name} ({institution.country.name})", approved])
    return rows


def _condition(doc: Document, condition: CooperationCondition) -> None:
    """One condition: its direction, then its terms, label beside value."""
    languages = ", ".join(
        f"{language_label(item['language'])} {item['cefr']}"
        for item in condition.language_requirements
    )
    contact = " ".join(x for x in (condition.contact_name, condition.contact_email) if x)
    months = condition.total_months_per_year
    doc.keep(CONDITION_MM)
    # Two names in Latin letters: the line runs left to right in every language, arrow included.
    doc.text(
        f"{condition.sending_institution.name} → {condition.receiving_institution.name}",
        bold=True,
    )
    doc.table(
        [_("Mobility type"), condition.get_mobility_type_display()],
        [
            [
                _("Subject area"),
                f"{isolate(condition.isced_code)} {isced_label(condition.isced_code)}",
            ],
            [_("Study level (EQF)"), str(condition.eqf_level)],
            [_("People per year"), str(condition.people_per_year)],
            [_("Total months per year"), "—" if months is None else str(months)],
            [_("Languages"), languages or "—"],
            [_("Contact"), contact or "—"],
        ],
        widths=[1, 2],
    )


def agreement_pdf(agreement: Agreement) -> bytes:
    """The PDF bytes of the agreement's current terms, conditions and approvals, in the active
    language (`agreement` as selectors.get_agreement returns it, with its relations loaded)."""
    years = agreement.academic_years()
    doc = Document(title=agreement.title, footer=f"Silkbridge · {agreement.iia_id}")
    doc.text(_("Inter-institutional agreement"), muted=True)
    doc.heading(agreement.title)
    doc.text(
        _("Academic years %(first)s to %(last)s · version %(version)d · %(status)s")
        % {
            "first": isolate(years[0]),
            "last": isolate(years[-1]),
            "version": agreement.version_number,
            "status": agreement.get_status_display(),
        }
    )
    doc.heading(_("Institutions"), level=2)
    doc.table(
        [_("Institution"), _("Approval of this version")],
        _approval_rows(agreement),
        widths=[1, 1],
    )
    doc.heading(_("Cooperation conditions"), level=2)
    conditions = list(agreement.conditions.all())
    if not conditions:
        doc.text(_("No cooperation conditions yet."), muted=True)
    for condition in conditions:
        _condition(doc, condition)
    if agreement.termination_reason:
        doc.heading(_("Terminated"), level=2)
        doc.text(agreement.termination_reason)
    return doc.output()
