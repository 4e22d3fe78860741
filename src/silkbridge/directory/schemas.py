"""JSON shapes of the directory API; reads resolve through selectors so contact rules hold."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

from silkbridge.directory import selectors
from silkbridge.directory.models import (
    Organisation,
    OrganisationKind,
    OrganisationSize,
    Person,
    PersonRole,
    Vocabulary,
)


class TermRef(Schema):
    slug: str
    label: str


class CityRef(Schema):
    id: int
    name: str


class RegionRef(Schema):
    code: str
    name: str


class OrganisationOut(Schema):
    """One directory entry as listed: profile and tags, never people or contacts."""

    id: int
    slug: str
    name: str
    short_name: str
    kind: str
    country: str
    city: CityRef | None
    region: RegionRef | None
    website: str
    size: str
    founded_year: int | None
    sectors: list[TermRef]
    technologies: list[TermRef]
    services: list[TermRef]
    languages: list[str]
    certifications: list[str]
    verified: bool
    is_demo: bool
    url: str = Field(description="The organisation's page in the directory.")

    @staticmethod
    def resolve_country(obj: Organisation) -> str:
        return str(obj.country)

    @staticmethod
    def resolve_verified(obj: Organisation) -> bool:
        return obj.is_verified

    @staticmethod
    def resolve_url(obj: Organisation, context: dict[str, Any]) -> str:
        request: HttpRequest | None = (context or {}).get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class PersonOut(Schema):
    """Someone at an organisation; e-mail and phone are null unless the reader may see them."""

    id: int
    full_name: str
    job_title: str
    role: str
    has_account: bool
    email: str | None
    phone: str | None

    @classmethod
    def from_person(cls, person: Person, *, show_contacts: bool) -> "PersonOut":
        """Build the output with contacts only when the caller's permission check allowed it."""
        return cls(
            id=person.pk,
            full_name=person.full_name,
            job_title=person.job_title,
            role=person.role,
            has_account=person.user_id is not None,
            email=person.email if show_contacts else None,
            phone=person.phone if show_contacts else None,
        )


class OrganisationDetailOut(OrganisationOut):
    description: str
    email: str
    phone: str
    verified_at: datetime | None
    created_at: datetime
    updated_at: datetime
    people: list[PersonOut]

    @staticmethod
    def resolve_people(obj: Organisation, context: dict[str, Any]) -> list[PersonOut]:
        # The same selector as the page decides whether contact details are shown.
        people, show_contacts = selectors.people_of(context["request"].user, obj)
        return [PersonOut.from_person(p, show_contacts=show_contacts) for p in people]


class OrganisationFilters(Schema):
    """Query parameters of the directory search; the page's DirectoryFilterForm validates them."""

    q: str = Field("", description="Words that must all appear.")
    country: str = Field("", description="ISO 3166-1 alpha-2 code of a working-group country.")
    kind: str = Field("", description="company, authority, academic or association.")
    city: int | None = Field(None, description="City id.")
    sector: str = Field("", description="Sector slug.")
    technology: str = Field("", description="Technology slug.")
    service: str = Field("", description="Service slug.")
    verified: str = Field(
        "", description="yes (or true) for verified only, no (or false) for not verified only."
    )
    sort: str = Field("", description="name, -name, newest or country; relevance by default.")


class OrganisationIn(Schema):
    """A new organisation; tags are lists of taxonomy slugs."""

    name: str
    kind: OrganisationKind
    country: str = Field(description="ISO 3166-1 alpha-2 code of a working-group country.")
    short_name: str = ""
    city: int | None = Field(None, description="City id.")
    website: str = ""
    email: str = ""
    phone: str = ""
    description: str = ""
    size: OrganisationSize = OrganisationSize.UNKNOWN
    founded_year: int | None = None
    sectors: list[str] = []
    technologies: list[str] = []
    services: list[str] = []
    languages: list[str] = Field([], description="Language codes, e.g. en, ru, kk, ur.")
    certifications: list[str] = []


class OrganisationPatch(Schema):
    """A partial update: only the fields sent are changed."""

    name: str | None = None
    kind: OrganisationKind | None = None
    country: str | None = None
    short_name: str | None = None
    city: int | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    description: str | None = None
    size: OrganisationSize | None = None
    founded_year: int | None = None
    sectors: list[str] | None = None
    technologies: list[str] | None = None
    services: list[str] | None = None
    languages: list[str] | None = None
    certifications: list[str] | None = None


class VerificationIn(Schema):
    verified: bool


class PersonIn(Schema):
    full_name: str
    job_title: str = ""
    email: str = ""
    phone: str = ""
    role: PersonRole = PersonRole.MEMBER


class PersonPatch(Schema):
    full_name: str | None = None
    job_title: str | None = None
    email: str | None = None
    phone: str | None = None
    role: PersonRole | None = None


class TermOut(Schema):
    id: int
    vocabulary: str
    slug: str
    label: str
    label_en: str
    label_ru: str
    label_kk: str
    label_ur: str
    description: str


class TermIn(Schema):
    vocabulary: Vocabulary
    slug: str
    label_en: str
    label_ru: str = ""
    label_kk: str = ""
    label_ur: str = ""
    description: str = ""


class TermPatch(Schema):
    vocabulary: Vocabulary | None = None
    slug: str | None = None
    label_en: str | None = None
    label_ru: str | None = None
    label_kk: str | None = None
    label_ur: str | None = None
    description: str | None = None


class OrganisationRef(Schema):
    slug: str
    name: str


class MembershipOut(Schema):
    organisation: OrganisationRef
    role: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    platform_role: str = Field(description='"secretariat", "observer" or empty.')
    is_secretariat: bool
    is_observer: bool
    language: str
    time_zone: str
    memberships: list[MembershipOut]
