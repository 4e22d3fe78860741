"""Venture pages. Each view parses input, asks permissions, calls a selector or service, renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silkbridge.core.form_errors import add_errors
from silkbridge.ventures import currency, origins, permissions, publicity, selectors, services
from silkbridge.ventures.forms import (
    CorrectionForm,
    FilterForm,
    RateForm,
    StageForm,
    VentureForm,
)
from silkbridge.ventures.models import StageChange, Venture


@login_required
def venture_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.to_filters() if request.GET else selectors.Filters()
    qs = selectors.ventures_for(request.user, filters)
    page = Paginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "ventures/list.html",
        {
            "form": form,
            "page": page,
            "params": params.urlencode(),
            "can_create": permissions.can_create_venture(request.user),
            "can_manage_rates": permissions.can_manage_rates(request.user),
        },
    )


@login_required
def venture_export(request: HttpRequest) -> StreamingHttpResponse:
    filters = FilterForm(request.GET).to_filters()
    qs = selectors.ventures_for(request.user, filters)
    response = StreamingHttpResponse(selectors.csv_lines(qs), content_type="text/csv")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="ventures-{stamp}.csv"'
    return response


def _initial_from(origin: origins.Origin, user) -> dict:
    from silkbridge.introductions.selectors import member_organisation_ids

    parties = list(origin.parties)
    if not parties:
        mine = sorted(member_organisation_ids(user))
        if len(mine) == 1:
            from silkbridge.directory.models import Organisation

            parties = list(Organisation.objects.filter(pk=mine[0]))
    initial = {
        "parties": "\n".join(o.slug for o in parties),
        "started_on": timezone.localdate(),
        "jobs_created": 0,
        "people_exchanged": 0,
    }
    if origin.introduction is not None and origin.introduction.accepted_at:
        initial["started_on"] = timezone.localtime(origin.introduction.accepted_at).date()
    if origin.working_group_id:
        initial["working_group"] = origin.working_group_id
    return initial


@login_required
def venture_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_venture(request.user):
        raise PermissionDenied(_("Only members of an organisation can record ventures."))
    source = request.POST if request.method == "POST" else request.GET
    origin = origins.resolve(request.user, source)
    if request.method == "POST":
        form = VentureForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            parties = data.pop("parties")
            stage = data.pop("stage")
            try:
                venture = services.create_venture(
                    actor=request.user, data=data, parties=parties, origin=origin, stage=stage
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The venture was recorded."))
                return redirect(venture)
    else:
        form = VentureForm(initial=_initial_from(origin, request.user))
    return render(request, "ventures/form.html", {"form": form, "origin": origin, "venture": None})


def _editable(request: HttpRequest, pk: int) -> Venture:
    venture = selectors.get_venture(request.user, pk)
    if not permissions.can_edit_venture(request.user, venture):
        raise PermissionDenied(_("Only the venture's parties and the secretariat can change it."))
    return venture


@login_required
def venture_edit(request: HttpRequest, pk: int) -> HttpResponse:
    venture = _editable(request, pk)
    if request.method == "POST":
        form = VentureForm(request.POST, creating=False)
        if form.is_valid():
            data = dict(form.cleaned_data)
            parties = data.pop("parties")
            try:
                services.update_venture(
                    actor=request.user, venture=venture, data=data, parties=parties
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The venture was updated."))
                return redirect(venture)
    else:
        form = VentureForm(
            creating=False,
            initial={
                "title": venture.title,
                "summary": venture.summary,
                "kind": venture.kind,
                "started_on": venture.started_on,
                "parties": "\n".join(p.organisation.slug for p in venture.parties.all()),
                "sectors": list(venture.sectors.all()),
                "working_group": venture.working_group_id,
                "value_amount": venture.value_amount,
                "value_currency": venture.value_currency,
                "jobs_created": venture.jobs_created,
                "people_exchanged": venture.people_exchanged,
                "confidential": venture.confidential,
                "seats": venture.seats,
                "intake_dates": ", ".join(venture.intake_dates or []),
                "fields_of_study": venture.fields_of_study,
            },
        )
    return render(request, "ventures/form.html", {"form": form, "origin": None, "venture": venture})


def _detail_context(request: HttpRequest, venture: Venture, stage_form=None) -> dict:
    can_edit = permissions.can_edit_venture(request.user, venture)
    can_review = permissions.can_review(request.user)
    timeline = selectors.timeline(venture)
    exchanged, from_mobilities = selectors.people_exchanged(venture)
    if can_review:
        for change in timeline:
            change.correction_form = CorrectionForm(
                prefix=str(change.pk),
                initial={"changed_on": change.changed_on, "reason": change.reason},
            )
    parties = list(venture.parties.all())
    for party in parties:
        party.can_set_public_story = publicity.can_set_public_story(request.user, party)
    return {
        "venture": venture,
        "parties": parties,
        "is_public_story": (
            not venture.confidential and bool(parties) and all(p.public_story for p in parties)
        ),
        "timeline": timeline,
        "people_exchanged": exchanged,
        "exchanged_from_mobilities": from_mobilities,
        "origin_url": selectors.origin_url(venture),
        "can_edit": can_edit,
        "can_review": can_review,
        "stage_form": stage_form or (StageForm(current=venture.stage) if can_edit else None),
    }


@login_required
def venture_detail(request: HttpRequest, pk: int) -> HttpResponse:
    venture = selectors.get_venture(request.user, pk)
    return render(request, "ventures/detail.html", _detail_context(request, venture))


@login_required
@require_POST
def venture_public_story(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    """A party's admin turns its consent to a public success story on or off."""
    venture = selectors.get_venture(request.user, pk)
    party = next((p for p in venture.parties.all() if p.pk == party_pk), None)
    if party is None:
        raise Http404
    public = request.POST.get("public") == "1"
    publicity.set_public_story(actor=request.user, party=party, public=public)
    if public:
        messages.success(
            request,
            _("Your organisation agrees to show this venture as a public success story."),
        )
    else:
        messages.success(request, _("Your organisation no longer agrees to a public story."))
    return redirect(venture)


def public_stories(request: HttpRequest) -> HttpResponse:
    """Success stories for everyone: ventures every party chose to make public."""
    page = Paginator(publicity.public_ventures().order_by("-stage_changed_at", "-id"), 24)
    current = page.get_page(request.GET.get("page"))
    stories = publicity.stories_of([venture.pk for venture in current])
    return render(request, "ventures/stories.html", {"page": current, "stories": stories})


def public_story(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "ventures/story.html", {"story": publicity.get_public_story(pk)})


@login_required
@require_POST
def venture_stage(request: HttpRequest, pk: int) -> HttpResponse:
    venture = _editable(request, pk)
    form = StageForm(request.POST, current=request.POST.get("expected_stage") or venture.stage)
    if form.is_valid():
        try:
            services.change_stage(
                actor=request.user,
                venture=venture,
                to_stage=form.cleaned_data["to_stage"],
                changed_on=form.cleaned_data["changed_on"],
                reason=form.cleaned_data["reason"],
                expected_stage=form.cleaned_data["expected_stage"] or None,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The new stage was recorded."))
            return redirect(venture)
    venture = selectors.get_venture(request.user, pk)
    return render(
        request, "ventures/detail.html", _detail_context(request, venture, form), status=422
    )


@login_required
@require_POST
def stage_change_correct(request: HttpRequest, pk: int, change_pk: int) -> HttpResponse:
    venture = selectors.get_venture(request.user, pk)
    if not permissions.can_review(request.user):
        raise PermissionDenied(_("Only the secretariat corrects the stage history."))
    change = StageChange.objects.filter(pk=change_pk, venture=venture).first()
    if change is None:
        raise Http404
    form = CorrectionForm(request.POST, prefix=str(change.pk))
    if form.is_valid():
        try:
            services.correct_stage_change(
                actor=request.user,
                change=change,
                changed_on=form.cleaned_data["changed_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
    if form.errors:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    else:
        messages.success(request, _("The stage history was corrected."))
    return redirect(venture)


@login_required
@require_POST
def venture_review(request: HttpRequest, pk: int) -> HttpResponse:
    venture = selectors.get_venture(request.user, pk)
    if not permissions.can_review(request.user):
        raise PermissionDenied(_("Only the secretariat reviews ventures."))
    services.mark_reviewed(actor=request.user, venture=venture)
    messages.success(request, _("Marked as reviewed."))
    return redirect(venture)


@login_required
def rates(request: HttpRequest) -> HttpResponse:
    can_manage = permissions.can_manage_rates(request.user)
    form = RateForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Only the secretariat can record exchange rates."))
        if form.is_valid():
            try:
                currency.record_rate(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The exchange rate was recorded."))
                return redirect("ventures:rates")
    history = Paginator(
        currency.ExchangeRate.objects.order_by("currency", "-valid_from", "-id"),
        selectors.PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "ventures/rates.html",
        {"current": currency.current_rates(), "history": history, "form": form},
    )
