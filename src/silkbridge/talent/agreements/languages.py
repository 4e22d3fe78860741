"""Language requirements of a condition: a language and a CEFR level, as EWP keeps them."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from silkbridge.directory.models import LANGUAGE_CHOICES

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
LANGUAGE_CODES = frozenset(code for code, _label in LANGUAGE_CHOICES)
MAX_LANGUAGE_REQUIREMENTS = 5


def validate_language_requirements(value: object) -> None:
    """Accept a list of {"language": code, "cefr": level}, each language named once."""
    if not isinstance(value, list):
        raise ValidationError(_("Language requirements must be a list."), code="invalid")
    if len(value) > MAX_LANGUAGE_REQUIREMENTS:
        raise ValidationError(
            _("Name at most %(limit)d languages."),
            code="too_many",
            params={"limit": MAX_LANGUAGE_REQUIREMENTS},
        )
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, dict) or set(item) != {"language", "cefr"}:
            raise ValidationError(
                _("Each language requirement needs a language and a CEFR level."), code="invalid"
            )
        if item["language"] not in LANGUAGE_CODES:
            raise ValidationError(
                _("Unknown language: %(code)s."), code="language", params={"code": item["language"]}
            )
        if item["cefr"] not in CEFR_LEVELS:
            raise ValidationError(
                _("The CEFR level must be one of A1, A2, B1, B2, C1 or C2."), code="cefr"
            )
        if item["language"] in seen:
            raise ValidationError(_("Each language may be named only once."), code="duplicate")
        seen.add(item["language"])


def language_label(code: str) -> str:
    """The language's name in the active language, or the code if unknown."""
    return str(dict(LANGUAGE_CHOICES).get(code, code))
