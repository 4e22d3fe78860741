"""Directory API routes: parse input with the page's form, then call one selector or service."""

import copy
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from silkbridge.accounts.selectors import memberships_of
from silkbridge.api import ERROR_RESPONSES, PUBLIC, Page
from silkbridge.directory import permissions, selectors, services
from silkbridge.directory.forms import OrganisationForm, PersonForm, TermForm
from silkbridge.directory.forms_query import DirectoryFilterForm
from silkbridge.directory.models import Organisation, Person, Term, Vocabulary
from silkbridge.directory.schemas import (
    MembershipOut,
    MeOut,
    OrganisationDetailOut,
    OrganisationFilters,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
    OrganisationRef,
    PersonIn,
    PersonOut,
    PersonPatch,
    TermIn,
    TermOut,
    TermPatch,
    VerificationIn,
)

organisations_router = Router(tags=["organisations"])
taxonomy_router = Router(tags=["taxonomy"])
me_router = Router(tags=["me"])

BOOLEAN_WORDS = {"true": "yes", "false": "no"}
TAG_VOCABULARIES = {
    "sectors": Vocabulary.SECTOR,
    "technologies": Vocabulary.TECHNOLOGY,
    "services": Vocabulary.SERVICE,
}


def _with_errors(schema: Any) -> dict[int, Any]:
    return {200: schema, **ERROR_RESPONSES}


def _created(schema: Any) -> dict[int, Any]:
    return {201: schema, **ERROR_RESPONSES}


def _clean(
    form_class: type[forms.ModelForm],
    payload: dict[str, Any],
    *,
    instance: Any = None,
    **form_kwargs: Any,
) -> dict[str, Any]:
    """Validate with the page's form so both share one set of rules; return the fields sent."""
    data: dict[str, Any] = {}
    if instance is not None:
        # A partial update: what was not sent keeps its stored value. The form writes onto its
        # instance, so it gets a copy and the service compares against the stored record.
        instance = copy.copy(instance)
        data = _form_data(form_class, model_to_dict(instance, fields=form_class._meta.fields))
    data.update(_form_data(form_class, payload))
    form = form_class(data=data, instance=instance, **form_kwargs)
    for name in payload:
        field = form.fields.get(name)
        # A disabled field keeps its stored value on the page; here, say so instead of ignoring.
        if field is not None and field.disabled and str(data[name]) != str(form.initial.get(name)):
            form.add_error(name, _("You cannot change this field."))
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return {name: form.cleaned_data[name] for name in payload if name in form.cleaned_data}


def _form_data(form_class: type[forms.ModelForm], values: dict[str, Any]) -> dict[str, Any]:
    """JSON or model values as the form's widgets would submit them."""
    data = {}
    for name, value in values.items():
        field = form_class.base_fields.get(name)
        if isinstance(value, list | tuple):
            items = [item.pk if isinstance(item, models.Model) else item for item in value]
            # A list typed into one text box (certifications) is comma-separated on the page.
            is_text = isinstance(field, forms.CharField)
            data[name] = ", ".join(str(i) for i in items) if is_text else items
        elif value is None:
            data[name] = ""
        elif isinstance(value, models.Model):
            data[name] = value.pk
        else:
            data[name] = value
    return data


def _organisation_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """Tag slugs, as the API takes them, to the term ids the page's form reads."""
    data = dict(payload)
    errors: dict[str, list[str]] = {}
    for field, vocabulary in TAG_VOCABULARIES.items():
        if data.get(field) is not None:
            try:
                data[field] = [t.pk for t in services.terms_by_slug(vocabulary, data[field])]
            except ValidationError as error:
                errors[field] = error.messages
    if errors:
        raise ValidationError(errors)
    return data


@organisations_router.get(
    "", response=_with_errors(list[OrganisationOut]), auth=PUBLIC, summary="Search the directory"
)
@paginate(Page)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]) -> Any:
    """Active organisations of both countries, filtered like the directory page."""
    params = filters.dict(exclude_none=True)
    # JSON clients say true/false; the page's form says yes/no.
    params["verified"] = BOOLEAN_WORDS.get(params["verified"].lower(), params["verified"])
    form = DirectoryFilterForm(params)
    # The page ignores a parameter that does not validate; a script is told instead.
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return selectors.with_tags(selectors.search_organisations(form.to_query()))


@organisations_router.post("", response=_created(OrganisationDetailOut), summary="Add")
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Any:
    """Secretariat only."""
    if not permissions.can_create_organisation(request.user):
        raise PermissionDenied(_("Only the secretariat can add organisations."))
    data = _clean(OrganisationForm, _organisation_payload(payload.dict()))
    organisation = services.create_organisation(actor=request.user, data=data)
    return Status(201, organisation)


@organisations_router.get(
    "/{slug}", response=_with_errors(OrganisationDetailOut), auth=PUBLIC, summary="Read one"
)
def get_organisation(request: HttpRequest, slug: str) -> Any:
    """The profile with its people; e-mail and phone only for its members and the secretariat."""
    return selectors.get_organisation(slug)


@organisations_router.patch(
    "/{slug}", response=_with_errors(OrganisationDetailOut), summary="Update"
)
def update_organisation(request: HttpRequest, slug: str, payload: OrganisationPatch) -> Any:
    """Admins of the organisation and the secretariat; only the fields sent change."""
    organisation = _editable_organisation(request, slug)
    data = _clean(
        OrganisationForm,
        _organisation_payload(payload.dict(exclude_unset=True)),
        instance=organisation,
        can_change_identity=permissions.is_secretariat(request.user),
    )
    return services.update_organisation(actor=request.user, organisation=organisation, data=data)


@organisations_router.post(
    "/{slug}/verify", response=_with_errors(OrganisationDetailOut), summary="Verify"
)
def verify_organisation(request: HttpRequest, slug: str, payload: VerificationIn) -> Any:
    """Secretariat only: mark the organisation verified or not."""
    organisation = selectors.get_organisation(slug)
    return services.set_verification(
        actor=request.user, organisation=organisation, verified=payload.verified
    )


@organisations_router.get(
    "/{slug}/people", response=_with_errors(list[PersonOut]), auth=PUBLIC, summary="People"
)
def list_people(request: HttpRequest, slug: str) -> Any:
    """Everyone at the organisation; contacts only for its members and the secretariat."""
    people, show_contacts = selectors.people_of(request.user, selectors.get_organisation(slug))
    return [PersonOut.from_person(p, show_contacts=show_contacts) for p in people]


@organisations_router.post("/{slug}/people", response=_created(PersonOut), summary="Add a person")
def add_person(request: HttpRequest, slug: str, payload: PersonIn) -> Any:
    organisation = _people_managed(request, slug)
    person = services.add_person(
        actor=request.user, organisation=organisation, data=_clean(PersonForm, payload.dict())
    )
    return Status(201, _person_out(request, person))


@organisations_router.patch(
    "/{slug}/people/{person_id}", response=_with_errors(PersonOut), summary="Update a person"
)
def update_person(request: HttpRequest, slug: str, person_id: int, payload: PersonPatch) -> Any:
    organisation = _people_managed(request, slug)
    person = get_object_or_404(Person, pk=person_id, organisation=organisation)
    data = _clean(PersonForm, payload.dict(exclude_unset=True), instance=person)
    person = services.update_person(actor=request.user, person=person, data=data)
    return _person_out(request, person)


@organisations_router.delete(
    "/{slug}/people/{person_id}",
    response={204: None, **ERROR_RESPONSES},
    summary="Remove a person",
)
def remove_person(request: HttpRequest, slug: str, person_id: int) -> Any:
    organisation = _people_managed(request, slug)
    person = get_object_or_404(Person, pk=person_id, organisation=organisation)
    services.remove_person(actor=request.user, person=person)
    return Status(204, None)


def _editable_organisation(request: HttpRequest, slug: str) -> Organisation:
    # Profiles are public, so a refusal is 403 rather than the pages' 404.
    organisation = selectors.get_organisation(slug)
    if not permissions.can_edit_organisation(request.user, organisation):
        raise PermissionDenied(_("You cannot edit this organisation."))
    return organisation


def _people_managed(request: HttpRequest, slug: str) -> Organisation:
    organisation = selectors.get_organisation(slug)
    if not permissions.can_manage_people(request.user, organisation):
        raise PermissionDenied(_("You cannot manage this organisation's people."))
    return organisation


def _person_out(request: HttpRequest, person: Person) -> PersonOut:
    show_contacts = permissions.can_view_contacts(request.user, person.organisation)
    return PersonOut.from_person(person, show_contacts=show_contacts)


@taxonomy_router.get("", response=_with_errors(list[TermOut]), auth=PUBLIC, summary="Terms")
def list_terms(request: HttpRequest, vocabulary: Vocabulary | None = None) -> Any:
    """Sectors, technologies and services, with a label in each interface language."""
    return selectors.terms(vocabulary)


@taxonomy_router.post("", response=_created(TermOut), summary="Add a term")
def create_term(request: HttpRequest, payload: TermIn) -> Any:
    """Secretariat only."""
    if not permissions.can_manage_taxonomy(request.user):
        raise PermissionDenied(_("Only the secretariat can edit the taxonomy."))
    term = services.save_term(actor=request.user, term=None, data=_clean(TermForm, payload.dict()))
    return Status(201, term)


@taxonomy_router.patch("/{term_id}", response=_with_errors(TermOut), summary="Update a term")
def update_term(request: HttpRequest, term_id: int, payload: TermPatch) -> Any:
    """Secretariat only."""
    if not permissions.can_manage_taxonomy(request.user):
        raise PermissionDenied(_("Only the secretariat can edit the taxonomy."))
    term = get_object_or_404(Term, pk=term_id)
    data = _clean(TermForm, payload.dict(exclude_unset=True), instance=term)
    return services.save_term(actor=request.user, term=term, data=data)


@me_router.get("", response=_with_errors(MeOut), summary="Who am I")
def me(request: HttpRequest) -> Any:
    """The signed-in user, the platform role and the organisations where they have a role."""
    user = request.user
    memberships = [
        MembershipOut(
            organisation=OrganisationRef(
                slug=person.organisation.slug, name=person.organisation.name
            ),
            role=person.role,
        )
        for person in memberships_of(user)
    ]
    return MeOut(
        id=user.pk,
        email=user.email,
        full_name=user.full_name,
        platform_role=user.platform_role,
        is_secretariat=user.is_secretariat,
        is_observer=user.is_observer,
        language=user.language,
        time_zone=user.time_zone,
        memberships=memberships,
    )
