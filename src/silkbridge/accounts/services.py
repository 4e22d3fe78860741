"""Writes for accounts: API tokens and organisation invitations."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import APIToken, User


def create_api_token(
    *, user: User, name: str, expires_at: datetime | None = None
) -> tuple[APIToken, str]:
    """Create a token and return it with its secret, which is never stored and shown only once."""
    secret = APIToken.generate_secret()
    token = APIToken.objects.create(
        user=user,
        name=name.strip() or _("API token"),
        key_hash=APIToken.hash(secret),
        key_prefix=secret[:10],
        expires_at=expires_at,
    )
    return token, secret


def revoke_api_token(*, actor: User, token: APIToken) -> None:
    if token.user_id != actor.pk and not actor.is_secretariat:
        raise PermissionDenied(_("You cannot revoke this token."))
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def user_for_token(secret: str) -> User | None:
    """The active user behind a live token, or None; records when the token was last used."""
    if not secret or not secret.startswith(APIToken.PREFIX):
        return None
    token = (
        APIToken.objects.active()
        .select_related("user")
        .filter(key_hash=APIToken.hash(secret))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    APIToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
