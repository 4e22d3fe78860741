"""The rules of a valid announcement, shared by the pages and the services: at least one language
written in full (a title and a text), no half-written language, and a forum exactly when it is a
forum announcement."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.announcements.models import (
    BODY_MAX_LENGTH,
    LANGUAGE_CODES,
    TITLE_MAX_LENGTH,
    AnnouncementKind,
)

TEXT_FIELDS = tuple(f"{part}_{code}" for code in LANGUAGE_CODES for part in ("title", "body"))


def clean_announcement(data: dict[str, Any]) -> dict[str, Any]:
    """Return the cleaned values or raise a ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value = str(data.get(name) or "").replace("\r\n", "\n").strip()
        limit = TITLE_MAX_LENGTH if name.startswith("title_") else BODY_MAX_LENGTH
        if len(value) > limit:
            errors.setdefault(name, []).append(
                _("Keep it to %(limit)s characters.") % {"limit": limit}
            )
        clean[name] = value
    written = 0
    for code in LANGUAGE_CODES:
        title, body = clean[f"title_{code}"], clean[f"body_{code}"]
        if title and not body:
            errors.setdefault(f"body_{code}", []).append(
                _("Write the text for this title, or clear the title.")
            )
        elif body and not title:
            errors.setdefault(f"title_{code}", []).append(
                _("Give this text a title, or clear the text.")
            )
        elif title and body:
            written += 1
    if not written and "title_en" not in errors and "body_en" not in errors:
        errors.setdefault("title_en", []).append(
            _("Write the announcement in at least one language (a title and a text).")
        )
    kind = data.get("kind") or ""
    if kind not in AnnouncementKind.values:
        errors.setdefault("kind", []).append(_("Choose what kind of announcement this is."))
    clean["kind"] = kind
    forum = data.get("forum")
    if kind == AnnouncementKind.FORUM and forum is None:
        errors.setdefault("forum", []).append(_("Choose the forum it announces."))
    clean["forum"] = forum if kind == AnnouncementKind.FORUM else None
    expires_on = data.get("expires_on")
    if expires_on is not None and expires_on < timezone.localdate():
        errors.setdefault("expires_on", []).append(_("Choose today or a later date."))
    clean["expires_on"] = expires_on
    if errors:
        raise ValidationError(errors)
    return clean
