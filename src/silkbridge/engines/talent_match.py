"""Suggestions for the talent bridge: partner institutions, internships and applicants.

Plain data in, ranked suggestions with their reasons out; no Django. The scoring is a sum of
small whole-number points that need no tuning, so every point can be told in words:

- subject areas (ISCED-F): the same narrow field (first three digits) scores 3, only the same
  broad field (first two digits) scores 1;
- languages: each shared working language scores 1; an internship's language scores 2 when the
  applicant's CEFR level meets the level asked, 1 when the level is not known;
- skills: each internship skill among the technologies of the applicant's home institution
  scores 1 (at most 3);
- history: an approved agreement between the two institutions scores 1, completed mobilities
  between them score 2, being the partner of an institution that shares a partner with this one
  scores 1.

Only counterparts of another country are suggested, and only with a positive score. Ties are
broken by id, so the order is the same on every run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "REASON_CODES",
    "Applicant",
    "Institution",
    "InternshipOffer",
    "Reason",
    "Suggestion",
    "cefr_meets",
    "field_points",
    "suggest_applicants",
    "suggest_internships",
    "suggest_partners",
]

CEFR_ORDER = ("A1", "A2", "B1", "B2", "C1", "C2")
# Every reason the engine gives; callers put each into words.
REASON_CODES = (
    "same_field",
    "same_broad_field",
    "shared_languages",
    "language_level_met",
    "language_shared",
    "shared_skills",
    "host_history",
    "existing_agreement",
    "past_mobilities",
    "partner_of_peer",
)
MAX_SKILL_POINTS = 3


@dataclass(frozen=True)
class Reason:
    """One reason in words: a code the caller translates, and the values it names."""

    code: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    id: int
    score: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Institution:
    id: int
    country: str
    subject_areas: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    # Institutions with an approved agreement with this one.
    partners: frozenset[int] = frozenset()
    # Institutions this one exchanged people with in completed mobilities.
    exchanged_with: frozenset[int] = frozenset()


@dataclass(frozen=True)
class InternshipOffer:
    id: int
    host_id: int
    host_country: str
    for_country: str
    subject_area: str
    language: str
    language_level: str
    skills: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Applicant:
    id: int
    home_institution_id: int
    country: str
    subject_area: str
    # Language code → CEFR level, or "" when the level is not known.
    languages: Mapping[str, str] = field(default_factory=dict)
    # Technologies taught at the home institution (directory taxonomy labels).
    skills: frozenset[str] = frozenset()
    # Hosts the home institution already sent people to in completed mobilities.
    past_hosts: frozenset[int] = frozenset()


def cefr_meets(level: str, required: str) -> bool:
    """True when a CEFR level is at least the required one; unknown levels never meet."""
    if level not in CEFR_ORDER or required not in CEFR_ORDER:
        return False
    return CEFR_ORDER.index(level) >= CEFR_ORDER.index(required)


def field_points(one: str, other: str) -> int:
    """3 for the same narrow ISCED-F field, 1 for the same broad field, else 0."""
    if len(one) < 3 or len(other) < 3:
        return 0
    if one[:3] == other[:3]:
        return 3
    if one[:2] == other[:2]:
        return 1
    return 0


def _best_field(ours: Iterable[str], theirs: Iterable[str]) -> tuple[int, Reason | None]:
    best, reason = 0, None
    for mine in sorted(ours):
        for yours in sorted(theirs):
            points = field_points(mine, yours)
            if points > best:
                code = "same_field" if points == 3 else "same_broad_field"
                best, reason = points, Reason(code, (yours,))
    return best, reason


def _ranked(suggestions: list[Suggestion], limit: int) -> list[Suggestion]:
    suggestions.sort(key=lambda s: (-s.score, s.id))
    return suggestions[:limit]


def suggest_partners(
    institution: Institution, candidates: Iterable[Institution], *, limit: int = 5
) -> list[Suggestion]:
    """Institutions of another country to propose an agreement to, best first."""
    by_id = {candidate.id: candidate for candidate in candidates}
    # Peers: institutions of one's own country that share a partner with this one.
    peers: set[int] = set()
    for partner_id in institution.partners:
        partner = by_id.get(partner_id)
        peers |= set(partner.partners) if partner else set()
    peers.discard(institution.id)
    suggestions = []
    for candidate in by_id.values():
        if candidate.id == institution.id or candidate.country == institution.country:
            continue
        score, reasons = 0, []
        points, reason = _best_field(institution.subject_areas, candidate.subject_areas)
        if reason:
            score += points
            reasons.append(reason)
        shared = sorted(institution.languages & candidate.languages)
        if shared:
            score += len(shared)
            reasons.append(Reason("shared_languages", tuple(shared)))
        if candidate.id in institution.partners:
            score += 1
            reasons.append(Reason("existing_agreement"))
        if candidate.id in institution.exchanged_with:
            score += 2
            reasons.append(Reason("past_mobilities"))
        via = sorted(candidate.partners & peers)
        if via and candidate.id not in institution.partners:
            score += 1
            reasons.append(Reason("partner_of_peer", tuple(str(i) for i in via)))
        if score > 0:
            suggestions.append(Suggestion(candidate.id, score, tuple(reasons)))
    return _ranked(suggestions, limit)


def _fit(applicant: Applicant, offer: InternshipOffer) -> Suggestion | None:
    if offer.host_country == applicant.country or offer.for_country != applicant.country:
        return None
    score, reasons = 0, []
    points, reason = _best_field([applicant.subject_area], [offer.subject_area])
    if reason:
        score += points
        reasons.append(reason)
    if offer.language in applicant.languages:
        level = applicant.languages[offer.language]
        if cefr_meets(level, offer.language_level):
            score += 2
            reasons.append(Reason("language_level_met", (offer.language, offer.language_level)))
        elif not level:
            score += 1
            reasons.append(Reason("language_shared", (offer.language, offer.language_level)))
    skills = sorted(applicant.skills & offer.skills)
    if skills:
        score += min(len(skills), MAX_SKILL_POINTS)
        reasons.append(Reason("shared_skills", tuple(skills)))
    if offer.host_id in applicant.past_hosts:
        score += 2
        reasons.append(Reason("host_history"))
    if score <= 0:
        return None
    return Suggestion(offer.id, score, tuple(reasons))


def suggest_internships(
    applicant: Applicant, offers: Iterable[InternshipOffer], *, limit: int = 5
) -> list[Suggestion]:
    """Internships in another country open to the applicant's country, best first."""
    suggestions = [s for offer in offers if (s := _fit(applicant, offer)) is not None]
    return _ranked(suggestions, limit)


def suggest_applicants(
    offer: InternshipOffer, applicants: Iterable[Applicant], *, limit: int = 10
) -> list[Suggestion]:
    """Applicants of the internship's target country who fit it, best first."""
    suggestions = []
    for applicant in applicants:
        fit = _fit(applicant, offer)
        if fit is not None:
            suggestions.append(Suggestion(applicant.id, fit.score, fit.reasons))
    return _ranked(suggestions, limit)
