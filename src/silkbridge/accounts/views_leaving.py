"""Leaving pages: download one's data, delete one's account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from silkbridge.accounts import leaving
from silkbridge.accounts.leaving_forms import DeleteAccountForm
from silkbridge.core import ratelimits
from silkbridge.core.form_errors import add_errors

# The deletion form checks a password, so a session left open must not become a way to guess
# it: as many tries per account as password resets per address.
DELETION_TRIES = (ratelimits.Limit("account-deletion", "SILKBRIDGE_PASSWORD_RESET_RATE", "user"),)


@never_cache
@login_required
def leaving_page(request: HttpRequest) -> HttpResponse:
    """What leaving means, the download, and the deletion form (which posts back here)."""
    if request.method == "POST" and ratelimits.over_limit(request, DELETION_TRIES):
        form = DeleteAccountForm(user=request.user)
        form.cleaned_data = {}  # an unbound form has none, and add_error expects it
        form.add_error(None, ratelimits.too_many_message())
        status = ratelimits.TOO_MANY_STATUS
        return render(request, "accounts/leaving.html", {"form": form}, status=status)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                leaving.delete_account(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                logout(request)
                messages.success(request, _("Your account has been deleted. Goodbye."))
                return redirect("core:home")
        status = 400
    return render(request, "accounts/leaving.html", {"form": form}, status=status)


@never_cache
@require_GET
@login_required
def export_data(request: HttpRequest) -> HttpResponse:
    """The person's own data as a JSON file."""
    data = leaving.export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="silkbridge-my-data-{stamp}.json"'
    return response
