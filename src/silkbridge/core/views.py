from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from silkbridge.directory import permissions
from silkbridge.directory.models import Organisation, OrganisationKind
from silkbridge.directory.selectors import organisations_of


def home(request: HttpRequest) -> HttpResponse:
    counts = (
        Organisation.objects.active().in_platform_countries()
        .values("country", "kind").annotate(n=Count("pk")).order_by()
    )
    table: dict[str, dict[str, int]] = {}
    for row in counts:
        table.setdefault(str(row["country"]), {})[row["kind"]] = row["n"]
    return render(request, "core/home.html", {
        "counts": table,
        "kinds": OrganisationKind.choices,
        "my_organisations": organisations_of(request.user),
    })


def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about_data.html")


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
    return render(request, "core/audit_log.html", {"page": page, "model": model})


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
