"""The organiser's schedule: run the scheduler, read the draft grid with its conflicts, unplaced
requests and quality report, move, swap and lock meetings, and publish."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silkbridge.forums import schedule_edits, schedule_progress, scheduling, selectors
from silkbridge.forums.forms import MoveForm, RunForm, SwapForm
from silkbridge.forums.models import Meeting
from silkbridge.forums.views import flash_errors


@login_required
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_organised_event(request.user, slug)
    return _render_schedule(request, event, RunForm())


def _render_schedule(
    request: HttpRequest, event, run_form: RunForm, status: int = 200
) -> HttpResponse:
    rows, width = selectors.grid(event)
    run = selectors.latest_run(event)
    selected = request.GET.get("meeting")
    meeting = (
        Meeting.objects.filter(event=event, pk=selected)
        .exclude(status="cancelled")
        .select_related("slot", "a__organisation", "b__organisation")
        .first()
        if selected and selected.isdigit()
        else None
    )
    return render(
        request,
        "forums/schedule.html",
        {
            "event": event,
            "rows": rows,
            "tables": range(1, width + 1),
            "run": run,
            "report": run.report if run else None,
            "unplaced": [
                row | {"text": scheduling.reason_text(row["reason"])}
                for row in selectors.unplaced(run)
            ],
            "conflicts": schedule_edits.conflicts(event),
            "waiting": selectors.waiting_requests(event),
            "run_form": run_form,
            "progress": schedule_progress.read(event),
            "selected": meeting,
            "move_form": MoveForm(
                event=event,
                initial={
                    "slot": meeting.slot_id,
                    "table": meeting.table,
                    "virtual": meeting.virtual,
                },
            )
            if meeting
            else None,
            "swap_form": SwapForm() if meeting else None,
        },
        status=status,
    )


def _back(event, meeting: Meeting | None = None) -> HttpResponse:
    url = f"{event.get_absolute_url()}schedule/"
    return redirect(f"{url}?meeting={meeting.pk}" if meeting else url)


@login_required
@require_POST
def schedule_run(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a run; the page then follows its progress (forums/schedule_progress.py)."""
    event = selectors.get_organised_event(request.user, slug)
    form = RunForm(request.POST)
    if not form.is_valid():
        return _render_schedule(request, event, form, status=422)
    try:
        progress = schedule_progress.start(
            actor=request.user,
            event=event,
            allow_moves=form.cleaned_data["allow_moves"],
            time_limit=form.cleaned_data["time_limit"],
        )
    except ValidationError as error:
        flash_errors(request, error)
        return _back(event)
    _announce(request, event, progress)
    return _back(event)


def _announce(request: HttpRequest, event, progress: schedule_progress.Progress) -> None:
    """Say how a finished run went; a run still going on speaks through the progress bar."""
    if progress.state == schedule_progress.FAILED:
        for text in progress.errors:
            messages.error(request, text)
    elif progress.state == schedule_progress.DONE:
        report = selectors.latest_run(event).report
        messages.success(
            request,
            _("Placed %(placed)d of %(requested)d meetings (%(percent)s%% of the best possible).")
            % {
                "placed": report["placed"],
                "requested": report["requested"],
                "percent": f"{100 * report['ratio']:.1f}",
            },
        )


@login_required
def schedule_progress_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The progress bar, read once a second while a run goes on; once it has ended, htmx
    is told to load the schedule page again, which then shows the new draft and report."""
    event = selectors.get_organised_event(request.user, slug)
    progress = schedule_progress.read(event)
    if progress is None or progress.state != schedule_progress.RUNNING:
        if progress is not None and progress.state == schedule_progress.FAILED:
            for text in progress.errors:
                messages.error(request, text)
        response = HttpResponse()
        response["HX-Redirect"] = f"{event.get_absolute_url()}schedule/"
        return response
    return render(request, "forums/_schedule_progress.html", {"event": event, "progress": progress})


@login_required
@require_POST
def schedule_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_organised_event(request.user, slug)
    try:
        told = schedule_edits.publish(actor=request.user, event=event)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("The schedule is published; %(count)d participants were told.") % {"count": told},
        )
    return _back(event)


def _meeting(event, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("event", "slot").filter(event=event, pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


@login_required
@require_POST
def meeting_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.get_organised_event(request.user, slug)
    meeting = _meeting(event, pk)
    form = MoveForm(request.POST, event=event)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return _back(event, meeting)
    try:
        schedule_edits.move_meeting(actor=request.user, meeting=meeting, **form.cleaned_data)
    except ValidationError as error:
        flash_errors(request, error)
        return _back(event, meeting)
    messages.success(request, _("The meeting is moved."))
    return _back(event)


@login_required
@require_POST
def meeting_swap(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.get_organised_event(request.user, slug)
    meeting = _meeting(event, pk)
    form = SwapForm(request.POST)
    other = (
        Meeting.objects.filter(event=event, pk=form.cleaned_data["other"]).first()
        if form.is_valid()
        else None
    )
    if other is None:
        messages.error(request, _("There is no meeting with this number in the forum."))
        return _back(event, meeting)
    try:
        schedule_edits.swap_meetings(actor=request.user, first=meeting, second=other)
    except ValidationError as error:
        flash_errors(request, error)
        return _back(event, meeting)
    messages.success(request, _("The two meetings swapped places."))
    return _back(event)


@login_required
@require_POST
def meeting_lock(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.get_organised_event(request.user, slug)
    meeting = _meeting(event, pk)
    locked = request.POST.get("locked") == "1"
    try:
        schedule_edits.set_locked(actor=request.user, meeting=meeting, locked=locked)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("The meeting is locked in place.") if locked else _("The meeting is unlocked."),
        )
    return _back(event, meeting)
