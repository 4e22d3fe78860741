"""The page to register a new organisation: likely duplicates first, then the record."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from silkbridge.core.form_errors import add_errors
from silkbridge.joining import registrations
from silkbridge.joining.duplicates import likely_duplicates
from silkbridge.joining.forms_register import RegisterOrganisationForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _claim_url(slug: str, next_url: str) -> str:
    try:
        url = reverse("joining:claim", kwargs={"slug": slug})
    except NoReverseMatch:  # claims are another part of this app
        url = reverse("directory:detail", kwargs={"slug": slug})
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """Register an organisation that is not in the directory yet (verified e-mail needed)."""
    next_url = _next_url(request)
    if not registrations.can_register(request.user):
        return render(
            request, "joining/register_verify_email.html", {"next_url": next_url}, status=403
        )
    form = RegisterOrganisationForm(request.POST or None, request.FILES or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = likely_duplicates(
            name=data["name"],
            country=data["country"],
            website=data.get("website") or "",
            registration_number=data.get("registration_number") or "",
        )
        if not duplicates or data["register_anyway"]:
            try:
                organisation, created = registrations.register_organisation(
                    actor=request.user, data=data, logo=data.get("logo")
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                if created:
                    messages.success(
                        request,
                        _(
                            "%(name)s is registered and listed as not verified until the "
                            "secretariat verifies it. You are its admin."
                        )
                        % {"name": organisation.name},
                    )
                return redirect(next_url or organisation.get_absolute_url())
            duplicates = []
    for duplicate in duplicates:
        duplicate.claim_url = _claim_url(duplicate.organisation.slug, next_url)
    return render(
        request,
        "joining/register.html",
        {
            "form": form,
            "duplicates": duplicates,
            "logo_dropped": bool(duplicates and request.FILES.get("logo")),
            "next_url": next_url,
        },
    )
