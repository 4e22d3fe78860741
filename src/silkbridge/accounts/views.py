"""Account pages: sign-up, sign in and out and passwords (allauth's views with our forms and
limits), profile, API tokens and invitations."""

from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from silkbridge.accounts import entrance_forms, forms, selectors, services
from silkbridge.accounts.language import (
    CHOSEN_LANGUAGE_KEY,
    COOKIE_FROM_PROFILE_KEY,
    remember_language,
)
from silkbridge.accounts.models import APIToken, Invitation
from silkbridge.core import ratelimits
from silkbridge.directory.selectors import get_organisation_for_edit

# The backend that signs in a newly created invitee; axes only guards password checks.
SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, and the choice remembered: on a signed-in person's profile, or
    until an anonymous visitor signs in, so that the language they read the sign-in page in
    is the one they keep."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            services.set_language(user=request.user, language=language)
        else:
            request.session[CHOSEN_LANGUAGE_KEY] = language
            request.session.pop(COOKIE_FROM_PROFILE_KEY, None)
    return response


class SignInView(ratelimits.RateLimitedFormMixin, allauth_views.LoginView):
    """allauth's sign-in (axes counts its failures); the language is settled in the adapter."""

    rate_limits = ratelimits.SIGN_IN
    form_class = entrance_forms.SignInForm


class SignUpView(ratelimits.RateLimitedFormMixin, allauth_views.SignupView):
    rate_limits = ratelimits.SIGN_UP
    form_class = entrance_forms.SignUpForm

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["terms_url"] = _url_or_empty("public:terms")
        context["privacy_url"] = _url_or_empty("public:privacy")
        return context


def _url_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


class SignOutView(allauth_views.LogoutView):
    """Signing out only by POST (a link or a prefetch must not sign anyone out)."""

    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        request.session[COOKIE_FROM_PROFILE_KEY] = True
        return response


class PasswordChangeView(allauth_views.PasswordChangeView):
    form_class = entrance_forms.ChangePasswordForm
    success_url = reverse_lazy("accounts:profile")


class PasswordResetView(ratelimits.RateLimitedFormMixin, allauth_views.PasswordResetView):
    rate_limits = ratelimits.PASSWORD_RESET
    form_class = entrance_forms.ResetPasswordForm


class PasswordResetFromKeyView(
    ratelimits.RateLimitedFormMixin, allauth_views.PasswordResetFromKeyView
):
    rate_limits = ratelimits.ANONYMOUS_POST
    form_class = entrance_forms.ResetPasswordKeyForm

    def form_valid(self, form):
        response = super().form_valid(form)
        services.clear_failed_sign_ins(email=form.user.email)
        return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = forms.ProfileForm.for_user(request.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.update_profile(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            translation.activate(user.language)
            messages.success(request, _("Your profile has been saved."))
            return remember_language(redirect("accounts:profile"), user.language)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": selectors.memberships_of(request.user),
        },
    )


@never_cache
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = forms.APITokenForm(request.POST or None)
    new_token, secret = None, None
    if request.method == "POST" and form.is_valid():
        new_token, secret = services.create_api_token(
            user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
        )
        form = forms.APITokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": selectors.tokens_of(request.user),
            "new_token": new_token,
            "secret": secret,
            "now": timezone.now(),
        },
    )


@require_POST
@login_required
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(APIToken, pk=token_id, user=request.user)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


@login_required
def invite(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = get_organisation_for_edit(request.user, org_slug)
    form = forms.InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invite_member(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:invite", org_slug=organisation.slug)
    return render(
        request,
        "accounts/invite.html",
        {
            "organisation": organisation,
            "form": form,
            "invitations": selectors.pending_invitations(organisation),
            "invitation_days": settings.INVITATION_DAYS,
            "now": timezone.now(),
        },
    )


@require_POST
@login_required
def revoke_invitation(request: HttpRequest, org_slug: str, invitation_id: int) -> HttpResponse:
    organisation = get_organisation_for_edit(request.user, org_slug)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=organisation)
    try:
        services.revoke_invitation(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email},
        )
    return redirect("accounts:invite", org_slug=organisation.slug)


@never_cache
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_invitation(token)
    problem = services.invitation_problem(invitation)
    if problem:
        status = 404 if invitation is None else 410
        return render(
            request, "accounts/invitation_invalid.html", {"problem": problem}, status=status
        )
    has_account = selectors.account_exists(invitation.email)
    refused = request.method == "POST" and ratelimits.over_limit(request, ratelimits.ANONYMOUS_POST)
    if has_account:
        form = None
    elif refused:
        form = ratelimits.refused_form(
            forms.AcceptInvitationForm, keep=("full_name",), data=request.POST
        )
    else:
        form = forms.AcceptInvitationForm(request.POST or None)
    error, status = "", 200
    if refused:
        # The refusal shows as the form's error, or on its own where there is no form.
        error = ratelimits.too_many_message() if form is None else ""
        status = ratelimits.TOO_MANY_STATUS
    elif request.method == "POST" and (form is None or form.is_valid()):
        details = (
            {}
            if form is None
            else {
                "full_name": form.cleaned_data["full_name"],
                "password": form.cleaned_data["password"],
                "language": translation.get_language(),
                "accepted_terms": form.cleaned_data["accept_terms"],
            }
        )
        try:
            person = services.accept_invitation(token=token, user=request.user, **details)
        except ValidationError as exc:
            if form is not None and hasattr(exc, "error_dict"):
                form.add_error(None, exc)
            else:
                error = " ".join(exc.messages)
        except PermissionDenied as exc:
            error, status = str(exc), 403
        else:
            if person.user_id != request.user.pk:
                login(request, person.user, backend=SIGN_IN_BACKEND)
            messages.success(
                request,
                _("Welcome to %(organisation)s.") % {"organisation": person.organisation.name},
            )
            return redirect(person.organisation.get_absolute_url())
    signed_in_as_invitee = (
        request.user.is_authenticated and request.user.email.lower() == invitation.email.lower()
    )
    return render(
        request,
        "accounts/invitation_accept.html",
        {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "has_account": has_account,
            "signed_in_as_invitee": signed_in_as_invitee,
            "form": form,
            "error": error,
            "login_url": reverse("accounts:login") + "?" + urlencode({"next": request.path}),
            "terms_url": _url_or_empty("public:terms"),
            "privacy_url": _url_or_empty("public:privacy"),
        },
        status=status,
    )
