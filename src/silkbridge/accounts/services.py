"""Writes for accounts: profile, API tokens and organisation invitations."""

import secrets
import zoneinfo
from datetime import datetime
from functools import cache

from axes.utils import reset as reset_failed_attempts
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts import consent, emails
from silkbridge.accounts.models import (
    APIToken,
    EmailNotifications,
    Invitation,
    InvitationStatus,
    User,
)
from silkbridge.directory import permissions
from silkbridge.directory.models import Organisation, Person, PersonRole
from silkbridge.directory.services import acting_as

# Names in the tz database that are not places: the server's own zone and a placeholder.
NOT_PLACES = frozenset({"localtime", "Factory", "posixrules"})


@cache
def time_zone_names() -> frozenset[str]:
    """The IANA zone names a person or a meeting may use; cached because the lookup walks the
    tz database."""
    return frozenset(zoneinfo.available_timezones() - NOT_PLACES)


def update_profile(
    *,
    user: User,
    full_name: str,
    language: str,
    time_zone: str,
    email_notifications: str | None = None,
) -> User:
    """Save the user's own name, interface language, time zone and, if given, how they want
    notifications e-mailed, after validating them."""
    errors = {}
    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose one of the interface languages.")
    if time_zone not in time_zone_names():
        errors["time_zone"] = _("Choose a time zone from the list, such as Asia/Almaty.")
    if email_notifications is not None and email_notifications not in EmailNotifications.values:
        errors["email_notifications"] = _("Choose how you want notifications by e-mail.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(user):
        user.full_name = full_name.strip()
        user.language = language
        user.time_zone = time_zone
        fields = ["full_name", "language", "time_zone"]
        if email_notifications is not None:
            user.email_notifications = email_notifications
            fields.append("email_notifications")
        user.save(update_fields=fields)
    return user


def set_language(*, user: User, language: str) -> User:
    """Keep the interface language a person chose from the menu on their profile."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the interface languages.")})
    if user.language != language:
        with transaction.atomic(), acting_as(user):
            user.language = language
            user.save(update_fields=["language"])
    return user


def replace_email_address(*, user: User) -> None:
    """After the back office changed a user's address: it becomes the only one allauth knows,
    unverified, so the next sign-in e-mails a link to prove it (the old one no longer counts)."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        EmailAddress.objects.filter(user=user).delete()
        EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)


def clear_failed_sign_ins(*, email: str) -> int:
    """Lift a sign-in lock-out once the owner has proved control of the mailbox (password reset)."""
    return reset_failed_attempts(username=email.strip().lower())


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
    """Stop a token from working; its row stays so the owner sees when it was revoked."""
    if token.user_id != actor.pk and not actor.is_secretariat:
        raise PermissionDenied(_("You cannot revoke this token."))
    if token.revoked_at is not None:
        return
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


def invite_member(
    *, actor: User, organisation: Organisation, email: str, role: str
) -> tuple[Invitation, str]:
    """Invite someone by e-mail and return the invitation with its secret token (sent by e-mail).

    Re-inviting the same address replaces the pending invitation's token, role and expiry,
    so only the newest link works.
    """
    if not permissions.can_manage_people(actor, organisation):
        raise PermissionDenied(_("You cannot manage this organisation's people."))
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from exc
    if role not in PersonRole.values:
        raise ValidationError({"role": _("Choose admin or member.")})
    if Person.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("%(email)s is already a member of this organisation.") % {"email": email}}
        )
    token = secrets.token_urlsafe(32)
    fields = {
        "token_hash": Invitation.hash(token),
        "role": role,
        "invited_by": actor,
        "created_at": timezone.now(),
        "expires_at": Invitation.default_expiry(),
    }
    with transaction.atomic(), acting_as(actor):
        invitation = _refresh_pending(organisation, email, fields)
        if invitation is None:
            try:
                with transaction.atomic():
                    invitation = Invitation.objects.create(
                        organisation=organisation, email=email, **fields
                    )
            except IntegrityError:
                # A concurrent invitation to the same address won the insert; refresh that one.
                invitation = _refresh_pending(organisation, email, fields)
                if invitation is None:
                    raise
        emails.send_invitation(invitation=invitation, token=token)
    return invitation, token


def _refresh_pending(organisation: Organisation, email: str, fields: dict) -> Invitation | None:
    invitation = (
        Invitation.objects.select_for_update()
        .filter(organisation=organisation, email=email, status=InvitationStatus.PENDING)
        .first()
    )
    if invitation is not None:
        for key, value in fields.items():
            setattr(invitation, key, value)
        invitation.save()
    return invitation


def revoke_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    """Withdraw a pending invitation so its link stops working."""
    if not permissions.can_manage_people(actor, invitation.organisation):
        raise PermissionDenied(_("You cannot manage this organisation's people."))
    with transaction.atomic(), acting_as(actor):
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != InvitationStatus.PENDING:
            raise ValidationError(_("Only a pending invitation can be revoked."))
        invitation.status = InvitationStatus.REVOKED
        invitation.save(update_fields=["status"])
    return invitation


def find_invitation(token: str) -> Invitation | None:
    """The invitation behind a secret token, whatever its state, or None."""
    if not token:
        return None
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=Invitation.hash(token))
        .first()
    )


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why an invitation cannot be accepted, in words for the invitee, or None if it can."""
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied the whole link.")
    if invitation.status == InvitationStatus.ACCEPTED:
        return _("This invitation has already been accepted.")
    if invitation.status == InvitationStatus.REVOKED:
        return _("This invitation has been withdrawn. Ask the organisation's admin for a new one.")
    if invitation.expires_at <= timezone.now():
        return _("This invitation has expired. Ask the organisation's admin for a new one.")
    return None


def accept_invitation(
    *,
    token: str,
    user: User | AnonymousUser | None = None,
    full_name: str | None = None,
    password: str | None = None,
    language: str | None = None,
    accepted_terms: bool = False,
) -> Person:
    """Turn an invitation into a membership, creating the invitee's account if there is none.

    An address that already has an account must be signed in as that account; otherwise
    `full_name` and `password` create the account, once the invitee has accepted the terms of
    use and the privacy notice (`accepted_terms`, recorded as at sign-up). The invitation row is
    locked, so two clicks on the same link cannot make two memberships. `language`, the one the
    invitee was reading, becomes a new account's interface language.
    """
    if user is not None and not user.is_authenticated:
        user = None
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organisation")
            .filter(token_hash=Invitation.hash(token or ""))
            .first()
        )
        problem = invitation_problem(invitation)
        if problem:
            raise ValidationError(problem, code="unusable")
        account = User.objects.filter(email__iexact=invitation.email).first()
        if account is not None:
            if user is None or user.pk != account.pk:
                raise PermissionDenied(
                    _("Sign in as %(email)s to accept this invitation.")
                    % {"email": invitation.email}
                )
            if not account.is_active:
                raise PermissionDenied(_("This account is disabled."))
        else:
            account = _create_invitee(
                invitation.email, full_name or "", password or "", language or "", accepted_terms
            )
        if Person.objects.filter(organisation=invitation.organisation, user=account).exists():
            raise ValidationError(_("You are already a member of this organisation."))
        with acting_as(account):
            person = _membership_for(invitation, account)
            invitation.status = InvitationStatus.ACCEPTED
            invitation.accepted_at = timezone.now()
            invitation.accepted_by = account
            invitation.save(update_fields=["status", "accepted_at", "accepted_by"])
    permissions.forget_roles(account)
    return person


def _create_invitee(
    email: str, full_name: str, password: str, language: str, accepted_terms: bool
) -> User:
    full_name = full_name.strip()
    errors: dict[str, list] = {}
    if not full_name:
        errors["full_name"] = [_("Enter your full name.")]
    if not accepted_terms:
        errors["accept_terms"] = [
            _("Accept the terms of use and the privacy notice to create an account.")
        ]
    candidate = User(email=email, full_name=full_name)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as exc:
        errors["password"] = exc.error_list
    if errors:
        raise ValidationError(errors)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    accepted = consent.record_acceptance(User())
    return User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        language=language,
        terms_accepted_at=accepted.terms_accepted_at,
        terms_version=accepted.terms_version,
        privacy_version=accepted.privacy_version,
    )


def _membership_for(invitation: Invitation, account: User) -> Person:
    # A contact record with the same address (added by hand, no account) becomes the membership.
    person = (
        Person.objects.select_for_update()
        .filter(organisation=invitation.organisation, user=None, email__iexact=account.email)
        .order_by("pk")
        .first()
    )
    if person is None:
        person = Person(organisation=invitation.organisation)
    person.user = account
    person.role = invitation.role
    person.full_name = person.full_name or account.full_name or account.email
    person.email = account.email
    person.full_clean()
    person.save()
    return person
