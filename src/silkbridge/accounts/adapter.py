"""How allauth fits Silkbridge (ACCOUNT_ADAPTER): our messages, the person's own language for
their e-mails, links built from SITE_URL, what sign-up stores, and where people land."""

from typing import Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _

from silkbridge.accounts import consent, emails, services
from silkbridge.accounts.language import chosen_before_sign_in, remember_language
from silkbridge.accounts.models import User

# Where a newly verified person goes when no `next` says otherwise: claiming or registering
# their organisation.
AFTER_SIGN_UP = "joining:start"


def after_sign_up_url() -> str:
    try:
        return reverse(AFTER_SIGN_UP)
    except NoReverseMatch:
        return reverse(settings.LOGIN_REDIRECT_URL)


def safe_next(request: HttpRequest | None) -> str:
    """The `next` a form or link carried, if it stays on this site."""
    if request is None:
        return ""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else ""


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("The e-mail address or password is not correct."),
        "account_inactive": _("This account is disabled."),
        "enter_current_password": _("The current password is not correct."),
        "incorrect_password": _("The current password is not correct."),
        "too_many_login_attempts": _("Too many attempts. Wait a few minutes, then try again."),
        "rate_limited": _("Too many attempts. Wait a few minutes, then try again."),
        "invalid_password_reset": _(
            "The password reset link is not valid, possibly because it has already been used "
            "or has expired. Ask for a new one."
        ),
    }

    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        """allauth's address and password, plus our name, language, time zone and consent."""
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.email = user.email.lower()
        user.full_name = data.get("full_name", "")
        if data.get("language") in dict(settings.LANGUAGES):
            user.language = data["language"]
        if data.get("time_zone") in services.time_zone_names():
            user.time_zone = data["time_zone"]
        consent.record_acceptance(user)
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Rendered in the recipient's language and queued for after the commit, so the answer
        takes as long whether or not an e-mail goes out."""
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "language", "") or translation.get_language()
        with translation.override(language):
            emails.send_rendered(
                subject_template=f"{template_prefix}_subject.txt",
                body_template=f"{template_prefix}_message.txt",
                context={
                    "email": email,
                    "site_url": emails.absolute_url(""),
                    "expiry_days": settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS,
                    **context,
                },
                recipients=[email],
            )

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation) -> str:
        url = emails.absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))
        next_url = safe_next(request)
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return emails.absolute_url(path.replace("UID-KEY", quote(key)))

    def send_account_already_exists_mail(self, email: str) -> None:
        self.send_mail(
            "account/email/account_already_exists",
            email,
            {
                "signup_url": emails.absolute_url(reverse("account_signup")),
                "password_reset_url": emails.absolute_url(reverse("account_reset_password")),
            },
        )

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return after_sign_up_url()

    def get_email_verification_redirect_url(self, email_address) -> str:
        if self.request.user.is_authenticated:
            return after_sign_up_url()
        # Verified in another browser: sign in there, then go on to the organisation.
        return f"{reverse('account_login')}?{urlencode({'next': after_sign_up_url()})}"

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> HttpResponse:
        """The language chosen before signing in wins and goes on the profile; the profile's
        language is then remembered in the cookie. At sign-up the form's choice stands."""
        response = super().post_login(request, user, **kwargs)
        chosen = chosen_before_sign_in(request)
        if chosen and not kwargs.get("signup"):
            user = services.set_language(user=user, language=chosen)
        return remember_language(response, user.language)
