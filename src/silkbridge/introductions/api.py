"""Expressions of interest and introductions over the API: the page's forms parse the input,
then one selector or service runs, with the same permission checks as the pages."""

from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from silkbridge.api import ERROR_RESPONSES, Page
from silkbridge.directory.models import Organisation
from silkbridge.introductions import interests, permissions, selectors, services
from silkbridge.introductions.forms import (
    InterestForm,
    OverviewFilterForm,
    ProposeForm,
    SecretariatIntroduceForm,
)
from silkbridge.introductions.models import Interest, Introduction
from silkbridge.introductions.schemas import (
    CloseIn,
    DeclineIn,
    InterestIn,
    InterestOut,
    IntroductionDetailOut,
    IntroductionFilters,
    IntroductionOut,
    NudgeOut,
    OverviewFilters,
    ProposeIn,
    ReassignIn,
    RespondIn,
)
from silkbridge.opportunities import selectors as opportunity_selectors
from silkbridge.opportunities.models import Opportunity

User = get_user_model()

interests_router = Router(tags=["interests"])
introductions_router = Router(tags=["introductions"])


def _ok(schema: Any) -> dict[int, Any]:
    return {200: schema, **ERROR_RESPONSES}


def _created(schema: Any) -> dict[int, Any]:
    return {201: schema, **ERROR_RESPONSES}


@contextmanager
def renamed_fields(**names: str):
    """Report a service's field errors under the API's input names (organisation → …_id)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): errors for field, errors in error.error_dict.items()}
        ) from error


def _organisation(field: str, organisation_id: int | None) -> Organisation:
    """An organisation named by id in the input; a field error when missing or unknown."""
    if organisation_id is None:
        raise ValidationError({field: _("This field is required.")}, code="required")
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise ValidationError({field: _("No such organisation.")}, code="invalid")
    return organisation


def _form_errors(form: Any, names: dict[str, str] | None = None) -> ValidationError:
    names = names or {}
    return ValidationError(
        {names.get(field, field): errors for field, errors in form.errors.as_data().items()}
    )


# --- interests ---------------------------------------------------------------------------------


def _interested_organisation(
    request: HttpRequest, opportunity: Opportunity, organisation_id: int | None
) -> Organisation:
    mine = selectors.member_organisation_ids(request.user)
    if not mine:
        raise PermissionDenied(_("Only members of an organisation can express interest."))
    if organisation_id is not None:
        return _organisation("organisation_id", organisation_id)
    candidates = mine - {opportunity.organisation_id}
    if len(candidates) > 1:
        raise ValidationError(
            {"organisation_id": _("Choose which of your organisations is interested.")},
            code="required",
        )
    # None left means the user speaks only for the owner: the service says why that fails.
    return Organisation.objects.get(pk=next(iter(candidates or mine)))


@interests_router.post(
    "/opportunities/{opportunity_id}/interests",
    response=_created(InterestOut),
    summary="Express interest",
)
def express_interest(request: HttpRequest, opportunity_id: int, payload: InterestIn) -> Any:
    """Tell a published opportunity's owner that your organisation wants to talk."""
    opportunity = opportunity_selectors.get_opportunity(request.user, opportunity_id)
    organisation = _interested_organisation(request, opportunity, payload.organisation_id)
    form = InterestForm(
        {"organisation": organisation.pk, "message": payload.message},
        organisations=[organisation],
    )
    if not form.is_valid():
        raise _form_errors(form, {"organisation": "organisation_id"})
    with renamed_fields(organisation="organisation_id"):
        interest = interests.express_interest(
            actor=request.user,
            opportunity=opportunity,
            organisation=organisation,
            message=form.cleaned_data["message"],
        )
    return Status(201, _interest(request, interest.pk))


@interests_router.get(
    "/opportunities/{opportunity_id}/interests",
    response=_ok(list[InterestOut]),
    summary="Interests in an opportunity",
)
@paginate(Page)
def list_interests(request: HttpRequest, opportunity_id: int) -> Any:
    """The owner's people and the secretariat see every interest; other organisations see
    only their own."""
    opportunity = opportunity_selectors.get_opportunity(request.user, opportunity_id)
    user = request.user
    if permissions.can_manage_interests(user, opportunity) or permissions.is_secretariat(user):
        return selectors.interests_for_owner(user, opportunity)
    return selectors.my_interests(user, opportunity)


def _interest(request: HttpRequest, interest_id: int) -> Interest:
    return selectors.get_interest(request.user, interest_id)


@interests_router.get("/interests/{interest_id}", response=_ok(InterestOut), summary="Read one")
def get_interest(request: HttpRequest, interest_id: int) -> Any:
    """For the interested organisation, the opportunity's owner and the secretariat."""
    return _interest(request, interest_id)


@interests_router.post(
    "/interests/{interest_id}/accept",
    response=_ok(IntroductionDetailOut),
    summary="Accept (owner)",
)
def accept_interest(request: HttpRequest, interest_id: int) -> Any:
    """The owner's consent; the interest was the other side's, so the introduction is accepted
    at once and its conversation opens. If the two organisations already have an open
    introduction, the interest is answered in that one, which is returned."""
    introduction = interests.accept_interest(
        actor=request.user, interest=_interest(request, interest_id)
    )
    return selectors.get_introduction(request.user, introduction.pk)


@interests_router.post(
    "/interests/{interest_id}/decline", response=_ok(InterestOut), summary="Decline (owner)"
)
def decline_interest(request: HttpRequest, interest_id: int, payload: DeclineIn) -> Any:
    interests.decline_interest(
        actor=request.user, interest=_interest(request, interest_id), reason=payload.reason
    )
    return _interest(request, interest_id)


@interests_router.post(
    "/interests/{interest_id}/withdraw",
    response=_ok(InterestOut),
    summary="Withdraw (interested organisation)",
)
def withdraw_interest(request: HttpRequest, interest_id: int) -> Any:
    interests.withdraw_interest(actor=request.user, interest=_interest(request, interest_id))
    return _interest(request, interest_id)


# --- introductions -----------------------------------------------------------------------------


@introductions_router.get("", response=_ok(list[IntroductionOut]), summary="My introductions")
@paginate(Page)
def list_introductions(request: HttpRequest, filters: Query[IntroductionFilters]) -> Any:
    """Your organisations' introductions, by tab as on the page."""
    if filters.tab not in selectors.TABS:
        raise ValidationError(
            {"tab": _("Choose one of: %(tabs)s.") % {"tabs": ", ".join(selectors.TABS)}},
            code="invalid_choice",
        )
    return selectors.introductions_of(request.user, filters.tab)


@introductions_router.get(
    "/overview", response=_ok(list[IntroductionOut]), summary="Every introduction (secretariat)"
)
@paginate(Page)
def overview(request: HttpRequest, filters: Query[OverviewFilters]) -> Any:
    """Secretariat: every introduction, filtered by status, broker and lateness."""
    if not permissions.can_broker(request.user):
        raise PermissionDenied(_("Only the secretariat can do this."))
    params = filters.dict()
    params["overdue"] = "on" if params["overdue"] else ""
    form = OverviewFilterForm(params, brokers=list(selectors.brokers()))
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return selectors.overview(
        status=form.cleaned_data["status"],
        broker=form.cleaned_data["broker"],
        overdue=form.cleaned_data["overdue"],
    )


@introductions_router.post(
    "",
    response={200: IntroductionDetailOut, **_created(IntroductionDetailOut)},
    summary="Propose an introduction",
)
def propose(request: HttpRequest, payload: ProposeIn) -> Any:
    """Members propose one of their organisations to another (their own opt-in); the
    secretariat introduces two organisations, each of which must accept. A member's proposal
    where an introduction already waits for their answer is that answer (200, not 201)."""
    user = request.user
    if payload.organisation_a is not None or payload.organisation_b is not None:
        introduction = _secretariat_introduce(request, payload)
    else:
        to_org = _organisation("to_organisation", payload.to_organisation)
        mine = selectors.member_organisation_ids(user)
        candidates = list(Organisation.objects.filter(pk__in=mine - {to_org.pk}).order_by("name"))
        from_id = payload.from_organisation
        if from_id is None and len(candidates) == 1:
            from_id = candidates[0].pk
        if not mine or (from_id is not None and from_id not in mine):
            raise PermissionDenied(
                _("You can propose introductions only for your own organisation.")
            )
        form = ProposeForm(
            {"from_organisation": from_id or "", "message": payload.message},
            organisations=candidates,
        )
        if not form.is_valid():
            raise _form_errors(form)
        introduction = services.propose_introduction(
            actor=user,
            from_org=form.cleaned_data["from_organisation"],
            to_org=to_org,
            message=form.cleaned_data["message"],
        )
    created = introduction.proposed_by_id == user.pk
    return Status(201 if created else 200, selectors.get_introduction(user, introduction.pk))


def _secretariat_introduce(request: HttpRequest, payload: ProposeIn) -> Introduction:
    if not permissions.can_broker(request.user):
        raise PermissionDenied(_("Only the secretariat can do this."))
    org_a = _organisation("organisation_a", payload.organisation_a)
    org_b = _organisation("organisation_b", payload.organisation_b)
    form = SecretariatIntroduceForm({"other": org_b.slug, "message": payload.message})
    if not form.is_valid():
        raise _form_errors(form, {"other": "organisation_b"})
    return services.secretariat_introduce(
        actor=request.user, org_a=org_a, org_b=org_b, message=form.cleaned_data["message"]
    )


@introductions_router.get(
    "/{introduction_id}", response=_ok(IntroductionDetailOut), summary="Read one"
)
def get_introduction(request: HttpRequest, introduction_id: int) -> Any:
    """Its two organisations and the secretariat; contacts only once both have accepted."""
    return selectors.get_introduction(request.user, introduction_id)


@introductions_router.post(
    "/{introduction_id}/respond", response=_ok(IntroductionDetailOut), summary="Answer"
)
def respond(request: HttpRequest, introduction_id: int, payload: RespondIn) -> Any:
    """Your organisation's answer, given once: accept or decline (with an optional reason)."""
    user = request.user
    introduction = selectors.get_introduction(user, introduction_id)
    sides = [organisation for _side, organisation in selectors.my_sides(user, introduction)]
    if payload.organisation_id is not None:
        organisation = next((o for o in sides if o.pk == payload.organisation_id), None)
    elif len(sides) > 1:
        raise ValidationError(
            {"organisation_id": _("Choose which organisation you answer for.")}, code="required"
        )
    else:
        organisation = sides[0] if sides else None
    if organisation is None:
        raise PermissionDenied(_("You can answer only for your own organisation."))
    services.respond(
        actor=user,
        introduction=introduction,
        organisation=organisation,
        accept=payload.accept,
        reason=payload.reason,
    )
    return selectors.get_introduction(user, introduction_id)


@introductions_router.post(
    "/{introduction_id}/nudge", response=_ok(NudgeOut), summary="Remind (secretariat)"
)
def nudge(request: HttpRequest, introduction_id: int) -> Any:
    """Remind the sides that have not answered yet."""
    introduction = selectors.get_introduction(request.user, introduction_id)
    return {"notified": services.nudge(actor=request.user, introduction=introduction)}


@introductions_router.post(
    "/{introduction_id}/reassign",
    response=_ok(IntroductionDetailOut),
    summary="Hand to another broker (secretariat)",
)
def reassign(request: HttpRequest, introduction_id: int, payload: ReassignIn) -> Any:
    introduction = selectors.get_introduction(request.user, introduction_id)
    if not permissions.can_broker(request.user):
        raise PermissionDenied(_("Only the secretariat can do this."))
    broker = User.objects.filter(pk=payload.broker_id).first()
    if broker is None:
        raise ValidationError(
            {"broker_id": _("Please choose a member of the secretariat.")}, code="invalid"
        )
    with renamed_fields(broker="broker_id"):
        services.reassign(actor=request.user, introduction=introduction, broker=broker)
    return selectors.get_introduction(request.user, introduction_id)


@introductions_router.post(
    "/{introduction_id}/close", response=_ok(IntroductionDetailOut), summary="Close (secretariat)"
)
def close(request: HttpRequest, introduction_id: int, payload: CloseIn) -> Any:
    """End a pending or accepted introduction, with a reason both sides see."""
    introduction = selectors.get_introduction(request.user, introduction_id)
    services.close(actor=request.user, introduction=introduction, reason=payload.reason)
    return selectors.get_introduction(request.user, introduction_id)
