"""Registering a new organisation, and the secretariat's decision on it.

A person with a verified e-mail registers an organisation that is not in the directory yet. It
is listed at once, marked unverified, with the person as its admin; the secretariat then
verifies it (approve_registration) or refuses it with a reason (refuse_registration). A refused
organisation stays in the database with `registration_refused_at` and the reason set, and
`Organisation.objects.active()` leaves it out, so it disappears from the directory, search,
matching and every picker exactly as a merged record does; the audit log keeps the history.

Every write happens inside one transaction that first locks the registrant's user row, so two
submissions of the same form (a double click, two tabs) create one organisation: the second
finds the first and returns it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.directory import permissions as directory_permissions
from silkbridge.directory import services as directory_services
from silkbridge.directory.logos import prepare_logo
from silkbridge.directory.models import Organisation, Person, PersonRole, Verification
from silkbridge.directory.registration_numbers import parse_registration_number
from silkbridge.joining import registration_kinds  # noqa: F401  (its notification texts)
from silkbridge.notifications.services import notify, secretariat

__all__ = [
    "MAX_AWAITING_PER_PERSON",
    "REASON_MAX_LENGTH",
    "approve_registration",
    "can_register",
    "check_can_register",
    "has_verified_email",
    "refuse_registration",
    "register_organisation",
]

User = get_user_model()

REASON_MAX_LENGTH = 1000
# Registrations one person may have waiting for the secretariat at once.
MAX_AWAITING_PER_PERSON = 3
REGISTRATION_FIELDS = (
    "name",
    "kind",
    "country",
    "city",
    "website",
    "sectors",
    "technologies",
    "services",
)


def has_verified_email(user) -> bool:
    from allauth.account.models import EmailAddress

    return bool(
        user.is_authenticated and EmailAddress.objects.filter(user=user, verified=True).exists()
    )


def can_register(user) -> bool:
    """Anyone signed in with a verified e-mail address may register an organisation."""
    return bool(user.is_authenticated and user.is_active and has_verified_email(user))


def _awaiting_of(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        registered_by=user,
        verification=Verification.UNVERIFIED,
        registration_refused_at__isnull=True,
        merged_into__isnull=True,
    )


def check_can_register(user) -> None:
    if not can_register(user):
        raise PermissionDenied(_("Verify your e-mail address before registering an organisation."))


def register_organisation(
    *, actor, data: dict, logo: UploadedFile | None = None
) -> tuple[Organisation, bool]:
    """Create the organisation with `actor` as its admin; returns (organisation, created).

    `data` holds the registration form's cleaned fields (REGISTRATION_FIELDS and
    `registration_number`, already in its stored form or blank). The same person submitting the
    same name again while the first is unverified gets the first back, not a second record.
    """
    check_can_register(actor)
    registration_number = (data.get("registration_number") or "").strip()
    if registration_number:
        try:
            registration_number = parse_registration_number(
                str(data.get("country") or ""), registration_number
            ).value
        except ValidationError as error:
            raise ValidationError({"registration_number": error.messages}) from None
    stored_logo = prepare_logo(logo) if logo else None
    profile = {field: data[field] for field in REGISTRATION_FIELDS if field in data}
    saved_logo = ""
    try:
        with transaction.atomic(), directory_services.acting_as(actor):
            # Serialises one person's submissions (SQLite's IMMEDIATE transactions do the same).
            User.objects.select_for_update().filter(pk=actor.pk).first()
            awaiting = _awaiting_of(actor)
            same = awaiting.filter(name__iexact=profile.get("name", "").strip()).first()
            if same is not None:
                return same, False
            if awaiting.count() >= MAX_AWAITING_PER_PERSON:
                raise ValidationError(
                    _(
                        "You have %(count)d registrations waiting for the secretariat; wait "
                        "until they are verified before registering more."
                    )
                    % {"count": MAX_AWAITING_PER_PERSON},
                    code="too_many_registrations",
                )
            organisation = directory_services.create_organisation(
                actor=actor, data=profile, source="registration", check_permission=False
            )
            organisation.registration_number = registration_number
            organisation.registered_by = actor
            organisation.registered_at = timezone.now()
            update = ["registration_number", "registered_by", "registered_at"]
            if stored_logo is not None:
                organisation.logo.save(stored_logo.name, stored_logo, save=False)
                saved_logo = organisation.logo.name
                update.append("logo")
            organisation.save(update_fields=update)
            Person.objects.create(
                organisation=organisation,
                user=actor,
                full_name=actor.full_name or actor.email,
                email=actor.email,
                role=PersonRole.ADMIN,
            )
            directory_permissions.forget_roles(actor)
            notify(
                secretariat(),
                "registration_submitted",
                url=_url("joining:queue"),
                params={"organisation": organisation.name, "person": _person_name(actor)},
                exclude=actor,
            )
    except BaseException:
        # The rolled-back row no longer points at the file: do not leave it behind.
        if saved_logo:
            Organisation._meta.get_field("logo").storage.delete(saved_logo)
        raise
    return organisation, True


def _person_name(user) -> str:
    return user.full_name or user.email


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # the queue and start pages are another part of this app
        return ""


def _lock_pending(organisation: Organisation) -> Organisation:
    """The organisation's row, locked, if it is a registration awaiting a decision."""
    locked = Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if (
        locked is None
        or locked.registered_at is None
        or locked.registration_refused_at is not None
        or locked.merged_into_id is not None
        or locked.verification != Verification.UNVERIFIED
    ):
        raise ValidationError(
            _("This registration has already been decided."), code="already_decided"
        )
    return locked


def approve_registration(*, organisation: Organisation, by) -> Organisation:
    """Verify a self-registered organisation and tell the person who registered it."""
    if not directory_permissions.can_verify(by):
        raise PermissionDenied(_("Only the secretariat can verify organisations."))
    with transaction.atomic(), directory_services.acting_as(by):
        locked = _lock_pending(organisation)
        directory_services.set_verification(actor=by, organisation=locked, verified=True)
        if locked.registered_by_id:
            notify(
                [locked.registered_by],
                "registration_approved",
                url=locked.get_absolute_url(),
                params={"organisation": locked.name},
                exclude=by,
            )
    _copy_state(locked, organisation)
    return organisation


def refuse_registration(*, organisation: Organisation, by, reason: str) -> Organisation:
    """Refuse a self-registration: it leaves the directory, and the person is told why."""
    if not directory_permissions.can_verify(by):
        raise PermissionDenied(_("Only the secretariat can verify organisations."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")}, code="required")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Keep the reason under %(limit)d characters.")
                % {"limit": REASON_MAX_LENGTH}
            },
            code="max_length",
        )
    with transaction.atomic(), directory_services.acting_as(by):
        locked = _lock_pending(organisation)
        locked.registration_refused_at = timezone.now()
        locked.registration_refusal_reason = reason
        locked.save(
            update_fields=["registration_refused_at", "registration_refusal_reason", "updated_at"]
        )
        if locked.registered_by_id:
            notify(
                [locked.registered_by],
                "registration_refused",
                url=_url("joining:start"),
                params={"organisation": locked.name, "reason": reason},
                exclude=by,
            )
    _copy_state(locked, organisation)
    return organisation


def _copy_state(source: Organisation, target: Organisation) -> None:
    """Let the caller's instance show the decision it asked for."""
    if source is target:
        return
    for name in (
        "verification",
        "verified_at",
        "verified_by_id",
        "listing_rank",
        "registration_refused_at",
        "registration_refusal_reason",
    ):
        setattr(target, name, getattr(source, name))
