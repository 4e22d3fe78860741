"""The interface language a person keeps: chosen before signing in, it wins over the profile."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

# The language an anonymous visitor chose from the menu, kept in the session until sign-in.
CHOSEN_LANGUAGE_KEY = "chosen_language"
# Set at sign-out: the language cookie left behind is the last profile's, not anyone's choice.
COOKIE_FROM_PROFILE_KEY = "language_cookie_from_profile"


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Make the interface language stick for later requests, as Django's set_language view does."""
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def chosen_before_sign_in(request: HttpRequest) -> str | None:
    """The language picked before signing in (taken out of the session): from the menu, or the
    language cookie, unless that cookie was only left behind by the last sign-out."""
    session = request.session
    chosen = session.pop(CHOSEN_LANGUAGE_KEY, None)
    from_profile = session.pop(COOKIE_FROM_PROFILE_KEY, False)
    if chosen is None and not from_profile:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else None
