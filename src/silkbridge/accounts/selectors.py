"""Reads for account pages: a person's own tokens and memberships, an organisation's invitations."""

from django.db.models import QuerySet

from silkbridge.accounts.models import APIToken, Invitation, InvitationStatus, User
from silkbridge.directory.models import Organisation, Person


def tokens_of(user: User) -> QuerySet[APIToken]:
    """The user's own API tokens, newest first; nobody else's are ever listed."""
    return APIToken.objects.filter(user=user).order_by("-created_at", "-pk")


def memberships_of(user: User) -> QuerySet[Person]:
    """The user's roles in organisations, with the organisation loaded for display."""
    return (
        Person.objects.filter(user=user, organisation__merged_into__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


def pending_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations still waiting for an answer, expired ones included so they can be revoked."""
    return (
        Invitation.objects.filter(organisation=organisation, status=InvitationStatus.PENDING)
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )


def account_exists(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()
