"""Action item pages: one item with its comments, "my action items", and the secretariat's
overview of everything open and overdue (with a CSV export of the same filter)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silkbridge.workspace import exporting, permissions, selectors, services
from silkbridge.workspace.forms import CommentForm, OverviewFilterForm, StatusForm


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_action(request.user, pk)
    can_edit = permissions.can_edit_action(request.user, item)
    return render(
        request,
        "workspace/action_detail.html",
        {
            "item": item,
            "can_edit": can_edit,
            "can_view_group": permissions.can_view_group(request.user, item.group),
            "overdue": item.is_overdue(),
            "comments": item.comments.select_related("author"),
            "status_form": StatusForm(initial={"status": item.status, "expected": item.status})
            if can_edit
            else None,
            "comment_form": CommentForm() if can_edit else None,
        },
    )


@login_required
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_action(request.user, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect(item)
    try:
        services.set_action_status(
            actor=request.user,
            item=item,
            status=form.cleaned_data["status"],
            expected=form.cleaned_data["expected"],
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The status was updated."))
    return redirect(item)


@login_required
@require_POST
def action_comment(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_action(request.user, pk)
    try:
        services.add_comment(actor=request.user, item=item, text=request.POST.get("text", ""))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Your comment was added."))
    return redirect(f"{item.get_absolute_url()}#comments")


@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("show") == "all"
    items = selectors.my_action_items(request.user, open_only=not show_all)
    page = Paginator(items, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workspace/my_actions.html",
        {
            "page": page,
            "show_all": show_all,
            "today": timezone.localdate(),
            "params": "show=all" if show_all else "",
        },
    )


def _overview_items(request: HttpRequest):
    form = OverviewFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.overview(
        group=filters.get("group"),
        status=filters.get("status", ""),
        overdue=filters.get("overdue", False),
    )
    return form, items


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_overview(request.user):
        raise Http404
    form, items = _overview_items(request)
    page = Paginator(items, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "workspace/overview.html",
        {
            "form": form,
            "page": page,
            "params": params.urlencode(),
            "today": timezone.localdate(),
            "counts": selectors.open_action_item_counts(),
        },
    )


@login_required
def overview_csv(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_overview(request.user):
        raise Http404
    _form, items = _overview_items(request)
    response = StreamingHttpResponse(
        exporting.iter_csv(items), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{exporting.export_filename()}"'
    return response
