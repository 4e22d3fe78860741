"""A deterministic generator of demo IT companies, fast enough for 100,000 organisations.

The same seed on the same taxonomy and cities gives the same companies. Rows are written with
bulk inserts (organisations, tag links, people), so the audit log and per-row services are
bypassed on purpose; seed.bulk computes slug and search text as the services would.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from auditlog.context import disable_auditlog
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django_countries import countries as country_names

from silkbridge.directory.models import (
    City,
    Organisation,
    OrganisationKind,
    Person,
    PersonRole,
    Term,
    Verification,
    Vocabulary,
)
from silkbridge.directory.seed import demo_names as words
from silkbridge.directory.seed.bulk import (
    SlugAllocator,
    insert_organisations,
    insert_tag_links,
    refresh_planner_statistics,
)
from silkbridge.directory.seed.demo_profiles import (
    ARCHETYPES,
    CITY_BOOST,
    GENERAL_CERTIFICATIONS,
    LANGUAGE_ORDER,
    LANGUAGES,
    SIZES,
    Archetype,
)
from silkbridge.directory.seed.english import in_sentence
from silkbridge.directory.seed.geography import load_geography
from silkbridge.directory.seed.taxonomy import seed_taxonomy
from silkbridge.directory.services import search_text_of
from silkbridge.directory.standing import listing_rank_of

DEMO_MARKER = "[Demo data]"
DEMO_DOMAIN = "demo.silkbridge.example"
DEFAULT_SCALE = 400
DEFAULT_SEED = 2026
MAX_SCALE = 100_000
CHUNK = 2_000


TAG_FIELDS = (
    ("sectors", Vocabulary.SECTOR),
    ("technologies", Vocabulary.TECHNOLOGY),
    ("services", Vocabulary.SERVICE),
)


@dataclass
class DemoReport:
    organisations: int = 0
    people: int = 0
    deleted: int = 0
    per_country: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class _Company:
    """One generated company before it is written: the row plus its tags and people."""

    organisation: Organisation
    tags: dict[str, list[Term]]
    people: list[Person]


class _Generator:
    def __init__(self, rng: random.Random, countries: list[str]) -> None:
        self.rng = rng
        self.countries = countries
        terms = Term.objects.order_by("vocabulary", "slug")
        self.terms = {(t.vocabulary, t.slug): t for t in terms}
        self.all_terms = {
            vocabulary: [t for t in terms if t.vocabulary == vocabulary]
            for _field, vocabulary in TAG_FIELDS
        }
        self.cities: dict[str, tuple[list[City], list[float]]] = {}
        for country in countries:
            rows = list(City.objects.filter(country=country).order_by("geonameid", "pk"))
            weights = [
                max(c.population, 1) ** 1.5 * CITY_BOOST.get((country, c.name), 1.0) for c in rows
            ]
            self.cities[country] = (rows, weights)
        self.label_cache: dict[int, str] = {}
        self.used_names: set[str] = set()
        self.slugs = SlugAllocator()
        self.now = timezone.now()

    def company(self, country: str, sequence: int) -> _Company:
        rng = self.rng
        archetype = rng.choices(ARCHETYPES, weights=[a.weight for a in ARCHETYPES])[0]
        size, _w, headcount, years, cert_factor = rng.choices(SIZES, [s[1] for s in SIZES])[0]
        name = self._name(country, archetype)
        short_name = self._short_name(name)
        slug = self.slugs.allocate(name)
        city_rows, weights = self.cities[country]
        city = rng.choices(city_rows, weights=weights)[0] if city_rows else None
        tags = {
            "sectors": self._pick(Vocabulary.SECTOR, archetype.sectors, 1, 3, 0.1),
            "technologies": self._pick(Vocabulary.TECHNOLOGY, archetype.technologies, 2, 5, 0.2),
            "services": self._pick(Vocabulary.SERVICE, archetype.services, 2, 4, 0.15),
        }
        founded = rng.randint(*years)
        team = rng.randint(*headcount)
        languages = sorted(
            (code for code, p in LANGUAGES.get(country, (("en", 1.0),)) if rng.random() < p),
            key=LANGUAGE_ORDER.get,
        ) or ["en"]
        certifications = self._certifications(archetype, cert_factor)
        host = f"{slug[:63].strip('-')}.{country.lower()}.{DEMO_DOMAIN}"
        created_at = self.now - timedelta(days=rng.randint(0, 900), minutes=rng.randint(0, 1439))
        verified = rng.random() < 0.4
        description = self._description(
            name, archetype, city, country, founded, team, tags, certifications
        )
        organisation = Organisation(
            name=name,
            short_name=short_name,
            slug=slug,
            kind=OrganisationKind.COMPANY,
            country=country,
            city=city,
            region_id=city.region_id if city else None,
            website=f"https://{host}",
            website_domain=host,
            email=f"info@{host}",
            description=description,
            size=size,
            founded_year=founded,
            languages=languages,
            certifications=certifications,
            verification=Verification.VERIFIED if verified else Verification.UNVERIFIED,
            verified_at=created_at + timedelta(days=3) if verified else None,
            is_demo=True,
            created_at=created_at,
        )
        organisation.search_text = search_text_of(organisation, tags, label_cache=self.label_cache)
        organisation.listing_rank = listing_rank_of(organisation, tags)
        people = self._people(country, organisation, sequence)
        return _Company(organisation, tags, people)

    def _name(self, country: str, archetype: Archetype) -> str:
        rng = self.rng
        places = words.PLACE_WORDS.get(country) or words.PLACE_WORDS["KZ"]
        special = words.ARCHETYPE_WORDS[archetype.key]
        for attempt in range(40):
            pattern = rng.random()
            suffix = rng.choice(words.SUFFIX_WORDS)
            if pattern < 0.35:
                name = f"{rng.choice(places)} {rng.choice(words.CORE_WORDS)} {suffix}"
            elif pattern < 0.55:
                name = f"{rng.choice(places)} {rng.choice(special)} {suffix}"
            elif pattern < 0.7:
                name = f"{rng.choice(words.CORE_WORDS)}{rng.choice(special)} {suffix}"
            elif pattern < 0.8 and " " not in (place := rng.choice(places)):
                name = f"{place}{rng.choice(['soft', 'tech', 'ware', 'logic', 'data', 'net'])}"
            else:
                first, second = rng.sample(words.CORE_WORDS, 2)
                name = f"{first} {second} {suffix}"
            if attempt > 20:
                name = f"{rng.choice(places)} {name}"
            if rng.random() < 0.25 and country in words.LEGAL_FORMS:
                name = f"{name} {words.LEGAL_FORMS[country]}"
            if name not in self.used_names:
                break
        else:
            name = f"{name} {len(self.used_names) + 1}"
        self.used_names.add(name)
        return name

    def _short_name(self, name: str) -> str:
        capitals = [w for w in name.split() if w[:1].isupper() and w not in ("LLP", "IT")]
        if len(capitals) >= 3 and self.rng.random() < 0.3:
            return "".join(w[0] for w in capitals[:4])
        return ""

    def _pick(
        self, vocabulary: str, preferred: tuple[str, ...], low: int, high: int, stray: float
    ) -> list[Term]:
        rng = self.rng
        pool = [self.terms[(vocabulary, s)] for s in preferred if (vocabulary, s) in self.terms]
        count = min(rng.randint(low, high), len(pool))
        chosen = rng.sample(pool, count)
        if rng.random() < stray and self.all_terms[vocabulary]:
            extra = rng.choice(self.all_terms[vocabulary])
            if extra not in chosen:
                chosen.append(extra)
        return chosen

    def _certifications(self, archetype: Archetype, factor: float) -> list[str]:
        found: list[str] = []
        for name, p in (*GENERAL_CERTIFICATIONS, *archetype.certifications):
            if name not in found and self.rng.random() < min(1.0, p * factor):
                found.append(name)
        if "CMMI Level 5" in found and "CMMI Level 3" in found:
            found.remove("CMMI Level 3")
        return found

    def _description(
        self,
        name: str,
        archetype: Archetype,
        city: City | None,
        country: str,
        founded: int,
        team: int,
        tags: dict[str, list[Term]],
        certifications: list[str],
    ) -> str:
        place = city.name if city else country_names.name(country)
        sectors = _join([in_sentence(t.label_en) for t in tags["sectors"]])
        services = _join([in_sentence(t.label_en) for t in tags["services"]])
        technologies = _join([in_sentence(t.label_en) for t in tags["technologies"]])
        others = [c for c in self.countries if c != country]
        template = self.rng.randrange(3)
        if template == 0:
            text = (
                f"{name} is an IT company based in {place}, {country_names.name(country)}. "
                f"Founded in {founded}, it {archetype.blurb}. It works mainly in {sectors} and "
                f"offers {services}, with expertise in {technologies}."
            )
        elif template == 1:
            text = (
                f"Since {founded}, {name} {archetype.blurb} from its office in {place}. "
                f"A team of {team} people serves clients in {sectors}, offering {services}; "
                f"its engineers specialise in {technologies}."
            )
        else:
            text = (
                f"{name} ({place}) {archetype.blurb}. It offers {services} for {sectors} "
                f"clients, built on {technologies}."
            )
        if certifications:
            text += f" Certified: {', '.join(certifications)}."
        if others and self.rng.random() < 0.5:
            text += f" Looking for partners in {country_names.name(others[0])}."
        return f"{DEMO_MARKER} {text}"

    def _people(self, country: str, organisation: Organisation, sequence: int) -> list[Person]:
        rng = self.rng
        names_country = country if country in words.FIRST_NAMES else "KZ"
        people = []
        for i in range(rng.choice((1, 1, 2, 2, 2, 3, 3, 4))):
            gender = rng.choice(("f", "m"))
            first = rng.choice(words.FIRST_NAMES[names_country][gender])
            last = rng.choice(words.LAST_NAMES[names_country])
            if gender == "f":
                last = words.feminine(last)
            role = PersonRole.ADMIN if i == 0 else PersonRole.MEMBER
            people.append(
                Person(
                    organisation=organisation,
                    full_name=f"{first} {last}",
                    job_title=rng.choice(words.JOB_TITLES[role]),
                    email=f"{first}.{last}.{sequence}@{DEMO_DOMAIN}".lower(),
                    role=role,
                    is_demo=True,
                    created_at=organisation.created_at,
                )
            )
        return people


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def delete_demo_organisations() -> int:
    """Remove every demo organisation with its people and links; returns how many."""
    with disable_auditlog(), transaction.atomic():
        count = Organisation.objects.filter(is_demo=True).count()
        Organisation.objects.filter(is_demo=True).delete()
    return count


def _split(scale: int, countries: list[str]) -> dict[str, int]:
    share, rest = divmod(scale, len(countries))
    return {c: share + (1 if i < rest else 0) for i, c in enumerate(countries)}


def generate_demo(
    *, scale: int = DEFAULT_SCALE, seed: int = DEFAULT_SEED, data_dir: Path | None = None
) -> DemoReport:
    """Replace the demo companies with `scale` new ones, split evenly across the countries."""
    if not 0 <= scale <= MAX_SCALE:
        raise ValueError(f"scale must be between 0 and {MAX_SCALE}")
    started = time.perf_counter()
    seed_taxonomy()
    load_geography(data_dir)
    countries = [str(c).upper() for c in settings.SILKBRIDGE_COUNTRIES]
    plan = _split(scale, countries)
    # Interleave countries so every chunk (and any prefix of the output) is balanced.
    order = [c for i in range(max(plan.values(), default=0)) for c in countries if i < plan[c]]
    # One transaction: a failed run leaves the previous demo data in place.
    with transaction.atomic(), translation.override("en"):
        report = DemoReport(deleted=delete_demo_organisations())
        generator = _Generator(random.Random(seed), countries)  # noqa: S311 - reproducible
        for start in range(0, len(order), CHUNK):
            batch = [
                generator.company(country, start + i)
                for i, country in enumerate(order[start : start + CHUNK])
            ]
            report.people += _write(batch)
    refresh_planner_statistics()
    report.organisations = len(order)
    report.per_country = plan
    report.seconds = time.perf_counter() - started
    return report


def _write(batch: list[_Company]) -> int:
    organisations = [c.organisation for c in batch]
    insert_organisations(organisations)
    for field_name, _vocabulary in TAG_FIELDS:
        insert_tag_links(
            field_name, ((c.organisation.pk, t.pk) for c in batch for t in c.tags[field_name])
        )
    people = []
    for company in batch:
        for person in company.people:
            person.organisation_id = company.organisation.pk
            people.append(person)
    Person.objects.bulk_create(people, batch_size=1000)
    return len(people)
