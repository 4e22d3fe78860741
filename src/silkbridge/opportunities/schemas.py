"""JSON shapes of the opportunities API. Who posted an anonymous opportunity, the review comment
and the allowed actions are resolved per reader through opportunities.permissions, as on the page.
"""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Schema

from silkbridge.directory.models import OrganisationKind
from silkbridge.directory.schemas import TermRef
from silkbridge.opportunities import permissions
from silkbridge.opportunities.models import (
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Direction,
    Opportunity,
    OpportunityAttachment,
    OpportunityType,
    PartnershipType,
    SavedSearch,
    Stage,
)


def _absolute(context: dict[str, Any] | None, path: str) -> str:
    request: HttpRequest | None = (context or {}).get("request")
    return request.build_absolute_uri(path) if request else path


def _reader(context: dict[str, Any] | None) -> Any:
    return (context or {})["request"].user


class OwnerRef(Schema):
    id: int
    slug: str
    name: str


class OpportunityOut(Schema):
    """One opportunity as listed. `organisation` is null when it was posted anonymously and the
    reader may not know who posted it; its country and kind are always given, as on the page."""

    id: int
    title: str
    summary: str
    type: str
    direction: str
    status: str
    organisation: OwnerRef | None = Field(
        description="Null while an anonymous poster is hidden from the reader."
    )
    organisation_country: str
    organisation_kind: str
    is_anonymous: bool
    target_country: str
    sectors: list[TermRef]
    technologies: list[TermRef]
    partner_kinds: list[str]
    stage: str
    partnership_types: list[str]
    languages: list[str]
    deadline: date | None
    expires_on: date
    published_at: datetime | None
    is_open: bool = Field(description="Published and still taking responses today.")
    url: str = Field(description="The opportunity's page.")

    @staticmethod
    def resolve_organisation(obj: Opportunity, context: dict[str, Any]) -> OwnerRef | None:
        if not permissions.show_owner(_reader(context), obj):
            return None
        organisation = obj.organisation
        return OwnerRef(id=organisation.pk, slug=organisation.slug, name=organisation.name)

    @staticmethod
    def resolve_organisation_country(obj: Opportunity) -> str:
        return str(obj.organisation.country)

    @staticmethod
    def resolve_organisation_kind(obj: Opportunity) -> str:
        return obj.organisation.kind

    @staticmethod
    def resolve_target_country(obj: Opportunity) -> str:
        return str(obj.target_country)

    @staticmethod
    def resolve_url(obj: Opportunity, context: dict[str, Any]) -> str:
        return _absolute(context, obj.get_absolute_url())


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    created_at: datetime
    download_url: str

    @staticmethod
    def resolve_name(obj: OpportunityAttachment) -> str:
        return obj.original_name

    @staticmethod
    def resolve_download_url(obj: OpportunityAttachment, context: dict[str, Any]) -> str:
        path = reverse(
            "api:download_opportunity_attachment",
            kwargs={"opportunity_id": obj.opportunity_id, "attachment_id": obj.pk},
        )
        return _absolute(context, path)


class OpportunityDetailOut(OpportunityOut):
    description: str
    review_comment: str = Field(
        description="The secretariat's request for changes or reason for rejection; only for "
        "the posting organisation and the secretariat."
    )
    created_at: datetime
    submitted_at: datetime | None
    closed_at: datetime | None
    attachments: list[AttachmentOut]
    actions: list[str] = Field(
        description="What the reader may do now: edit, submit, review, close, renew."
    )

    @staticmethod
    def resolve_review_comment(obj: Opportunity, context: dict[str, Any]) -> str:
        user = _reader(context)
        if permissions.is_secretariat(user) or permissions.is_owner_member(user, obj):
            return obj.review_comment
        return ""

    @staticmethod
    def resolve_attachments(obj: Opportunity) -> list[OpportunityAttachment]:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_actions(obj: Opportunity, context: dict[str, Any]) -> list[str]:
        user = _reader(context)
        checks = {
            "edit": permissions.can_edit,
            "submit": permissions.can_submit,
            "review": permissions.can_review,
            "close": permissions.can_close,
            "renew": permissions.can_renew,
        }
        return [name for name, check in checks.items() if check(user, obj)]


class OpportunityFilters(Schema):
    """The search page's parameters, validated by its OpportunityFilterForm."""

    q: str = Field("", description="Words that must all appear.")
    type: str = Field("", description="business, technology, research, egov, investment, talent.")
    direction: str = Field("", description="offer or request.")
    country: str = Field("", description="Country (KZ, PK) of the posting organisation.")
    sector: str = Field("", description="Sector slug.")
    technology: str = Field("", description="Technology slug.")
    kind: str = Field("", description="Kind of the posting organisation.")
    partner_kind: str = Field("", description="Kind of partner sought (posts open to any match).")
    deadline_after: str = Field("", description="ISO date: still taking responses on that day.")
    sort: str = Field("", description="newest (default) or deadline (closing soonest).")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)


class OpportunityPage(Schema):
    count: int = Field(description="Matches, counted up to a limit (1,000).")
    count_is_capped: bool = Field(description="True when more matched than `count` says.")
    next: str | None
    previous: str | None
    items: list[OpportunityOut]


class OpportunityIn(Schema):
    """A new draft. Tags are taxonomy slugs; the expiry date defaults to the usual period and the
    target country to the other platform country."""

    organisation_id: int | None = Field(
        None, description="Which of your organisations posts it; needed if you have several."
    )
    type: OpportunityType
    direction: Direction
    title: str = Field(description=f"At most {TITLE_MAX_LENGTH} characters.")
    summary: str = Field(description=f"At most {SUMMARY_MAX_LENGTH} characters.")
    description: str = ""
    sectors: list[str] = []
    technologies: list[str] = []
    target_country: str | None = None
    partner_kinds: list[OrganisationKind] = []
    stage: Stage = Stage.NOT_APPLICABLE
    partnership_types: list[PartnershipType] = []
    languages: list[str] = Field([], description="Language codes, e.g. en, ru, kk, ur.")
    deadline: date | None = None
    expires_on: date | None = None
    is_anonymous: bool = False


class OpportunityPatch(Schema):
    """Only the fields sent change (drafts and posts sent back for changes)."""

    type: OpportunityType | None = None
    direction: Direction | None = None
    title: str | None = None
    summary: str | None = None
    description: str | None = None
    sectors: list[str] | None = None
    technologies: list[str] | None = None
    target_country: str | None = None
    partner_kinds: list[OrganisationKind] | None = None
    stage: Stage | None = None
    partnership_types: list[PartnershipType] | None = None
    languages: list[str] | None = None
    deadline: date | None = None
    expires_on: date | None = None
    is_anonymous: bool | None = None


class CommentIn(Schema):
    comment: str = Field(description="What should change.")


class RejectIn(Schema):
    reason: str = Field(description="Why it is not published.")


class RenewIn(Schema):
    expires_on: date | None = Field(None, description="The new expiry date; default: the usual.")


class SavedSearchOut(Schema):
    id: int
    name: str
    query: str = Field(description="The search page's query string, e.g. type=technology.")
    notify: bool
    created_at: datetime
    url: str = Field(description="The search page with these filters.")

    @staticmethod
    def resolve_url(obj: SavedSearch, context: dict[str, Any]) -> str:
        path = reverse("opportunities:list")
        return _absolute(context, f"{path}?{obj.query}" if obj.query else path)


class SavedSearchIn(Schema):
    name: str
    query: str = Field("", description="The search page's query string; only filters are kept.")
    notify: bool = True


class SavedSearchPatch(Schema):
    notify: bool
