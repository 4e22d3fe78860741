"""Working group pages: groups, members, meetings, minutes, decisions, documents and the
calendar feed. Each view parses input, calls a selector or service, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from silkbridge.core.uploads import download_response
from silkbridge.workspace import ical, permissions, selectors, services
from silkbridge.workspace.forms import (
    ActionForm,
    ActionFormSet,
    DecisionForm,
    DocumentForm,
    GroupForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    apply_errors,
)
from silkbridge.workspace.models import GroupMembership, MeetingStatus, Role


def _flash(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


# --- groups ------------------------------------------------------------------------------------


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    groups = selectors.groups_for(request.user).order_by("name", "id")
    return render(
        request,
        "workspace/group_list.html",
        {
            "groups": groups,
            "can_create": permissions.can_create_group(request.user),
            "counts": selectors.open_action_item_counts()
            if permissions.can_see_overview(request.user)
            else None,
        },
    )


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_group(request.user):
        raise Http404
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The working group was created."))
            return redirect(group)
    return render(request, "workspace/group_form.html", {"form": form})


@login_required
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_group(request.user, slug)
    can_manage = permissions.can_manage_group(request.user, group)
    membership = selectors.feed_membership(request.user, group)
    feed_url = (
        request.build_absolute_uri(reverse("workspace:feed", args=[membership.feed_token]))
        if membership
        else ""
    )
    return render(
        request,
        "workspace/group_detail.html",
        {
            "group": group,
            "can_manage": can_manage,
            "memberships": selectors.memberships_of(group),
            "organisations": group.member_orgs.select_related("organisation").order_by(
                "organisation__name"
            ),
            "subgroups": selectors.subgroups_for(request.user, group),
            "upcoming": selectors.meetings_of(group, upcoming=True)[:10],
            "past": selectors.meetings_of(group, upcoming=False)[:10],
            "actions": selectors.action_items_of(group)[:50],
            "counts": selectors.open_action_item_counts(group),
            "documents": selectors.documents_of(group).select_related("meeting")[:50],
            "feed_url": feed_url,
            "today": timezone.localdate(),
            "member_form": MemberForm() if can_manage else None,
            "document_form": DocumentForm(group=group) if can_manage else None,
            "roles": Role.choices,
        },
    )


@login_required
@require_POST
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_group(request.user, slug)
    permissions.require_manager(request.user, group)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.add_member(
                actor=request.user,
                group=group,
                user=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _("The member was added."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect(f"{group.get_absolute_url()}#members")


@login_required
@require_POST
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(GroupMembership.objects.select_related("group"), pk=pk)
    if not permissions.can_view_group(request.user, membership.group):
        raise Http404
    try:
        services.change_role(
            actor=request.user, membership=membership, role=request.POST.get("role", "")
        )
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("The role was changed."))
    return redirect(f"{membership.group.get_absolute_url()}#members")


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(GroupMembership.objects.select_related("group"), pk=pk)
    group = membership.group
    if not permissions.can_view_group(request.user, group):
        raise Http404
    services.remove_member(actor=request.user, membership=membership)
    permissions.forget_group_roles(request.user)
    messages.success(request, _("The member was removed from the group."))
    if permissions.can_view_group(request.user, group):
        return redirect(f"{group.get_absolute_url()}#members")
    return redirect("workspace:list")


@login_required
@require_POST
def organisation_add(request: HttpRequest, slug: str) -> HttpResponse:
    """A member organisation named by its directory short name (the end of its address)."""
    from silkbridge.directory.models import Organisation

    group = selectors.get_group(request.user, slug)
    permissions.require_manager(request.user, group)
    name = request.POST.get("organisation", "").strip().strip("/").rsplit("/", 1)[-1]
    organisation = Organisation.objects.filter(slug=name).first() if name else None
    if organisation is None:
        messages.error(request, _("No organisation in the directory has this short name."))
    else:
        services.add_organisation(actor=request.user, group=group, organisation=organisation)
        messages.success(request, _("The organisation was added to the group."))
    return redirect(f"{group.get_absolute_url()}#organisations")


# --- meetings ----------------------------------------------------------------------------------


@login_required
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_group(request.user, slug)
    permissions.require_manager(request.user, group)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "agenda"}
        try:
            meeting = services.plan_meeting(
                actor=request.user, group=group, data=data, agenda=form.agenda_lines()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The meeting was planned and the members invited."))
            return redirect(meeting)
    return render(request, "workspace/meeting_form.html", {"form": form, "group": group})


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(request.user, pk)
    permissions.require_manager(request.user, meeting.group)
    form = MeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(actor=request.user, meeting=meeting, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The meeting was updated."))
            return redirect(meeting)
    return render(
        request,
        "workspace/meeting_form.html",
        {"form": form, "group": meeting.group, "meeting": meeting},
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(request.user, pk)
    can_manage = permissions.can_manage_group(request.user, meeting.group)
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "can_manage": can_manage,
        "agenda": meeting.agenda.all(),
        "attendance": meeting.attendance.select_related("user", "organisation").order_by(
            "-present", "user__full_name"
        ),
        "decisions": selectors.meeting_decisions(meeting),
        "documents": selectors.documents_of(meeting.group, meeting),
    }
    if can_manage and meeting.status != MeetingStatus.CANCELLED:
        context["minutes_form"] = MinutesForm(meeting=meeting)
        context["decision_form"] = DecisionForm(meeting=meeting)
        context["action_formset"] = ActionFormSet(
            prefix="actions", form_kwargs={"group": meeting.group}
        )
        context["document_form"] = DocumentForm(
            group=meeting.group, initial={"meeting": meeting.pk}
        )
    return render(request, "workspace/meeting_detail.html", context)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(request.user, pk)
    try:
        services.cancel_meeting(actor=request.user, meeting=meeting)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("The meeting was cancelled and the members told."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(request.user, pk)
    permissions.require_manager(request.user, meeting.group)
    form = MinutesForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.record_minutes(
                actor=request.user,
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                present=list(form.cleaned_data["present"]),
            )
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _("The minutes were saved."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect(meeting)


@login_required
@require_POST
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A decision with its action items; on any error the page comes back with every field."""
    meeting = selectors.get_meeting(request.user, pk)
    permissions.require_manager(request.user, meeting.group)
    form = DecisionForm(request.POST, meeting=meeting)
    formset = ActionFormSet(request.POST, prefix="actions", form_kwargs={"group": meeting.group})
    if form.is_valid() and _filled_valid(formset):
        rows = formset.filled()
        try:
            services.record_decision(
                actor=request.user,
                meeting=meeting,
                text=form.cleaned_data["text"],
                agenda_item=form.cleaned_data["agenda_item"],
                actions=[row.cleaned_data for row in rows],
            )
        except ValidationError as error:
            _spread_errors(form, rows, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect(f"{meeting.get_absolute_url()}#decisions")
    return render(
        request,
        "workspace/meeting_detail.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "can_manage": True,
            "agenda": meeting.agenda.all(),
            "attendance": meeting.attendance.select_related("user", "organisation"),
            "decisions": selectors.meeting_decisions(meeting),
            "documents": selectors.documents_of(meeting.group, meeting),
            "minutes_form": MinutesForm(meeting=meeting),
            "decision_form": form,
            "action_formset": formset,
        },
        status=422,
    )


def _filled_valid(formset) -> bool:
    """Blank rows are fine; filled rows must be valid."""
    if not formset.management_form.is_valid():
        return False
    return all(row.is_valid() for row in formset.filled())


def _spread_errors(form, rows, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.error_dict.items():
        if field.startswith("actions."):
            _prefix, number, name = field.split(".", 2)
            row = rows[int(number)]
            row.add_error(name if name in row.fields else None, messages_)
        else:
            form.add_error(field if field in form.fields else None, messages_)


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(request.user, pk)
    try:
        services.add_agenda_item(
            actor=request.user,
            meeting=meeting,
            title=request.POST.get("title", ""),
            notes=request.POST.get("notes", ""),
        )
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("The agenda item was added."))
    return redirect(meeting)


@login_required
def action_create(request: HttpRequest, slug: str) -> HttpResponse:
    """An action item of the group that no recorded decision produced."""
    group = selectors.get_group(request.user, slug)
    permissions.require_manager(request.user, group)
    form = ActionForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_action_item(
                actor=request.user, group=group, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The action item was added."))
            return redirect(item)
    return render(request, "workspace/action_form.html", {"form": form, "group": group})


# --- documents and the calendar ----------------------------------------------------------------


@login_required
@require_POST
def document_upload(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_group(request.user, slug)
    permissions.require_manager(request.user, group)
    form = DocumentForm(request.POST, request.FILES, group=group)
    if form.is_valid():
        try:
            services.upload_document(
                actor=request.user,
                group=group,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                meeting=form.cleaned_data["meeting"],
            )
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _("The document was added."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    meeting = form.cleaned_data.get("meeting") if form.is_bound and form.is_valid() else None
    return redirect(meeting or f"{group.get_absolute_url()}#documents")


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    return download_response(selectors.get_document(request.user, pk))


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No sign-in (calendar apps cannot); the secret token in the URL is the credential."""
    membership = selectors.membership_for_feed(token)
    if membership is None:
        raise Http404
    body = ical.group_calendar(
        membership.group, base_url=request.build_absolute_uri("/").rstrip("/")
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{membership.group.slug}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
