"""Tokenisation for lexical matching: Unicode words in any script, bounded in size."""

from __future__ import annotations

import re

from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_RUSSIAN

#: Longer texts are cut before tokenising; a 1 MB description costs no more than a page.
MAX_TEXT_CHARS = 20_000
#: At most this many tokens per document; BM25 saturates long before this.
MAX_TOKENS = 1_000

_WORD = re.compile(r"\w\w+", re.UNICODE)
_STOPWORDS = frozenset(STOPWORDS_EN) | frozenset(STOPWORDS_RUSSIAN)


def _normalise(token: str) -> str:
    """Fold a few English plurals so "gateways" meets "gateway"; other scripts are kept as is."""
    if token.isascii() and len(token) > 4:
        if token.endswith("ies"):
            return token[:-3] + "y"
        if token.endswith("s") and not token.endswith(("ss", "us", "is")):
            return token[:-1]
    return token


_CACHE: dict[str, str] = {}  # word -> token ("" for dropped words); words repeat a lot
_CACHE_LIMIT = 500_000


def _token(word: str) -> str:
    token = _CACHE.get(word)
    if token is None:
        if len(_CACHE) > _CACHE_LIMIT:
            _CACHE.clear()
        dropped = word in _STOPWORDS or word.isdigit()
        token = _CACHE[word] = "" if dropped else _normalise(word)
    return token


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens of `text` without stop words, truncated to `MAX_TOKENS`."""
    if not text:
        return []
    tokens = [_token(w) for w in _WORD.findall(text[:MAX_TEXT_CHARS].casefold())]
    return [t for t in tokens if t][:MAX_TOKENS]
