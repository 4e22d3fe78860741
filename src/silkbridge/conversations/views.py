"""Conversation pages: the list of threads, one thread, attachment downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from silkbridge.conversations import permissions, selectors, services
from silkbridge.conversations.forms import MessageForm, ThreadForm
from silkbridge.core.uploads import download_response
from silkbridge.directory import selectors as directory_selectors


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def conversation_list(request: HttpRequest) -> HttpResponse:
    page = selectors.conversation_list(request.user, request.GET.get("page"))
    return render(
        request,
        "conversations/list.html",
        {"page": page, "is_secretariat": permissions.can_start_thread(request.user)},
    )


@login_required
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = selectors.get_conversation(request.user, pk)
    form = MessageForm(request.POST or None, request.FILES or None)
    htmx = bool(request.headers.get("HX-Request"))
    sent = False
    if request.method == "POST" and form.is_valid():
        try:
            services.post_message(
                actor=request.user,
                conversation=conversation,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if not htmx:
                messages.success(request, _("Your message was sent."))
                return redirect(conversation)
            form, sent = MessageForm(), True
    services.mark_read(actor=request.user, conversation=conversation)
    context = {
        "conversation": conversation,
        "organisations": list(conversation.organisations.all()),
        "page": selectors.messages_page(conversation, request.GET.get("page")),
        "form": form,
        "takes_messages": permissions.takes_messages(conversation),
        "sent": sent,
        "closed_message": services.CLOSED_MESSAGE,
    }
    template = "conversations/_thread.html" if htmx else "conversations/detail.html"
    status = 422 if request.method == "POST" and form.errors else 200
    return render(request, template, context, status=status)


@login_required
def start_thread(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = directory_selectors.get_organisation(slug)
    if not permissions.can_start_thread(request.user, organisation):
        raise Http404
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.start_secretariat_thread(
                actor=request.user,
                organisation=organisation,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your message was sent."))
            return redirect(conversation)
    return render(request, "conversations/start.html", {"organisation": organisation, "form": form})


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.get_attachment(request.user, pk)
    return download_response(attachment)
