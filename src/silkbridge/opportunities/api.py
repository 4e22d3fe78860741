"""Opportunities and saved searches over the API: the page's forms parse the input, then one
selector or service runs, with the same permission checks as the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from silkbridge.api import ERROR_RESPONSES, PUBLIC, Page
from silkbridge.core.uploads import download_response
from silkbridge.directory.models import Organisation, Vocabulary
from silkbridge.directory.services import terms_by_slug
from silkbridge.opportunities import permissions, saved_searches, selectors, services
from silkbridge.opportunities.forms import (
    OpportunityFilterForm,
    OpportunityForm,
    SavedSearchForm,
)
from silkbridge.opportunities.models import Opportunity
from silkbridge.opportunities.schemas import (
    AttachmentOut,
    CommentIn,
    OpportunityDetailOut,
    OpportunityFilters,
    OpportunityIn,
    OpportunityOut,
    OpportunityPage,
    OpportunityPatch,
    RejectIn,
    RenewIn,
    SavedSearchIn,
    SavedSearchOut,
    SavedSearchPatch,
)

opportunities_router = Router(tags=["opportunities"])
saved_searches_router = Router(tags=["saved searches"])

TAG_VOCABULARIES = {"sectors": Vocabulary.SECTOR, "technologies": Vocabulary.TECHNOLOGY}
FILE_RESPONSE = {
    "responses": {
        "200": {
            "description": "The file, as an attachment.",
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "image/*": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    }
}


def _ok(schema: Any) -> dict[int, Any]:
    return {200: schema, **ERROR_RESPONSES}


def _created(schema: Any) -> dict[int, Any]:
    return {201: schema, **ERROR_RESPONSES}


def _page_link(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


# -- input ------------------------------------------------------------------------------------


def _form_values(values: dict[str, Any]) -> dict[str, Any]:
    """Values as the page's form reads them: model instances to ids, null to empty."""
    data: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, list | tuple):
            value = [getattr(item, "pk", item) for item in value]
        elif hasattr(value, "pk"):
            value = value.pk
        data[name] = "" if value is None else value
    return data


def _tag_ids(payload: dict[str, Any]) -> dict[str, Any]:
    """Tag slugs, as the API takes them, to the term ids the page's form reads."""
    data = dict(payload)
    errors: dict[str, list[str]] = {}
    for field, vocabulary in TAG_VOCABULARIES.items():
        if data.get(field) is not None:
            try:
                data[field] = [term.pk for term in terms_by_slug(vocabulary, data[field])]
            except ValidationError as error:
                errors[field] = error.messages
    if errors:
        raise ValidationError(errors)
    return data


def _clean_opportunity(
    payload: dict[str, Any], *, base: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Validate with the page's OpportunityForm (over `base`, the stored values when editing);
    return the cleaned values of the fields sent."""
    data = _form_values({**(base or {}), **_tag_ids(payload)})
    form = OpportunityForm(data=data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return {name: form.cleaned_data[name] for name in payload if name in form.cleaned_data}


def _posting_organisation(request: HttpRequest, organisation_id: int | None) -> Organisation:
    if not permissions.can_create(request.user):
        raise PermissionDenied(_("Only members of an organisation can post opportunities."))
    if organisation_id is not None:
        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if organisation is None:
            raise ValidationError({"organisation_id": _("No such organisation.")}, code="invalid")
        return organisation
    mine = services.organisations_for_posting(request.user)
    if len(mine) != 1:
        raise ValidationError(
            {"organisation_id": _("Choose which of your organisations is posting.")},
            code="required",
        )
    return mine[0]


def _visible(request: HttpRequest, opportunity_id: int) -> Opportunity:
    return selectors.get_opportunity(request.user, opportunity_id)


def _detail(opportunity_id: int, request: HttpRequest) -> Opportunity:
    """Re-read after a change, with what the detail shows prefetched."""
    return selectors.get_opportunity(request.user, opportunity_id)


# -- opportunities ----------------------------------------------------------------------------


@opportunities_router.get(
    "", response=_ok(OpportunityPage), auth=PUBLIC, summary="Search published opportunities"
)
def list_opportunities(request: HttpRequest, filters: Query[OpportunityFilters]) -> Any:
    """Published opportunities, filtered like the search page. The total is counted up to a
    limit (as on the page), so a broad search stays fast; anonymous posters stay hidden."""
    params = filters.dict(exclude={"page", "page_size"})
    form = OpportunityFilterForm({k: v for k, v in params.items() if v})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    size = filters.page_size
    paginator = selectors.opportunity_paginator(form.to_query(), per_page=size)
    count = paginator.count
    offset = (filters.page - 1) * size
    items = list(paginator.object_list[offset : offset + size]) if offset < count else []
    return {
        "count": count,
        "count_is_capped": paginator.capped,
        "next": _page_link(request, filters.page + 1) if offset + size < count else None,
        "previous": _page_link(request, filters.page - 1) if filters.page > 1 else None,
        "items": items,
    }


@opportunities_router.post("", response=_created(OpportunityDetailOut), summary="Create a draft")
def create_opportunity(request: HttpRequest, payload: OpportunityIn) -> Any:
    """A draft for one of your organisations; submit it for review when ready."""
    organisation = _posting_organisation(request, payload.organisation_id)
    sent = payload.dict(exclude={"organisation_id"}, exclude_none=True)
    defaults = {
        "expires_on": services.default_expiry(),
        "target_country": services.default_target_country(organisation),
    }
    data = _clean_opportunity(sent, base=defaults)
    data = {**{k: v for k, v in defaults.items() if k not in data}, **data}
    opportunity = services.create_opportunity(
        actor=request.user, data=data, organisation=organisation
    )
    return Status(201, _detail(opportunity.pk, request))


@opportunities_router.get(
    "/mine", response=_ok(list[OpportunityOut]), summary="My organisations' opportunities"
)
@paginate(Page)
def my_opportunities(request: HttpRequest) -> Any:
    """Every opportunity of your organisations, in any status, newest first."""
    return selectors.opportunities_of_user(request.user).prefetch_related("sectors", "technologies")


@opportunities_router.get(
    "/review-queue", response=_ok(list[OpportunityOut]), summary="Awaiting review"
)
@paginate(Page)
def review_queue(request: HttpRequest) -> Any:
    """Secretariat only: submitted opportunities, longest waiting first."""
    if not permissions.can_review(request.user):
        raise PermissionDenied(_("Only the secretariat reviews opportunities."))
    return selectors.review_queue(request.user).prefetch_related("sectors", "technologies")


@opportunities_router.get(
    "/{opportunity_id}", response=_ok(OpportunityDetailOut), auth=PUBLIC, summary="Read one"
)
def get_opportunity(request: HttpRequest, opportunity_id: int) -> Any:
    """Published ones for everybody; others for their organisation and the secretariat (and,
    once ended, for organisations that answered them). 404 for anything else."""
    return _visible(request, opportunity_id)


@opportunities_router.patch("/{opportunity_id}", response=_ok(OpportunityDetailOut), summary="Edit")
def update_opportunity(request: HttpRequest, opportunity_id: int, payload: OpportunityPatch) -> Any:
    """Drafts and posts sent back for changes, by their organisation; any, by the secretariat."""
    opportunity = _visible(request, opportunity_id)
    user = request.user
    if not (permissions.is_secretariat(user) or permissions.is_owner_member(user, opportunity)):
        raise PermissionDenied(_("You cannot edit this opportunity."))
    sent = payload.dict(exclude_unset=True)
    data = _clean_opportunity(sent, base=OpportunityForm.initial_from(opportunity))
    services.update_opportunity(actor=user, opportunity=opportunity, data=data)
    return _detail(opportunity_id, request)


def _act(request: HttpRequest, opportunity_id: int, action: Any, **kwargs: Any) -> Opportunity:
    opportunity = _visible(request, opportunity_id)
    action(actor=request.user, opportunity=opportunity, **kwargs)
    return _detail(opportunity_id, request)


@opportunities_router.post(
    "/{opportunity_id}/submit", response=_ok(OpportunityDetailOut), summary="Submit for review"
)
def submit_opportunity(request: HttpRequest, opportunity_id: int) -> Any:
    """The posting organisation sends a draft (or a corrected one) to the secretariat."""
    return _act(request, opportunity_id, services.submit_opportunity)


@opportunities_router.post(
    "/{opportunity_id}/approve", response=_ok(OpportunityDetailOut), summary="Approve"
)
def approve_opportunity(request: HttpRequest, opportunity_id: int) -> Any:
    """Secretariat: publish a submitted opportunity."""
    return _act(request, opportunity_id, services.approve_opportunity)


@opportunities_router.post(
    "/{opportunity_id}/request-changes",
    response=_ok(OpportunityDetailOut),
    summary="Ask for changes",
)
def request_changes(request: HttpRequest, opportunity_id: int, payload: CommentIn) -> Any:
    """Secretariat: send it back to its organisation with a comment."""
    _check_comment("comment", payload.comment)
    return _act(request, opportunity_id, services.request_changes, comment=payload.comment)


@opportunities_router.post(
    "/{opportunity_id}/reject", response=_ok(OpportunityDetailOut), summary="Reject"
)
def reject_opportunity(request: HttpRequest, opportunity_id: int, payload: RejectIn) -> Any:
    """Secretariat: refuse publication, with a reason the organisation sees."""
    _check_comment("reason", payload.reason)
    return _act(request, opportunity_id, services.reject_opportunity, reason=payload.reason)


def _check_comment(field: str, text: str) -> None:
    """The review form's length limit."""
    from silkbridge.opportunities.forms import ReviewForm

    form = ReviewForm({"action": "changes", "comment": text})
    if not form.is_valid() and "comment" in form.errors:
        raise ValidationError({field: form.errors["comment"]})


@opportunities_router.post(
    "/{opportunity_id}/close", response=_ok(OpportunityDetailOut), summary="Close"
)
def close_opportunity(request: HttpRequest, opportunity_id: int) -> Any:
    """The posting organisation (or the secretariat) takes a published opportunity down."""
    return _act(request, opportunity_id, services.close_opportunity)


@opportunities_router.post(
    "/{opportunity_id}/renew", response=_ok(OpportunityDetailOut), summary="Renew"
)
def renew_opportunity(request: HttpRequest, opportunity_id: int, payload: RenewIn) -> Any:
    """Keep a published or expired opportunity open until a later date."""
    return _act(request, opportunity_id, services.renew_opportunity, expires_on=payload.expires_on)


# -- attachments ------------------------------------------------------------------------------


@opportunities_router.post(
    "/{opportunity_id}/attachments",
    response=_created(list[AttachmentOut]),
    summary="Attach files",
)
def add_attachments(
    request: HttpRequest, opportunity_id: int, files: File[list[UploadedFile]]
) -> Any:
    """multipart/form-data with one or more `files`: PDF or images, checked by content and size;
    all are stored or none."""
    opportunity = _visible(request, opportunity_id)
    saved = services.add_attachments(actor=request.user, opportunity=opportunity, uploads=files)
    return Status(201, saved)


@opportunities_router.get(
    "/{opportunity_id}/attachments/{attachment_id}",
    response=ERROR_RESPONSES,
    auth=PUBLIC,
    url_name="download_opportunity_attachment",
    summary="Download a file",
    openapi_extra=FILE_RESPONSE,
)
def download_attachment(request: HttpRequest, opportunity_id: int, attachment_id: int) -> Any:
    """Whoever may read the opportunity may download its files."""
    attachment = selectors.get_attachment(request.user, opportunity_id, attachment_id)
    return download_response(attachment)


@opportunities_router.delete(
    "/{opportunity_id}/attachments/{attachment_id}",
    response={204: None, **ERROR_RESPONSES},
    summary="Remove a file",
)
def remove_attachment(request: HttpRequest, opportunity_id: int, attachment_id: int) -> Any:
    opportunity = _visible(request, opportunity_id)
    attachment = opportunity.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("No such file")
    services.remove_attachment(actor=request.user, attachment=attachment)
    return Status(204, None)


# -- saved searches ---------------------------------------------------------------------------


@saved_searches_router.get("", response=_ok(list[SavedSearchOut]), summary="My saved searches")
def list_saved_searches(request: HttpRequest) -> Any:
    return selectors.saved_searches_of(request.user)


@saved_searches_router.post("", response=_created(SavedSearchOut), summary="Save a search")
def create_saved_search(request: HttpRequest, payload: SavedSearchIn) -> Any:
    """`query` is the search page's query string (e.g. `type=technology&country=PK`); new
    matching publications are notified when `notify` is true."""
    form = SavedSearchForm(payload.dict())
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    saved = saved_searches.save_search(
        actor=request.user,
        name=form.cleaned_data["name"],
        query=form.cleaned_data["query"],
        notify=form.cleaned_data["notify"],
    )
    return Status(201, saved)


@saved_searches_router.patch(
    "/{search_id}", response=_ok(SavedSearchOut), summary="Turn notifications on or off"
)
def update_saved_search(request: HttpRequest, search_id: int, payload: SavedSearchPatch) -> Any:
    saved = selectors.get_saved_search(request.user, search_id)
    return saved_searches.update_saved_search(
        actor=request.user, saved_search=saved, notify=payload.notify
    )


@saved_searches_router.delete(
    "/{search_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete"
)
def delete_saved_search(request: HttpRequest, search_id: int) -> Any:
    saved = selectors.get_saved_search(request.user, search_id)
    saved_searches.delete_saved_search(actor=request.user, saved_search=saved)
    return Status(204, None)
