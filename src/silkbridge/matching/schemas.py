"""Input and output shapes of the matching API."""

from ninja import Field, Schema


class SuggestionOut(Schema):
    target_kind: str = Field(description="organisation or opportunity")
    target_id: int
    score: float
    reasons: list[str] = Field(description="In the language of the request.")
    organisation_id: int | None = Field(
        None,
        description="The suggested organisation, or the opportunity's owner; null when "
        "the opportunity is anonymous to you.",
    )
    organisation_name: str | None = None
    opportunity_title: str | None = None
    saved: bool = False


class DismissIn(Schema):
    organisation_id: int = Field(description="Your organisation, for which it is dismissed.")
    target_kind: str = Field(description="organisation or opportunity")
    target_id: int
    reason: str = Field(
        description="not_relevant, already_in_contact, wrong_country_or_kind, other"
    )
    note: str = ""


class DismissOut(Schema):
    id: int
    target_kind: str
    target_id: int
    reason: str


class DelegationIn(Schema):
    organisation_ids: list[int] = Field(max_length=500)
    k: int = Field(10, ge=1, le=50)


class DelegationRowOut(Schema):
    organisation_id: int
    organisation_name: str
    candidate_id: int
    candidate_name: str
    score: float
    reasons: list[str]
