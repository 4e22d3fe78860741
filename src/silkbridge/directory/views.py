"""Directory pages. Each view parses input, calls one selector or service, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silkbridge.core.visitor_limits import too_many_searches, visitor_search_limited
from silkbridge.directory import logos, permissions, selectors, services, suggestions
from silkbridge.directory.forms import MergeForm, OrganisationForm, PersonForm, TermForm
from silkbridge.directory.forms_query import DirectoryFilterForm
from silkbridge.directory.models import Person, Term, Vocabulary


def organisation_list(request: HttpRequest) -> HttpResponse:
    if visitor_search_limited(request):
        return too_many_searches(request)
    form = DirectoryFilterForm(request.GET or None)
    query = form.to_query()
    page = selectors.directory_paginator(query).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    suggestion = suggestions.did_you_mean(query) if not page.paginator.count else None
    suggested_params = params.copy()
    if suggestion:
        suggested_params["q"] = suggestion
    context = {
        "form": form,
        "page": page,
        "query": query,
        "params": params.urlencode(),
        "suggestion": suggestion,
        "suggested_params": suggested_params.urlencode(),
        # On a phone the filters start folded, unless one is already in use.
        "filtered": any(v for k, v in params.items() if k != "q"),
    }
    template = (
        "directory/_results.html" if request.headers.get("HX-Request") else "directory/list.html"
    )
    return render(request, template, context)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.get_organisation(slug)
    if organisation.slug != slug:
        return redirect(organisation)
    if not request.user.is_authenticated:
        # A visitor's page has no people, contacts, matching or history: only what the
        # organisation publishes about itself, and the way to sign up and act.
        return render(request, "directory/public_detail.html", {"organisation": organisation})
    people, show_contacts = selectors.people_of(request.user, organisation)
    return render(
        request,
        "directory/detail.html",
        {
            "organisation": organisation,
            "people": people,
            "show_contacts": show_contacts,
            "can_edit": permissions.can_edit_organisation(request.user, organisation),
            "can_verify": permissions.can_verify(request.user),
            "can_read_audit": permissions.can_read_audit_log(request.user),
            "sources": organisation.sources.all(),
        },
    )


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.get_organisation_for_edit(request.user, slug)
    is_secretariat = permissions.is_secretariat(request.user)
    form = OrganisationForm(
        request.POST or None,
        request.FILES or None,
        instance=organisation,
        can_change_identity=is_secretariat,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a profile that cannot be saved leaves the logo as it was too.
            with transaction.atomic():
                services.update_organisation(
                    actor=request.user, organisation=organisation, data=data
                )
                if data.get("logo") or data.get("remove_logo"):
                    logos.replace_logo(
                        actor=request.user, organisation=organisation, upload=data.get("logo")
                    )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect(organisation)
    return render(request, "directory/edit.html", {"organisation": organisation, "form": form})


@login_required
@require_POST
def organisation_verify(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.get_organisation(slug)
    if not permissions.can_verify(request.user):
        raise Http404
    verified = request.POST.get("verified") == "1"
    services.set_verification(actor=request.user, organisation=organisation, verified=verified)
    messages.success(
        request,
        _("The organisation is verified.") if verified else _("The verification was removed."),
    )
    return redirect(organisation)


@login_required
def people(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.get_organisation_for_edit(request.user, slug)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_person(
                actor=request.user, organisation=organisation, data=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person was added."))
            return redirect("directory:people", slug=organisation.slug)
    return render(
        request,
        "directory/people.html",
        {
            "organisation": organisation,
            "people": selectors.people_of(request.user, organisation)[0],
            "form": form,
        },
    )


def _person_for_edit(request: HttpRequest, slug: str, person_id: int) -> Person:
    organisation = selectors.get_organisation_for_edit(request.user, slug)
    return get_object_or_404(Person, pk=person_id, organisation=organisation)


@login_required
def person_edit(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    person = _person_for_edit(request, slug, person_id)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            # A fresh row: form validation already wrote the new values onto `person`,
            # and the service must compare against the stored role.
            services.update_person(
                actor=request.user, person=Person.objects.get(pk=person.pk), data=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person was saved."))
            return redirect("directory:people", slug=person.organisation.slug)
    return render(
        request,
        "directory/person_edit.html",
        {
            "organisation": person.organisation,
            "person": person,
            "form": form,
        },
    )


@login_required
@require_POST
def person_remove(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    person = _person_for_edit(request, slug, person_id)
    try:
        services.remove_person(actor=request.user, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The person was removed."))
    return redirect("directory:people", slug=person.organisation.slug)


@login_required
def merge(request: HttpRequest) -> HttpResponse:
    if not permissions.can_merge(request.user):
        raise Http404
    form = MergeForm(request.POST or request.GET or None)
    confirm = request.method == "POST" and request.POST.get("confirm") == "1"
    if form.is_bound and form.is_valid() and confirm:
        try:
            keep = services.merge_organisations(
                actor=request.user,
                keep=form.cleaned_data["keep"],
                duplicate=form.cleaned_data["duplicate"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisations were merged."))
            return redirect(keep)
    return render(request, "directory/merge.html", {"form": form})


def taxonomy(request: HttpRequest) -> HttpResponse:
    can_manage = permissions.can_manage_taxonomy(request.user)
    term = None
    if request.GET.get("edit") and can_manage:
        if not request.GET["edit"].isdigit():
            raise Http404
        term = get_object_or_404(Term, pk=request.GET["edit"])
    form = TermForm(request.POST or None, instance=term) if can_manage else None
    if request.method == "POST":
        if not can_manage or form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_term(actor=request.user, term=term, data=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The term was saved."))
                return redirect("directory:taxonomy")
    all_terms = list(selectors.terms())
    vocabularies = [
        (value, label, [t for t in all_terms if t.vocabulary == value])
        for value, label in Vocabulary.choices
    ]
    return render(
        request,
        "directory/taxonomy.html",
        {
            "vocabularies": vocabularies,
            "form": form,
            "editing": term,
            "can_manage": can_manage,
        },
    )
