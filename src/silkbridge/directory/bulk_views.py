"""Bulk pages: import organisations through a dry-run preview, export search results as CSV."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from silkbridge.directory import exporting, importing, permissions, selectors
from silkbridge.directory.forms_query import directory_query_from_params
from silkbridge.directory.models import ImportStatus


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def _require_import(request: HttpRequest) -> None:
    # One answer for anonymous, signed-in and forbidden alike: the import pages do not exist.
    if not permissions.can_import(request.user):
        raise Http404("No such page")


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = importing.create_batch(actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(batch)
    return render(
        request,
        "directory/import_upload.html",
        {
            "form": form,
            "columns": [(c, importing.COLUMN_HELP[c]) for c in importing.COLUMNS],
            "required_columns": importing.REQUIRED_COLUMNS,
            "max_bytes": settings.IMPORT_MAX_BYTES,
            "max_rows": settings.IMPORT_MAX_ROWS,
            "batches": importing.recent_batches(request.user),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """A header-only CSV with the accepted columns, to fill in and upload."""
    _require_import(request)
    response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="silkbridge-import-template.csv"'
    return response


@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    """The batch page: the dry run while pending, then the commit's progress and outcome."""
    _require_import(request)
    batch = importing.get_batch(request.user, token)
    action = request.POST.get("action")
    if request.method == "POST" and action == "discard":
        try:
            importing.discard_batch(actor=request.user, batch=batch)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(batch)
        messages.info(request, _("The upload was discarded; nothing was imported."))
        return redirect("directory:import")
    if request.method == "POST":
        commit = importing.retry_batch if action == "retry" else importing.commit_batch
        try:
            commit(actor=request.user, batch=batch)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(batch)
    preview = importing.preview_batch(batch) if batch.status == ImportStatus.PENDING else None
    return render(
        request,
        "directory/import_preview.html",
        {"batch": batch, "preview": preview, "is_pending": batch.status == ImportStatus.PENDING},
    )


@require_GET
def import_progress(request: HttpRequest, token: str) -> HttpResponse:
    """The progress bar alone, polled by the batch page; once the commit has ended, the page
    reloads to show the outcome."""
    _require_import(request)
    batch = importing.get_batch(request.user, token)
    response = render(request, "directory/_import_progress.html", {"batch": batch})
    if batch.status not in importing.ACTIVE_STATES:
        response["HX-Refresh"] = "true"
    return response


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """The directory search, with the list page's parameters, as a streamed CSV download."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_export(request.user):
        raise PermissionDenied
    query = directory_query_from_params(request.GET)
    rows = exporting.export_rows(selectors.search_organisations(query))
    response = StreamingHttpResponse(
        exporting.iter_csv(rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{exporting.export_filename()}"'
    return response
