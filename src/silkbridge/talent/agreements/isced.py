"""ISCED-F 2013 fields of education and training that conditions may name.

The ICT fields (061x) come first because the working group's alliances grow IT talent; the other
broad fields follow so any agreement can still name its subject area. Codes are UNESCO's.
"""

from django.utils.translation import gettext_lazy as _

ISCED_FIELDS: dict[str, str] = {
    "0610": _("Information and communication technologies (ICTs), not further defined"),
    "0611": _("Computer use"),
    "0612": _("Database and network design and administration"),
    "0613": _("Software and applications development and analysis"),
    "0619": _("Information and communication technologies (ICTs), not elsewhere classified"),
    "0688": _("Inter-disciplinary programmes involving information and communication technologies"),
    "06": _("Information and communication technologies (ICTs)"),
    "00": _("Generic programmes and qualifications"),
    "01": _("Education"),
    "02": _("Arts and humanities"),
    "03": _("Social sciences, journalism and information"),
    "04": _("Business, administration and law"),
    "05": _("Natural sciences, mathematics and statistics"),
    "0541": _("Mathematics"),
    "0542": _("Statistics"),
    "07": _("Engineering, manufacturing and construction"),
    "0714": _("Electronics and automation"),
    "08": _("Agriculture, forestry, fisheries and veterinary"),
    "09": _("Health and welfare"),
    "10": _("Services"),
}

ICT_CODES = frozenset(code for code in ISCED_FIELDS if code.startswith("06"))


def isced_choices() -> list[tuple[str, str]]:
    """Choices for a form, in the order above, each shown with its code."""
    return [(code, f"{code} — {label}") for code, label in ISCED_FIELDS.items()]


def isced_label(code: str) -> str:
    """The field's name in the active language, or the bare code if it is not known."""
    label = ISCED_FIELDS.get(code)
    return str(label) if label is not None else code
