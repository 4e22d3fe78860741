"""The terms of use and the privacy notice: read by anyone, published by the secretariat."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from silkbridge.core.form_errors import add_errors
from silkbridge.public import legal
from silkbridge.public.forms import LegalTextForm
from silkbridge.public.models import LegalKind


def _legal_page(request: HttpRequest, kind: str, version: int | None) -> HttpResponse:
    latest = legal.current(kind)
    text = latest if version is None else legal.version(kind, version)
    if text is None:
        raise Http404
    language = (get_language() or "en").split("-")[0]
    has_translation = bool(getattr(text, f"body_{language}", ""))
    return render(
        request,
        "public/legal.html",
        {
            "kind": kind,
            "title": LegalKind(kind).label,
            "text": text,
            "blocks": legal.blocks(text.body_in(language)),
            "in_english": not has_translation and language != "en",
            "is_latest": text.version == latest.version,
            "latest": latest,
            "can_edit": legal.can_edit(request.user),
            "page_url_name": f"public:{kind}",
        },
    )


def terms(request: HttpRequest, version: int | None = None) -> HttpResponse:
    return _legal_page(request, LegalKind.TERMS, version)


def privacy(request: HttpRequest, version: int | None = None) -> HttpResponse:
    return _legal_page(request, LegalKind.PRIVACY, version)


@login_required
def edit_legal(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LegalKind.values or not legal.can_edit(request.user):
        raise Http404
    latest = legal.current(kind)
    if request.method == "POST":
        form = LegalTextForm(request.POST)
        if form.is_valid():
            try:
                text = legal.publish(kind=kind, bodies=form.bodies(), by=request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Version %(version)d is published.") % {"version": text.version},
                )
                return redirect(f"public:{kind}")
        status = 422
    else:
        initial = {f"body_{code}": getattr(latest, f"body_{code}") for code in legal.LANGUAGES}
        form = LegalTextForm(initial=initial)
        status = 200
    return render(
        request,
        "public/legal_edit.html",
        {
            "form": form,
            "kind": kind,
            "title": LegalKind(kind).label,
            "latest": latest,
            "page_url_name": f"public:{kind}",
        },
        status=status,
    )
