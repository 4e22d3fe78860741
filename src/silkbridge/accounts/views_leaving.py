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
from silkbridge.core.form_errors import add_errors


@never_cache
@login_required
def leaving_page(request: HttpRequest) -> HttpResponse:
    """What leaving means, the download, and the deletion form (which posts back here)."""
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
