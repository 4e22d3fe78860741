"""Likely duplicates of an organisation someone is about to register.

Three signs, strongest first: the same registration number, the same website domain, and a
similar name. Names are compared without case, accents or legal forms ("LLP", "ТОО", "(Pvt)
Ltd"), by difflib's ratio and by shared words, so "Qazaq Fintech Labs LLP" finds "QAZAQ
FINTECH LABS". Candidates for names come from the directory's word index (a few words of the
name, in the same country), so the check costs the same at any directory size.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from silkbridge.directory import fulltext
from silkbridge.directory.models import Organisation
from silkbridge.directory.services import normalise_text, website_domain

__all__ = ["LikelyDuplicate", "core_name", "likely_duplicates", "name_similarity"]

NAME_THRESHOLD = 0.8
CANDIDATES_PER_WORD = 200
MAX_SHOWN = 5
# Legal forms and filler words in the four languages, normalised as names are.
LEGAL_WORDS = frozenset(
    normalise_text(
        "llp llc ltd limited pvt private plc inc corp corporation co company jsc ojsc cjsc ao "
        "too ip smc gmbh the and of "
        "тоо ао ип ооо зао оао тов жшс ақ "
        "товарищество с ограниченной ответственностью акционерное общество "
        "жауапкершілігі шектеулі серіктестігі серіктестік акционерлік қоғамы"
    ).split()
)
_WORD = re.compile(r"\w+")


class Reason:
    REGISTRATION_NUMBER = "registration_number"
    WEBSITE = "website"
    NAME = "name"


@dataclass
class LikelyDuplicate:
    organisation: Organisation
    reasons: list[str] = field(default_factory=list)
    similarity: float = 0.0

    @property
    def rank(self) -> tuple:
        strength = (Reason.REGISTRATION_NUMBER in self.reasons, Reason.WEBSITE in self.reasons)
        return (not strength[0], not strength[1], -self.similarity, self.organisation.name)


def core_name(name: str) -> str:
    """The name without case, accents, punctuation or legal forms."""
    words = _WORD.findall(normalise_text(name))
    kept = [word for word in words if word not in LEGAL_WORDS]
    return " ".join(kept or words)


def name_similarity(a: str, b: str) -> float:
    """0…1: the better of difflib's ratio and the share of words the shorter name has in common
    (below NAME_THRESHOLD, only an upper bound: the exact figure is not needed there)."""
    return _similarity(core_name(a), core_name(b))


def _similarity(first: str, second: str) -> float:
    if not first or not second:
        return 0.0
    words_a, words_b = set(first.split()), set(second.split())
    fewer = min(len(words_a), len(words_b))
    # One shared word is not enough ("Astana Software" vs "Astana Hub").
    overlap = len(words_a & words_b) / fewer if fewer >= 2 else 0.0
    if overlap >= NAME_THRESHOLD:
        return overlap
    matcher = difflib.SequenceMatcher(None, first, second)
    quick = matcher.quick_ratio()
    if quick < NAME_THRESHOLD:
        # An upper bound of the ratio already below the threshold: skip the costly part.
        return max(overlap, quick)
    return max(overlap, matcher.ratio())


def likely_duplicates(
    *, name: str, country: str, website: str = "", registration_number: str = ""
) -> list[LikelyDuplicate]:
    """Listed organisations that may be the one being registered, the most certain first."""
    found: dict[int, LikelyDuplicate] = {}

    def add(organisation: Organisation, reason: str) -> None:
        entry = found.setdefault(organisation.pk, LikelyDuplicate(organisation))
        if reason not in entry.reasons:
            entry.reasons.append(reason)

    # Unordered: the entries are ranked below, and an ORDER BY could steer the database off
    # the registration number and domain indexes onto a sorted scan.
    listed = Organisation.objects.active().select_related("city").order_by()
    if registration_number:
        # Any country: each country's numbers have their own shape, and filtering by country
        # would lead SQLite to its country index instead of the number's.
        for organisation in listed.filter(registration_number=registration_number)[:MAX_SHOWN]:
            add(organisation, Reason.REGISTRATION_NUMBER)
    domain = website_domain(website)
    if domain:
        for organisation in listed.filter(website_domain=domain)[:MAX_SHOWN]:
            add(organisation, Reason.WEBSITE)
    wanted = core_name(name)
    similar = {}
    for pk, candidate in _name_candidates(listed.filter(country=country), wanted).items():
        similarity = _similarity(wanted, core_name(candidate))
        if similarity >= NAME_THRESHOLD:
            similar[pk] = similarity
    for organisation in listed.filter(pk__in=sorted(similar, key=similar.get)[-MAX_SHOWN * 4 :]):
        add(organisation, Reason.NAME)
        found[organisation.pk].similarity = similar[organisation.pk]
    return sorted(found.values(), key=lambda entry: entry.rank)[:MAX_SHOWN]


def _name_candidates(listed, wanted: str) -> dict[int, str]:
    """Ids and names of organisations whose text has one of the name's three longest words."""
    words = sorted(set(wanted.split()), key=len, reverse=True)[:3]
    seen: dict[int, str] = {}
    for word in fulltext.query_words(" ".join(words)):
        matches = fulltext.matching(listed, [word]).values_list("pk", "name")
        seen.update(matches[:CANDIDATES_PER_WORD])
    return seen
