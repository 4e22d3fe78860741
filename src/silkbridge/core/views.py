from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_countries import countries

from silkbridge.directory import permissions
from silkbridge.directory.models import Organisation, OrganisationKind
from silkbridge.directory.seed.stats import data_source_summary
from silkbridge.directory.selectors import organisations_of


def home(request: HttpRequest) -> HttpResponse:
    counts = {
        (str(row["country"]), row["kind"]): row["n"]
        for row in Organisation.objects.active()
        .in_platform_countries()
        .values("country", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    sides = [
        {
            "code": code,
            "name": countries.name(code),
            "kinds": [
                (kind, label, counts.get((code, kind), 0))
                for kind, label in OrganisationKind.choices
            ],
            "total": sum(n for (c, _), n in counts.items() if c == code),
        }
        for code in settings.SILKBRIDGE_COUNTRIES
    ]
    return render(
        request,
        "core/home.html",
        {
            "sides": sides,
            "my_organisations": organisations_of(request.user),
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
    """Liveness and database reachability for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
