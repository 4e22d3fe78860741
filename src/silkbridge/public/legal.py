"""Reading and publishing the terms and the privacy notice.

Every publication is a new version (a new row), never an edit of an old one: the sign-up records
`current_version(kind)`, and what a person accepted must still say what it said then.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from silkbridge.directory.permissions import AnyUser, is_secretariat
from silkbridge.public.legal_defaults import PRIVACY, TERMS
from silkbridge.public.models import BODY_MAX_LENGTH, LegalKind, LegalText

SHIPPED_AT = datetime.datetime(2026, 12, 7, tzinfo=datetime.UTC)

LANGUAGES = ("en", "ru", "kk", "ur")

__all__ = [
    "Block",
    "LegalKind",
    "blocks",
    "can_edit",
    "current",
    "current_version",
    "publish",
    "shipped",
    "version",
]


def can_edit(user: AnyUser) -> bool:
    return is_secretariat(user)


def shipped(kind: str) -> LegalText:
    """Version 1 as shipped (unsaved): what the data migration writes, and what is shown should
    its row be missing (a database emptied by hand or by a test), so the pages never vanish."""
    bodies = {"terms": TERMS, "privacy": PRIVACY}[kind]
    return LegalText(
        kind=kind,
        version=1,
        updated_at=SHIPPED_AT,
        **{f"body_{code}": text for code, text in bodies.items()},
    )


def current(kind: str) -> LegalText:
    """The newest version of a legal text."""
    return LegalText.objects.filter(kind=kind).order_by("-version").first() or shipped(kind)


def version(kind: str, number: int) -> LegalText | None:
    """One version of a legal text, for whoever wants to read what they accepted."""
    found = LegalText.objects.filter(kind=kind, version=number).first()
    if found is None and number == 1:
        return shipped(kind)
    return found


def current_version(kind: str) -> int:
    """The version number a person accepts now."""
    latest = (
        LegalText.objects.filter(kind=kind).order_by("-version").values_list("version", flat=True)
    )
    return latest.first() or 1


def publish(*, kind: str, bodies: dict[str, str], by: AnyUser) -> LegalText:
    """Publish a new version of a legal text; every problem is reported per field, nothing saved."""
    if not can_edit(by):
        raise PermissionDenied
    if kind not in LegalKind.values:
        raise ValidationError({"kind": _("Unknown kind of legal text.")})
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for language in LANGUAGES:
        text = (bodies.get(language) or "").strip().replace("\r\n", "\n")
        if len(text) > BODY_MAX_LENGTH:
            errors[f"body_{language}"] = [
                _("Please keep it under %(limit)d characters.") % {"limit": BODY_MAX_LENGTH}
            ]
        cleaned[f"body_{language}"] = text
    if not cleaned["body_en"]:
        errors.setdefault("body_en", []).append(
            _("The English text is required: it is shown where no translation is written.")
        )
    if errors:
        raise ValidationError(errors)
    with set_actor(by), transaction.atomic():
        # Two secretaries publishing at once: the unique version makes the second one retry.
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    return LegalText.objects.create(
                        kind=kind, version=current_version(kind) + 1, updated_by=by, **cleaned
                    )
            except IntegrityError:
                continue
    raise ValidationError(_("Someone else published a version at the same time. Try again."))


@dataclass(frozen=True)
class Block:
    """A piece of a legal text: a heading, a paragraph or a bulleted list."""

    kind: str  # "heading", "paragraph" or "list"
    lines: tuple[str, ...]


def blocks(text: str) -> list[Block]:
    """Split plain text into headings ("## "), bulleted lists ("- ") and paragraphs.

    Plain text keeps the page safe (the template escapes every line) and easy for the secretariat
    to write in four languages without learning a markup language.
    """
    result: list[Block] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        while lines and lines[0].startswith("## "):
            result.append(Block("heading", (lines.pop(0)[3:].strip(),)))
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            result.append(Block("list", tuple(line[2:].strip() for line in lines)))
        else:
            result.append(Block("paragraph", tuple(lines)))
    return result
