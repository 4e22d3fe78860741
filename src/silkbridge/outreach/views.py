"""Outreach pages. Each view parses input, calls one selector or service, and renders."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from silkbridge.core.form_errors import add_errors
from silkbridge.outreach import contact_lists, permissions, selectors, services
from silkbridge.outreach.forms import ContactListForm
from silkbridge.outreach.models import ContactStage, ContactStatus

# Problem rows shown on the preview page; the counts cover them all.
PREVIEW_PROBLEM_ROWS = 200
PREVIEW_READY_ROWS = 20


def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = selectors.campaigns(request.user)
    return render(
        request,
        "outreach/campaign_list.html",
        {"campaigns": campaigns, "can_send": permissions.can_send(request.user)},
    )


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if not permissions.can_send(request.user):
        raise Http404("No such page")
    form = ContactListForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.upload_list(
                actor=request.user,
                name=form.cleaned_data["name"],
                language=form.cleaned_data["language"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect(campaign)
    return render(
        request, "outreach/upload.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The dry run: every row's match and problems; nothing is created until confirmed."""
    campaign = selectors.get_campaign(request.user, pk, draft=True)
    if request.method == "POST":
        action = services.discard_campaign if request.POST.get("action") == "discard" else None
        try:
            if action is not None:
                action(actor=request.user, campaign=campaign)
                messages.info(request, _("The list was discarded; nobody was invited."))
                return redirect("outreach:list")
            campaign = services.confirm_campaign(actor=request.user, campaign=campaign)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(campaign)
        messages.success(
            request,
            ngettext(
                "%(count)d invitation is on its way.",
                "%(count)d invitations are on their way.",
                campaign.report["invited"],
            )
            % {"count": campaign.report["invited"]},
        )
        return redirect(campaign)
    report = contact_lists.report_for(bytes(campaign.content), campaign.filename)
    problems = report.with_problems
    ready = report.ready
    return render(
        request,
        "outreach/preview.html",
        {
            "campaign": campaign,
            "report": report,
            "ready_count": len(ready),
            "ready_rows": ready[:PREVIEW_READY_ROWS],
            "problem_count": len(problems),
            "problem_rows": problems[:PREVIEW_PROBLEM_ROWS],
            "problem_rows_cut": len(problems) > PREVIEW_PROBLEM_ROWS,
        },
    )


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign(request.user, pk)
    funnel, complete_ids = selectors.funnel(campaign)
    status = request.GET.get("status", "")
    if status not in selectors.FILTERS:
        status = ""
    page = selectors.contacts_page(
        campaign, status=status, page=request.GET.get("page"), complete_ids=complete_ids
    )
    return render(
        request,
        "outreach/campaign.html",
        {
            "campaign": campaign,
            "funnel": funnel,
            "page": page,
            "status": status,
            "params": f"status={status}" if status else "",
            "filters": [
                (key, ContactStage(key).label if key != "complete" else None)
                for key in selectors.FILTERS
            ],
            "complete_ids": complete_ids,
            "can_send": permissions.can_send(request.user),
            "reminder_days": services.reminder_days(),
        },
    )


@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign(request.user, pk)
    if not permissions.can_send(request.user):
        raise PermissionDenied
    try:
        count = services.remind(actor=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d reminder is on its way.", "%(count)d reminders are on their way.", count
            )
            % {"count": count},
        )
    return redirect(campaign)


@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link: marks the invitation opened, leads to sign-up, then to the claim."""
    contact = services.find_contact(token)
    if contact is not None and contact.status == ContactStatus.INVITED:
        services.mark_opened(contact)
    problem = services.claim_problem(contact, request.user)
    if request.method == "POST" and problem is None and request.user.is_authenticated:
        try:
            contact = services.claim(contact=contact, user=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            organisation = services.target_organisation(contact)
            if contact.status == ContactStatus.JOINED:
                messages.success(
                    request,
                    _("Welcome to %(organisation)s. Complete its profile so partners find it.")
                    % {"organisation": organisation.name},
                )
            elif contact.claim is not None and contact.claim.granted_person_id:
                messages.success(
                    request,
                    _("You now belong to %(organisation)s; the membership awaits confirmation.")
                    % {"organisation": organisation.name},
                )
            else:
                messages.success(
                    request,
                    _("Your claim was sent. You will be told of the decision by e-mail and here."),
                )
                return redirect("joining:start")
            return redirect(organisation)
    if contact is not None and not request.user.is_authenticated and problem is None:
        # The link came to this mailbox: sign-up with this address needs no second check.
        get_adapter(request).stash_verified_email(request, contact.email)
    organisation = services.target_organisation(contact) if contact is not None else None
    return render(
        request,
        "outreach/link.html",
        {"contact": contact, "organisation": organisation, "problem": problem},
        status=404 if contact is None else 200,
    )
