from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_countries import countries

from silkbridge.announcements.front_page import (
    front_page,
    latest_announcements,
    organisation_counts,
)
from silkbridge.core import readiness
from silkbridge.core.operator_access import may_read_operator_endpoint
from silkbridge.directory import permissions
from silkbridge.directory.seed.stats import data_source_summary
from silkbridge.directory.selectors import organisations_of


def home(request: HttpRequest) -> HttpResponse:
    """Visitors get the public face (cached per language, see announcements.front_page);
    signed-in people their organisations and the live directory counts."""
    language = translation.get_language() or "en"
    if not request.user.is_authenticated:
        return render(
            request,
            "core/home.html",
            {
                **front_page(language),
                "country_names": [countries.name(code) for code in settings.SILKBRIDGE_COUNTRIES],
            },
        )
    return render(
        request,
        "core/home.html",
        {
            "sides": organisation_counts(),
            "my_organisations": organisations_of(request.user),
            "announcements": latest_announcements(language),
        },
    )


def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about_data.html", {"summary": data_source_summary()})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not permissions.can_read_audit_log(request.user):
        raise Http404
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    model = request.GET.get("model", "")
    if model:
        entries = entries.filter(content_type__model=model)
    object_id = request.GET.get("object", "")
    if object_id.isdigit():
        entries = entries.filter(object_pk=object_id)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    model_choices = [
        ("organisation", _("Organisation")),
        ("person", _("Person")),
        ("term", _("Taxonomy term")),
        ("sourcerecord", _("Source record")),
        ("invitation", _("Invitation")),
        ("user", _("User")),
    ]
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "model": model,
            "model_choices": model_choices,
        },
    )


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for proxies and load balancers: the process answers. It touches no database
    (a database outage must not make every process look dead) and tells nothing about the
    stack to anonymous callers."""
    return JsonResponse({"status": "ok"})


@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness for the operator: database, migrations, Redis and the matching index."""
    if not may_read_operator_endpoint(request, settings.SILKBRIDGE_READYZ_TOKEN):
        raise Http404
    checks = readiness.run_checks()
    failing = [check.name for check in checks if not check.ok]
    body = {
        "status": "fail" if failing else "ok",
        "failing": failing,
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
    }
    response = JsonResponse(body, status=503 if failing else 200)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics (SILKBRIDGE_METRICS) for loopback, the token holder or the secretariat."""
    if not settings.SILKBRIDGE_METRICS:
        raise Http404
    if not may_read_operator_endpoint(request, settings.SILKBRIDGE_METRICS_TOKEN):
        raise Http404
    from django_prometheus.exports import ExportToDjangoView

    return ExportToDjangoView(request)
