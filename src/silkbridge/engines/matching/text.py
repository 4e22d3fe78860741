"""Tokenisation for lexical matching: Unicode words in any script, bounded in size."""

from __future__ import annotations

import re

from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_RUSSIAN

from silkbridge.engines.matching.loanwords import loanword_key

#: Longer texts are cut before tokenising; a 1 MB description costs no more than a page.
MAX_TEXT_CHARS = 20_000
#: At most this many tokens per document; BM25 saturates long before this.
MAX_TOKENS = 1_000

_WORD = re.compile(r"\w\w+", re.UNICODE)
_STOPWORDS = frozenset(STOPWORDS_EN) | frozenset(STOPWORDS_RUSSIAN)


#: Words that end like an English plural but are not one (or whose singular means something
#: else): folding them would show "kubernete" or "specie" in an explanation.
NOT_PLURALS = frozenset(
    {
        "kubernetes",
        "diabetes",
        "devops",
        "finops",
        "mlops",
        "gitops",
        "dataops",
        "secops",
        "series",
        "species",
        "windows",
        "jenkins",
        "postgres",
        "redis",
        "analysis",
        "basis",
        "thesis",
        "always",
        "perhaps",
        "whereas",
    }
)


def _normalise(token: str) -> str:
    """Fold a few English plurals so "gateways" meets "gateway"; other scripts are kept as is.
    The words of `NOT_PLURALS` are kept whole."""
    if token.isascii() and len(token) > 4 and token not in NOT_PLURALS:
        if token.endswith("ies"):
            return token[:-3] + "y"
        if token.endswith("s") and not token.endswith(("ss", "us", "is")):
            return token[:-1]
    return token


#: word -> (token, loanword key); ("", "") for dropped words. Words repeat a lot.
_CACHE: dict[str, tuple[str, str]] = {}
_CACHE_LIMIT = 500_000


def _token(word: str) -> tuple[str, str]:
    pair = _CACHE.get(word)
    if pair is None:
        if len(_CACHE) > _CACHE_LIMIT:
            _CACHE.clear()
        if word in _STOPWORDS or word.isdigit():
            pair = ("", "")
        else:
            pair = (_normalise(word), loanword_key(word))
        _CACHE[word] = pair
    return pair


def _pairs(text: str) -> list[tuple[str, str]]:
    if not text:
        return []
    pairs = [_token(w) for w in _WORD.findall(text[:MAX_TEXT_CHARS].casefold())]
    return [p for p in pairs if p[0]][:MAX_TOKENS]


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens of `text` without stop words, truncated to `MAX_TOKENS`."""
    return [p[0] for p in _pairs(text)]


def index_tokens(text: str) -> list[str]:
    """`tokenize(text)` followed by the loanword key of each word (see `loanwords`), so that
    "финтех" meets "fintech": at most 2 x `MAX_TOKENS` tokens."""
    pairs = _pairs(text)
    return [p[0] for p in pairs] + [p[1] for p in pairs if p[1]]


#: Phrases that mark a sentence of a profile description as something the organisation seeks.
#: Many organisations publish no requests and write what they need in their description
#: ("We are looking for…", "Ищем…", "ہمیں … کی تلاش ہے"). Plain, reviewable cue phrases in the
#: platform's languages, matched case-insensitively inside one sentence; no model.
NEED_CUES: dict[str, tuple[str, ...]] = {
    "en": (
        "looking for",
        "seeking",
        "we seek",
        "we need",
        "we require",
        "in search of",
        "partner wanted",
        "partners wanted",
        "interested in partners",
        "want to work with",
        "would like to find",
        "we are searching",
    ),
    "ru": (
        "ищем",
        "ищет",
        "нам нужн",
        "нужен партн",
        "нужна помощь",
        "требуется",
        "в поиске",
        "рассматриваем сотрудничество",
        "интересует партн",
    ),
    "kk": ("іздейміз", "іздеп жүрміз", "қажет"),
    "ur": ("تلاش", "ضرورت", "درکار", "چاہیے"),
}

_CUES = tuple(cue for cues in NEED_CUES.values() for cue in cues)
_SENTENCE = re.compile(r"[^.!?۔\n]+[.!?۔]?", re.UNICODE)


def split_description(text: str) -> tuple[str, str]:
    """(what the description offers, what it seeks): sentences with a need cue go to the second.

    Everything without a cue stays an offer, as before, so a description with no cue phrase
    is matched exactly as it always was.
    """
    if not text:
        return "", ""
    offers: list[str] = []
    needs: list[str] = []
    for sentence in _SENTENCE.findall(text[:MAX_TEXT_CHARS]):
        folded = sentence.casefold()
        (needs if any(cue in folded for cue in _CUES) else offers).append(sentence.strip())
    return " ".join(s for s in offers if s), " ".join(s for s in needs if s)
