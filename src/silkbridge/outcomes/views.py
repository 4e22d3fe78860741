"""Outcomes pages: the dashboard, its CSV tables, the quarterly PDF and the targets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silkbridge.outcomes import charts, exports, permissions, report, selectors, services
from silkbridge.outcomes.forms import DashboardFilterForm, ReportForm, TargetForm
from silkbridge.outcomes.models import Target
from silkbridge.outcomes.periods import quarter_of
from silkbridge.talent.exchanges.outcomes import breakdowns, talent_outcomes

TARGETS_PAGE_SIZE = 25


def _progress(targets) -> list[selectors.TargetProgress]:
    """Targets' progress; those with the same period and filters share their queries."""
    cache: dict = {}
    return [selectors.progress_of(t, cache=cache) for t in targets]


def _scope(request: HttpRequest) -> tuple[DashboardFilterForm, selectors.Scope]:
    form = DashboardFilterForm(request.GET or None)
    return form, form.scope()


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_dashboard(request.user):
        raise Http404
    form, scope = _scope(request)
    board = selectors.dashboard(request.user, scope)
    drawn = charts.dashboard_charts(board)
    # A bad period shows the default one with the form's errors, answered as a bad request.
    status = 400 if form.is_bound and not form.is_valid() else 200
    params = request.GET.copy()
    last_quarter = quarter_of(scope.end)
    talent = talent_outcomes()
    return render(
        request,
        "outcomes/dashboard.html",
        {
            "form": form,
            "board": board,
            "sections": [(board.tables[key], drawn[key]) for key in drawn],
            "params": params.urlencode(),
            "report_quarter": last_quarter.code,
            "can_manage": permissions.can_manage_targets(request.user),
            "sees_confidential": permissions.can_see_confidential(request.user),
            "talent": talent,
            "talent_breakdowns": breakdowns(talent),
        },
        status=status,
    )


@login_required
def export_table(request: HttpRequest, table: str) -> HttpResponse:
    if not permissions.can_view_dashboard(request.user):
        raise Http404
    form, scope = _scope(request)
    if form.is_bound and not form.is_valid():
        problems = [
            f"{form.fields[name].label}: {text}" if name in form.fields else text
            for name, texts in form.errors.items()
            for text in texts
        ]
        return HttpResponseBadRequest("\n".join(problems), content_type="text/plain; charset=utf-8")
    if table == "target-progress":
        body = exports.targets_csv(_progress(selectors.targets_for(scope)))
    else:
        series = selectors.table(request.user, scope, table)
        if series is None:
            raise Http404
        body = exports.series_csv(series)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = f"outcomes-{table}-{scope.start.isoformat()}-{scope.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_dashboard(request.user):
        raise Http404
    form = ReportForm(request.GET)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect("outcomes:dashboard")
    quarter, group = form.cleaned_data["quarter"], form.cleaned_data["group"]
    body = report.build_report(request.user, quarter, group, language=get_language())
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report.filename(quarter, group)}"'
    return response


@login_required
def target_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_dashboard(request.user):
        raise Http404
    page = Paginator(
        Target.objects.select_related("working_group").order_by("-deadline", "name", "pk"),
        TARGETS_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "outcomes/targets.html",
        {
            "page": page,
            "rows": _progress(page),
            "can_manage": permissions.can_manage_targets(request.user),
        },
    )


@login_required
def target_export(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_dashboard(request.user):
        raise Http404
    targets = Target.objects.select_related("working_group").order_by("-deadline", "name", "pk")
    response = HttpResponse(
        exports.targets_csv(_progress(targets)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="outcomes-targets.csv"'
    return response


def _save(request: HttpRequest, target: Target | None) -> HttpResponse:
    if not permissions.can_manage_targets(request.user):
        raise Http404
    form = TargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        try:
            if target is None:
                services.create_target(actor=request.user, data=form.cleaned_data)
                messages.success(request, _("The target was created."))
            else:
                fresh = Target.objects.get(pk=target.pk)
                services.update_target(actor=request.user, target=fresh, data=form.cleaned_data)
                messages.success(request, _("The target was saved."))
        except ValidationError as error:
            for name, texts in error.message_dict.items():
                for text in texts:
                    form.add_error(name if name in form.fields else None, text)
        else:
            return redirect("outcomes:targets")
    return render(
        request,
        "outcomes/target_form.html",
        {"form": form, "target": target, "metrics": selectors.metrics.METRICS.values()},
    )


@login_required
def target_create(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@login_required
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_targets(request.user):
        raise Http404
    return _save(request, get_object_or_404(Target, pk=pk))


@login_required
@require_POST
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_targets(request.user):
        raise Http404
    target = get_object_or_404(Target, pk=pk)
    services.delete_target(actor=request.user, target=target)
    messages.success(request, _("The target was deleted."))
    return redirect("outcomes:targets")
