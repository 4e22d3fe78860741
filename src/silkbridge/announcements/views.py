"""Announcement pages: public reading (anyone, signed in or not) and the secretariat's writing
desk. Each view parses input, asks permissions, calls a selector or service, renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silkbridge.announcements import permissions, selectors, services
from silkbridge.announcements.forms import (
    LANGUAGE_SECTIONS,
    AnnouncementForm,
    KindFilterForm,
    initial_of,
)
from silkbridge.announcements.models import Announcement
from silkbridge.core.form_errors import add_errors

DIRECTIONS = {code: direction for code, _label, direction in LANGUAGE_SECTIONS}


def _reading(announcement: Announcement, language: str) -> dict:
    """The announcement as a reader of `language` is shown it."""
    shown = announcement.language_for(language)
    return {
        "announcement": announcement,
        "title": getattr(announcement, f"title_{shown}"),
        "body": getattr(announcement, f"body_{shown}"),
        "shown_language": shown,
        "direction": DIRECTIONS.get(shown, "ltr"),
        "other_language": shown != language,
    }


def announcement_list(request: HttpRequest) -> HttpResponse:
    form = KindFilterForm(request.GET or None)
    kind = form.kind_value()
    language = translation.get_language() or "en"
    page = Paginator(selectors.public_announcements(kind), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "announcements/list.html",
        {
            "form": form,
            "kind": kind,
            "params": f"kind={kind}" if kind else "",
            "page": page,
            "items": [_reading(item, language) for item in page],
            "can_manage": permissions.can_manage_announcements(request.user),
        },
    )


def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.get_announcement(request.user, pk)
    language = translation.get_language() or "en"
    return render(
        request,
        "announcements/detail.html",
        {
            **_reading(announcement, language),
            "can_manage": permissions.can_manage_announcements(request.user),
        },
    )


def _manager(request: HttpRequest) -> None:
    if not permissions.can_manage_announcements(request.user):
        raise PermissionDenied(_("Only the secretariat writes announcements."))


def _managed(request: HttpRequest, pk: int) -> Announcement:
    _manager(request)
    return selectors.get_announcement(request.user, pk)


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = KindFilterForm(request.GET or None)
    page = Paginator(
        selectors.all_announcements(request.user, form.kind_value()), selectors.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    language = translation.get_language() or "en"
    for item in page:
        item.shown_title = item.title_in(language)
    return render(request, "announcements/manage.html", {"form": form, "page": page})


@login_required
def announcement_new(request: HttpRequest) -> HttpResponse:
    _manager(request)
    if request.method == "POST":
        form = AnnouncementForm(request.POST)
        if form.is_valid():
            try:
                announcement = services.create_announcement(
                    actor=request.user, data=form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The draft was saved. Check it, then publish it."))
                return redirect("announcements:preview", pk=announcement.pk)
    else:
        form = AnnouncementForm(initial={"kind": request.GET.get("kind", "news")})
    status = 422 if form.errors else 200
    return render(
        request, "announcements/form.html", {"form": form, "announcement": None}, status=status
    )


@login_required
def announcement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _managed(request, pk)
    if request.method == "POST":
        form = AnnouncementForm(request.POST)
        if form.is_valid():
            try:
                services.update_announcement(
                    actor=request.user, announcement=announcement, data=form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The announcement was saved."))
                return redirect("announcements:preview", pk=announcement.pk)
    else:
        form = AnnouncementForm(initial=initial_of(announcement))
    status = 422 if form.errors else 200
    return render(
        request,
        "announcements/form.html",
        {"form": form, "announcement": announcement},
        status=status,
    )


@login_required
def announcement_preview(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _managed(request, pk)
    versions = [
        {
            "code": code,
            "label": label,
            "direction": direction,
            "title": getattr(announcement, f"title_{code}"),
            "body": getattr(announcement, f"body_{code}"),
        }
        for code, label, direction in LANGUAGE_SECTIONS
    ]
    return render(
        request,
        "announcements/preview.html",
        {
            "announcement": announcement,
            "versions": versions,
            "written": announcement.languages(),
        },
    )


@login_required
@require_POST
def announcement_publish(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _managed(request, pk)
    try:
        services.publish_announcement(actor=request.user, announcement=announcement)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The announcement is published."))
    return redirect("announcements:preview", pk=announcement.pk)


@login_required
@require_POST
def announcement_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _managed(request, pk)
    services.unpublish_announcement(actor=request.user, announcement=announcement)
    messages.success(request, _("The announcement was withdrawn; it is a draft again."))
    return redirect("announcements:preview", pk=announcement.pk)
