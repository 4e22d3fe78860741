""" "Did you mean …?" for a directory search that found nothing.

Corrections come from the directory's own vocabulary: the words of organisation names, city
names and every label of the taxonomy, tokenised as the word index tokenises them. Only a query
word that begins no word of the vocabulary is replaced, by the closest word of a similar length
(difflib's ratio), and the corrected query is offered only if it finds something.

The vocabulary is cached, keyed by the newest organisation, term and city (primary-key lookups,
so checking costs nothing at any size): a new organisation is in it at the next search. A renamed
one joins when the cache entry expires, within CACHE_SECONDS; reading every row's change time
would cost more than the search itself.
"""

import bisect
import difflib
import re
from dataclasses import replace

from django.core.cache import cache

from silkbridge.core.wordindex import query_words
from silkbridge.directory.models import City, Organisation, Term
from silkbridge.directory.selectors import DirectoryQuery, search_organisations
from silkbridge.directory.services import normalise_text

# Words as the word index and `query_words` see them: runs of letters and digits.
_WORD = re.compile(r"[^\W_]+")

# A shorter word is too often one letter from many others to say which was meant.
MIN_WORD = 4
CUTOFF = 0.75
CACHE_SECONDS = 10 * 60


def _fingerprint() -> str:
    newest = (
        model.objects.order_by("-pk").values_list("pk", flat=True).first()
        for model in (Organisation, Term, City)
    )
    return ".".join(str(pk) for pk in newest)


def _build_vocabulary() -> list[str]:
    texts: list[str] = []
    texts.extend(
        Organisation.objects.active()
        .in_platform_countries()
        .values_list("name", flat=True)
        .iterator(chunk_size=5000)
    )
    texts.extend(City.objects.values_list("name", flat=True))
    for labels in Term.objects.values_list("label_en", "label_ru", "label_kk", "label_ur"):
        texts.extend(label for label in labels if label)
    words = {word for text in texts for word in _WORD.findall(normalise_text(text))}
    return sorted(word for word in words if len(word) >= MIN_WORD - 1)


def vocabulary() -> list[str]:
    """The sorted words searches can be corrected to."""
    key = f"directory:vocabulary:{_fingerprint()}"
    words = cache.get(key)
    if words is None:
        words = _build_vocabulary()
        cache.set(key, words, CACHE_SECONDS)
    return words


def _begins_a_word(prefix: str, words: list[str]) -> bool:
    at = bisect.bisect_left(words, prefix)
    return at < len(words) and words[at].startswith(prefix)


def closest_word(word: str, words: list[str]) -> str | None:
    """The vocabulary word most like `word` (within a letter or two of its length), if any."""
    candidates = [w for w in words if abs(len(w) - len(word)) <= 2]
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=CUTOFF)
    return found[0] if found else None


def corrected_query(q: str) -> str | None:
    """`q` with each unknown word replaced by the closest known one; None if nothing changed."""
    words = query_words(normalise_text(q))
    if not words:
        return None
    known = vocabulary()
    corrected, changed = [], False
    for word in words:
        if len(word) < MIN_WORD or _begins_a_word(word, known):
            corrected.append(word)
            continue
        replacement = closest_word(word, known)
        if replacement is None:
            corrected.append(word)
        else:
            corrected.append(replacement)
            changed = True
    return " ".join(corrected) if changed else None


def did_you_mean(query: DirectoryQuery) -> str | None:
    """A corrected search text for a query that found nothing, if the correction finds some."""
    if not query.q:
        return None
    corrected = corrected_query(query.q)
    if corrected is None:
        return None
    if not search_organisations(replace(query, q=corrected), broad=True).exists():
        return None
    return corrected
