"""Deterministic demo offers and requests for the demo organisations, written in bulk.

The same seed over the same organisations gives the same opportunities. Rows bypass the services
(and so the audit log and notifications) on purpose, as the demo organisations do; the search
text is computed by the same function the services use, so bulk rows are found like any other.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django_countries import countries as country_names

from silkbridge.directory.models import Organisation, OrganisationKind, Term, Vocabulary
from silkbridge.directory.seed.bulk import insert_tag_links, refresh_planner_statistics
from silkbridge.directory.seed.english import in_sentence, sentence_case, tidy
from silkbridge.opportunities.models import (
    Direction,
    Opportunity,
    OpportunityType,
    PartnershipType,
    Stage,
    Status,
)
from silkbridge.opportunities.search import search_text_of

CHUNK = 2_000

# Which kinds of opportunity each kind of organisation posts, most likely first.
TYPES_BY_KIND = {
    OrganisationKind.COMPANY: [
        OpportunityType.TECHNOLOGY,
        OpportunityType.BUSINESS,
        OpportunityType.INVESTMENT,
        OpportunityType.EGOV,
        OpportunityType.TALENT,
    ],
    OrganisationKind.AUTHORITY: [OpportunityType.EGOV, OpportunityType.TALENT],
    OrganisationKind.ACADEMIC: [
        OpportunityType.RESEARCH,
        OpportunityType.TALENT,
        OpportunityType.TECHNOLOGY,
    ],
    OrganisationKind.ASSOCIATION: [OpportunityType.BUSINESS, OpportunityType.TALENT],
}

# (type, direction) -> title templates; {tech}, {sector}, {service}, {country} are filled in.
TITLES = {
    (OpportunityType.TECHNOLOGY, Direction.OFFER): [
        "{tech} platform ready for {sector} partners in {country}",
        "Licensing our {tech} toolkit for {sector}",
    ],
    (OpportunityType.TECHNOLOGY, Direction.REQUEST): [
        "Seeking {tech} expertise for a {sector} project",
        "Technology partner wanted: {tech} for {sector}",
    ],
    (OpportunityType.BUSINESS, Direction.OFFER): [
        "{service} for {sector} clients in {country}",
        "Dedicated {service} team available",
    ],
    (OpportunityType.BUSINESS, Direction.REQUEST): [
        "Looking for a {service} provider in {country}",
        "Outsourcing partner sought for {service}",
    ],
    (OpportunityType.RESEARCH, Direction.OFFER): [
        "Joint research on {tech} in {sector}",
        "Joint master's programme in {tech}",
    ],
    (OpportunityType.RESEARCH, Direction.REQUEST): [
        "University partner wanted for {tech} research",
        "Co-supervision of PhD students in {tech}",
    ],
    (OpportunityType.EGOV, Direction.OFFER): [
        "{tech} solution for public services in {sector}",
        "Proven e-government system for {sector}",
    ],
    (OpportunityType.EGOV, Direction.REQUEST): [
        "Procurement: {tech} for {sector} services",
        "Authority seeks {tech} pilot for {sector}",
    ],
    (OpportunityType.INVESTMENT, Direction.OFFER): [
        "Investment available for {sector} start-ups using {tech}",
    ],
    (OpportunityType.INVESTMENT, Direction.REQUEST): [
        "Seed round for a {sector} start-up built on {tech}",
        "Growth investment sought to enter {country}",
    ],
    (OpportunityType.TALENT, Direction.OFFER): [
        "Internships in {tech} for students from {country}",
        "Training programme in {tech} for partner staff",
    ],
    (OpportunityType.TALENT, Direction.REQUEST): [
        "Exchange partner wanted for {tech} training",
        "Hiring {tech} engineers through an exchange programme",
    ],
}

SUMMARIES = {
    Direction.OFFER: (
        "We offer {what} to partners in {country}. Our team has delivered similar work in "
        "{sector} and can start within a month."
    ),
    Direction.REQUEST: (
        "We are looking for a partner in {country} who can provide {what}. The work supports our "
        "{sector} plans for the coming year."
    ),
}

DESCRIPTION = (
    "{summary}\n\nScope: {what} for {sector}, with {tech} at its core. We expect a first phase "
    "of three to six months, followed by a longer partnership if it goes well. Working "
    "languages: {languages}.\n\nPlease tell us briefly about similar projects you have done."
)

PARTNERSHIP_BY_TYPE = {
    OpportunityType.TECHNOLOGY: [PartnershipType.TECHNICAL, PartnershipType.LICENSING],
    OpportunityType.BUSINESS: [PartnershipType.COMMERCIAL, PartnershipType.SUBCONTRACTING],
    OpportunityType.RESEARCH: [PartnershipType.RESEARCH, PartnershipType.PROGRAMME],
    OpportunityType.EGOV: [PartnershipType.COMMERCIAL, PartnershipType.TECHNICAL],
    OpportunityType.INVESTMENT: [PartnershipType.INVESTMENT, PartnershipType.JOINT_VENTURE],
    OpportunityType.TALENT: [PartnershipType.EXCHANGE],
}

LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh", "ur": "Urdu"}


@dataclass
class _Row:
    opportunity: Opportunity
    sectors: list[Term]
    technologies: list[Term]


class _Generator:
    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.countries = [str(c).upper() for c in settings.SILKBRIDGE_COUNTRIES]
        self.label_cache: dict[int, str] = {}
        self.terms = {
            vocabulary: list(Term.objects.filter(vocabulary=vocabulary).order_by("pk"))
            for vocabulary in (Vocabulary.SECTOR, Vocabulary.TECHNOLOGY, Vocabulary.SERVICE)
        }

    def _other(self, country: str) -> str:
        others = [c for c in self.countries if c != country]
        return others[0] if others else country

    def _pick(self, own: list[Term], vocabulary: str) -> Term | None:
        pool = own or self.terms[vocabulary]
        return self.rng.choice(pool) if pool else None

    def opportunity(
        self, organisation: Organisation, tags: dict[str, list[Term]], status: str
    ) -> _Row:
        rng = self.rng
        types = TYPES_BY_KIND.get(organisation.kind, list(OpportunityType))
        kind = types[min(int(rng.expovariate(1.2)), len(types) - 1)]
        direction = rng.choice([Direction.OFFER, Direction.REQUEST])
        sector = self._pick(tags.get("sectors", []), Vocabulary.SECTOR)
        tech = self._pick(tags.get("technologies", []), Vocabulary.TECHNOLOGY)
        service = self._pick(tags.get("services", []), Vocabulary.SERVICE)
        target = self._other(str(organisation.country))
        # Labels as they read mid-sentence; english.tidy fixes "a IT …" and "platforms platform".
        words = {
            "tech": in_sentence(tech.label_en if tech else "Software"),
            "sector": in_sentence(sector.label_en if sector else "Digital"),
            "service": in_sentence(service.label_en if service else "Software development"),
            "country": str(country_names.name(target)),
        }
        title = sentence_case(tidy(rng.choice(TITLES[(kind, direction)]).format(**words)))[:160]
        what = words["service"] if kind == OpportunityType.BUSINESS else words["tech"]
        summary = tidy(SUMMARIES[direction].format(what=what, **words))
        languages = list(organisation.languages or ["en"])[:3]
        description = tidy(
            DESCRIPTION.format(
                summary=summary,
                what=what,
                languages=", ".join(LANGUAGE_NAMES.get(code, code) for code in languages),
                **words,
            )
        )
        published_days_ago = rng.randint(0, 80)
        published_at = timezone.now() - timedelta(
            days=published_days_ago, minutes=rng.randint(0, 1440)
        )
        expires_on = self.today + timedelta(days=rng.randint(10, 150))
        if status == Status.EXPIRED:
            expires_on = self.today - timedelta(days=rng.randint(1, 30))
        deadline = None
        if rng.random() < 0.4:
            deadline = min(expires_on, self.today + timedelta(days=rng.randint(5, 60)))
        partner_kinds = []
        if kind == OpportunityType.RESEARCH:
            partner_kinds = [OrganisationKind.ACADEMIC]
        elif kind == OpportunityType.EGOV and direction == Direction.OFFER:
            partner_kinds = [OrganisationKind.AUTHORITY]
        elif rng.random() < 0.5:
            partner_kinds = [OrganisationKind.COMPANY]
        opportunity = Opportunity(
            organisation=organisation,
            type=kind,
            direction=direction,
            title=title,
            summary=summary,
            description=description,
            target_country=target,
            partner_kinds=partner_kinds,
            stage=rng.choice([s for s in Stage.values if s]) if kind == "technology" else "",
            partnership_types=rng.sample(PARTNERSHIP_BY_TYPE[kind], 1),
            languages=languages,
            deadline=deadline,
            expires_on=expires_on,
            is_anonymous=rng.random() < 0.1,
            status=status,
            submitted_at=published_at - timedelta(days=1),
            published_at=None if status == Status.SUBMITTED else published_at,
            reviewed_at=None if status == Status.SUBMITTED else published_at,
            created_at=published_at - timedelta(days=2),
        )
        opportunity.copy_owner_fields()  # bulk_create calls no save()
        sectors = [sector] if sector else []
        technologies = [tech] if tech else []
        opportunity.search_text = search_text_of(
            opportunity,
            {"sectors": sectors, "technologies": technologies},
            label_cache=self.label_cache,
        )
        return _Row(opportunity, sectors, technologies)


def _status(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.9:
        return Status.PUBLISHED
    if roll < 0.95:
        return Status.SUBMITTED
    return Status.EXPIRED


def _tags_of(organisations: list[Organisation]) -> dict[int, dict[str, list[Term]]]:
    tags: dict[int, dict[str, list[Term]]] = {o.pk: {} for o in organisations}
    for field in ("sectors", "technologies", "services"):
        through = getattr(Organisation, field).through
        links = through.objects.filter(organisation_id__in=tags).select_related("term")
        for link in links:
            tags[link.organisation_id].setdefault(field, []).append(link.term)
    return tags


def generate_opportunities(
    organisations: Iterable[Organisation], *, per_organisation: float = 0.6, seed: int = 2026
) -> int:
    """Write about `per_organisation` opportunities per organisation; returns how many."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    generator = _Generator(rng, timezone.localdate())
    organisations = list(organisations)
    written = 0
    with transaction.atomic(), translation.override("en"):
        for start in range(0, len(organisations), CHUNK):
            chunk = organisations[start : start + CHUNK]
            tags = _tags_of(chunk)
            rows: list[_Row] = []
            for organisation in chunk:
                count = int(per_organisation) + (rng.random() < per_organisation % 1)
                rows.extend(
                    generator.opportunity(organisation, tags[organisation.pk], _status(rng))
                    for _ in range(count)
                )
            Opportunity.objects.bulk_create([r.opportunity for r in rows], batch_size=500)
            for field in ("sectors", "technologies"):
                insert_tag_links(
                    field,
                    ((r.opportunity.pk, t.pk) for r in rows for t in getattr(r, field)),
                    model=Opportunity,
                )
            written += len(rows)
    refresh_planner_statistics()
    return written


def generate_demo_opportunities(*, seed: int = 2026, per_organisation: float = 0.6) -> int:
    """Replace the opportunities of demo organisations with freshly generated ones."""
    Opportunity.objects.filter(organisation__is_demo=True).delete()
    organisations = Organisation.objects.active().filter(is_demo=True).order_by("pk")
    return generate_opportunities(organisations, per_organisation=per_organisation, seed=seed)
