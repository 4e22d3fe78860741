"""What a person accepted when signing up: the moment, and the published version of the terms
of use and of the privacy notice (version 0 while a text has not been published yet)."""

from django.utils import timezone

from silkbridge.accounts.models import User


def current_versions() -> tuple[int, int]:
    """The versions of (terms, privacy notice) a person accepts now."""
    from silkbridge.public import legal

    return (
        legal.current_version(legal.LegalKind.TERMS),
        legal.current_version(legal.LegalKind.PRIVACY),
    )


def record_acceptance(user: User) -> User:
    """Note on the (unsaved) user that the current texts were accepted now."""
    user.terms_version, user.privacy_version = current_versions()
    user.terms_accepted_at = timezone.now()
    return user
