"""JSON shapes of interests and introductions. Names hidden by an anonymous post and contact
details follow the same selectors and services as the introduction page."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from silkbridge.directory.models import Organisation, Person
from silkbridge.introductions import permissions, selectors, services
from silkbridge.introductions.models import Interest, Introduction


def _absolute(context: dict[str, Any] | None, path: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request else path


class PartyRef(Schema):
    id: int
    slug: str
    name: str

    @classmethod
    def of(cls, organisation: Organisation) -> "PartyRef":
        return cls(id=organisation.pk, slug=organisation.slug, name=organisation.name)


class OpportunityRef(Schema):
    id: int
    title: str


class InterestOut(Schema):
    id: int
    opportunity: OpportunityRef
    organisation: PartyRef = Field(description="The interested organisation.")
    message: str
    status: str = Field(description="pending, accepted, declined or withdrawn.")
    response_reason: str
    created_at: datetime
    responded_at: datetime | None
    introduction_id: int | None = Field(
        description="The introduction opened by accepting it, or the two organisations' open "
        "introduction it was answered in."
    )

    @staticmethod
    def resolve_introduction_id(obj: Interest) -> int | None:
        introduction = obj.linked_introduction
        return introduction.pk if introduction is not None else None


class InterestIn(Schema):
    organisation_id: int | None = Field(
        None, description="Which of your organisations is interested; needed if you have several."
    )
    message: str = Field(description="What you offer and why you are interested.")


class DeclineIn(Schema):
    reason: str = ""


class CloseIn(Schema):
    reason: str


def hidden_organisations(user: Any, introduction: Introduction) -> set[int]:
    """Organisations whose name the reader may not see yet (the owner of an anonymous post,
    until the introduction is accepted), as on the introduction page."""
    if permissions.is_secretariat(user):
        return set()
    mine = {organisation.pk for _side, organisation in selectors.my_sides(user, introduction)}
    return {
        organisation.pk
        for organisation in (introduction.org_a, introduction.org_b)
        if organisation.pk not in mine and services.hides_identity(introduction, organisation.pk)
    }


def _named(obj: Introduction, organisation: Organisation, context: dict) -> Any:
    hidden = hidden_organisations(context["request"].user, obj)
    return None if organisation.pk in hidden else PartyRef.of(organisation)


class IntroductionOut(Schema):
    """One introduction. An organisation is null while its name is hidden from the reader."""

    id: int
    status: str = Field(description="pending, accepted, declined, expired or closed.")
    origin: str
    organisation_a: PartyRef | None
    organisation_b: PartyRef | None
    a_response: str
    b_response: str
    opportunity: OpportunityRef | None
    created_at: datetime
    expires_at: datetime = Field(description="Pending sides answer by then.")
    accepted_at: datetime | None
    closed_at: datetime | None
    broker_id: int | None = Field(description="Secretariat only: who looks after it.")
    url: str

    @staticmethod
    def resolve_organisation_a(obj: Introduction, context: dict) -> PartyRef | None:
        return _named(obj, obj.org_a, context)

    @staticmethod
    def resolve_organisation_b(obj: Introduction, context: dict) -> PartyRef | None:
        return _named(obj, obj.org_b, context)

    @staticmethod
    def resolve_broker_id(obj: Introduction, context: dict) -> int | None:
        return obj.broker_id if permissions.is_secretariat(context["request"].user) else None

    @staticmethod
    def resolve_url(obj: Introduction, context: dict) -> str:
        return _absolute(context, obj.get_absolute_url())


class ContactOut(Schema):
    full_name: str
    job_title: str
    email: str
    phone: str

    @classmethod
    def of(cls, person: Person) -> "ContactOut":
        return cls(
            full_name=person.full_name,
            job_title=person.job_title,
            email=person.email,
            phone=person.phone,
        )


class SideOut(Schema):
    side: str = Field(description='"a" or "b".')
    organisation: PartyRef | None
    response: str = Field(description="pending, accepted or declined.")
    reason: str
    responded_at: datetime | None
    contacts: list[ContactOut] | None = Field(
        description="The organisation's people, once both sides accepted; null before."
    )


class IntroductionDetailOut(IntroductionOut):
    message: str
    closed_reason: str
    sides: list[SideOut]
    awaiting_your_answer: list[int] = Field(
        description="Ids of your organisations that still have to answer."
    )
    conversation_id: int | None = Field(description="The thread, once both sides accepted.")

    @staticmethod
    def resolve_sides(obj: Introduction, context: dict) -> list[SideOut]:
        user = context["request"].user
        hidden = hidden_organisations(user, obj)
        contacts = selectors.contacts_for(user, obj)
        sides = []
        for side, organisation in (("a", obj.org_a), ("b", obj.org_b)):
            people = contacts.get(organisation.pk)
            sides.append(
                SideOut(
                    side=side,
                    organisation=None if organisation.pk in hidden else PartyRef.of(organisation),
                    response=getattr(obj, f"{side}_response"),
                    reason=getattr(obj, f"{side}_reason"),
                    responded_at=getattr(obj, f"{side}_responded_at"),
                    contacts=None if people is None else [ContactOut.of(p) for p in people],
                )
            )
        return sides

    @staticmethod
    def resolve_awaiting_your_answer(obj: Introduction, context: dict) -> list[int]:
        if obj.status != "pending":
            return []
        return [
            organisation.pk
            for side, organisation in selectors.my_sides(context["request"].user, obj)
            if getattr(obj, f"{side}_response") == "pending"
        ]

    @staticmethod
    def resolve_conversation_id(obj: Introduction) -> int | None:
        if obj.accepted_at is None:
            return None
        conversation = getattr(obj, "conversation", None)
        return conversation.pk if conversation is not None else None


class IntroductionFilters(Schema):
    tab: str = Field(
        "awaiting",
        description="awaiting (your answer), other (the other side's), accepted or closed.",
    )


class OverviewFilters(Schema):
    status: str = Field("", description="pending, accepted, declined, expired or closed.")
    broker: str = Field("", description='A secretariat user id, or "none".')
    overdue: bool = Field(False, description="Pending and near or past the answer date.")


class ProposeIn(Schema):
    """Members: `from_organisation` (optional with one organisation) and `to_organisation`.
    Secretariat: `organisation_a` and `organisation_b`. Organisations are given by id."""

    from_organisation: int | None = None
    to_organisation: int | None = None
    organisation_a: int | None = None
    organisation_b: int | None = None
    message: str = ""


class RespondIn(Schema):
    organisation_id: int | None = Field(
        None, description="The side you answer for; needed only if you belong to both."
    )
    accept: bool
    reason: str = ""


class ReassignIn(Schema):
    broker_id: int


class NudgeOut(Schema):
    notified: int = Field(description="How many people were reminded.")
