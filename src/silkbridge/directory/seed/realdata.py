"""Load real public organisations (Hipo universities, ROR, curated public bodies).

Records from different sources that describe one body are joined into one Organisation with one
SourceRecord per source. New organisations are inserted in bulk (like the demo, without audit
entries: the SourceRecord rows say where they came from). Loading again creates nothing new; it
only fills fields that are still blank, through the services, so those changes are audited.

ROR records outside IT cooperation (hospitals, museums, archives…; see seed/registry.py) are
skipped. One that an earlier load brought in is removed only while nobody has touched it: known
from ROR alone, unverified, with no people and nothing else pointing at it.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from silkbridge.directory import services
from silkbridge.directory.models import (
    City,
    Organisation,
    OrganisationKind,
    Region,
    SourceRecord,
    Term,
    Verification,
    Vocabulary,
)
from silkbridge.directory.seed.bulk import (
    SlugAllocator,
    insert_organisations,
    insert_tag_links,
    refresh_planner_statistics,
)
from silkbridge.directory.seed.normalise import (
    FOCUS_TERMS,
    NAME_SECTORS,
    PROVINCES,
    clean_name,
    identifying_domain,
    name_key,
)
from silkbridge.directory.seed.places import CityIndex
from silkbridge.directory.seed.registry import registry_mapping
from silkbridge.directory.services import normalise_text, search_text_of, website_domain
from silkbridge.directory.standing import listing_rank_of

HIPO_FILE = Path("raw/universities/hipo_universities_kz_pk.json")
ROR_FILES = (Path("raw/organizations/ror_kz.json"), Path("raw/organizations/ror_pk.json"))
CURATED_FILE = Path("curated/public_bodies_kz_pk.json")

SOURCE_HIPO, SOURCE_ROR, SOURCE_CURATED = "hipo", "ror", "curated"
# Curated first (hand-checked names and sites), then Hipo (websites), then ROR (names only).
SOURCE_ORDER = (SOURCE_CURATED, SOURCE_HIPO, SOURCE_ROR)

# Fields a later source may fill in when they are blank; it never overwrites them.
FILLABLE_FIELDS = ("short_name", "website", "city", "region", "description")


@dataclass
class Candidate:
    """One source's record of an organisation, before it is matched to the directory."""

    source: str
    external_id: str
    country: str
    kind: str
    name: str
    short_name: str = ""
    website: str = ""
    domains: tuple[str, ...] = ()
    city: City | None = None
    region: Region | None = None
    description: str = ""
    terms: list[Term] = field(default_factory=list)


@dataclass
class SourceCounts:
    read: int = 0
    created: int = 0
    joined: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    removed: int = 0


@dataclass
class RealDataReport:
    sources: dict[str, SourceCounts] = field(
        default_factory=lambda: {s: SourceCounts() for s in SOURCE_ORDER}
    )

    @property
    def created(self) -> int:
        return sum(c.created for c in self.sources.values())


def _read_json(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@dataclass
class _Pending:
    """A new organisation collected during a run, written in bulk at the end."""

    organisation: Organisation
    terms: list[Term]
    sources: list[tuple[str, str]]


Target = int | _Pending  # an existing organisation's id, or one created in this run


class _Loader:
    """Matches candidates to the directory, joining duplicates, and writes the result.

    New organisations are collected and inserted in bulk (slug and search text computed as the
    services would); organisations already in the database are changed through the services.
    """

    def __init__(self, countries: list[str], report: RealDataReport) -> None:
        self.countries = countries
        self.report = report
        self.cities = CityIndex(countries)
        self.regions = {r.code: r for r in Region.objects.all()}
        self.terms = {(t.vocabulary, t.slug): t for t in Term.objects.all()}
        self.pending: list[_Pending] = []
        # Source keys of records the registry mapping leaves out, to remove earlier copies.
        self.excluded: list[tuple[str, str]] = []
        self.by_source: dict[tuple[str, str], Target] = dict(
            ((s, e), o)
            for s, e, o in SourceRecord.objects.values_list(
                "source", "external_id", "organisation_id"
            )
        )
        self.by_domain: dict[str, Target] = {}
        self.by_name: dict[tuple[str, str], Target] = {}
        real = Organisation.objects.active().filter(is_demo=False)
        rows = real.values_list("pk", "country", "name", "website_domain")
        for pk, country, name, domain in rows:
            self.by_name.setdefault((str(country), name_key(name)), pk)
            if domain:
                self.by_domain.setdefault(domain, pk)

    def term(self, vocabulary: str, slug: str) -> Term | None:
        return self.terms.get((vocabulary, slug))

    def name_sectors(self, name: str) -> list[Term]:
        found = [self.term(Vocabulary.SECTOR, slug) for rx, slug in NAME_SECTORS if rx.search(name)]
        return [t for t in found if t is not None]

    def region_for(self, country: str, province: str | None, city: City | None) -> Region | None:
        if city is not None and city.region_id:
            return city.region
        code = PROVINCES.get(normalise_text(province or ""), "")
        region = self.regions.get(code)
        return region if region is not None and str(region.country) == country else None

    def upsert(self, candidate: Candidate) -> None:
        counts = self.report.sources[candidate.source]
        key = (candidate.source, candidate.external_id)
        target = self.by_source.get(key)
        if target is not None:
            changed = self._fill_blanks(target, candidate)
            counts.updated += changed
            counts.unchanged += not changed
            return
        target = self._match(candidate)
        if target is None:
            target = _Pending(_new_organisation(candidate), [], [key])
            self._fill_blanks(target, candidate)
            self.pending.append(target)
            counts.created += 1
        else:
            if isinstance(target, _Pending):
                target.sources.append(key)
            else:
                SourceRecord.objects.create(
                    organisation_id=target,
                    source=candidate.source,
                    external_id=candidate.external_id,
                )
            self._fill_blanks(target, candidate)
            counts.joined += 1
        self._remember(target, candidate)

    def _match(self, candidate: Candidate) -> Target | None:
        for domain in candidate.domains:
            if domain in self.by_domain:
                return self.by_domain[domain]
        return self.by_name.get((candidate.country, name_key(candidate.name)))

    def _remember(self, target: Target, candidate: Candidate) -> None:
        self.by_source[(candidate.source, candidate.external_id)] = target
        self.by_name.setdefault((candidate.country, name_key(candidate.name)), target)
        for domain in candidate.domains:
            self.by_domain.setdefault(domain, target)

    def _fill_blanks(self, target: Target, candidate: Candidate) -> bool:
        """Copy what the candidate knows into blank fields and add its tags; True if changed."""
        if isinstance(target, _Pending):
            return _fill_pending(target, candidate)
        organisation = _resolve(target)
        changes: dict = {}
        for name, value in _profile(candidate).items():
            if name in services.TAG_FIELDS:
                current = list(getattr(organisation, name).all())
                missing = [t for t in value if t not in current]
                if missing:
                    changes[name] = current + missing
            elif name in FILLABLE_FIELDS and value and not getattr(organisation, name):
                changes[name] = value
        if changes:
            services.update_organisation(
                actor=None, organisation=organisation, data=changes, check_permission=False
            )
        return bool(changes)

    def flush(self) -> None:
        """Insert the organisations collected in this run, with their sources and tags."""
        if not self.pending:
            return
        slugs = SlugAllocator()
        label_cache: dict[int, str] = {}
        for pending in self.pending:
            organisation = pending.organisation
            country = organisation.country
            organisation.slug = slugs.allocate(organisation.name)
            organisation.website_domain = website_domain(organisation.website)
            city = organisation.city
            # An embassy's city lies in the other country; its region would be foreign too.
            if city is not None and organisation.region_id is None and city.country == country:
                organisation.region_id = city.region_id
            tags = _tags(pending.terms)
            organisation.search_text = search_text_of(organisation, tags, label_cache=label_cache)
            organisation.listing_rank = listing_rank_of(organisation, tags)
        organisations = [p.organisation for p in self.pending]
        insert_organisations(organisations)
        SourceRecord.objects.bulk_create(
            [
                SourceRecord(organisation_id=p.organisation.pk, source=source, external_id=external)
                for p in self.pending
                for source, external in p.sources
            ],
            batch_size=500,
        )
        for field_name in services.TAG_FIELDS:
            insert_tag_links(
                field_name,
                (
                    (p.organisation.pk, term.pk)
                    for p in self.pending
                    for term in _tags(p.terms)[field_name]
                ),
            )
        self.pending = []


def _new_organisation(candidate: Candidate) -> Organisation:
    return Organisation(
        name=candidate.name[:255],
        kind=candidate.kind,
        country=candidate.country,
        created_at=timezone.now(),
    )


def _fill_pending(pending: _Pending, candidate: Candidate) -> bool:
    organisation = pending.organisation
    changed = False
    for name, value in _profile(candidate).items():
        if name in services.TAG_FIELDS:
            for term in value:
                if term not in pending.terms:
                    pending.terms.append(term)
                    changed = True
        elif name in FILLABLE_FIELDS and value and not getattr(organisation, name):
            setattr(organisation, name, value)
            changed = True
    return changed


def _tags(terms: list[Term]) -> dict[str, list[Term]]:
    fields = {
        Vocabulary.SECTOR: "sectors",
        Vocabulary.TECHNOLOGY: "technologies",
        Vocabulary.SERVICE: "services",
    }
    tags: dict[str, list[Term]] = {name: [] for name in fields.values()}
    for term in terms:
        bucket = tags[fields[term.vocabulary]]
        if term not in bucket:
            bucket.append(term)
    return tags


def _resolve(org_id: int) -> Organisation:
    organisation = Organisation.objects.select_related("city").get(pk=org_id)
    while organisation.merged_into_id:
        organisation = Organisation.objects.select_related("city").get(
            pk=organisation.merged_into_id
        )
    return organisation


def _profile(candidate: Candidate) -> dict:
    return {
        "short_name": candidate.short_name[:60],
        "city": candidate.city,
        "region": candidate.region,
        "website": candidate.website,
        "description": candidate.description,
        **{name: terms for name, terms in _tags(candidate.terms).items() if terms},
    }


def _curated_candidates(loader: _Loader, path: Path) -> list[Candidate]:
    counts = loader.report.sources[SOURCE_CURATED]
    candidates = []
    for row in _read_json(path):
        counts.read += 1
        country = row["country"]
        if country not in loader.countries:
            counts.skipped += 1
            continue
        name = clean_name(row["name"])
        # An embassy sits in the other country: look for its city there too.
        city = loader.cities.find_any([country, *loader.countries], row.get("city") or "")
        website = row.get("website") or ""
        domain = identifying_domain(website)
        terms: list[Term] = []
        for tag in row.get("focus") or []:
            for vocabulary, slug in FOCUS_TERMS.get(tag.casefold(), []):
                term = loader.term(vocabulary, slug)
                if term is not None:
                    terms.append(term)
        candidates.append(
            Candidate(
                source=SOURCE_CURATED,
                external_id=f"{country}:{slugify(name)}",
                country=country,
                kind=row["kind"],
                name=name,
                short_name=clean_name(row.get("short_name") or ""),
                website=website,
                domains=(domain,) if domain else (),
                city=city,
                region=city.region if city and str(city.country) == country else None,
                description=(row.get("summary") or "").strip(),
                terms=terms,
            )
        )
    return candidates


def _hipo_candidates(loader: _Loader, path: Path) -> list[Candidate]:
    counts = loader.report.sources[SOURCE_HIPO]
    candidates = []
    education = loader.term(Vocabulary.SECTOR, "education")
    for row in _read_json(path):
        counts.read += 1
        country = row.get("alpha_two_code", "")
        domains = tuple(d.lower() for d in row.get("domains") or [] if d)
        if country not in loader.countries or not domains:
            counts.skipped += 1
            continue
        name = clean_name(row["name"])
        city = loader.cities.find_in_text(country, name)
        pages = row.get("web_pages") or []
        candidates.append(
            Candidate(
                source=SOURCE_HIPO,
                external_id=domains[0],
                country=country,
                kind=OrganisationKind.ACADEMIC,
                name=name,
                website=pages[0] if pages else f"https://{domains[0]}/",
                domains=domains,
                city=city,
                region=loader.region_for(country, row.get("state-province"), city),
                terms=[t for t in [education, *loader.name_sectors(name)] if t is not None],
            )
        )
    return candidates


def _ror_candidates(loader: _Loader, paths: list[Path]) -> list[Candidate]:
    counts = loader.report.sources[SOURCE_ROR]
    mapping = registry_mapping()
    candidates = []
    for path in paths:
        for row in _read_json(path):
            counts.read += 1
            country = row.get("country_code", "")
            types = row.get("types") or []
            name = clean_name(row.get("name") or "")
            kind = mapping.kind(types, name)
            if country not in loader.countries or not name or kind is None:
                counts.skipped += 1
                if name and kind is None:
                    loader.excluded.append((SOURCE_ROR, _ror_external_id(country, name)))
                continue
            city = loader.cities.find_in_text(country, name)
            sector = mapping.sector(types)
            terms = [loader.term(Vocabulary.SECTOR, sector)] if sector else []
            candidates.append(
                Candidate(
                    source=SOURCE_ROR,
                    external_id=_ror_external_id(country, name),
                    country=country,
                    kind=kind,
                    name=name,
                    city=city,
                    region=city.region if city else None,
                    terms=[t for t in [*terms, *loader.name_sectors(name)] if t is not None],
                )
            )
    return candidates


def _ror_external_id(country: str, name: str) -> str:
    # The ROR extract carries no ROR id, so the normalised name is the stable key.
    return f"{country}:{slugify(name, allow_unicode=True)}"


# Relations that any imported record has; anything else pointing at it is someone's work.
_IMPORT_RELATIONS = frozenset({"sources"})


def _untouched(organisation: Organisation) -> bool:
    """Nobody has worked with it: unverified, and only its source records refer to it."""
    if organisation.verification != Verification.UNVERIFIED or organisation.is_demo:
        return False
    for relation in Organisation._meta.related_objects:
        if relation.get_accessor_name() in _IMPORT_RELATIONS or relation.related_model is Term:
            continue
        related = relation.related_model._base_manager.filter(**{relation.field.name: organisation})
        if related.exists():
            return False
    return True


def remove_excluded_records(keys: list[tuple[str, str]]) -> int:
    """Delete organisations known only from these excluded source records, if untouched."""
    wanted: dict[str, set[str]] = {}
    for source, external_id in keys:
        wanted.setdefault(source, set()).add(external_id)
    removed = 0
    for source, external_ids in wanted.items():
        candidates = Organisation.objects.filter(
            sources__source=source, sources__external_id__in=external_ids
        ).distinct()
        for organisation in candidates:
            other_sources = organisation.sources.exclude(
                source=source, external_id__in=external_ids
            )
            if other_sources.exists() or not _untouched(organisation):
                continue
            organisation.delete()
            removed += 1
    return removed


def load_real_organisations(data_dir: Path | None = None) -> RealDataReport:
    """Load all three sources for the configured countries and report what changed per source."""
    base = Path(data_dir or settings.SILKBRIDGE_DATA_DIR)
    report = RealDataReport()
    countries = [str(c).upper() for c in settings.SILKBRIDGE_COUNTRIES]
    with transaction.atomic():
        loader = _Loader(countries, report)
        batches = (
            _curated_candidates(loader, base / CURATED_FILE),
            _hipo_candidates(loader, base / HIPO_FILE),
            _ror_candidates(loader, [base / p for p in ROR_FILES]),
        )
        for batch in batches:
            for candidate in batch:
                loader.upsert(candidate)
        loader.flush()
        report.sources[SOURCE_ROR].removed = remove_excluded_records(loader.excluded)
    refresh_planner_statistics()
    return report
