"""Where an organisation stands in the directory's default order, before its name.

With no words and no chosen sort, a person opening an IT cooperation directory expects IT
bodies with a full, checked profile first, not an A-to-Z list that opens on a health charity.
The standing is a small number stored on the row (`Organisation.listing_rank`, 0 first), so
the list is read through an index a page at a time however large the directory grows. It is
computed without queries from the profile and its tags, by the services and the bulk loaders
alike, next to the search text.
"""

from collections.abc import Iterable

from silkbridge.directory.models import Organisation, Term, Verification

# Sectors whose organisations are IT cooperation partners even without a technology tag.
IT_SECTORS = frozenset({"fintech", "e-government", "telecom", "cybersecurity"})

# Weights: relevance to IT outranks verification, which outranks a complete profile.
NOT_IT_RELEVANT = 4
NOT_VERIFIED = 2
INCOMPLETE = 1
LAST = NOT_IT_RELEVANT + NOT_VERIFIED + INCOMPLETE


def is_it_relevant(tags: dict[str, Iterable[Term]]) -> bool:
    """IT-relevant: it names a technology or an IT service, or works in an IT sector."""
    if any(True for _ in tags.get("technologies", ())) or any(
        True for _ in tags.get("services", ())
    ):
        return True
    return any(term.slug in IT_SECTORS for term in tags.get("sectors", ()))


def is_complete(organisation: Organisation, tags: dict[str, Iterable[Term]]) -> bool:
    """Complete: a description, a website, a city and at least one tag."""
    has_tag = any(any(True for _ in terms) for terms in tags.values())
    return bool(
        organisation.description.strip()
        and organisation.website
        and organisation.city_id
        and has_tag
    )


def listing_rank_of(organisation: Organisation, tags: dict[str, Iterable[Term]]) -> int:
    """0 for a verified, complete, IT-relevant profile, up to LAST for none of the three."""
    tags = {field: list(terms) for field, terms in tags.items()}
    rank = 0
    if not is_it_relevant(tags):
        rank += NOT_IT_RELEVANT
    if organisation.verification != Verification.VERIFIED:
        rank += NOT_VERIFIED
    if not is_complete(organisation, tags):
        rank += INCOMPLETE
    return rank
