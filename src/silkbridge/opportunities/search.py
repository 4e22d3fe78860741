"""The text that opportunity word search reads, shared by the services and bulk loaders."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from silkbridge.directory.models import Term
from silkbridge.directory.services import normalise_text, tag_label_texts

if TYPE_CHECKING:
    from silkbridge.opportunities.models import Opportunity

TAG_FIELDS = ("sectors", "technologies")


def search_text_of(
    opportunity: Opportunity,
    tags: dict[str, Iterable[Term]],
    *,
    label_cache: dict[int, str] | None = None,
) -> str:
    """Normalised title, summary, description and every label (four languages) of the tags.

    Computed without queries given the tags, so bulk loaders write what the services write.
    """
    parts = [opportunity.title, opportunity.summary, opportunity.description]
    texts = [normalise_text(part) for part in parts if part]
    texts.extend(tag_label_texts(tags, TAG_FIELDS, label_cache))
    return " ".join(text for text in texts if text)
