"""JSON shapes of the ventures API; what a reader sees follows ventures.permissions, as on the
pages (the list and detail only ever hold ventures the reader may see)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

from silkbridge.directory.schemas import TermRef
from silkbridge.ventures.models import (
    REASON_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    StageChange,
    Venture,
    VentureParty,
)


def _absolute(context: dict[str, Any] | None, path: str) -> str:
    request: HttpRequest | None = (context or {}).get("request")
    return request.build_absolute_uri(path) if request else path


class PartyIn(Schema):
    organisation_id: int
    role: str = Field("partner", description="lead or partner; the first party leads if none.")


class PartyOut(Schema):
    organisation_id: int
    name: str
    slug: str
    country: str
    role: str

    @staticmethod
    def resolve_name(obj: VentureParty) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_slug(obj: VentureParty) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_country(obj: VentureParty) -> str:
        return str(obj.organisation.country)


class VentureFields(Schema):
    """Fields shared by creating and updating; on update, send only what changes."""

    title: str | None = Field(None, max_length=TITLE_MAX_LENGTH)
    summary: str | None = Field(None, max_length=SUMMARY_MAX_LENGTH)
    kind: str | None = Field(None, description="joint_venture, services_contract, … ")
    started_on: date | None = None
    parties: list[PartyIn] | None = Field(
        None, description="Two or more organisations, from both countries."
    )
    sectors: list[str] | None = Field(None, description="Slugs of sector terms.")
    working_group: str | None = Field(None, description="Slug of a working group.")
    value_amount: Decimal | None = Field(None, description="Not negative.")
    value_currency: str | None = Field(
        None, description="Three letters; the secretariat must have recorded a rate for it."
    )
    jobs_created: int | None = None
    people_exchanged: int | None = None
    confidential: bool | None = None
    seats: int | None = Field(None, description="Academic alliances only.")
    intake_dates: list[date] | None = Field(None, description="Academic alliances only.")
    fields_of_study: str | None = Field(None, description="Academic alliances only.")


class VentureIn(VentureFields):
    title: str = Field(..., max_length=TITLE_MAX_LENGTH)
    kind: str
    started_on: date
    parties: list[PartyIn]
    stage: str = Field("introduced", description="The stage when it is recorded.")
    from_introduction: int | None = Field(None, description="An accepted introduction's id.")
    from_meeting: int | None = Field(None, description="A forum B2B meeting's id.")
    from_decision: int | None = Field(None, description="A working-group decision's id.")


class VenturePatch(VentureFields):
    pass


class StageIn(Schema):
    to_stage: str
    changed_on: date
    reason: str = Field("", max_length=REASON_MAX_LENGTH)
    expected_stage: str | None = Field(
        None,
        description="The stage you saw; if someone moved it meanwhile the change is refused "
        "with 409.",
    )


class StageChangeCorrection(Schema):
    changed_on: date
    reason: str = Field("", max_length=REASON_MAX_LENGTH)


class StageChangeOut(Schema):
    id: int
    from_stage: str
    to_stage: str
    changed_on: date
    author: str | None
    reason: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj: StageChange) -> str | None:
        return (obj.author.get_full_name() or obj.author.email) if obj.author else None


class VentureOut(Schema):
    id: int
    title: str
    kind: str
    stage: str
    origin: str
    is_academic_alliance: bool
    confidential: bool
    parties: list[PartyOut]
    sectors: list[TermRef]
    working_group: str | None = Field(description="The working group's slug.")
    started_on: date
    stage_changed_at: datetime
    value_amount: Decimal | None
    value_currency: str
    usd_rate: Decimal | None
    value_usd: Decimal | None
    jobs_created: int
    people_exchanged: int
    url: str = Field(description="The venture's page.")

    @staticmethod
    def resolve_parties(obj: Venture) -> list:
        return list(obj.parties.all())

    @staticmethod
    def resolve_sectors(obj: Venture) -> list:
        return list(obj.sectors.all())

    @staticmethod
    def resolve_working_group(obj: Venture) -> str | None:
        return obj.working_group.slug if obj.working_group_id else None

    @staticmethod
    def resolve_url(obj: Venture, context: dict[str, Any]) -> str:
        return _absolute(context, obj.get_absolute_url())


class VentureDetailOut(VentureOut):
    summary: str
    origin_label: str
    seats: int | None
    intake_dates: list[date] | None
    fields_of_study: str
    reviewed_at: datetime | None
    timeline: list[StageChangeOut]

    @staticmethod
    def resolve_timeline(obj: Venture) -> list:
        return list(obj.stage_changes.select_related("author").order_by("changed_on", "id"))


class VentureFilters(Schema):
    stage: str = ""
    kind: str = ""
    country: str = ""
    sector: str = Field("", description="Slug of a sector term.")
    group: str = Field("", description="Slug of a working group.")
    academic: bool = False
    mine: bool = Field(False, description="Only ventures of your organisations.")


class RateIn(Schema):
    currency: str
    usd_per_unit: Decimal
    valid_from: date
    source: str


class RateOut(Schema):
    currency: str
    usd_per_unit: Decimal
    valid_from: date
    source: str
    is_reference: bool
