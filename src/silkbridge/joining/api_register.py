"""Registering an organisation over the API: the page's form checks its input, and the same
duplicate check and services write it. A logo is added on the page, not here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from silkbridge.api import ERROR_RESPONSES
from silkbridge.directory.models import Term
from silkbridge.joining import registrations, selectors
from silkbridge.joining.duplicates import likely_duplicates
from silkbridge.joining.forms_register import RegisterOrganisationForm

registrations_router = Router(tags=["registrations"])


class RegistrationIn(Schema):
    name: str = Field(description="The legal name, as on the registration certificate.")
    kind: str = Field(description="company, authority, academic or association.")
    country: str = Field(description="ISO 3166 code of one of the platform's countries.")
    registration_number: str = Field(
        "",
        description="Kazakhstan: the 12-digit BIN (or an entrepreneur's IIN). Pakistan: the NTN "
        "with its check digit (1234567-8) or the 7-digit SECP incorporation number. "
        "Required for a company.",
    )
    website: str = ""
    city_id: int | None = None
    sectors: list[str] = Field(default_factory=list, description="Taxonomy slugs.")
    technologies: list[str] = Field(default_factory=list, description="Taxonomy slugs.")
    services: list[str] = Field(default_factory=list, description="Taxonomy slugs.")
    register_anyway: bool = Field(
        False, description="Register even though likely duplicates were found (see 409)."
    )


class RegistrationOut(Schema):
    slug: str
    name: str
    kind: str
    country: str
    registration_number: str
    verification: str
    url: str

    @staticmethod
    def resolve_country(organisation) -> str:
        return str(organisation.country)

    @staticmethod
    def resolve_url(organisation) -> str:
        return organisation.get_absolute_url()


class DuplicateOut(Schema):
    slug: str
    name: str
    country: str
    verified: bool
    reasons: list[str] = Field(description="registration_number, website and/or name.")


class DuplicatesBody(Schema):
    error: dict[str, Any]
    duplicates: list[DuplicateOut]


class RegistrationDecisionIn(Schema):
    reason: str = ""


def _form_data(payload: RegistrationIn) -> dict:
    data: dict[str, Any] = payload.dict(exclude={"register_anyway", "city_id"})
    data["city"] = payload.city_id or ""
    for field in ("sectors", "technologies", "services"):
        slugs = data.pop(field)
        data[field] = list(Term.objects.filter(slug__in=slugs).values_list("pk", flat=True))
        if len(data[field]) != len(set(slugs)):
            data[field].append(0)  # an unknown slug: the form names the field
    return data


@registrations_router.post(
    "",
    response={**ERROR_RESPONSES, 201: RegistrationOut, 200: RegistrationOut, 409: DuplicatesBody},
    summary="Register a new organisation",
)
def register(request: HttpRequest, payload: RegistrationIn) -> Any:
    """Needs a verified e-mail address. Listed at once as not verified, with you as its admin,
    until the secretariat verifies it. Likely duplicates (same registration number or website,
    similar name) answer 409 with the list: claim one of them, or send again with
    `register_anyway`. Sending the same registration twice returns the first (200)."""
    registrations.check_can_register(request.user)
    form = RegisterOrganisationForm(_form_data(payload))
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    data = form.cleaned_data
    if not payload.register_anyway:
        found = likely_duplicates(
            name=data["name"],
            country=data["country"],
            website=data.get("website") or "",
            registration_number=data.get("registration_number") or "",
        )
        if found:
            body = {
                "error": {
                    "code": "conflict",
                    "message": _(
                        "Organisations like this one are already in the directory: claim one, "
                        "or send again with register_anyway."
                    ),
                    "fields": {},
                },
                "duplicates": [
                    {
                        "slug": entry.organisation.slug,
                        "name": entry.organisation.name,
                        "country": str(entry.organisation.country),
                        "verified": entry.organisation.is_verified,
                        "reasons": entry.reasons,
                    }
                    for entry in found
                ],
            }
            return Status(409, body)
    organisation, created = registrations.register_organisation(actor=request.user, data=data)
    return Status(201 if created else 200, organisation)


@registrations_router.post(
    "/{slug}/approve",
    response={200: RegistrationOut, **ERROR_RESPONSES},
    summary="Verify a registration",
)
def approve(request: HttpRequest, slug: str) -> Any:
    """Secretariat only (404 for others): the organisation is verified, its registrant told."""
    organisation = selectors.get_registration(request.user, slug)
    return registrations.approve_registration(organisation=organisation, by=request.user)


@registrations_router.post(
    "/{slug}/refuse",
    response={200: RegistrationOut, **ERROR_RESPONSES},
    summary="Refuse a registration",
)
def refuse(request: HttpRequest, slug: str, payload: RegistrationDecisionIn) -> Any:
    """Secretariat only (404 for others); the reason is required and sent to the registrant.
    The organisation leaves the directory."""
    organisation = selectors.get_registration(request.user, slug)
    return registrations.refuse_registration(
        organisation=organisation, by=request.user, reason=payload.reason
    )
