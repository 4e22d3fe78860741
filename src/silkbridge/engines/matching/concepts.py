"""Taxonomy concepts found in free text, in any of the four languages.

A Russian profile that writes "разработка мобильных приложений" without ticking the tag
"Mobile apps" should still meet English profiles tagged or written about mobile apps. Every
label and alias of a taxonomy term (en/ru/kk/ur) becomes a phrase of loanword keys (see
`loanwords`), which also absorb inflection ("мобильных" / "мобильные"); a text containing the
phrase gets the term's tag token beside its words, exactly as if the tag had been ticked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from silkbridge.engines.matching.loanwords import PREFIX

#: Phrases longer than this many keyed words are not looked for (labels are short).
MAX_PHRASE = 4
#: A label naming two things ("AI and machine learning", "Логистика и склады") is also looked
#: for by each part.
_PARTS = re.compile(r"\s*(?:,|;|/|\band\b|\bи\b|\bжәне\b|\bاور\b)\s*", re.IGNORECASE)


class ConceptFinder:
    """Maps runs of loanword keys in a token list to taxonomy tag tokens ("#sector:fintech")."""

    def __init__(
        self,
        labels: Mapping[str, str],
        aliases: Mapping[str, Sequence[str]],
        tokenize: Callable[[str], list[str]],
    ) -> None:
        self._phrases: dict[tuple[str, ...], set[str]] = {}
        for name in sorted(set(labels) | set(aliases)):
            if ":" not in name:
                continue
            for full in (labels.get(name, ""), *aliases.get(name, ())):
                for label in sorted({full, *_PARTS.split(full)}):
                    self._add(name, label, tokenize)

    def _add(self, name: str, label: str, tokenize: Callable[[str], list[str]]) -> None:
        keys = tuple(t for t in tokenize(label) if t.startswith(PREFIX))
        if keys and len(keys) <= MAX_PHRASE:
            self._phrases.setdefault(keys, set()).add("#" + name)

    def __bool__(self) -> bool:
        return bool(self._phrases)

    def find(self, tokens: Iterable[str]) -> list[str]:
        """Tag tokens of every phrase found among the keys of `tokens`, sorted."""
        keys = [t for t in tokens if t.startswith(PREFIX)]
        found: set[str] = set()
        for i in range(len(keys)):
            for n in range(1, MAX_PHRASE + 1):
                hit = self._phrases.get(tuple(keys[i : i + n]))
                if hit:
                    found |= hit
        return sorted(found)
