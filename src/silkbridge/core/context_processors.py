from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict:
    """Values every page needs: the configured countries and the user's platform role."""
    user = getattr(request, "user", None)
    return {
        "PLATFORM_COUNTRIES": settings.SILKBRIDGE_COUNTRIES,
        "is_secretariat": bool(user and user.is_authenticated and user.is_secretariat),
    }
