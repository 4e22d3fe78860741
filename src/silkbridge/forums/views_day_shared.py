"""Helpers shared by the pages of the agenda, the desk and after the event (views_agenda,
views_desk, views_after): looking up the event, participant and meeting a URL names, flashing a
service's errors, and rendering with the forum's header. Kept apart so those modules import
from here and never from each other."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from silkbridge.forums import permissions, selectors
from silkbridge.forums.models import Event, Meeting, Participant


def _event(request: HttpRequest, slug: str) -> Event:
    """The event, or 404 for a draft the user may not see."""
    return selectors.get_event(request.user, slug)


def _participant(request: HttpRequest, slug: str, pk: int) -> Participant:
    event = _event(request, slug)
    return get_object_or_404(
        Participant.objects.select_related("event", "organisation"), event=event, pk=pk
    )


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("event", "slot", "a__organisation", "b__organisation"),
        pk=pk,
    )


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(form, error: ValidationError, hidden: set[str] | frozenset = frozenset()) -> None:
    """A service's errors on the form: under their field when it is shown, else on top."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages_ in error.message_dict.items():
        shown = field in form.fields and field not in hidden
        for message in messages_:
            form.add_error(field if shown else None, message)


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(default)


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    """Render with what the forum's header and tabs (forums/_nav.html) need."""
    event = context["event"]
    user = request.user
    nav = {
        "organiser": permissions.can_organise(user, event),
        "acting": selectors.acting_participant(user, event),
        "can_view_participants": permissions.can_view_participants(user, event),
    }
    return render(request, template, {**nav, **context}, status=status)


def checkin_url(request: HttpRequest, participant: Participant) -> str:
    """The URL in the participant's QR code: the organisers' check-in page for this code."""
    path = reverse(
        "forums:checkin-code",
        kwargs={"slug": participant.event.slug, "token": participant.checkin_token},
    )
    return request.build_absolute_uri(path)


def _viewable_participant(request: HttpRequest, slug: str, pk: int) -> Participant:
    participant = _participant(request, slug, pk)
    if not permissions.can_view_agenda(request.user, participant):
        raise PermissionDenied
    return participant
