"""Applicant profiles: a person says which institution they study at; its coordinator confirms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation, OrganisationKind, PersonRole
from silkbridge.notifications.services import notify
from silkbridge.talent.agreements.isced import ISCED_FIELDS
from silkbridge.talent.exchanges import permissions
from silkbridge.talent.exchanges.errors import FieldErrors
from silkbridge.talent.exchanges.models import EQF_LEVELS, ApplicantProfile


def clean_level_and_area(errors: FieldErrors, data: dict[str, Any]) -> tuple[str, int | None]:
    area = str(data.get("subject_area") or "").strip()
    if area not in ISCED_FIELDS:
        errors.add("subject_area", _("Choose a field of study from the ISCED-F list."), "isced")
    try:
        level = int(data.get("study_level"))
    except (TypeError, ValueError):
        level = None
    if level not in EQF_LEVELS:
        errors.add("study_level", _("The study level is an EQF level from 5 to 8."), "eqf")
        level = None
    return area, level


def request_profile(
    *, actor: User, home_institution: Organisation | None, data: dict[str, Any]
) -> ApplicantProfile:
    """Ask the home institution to confirm the actor as its student; its admins are told."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to apply."))
    errors = FieldErrors()
    if home_institution is None or home_institution.kind != OrganisationKind.ACADEMIC:
        errors.add("home_institution", _("Choose an academic institution."), "invalid")
    elif ApplicantProfile.objects.filter(user=actor, home_institution=home_institution).exists():
        errors.add(
            "home_institution",
            _("You have already asked this institution to confirm you."),
            "duplicate",
        )
    area, level = clean_level_and_area(errors, data)
    errors.raise_any()
    with transaction.atomic():
        profile = ApplicantProfile.objects.create(
            user=actor, home_institution=home_institution, subject_area=area, study_level=level
        )
        coordinators = User.objects.filter(
            people__organisation=home_institution, people__role=PersonRole.ADMIN
        )
        notify(
            coordinators,
            "talent_profile_to_confirm",
            url=reverse("talent_exchanges:applicants"),
            params={"name": actor.full_name or actor.email},
            exclude=actor,
        )
    return profile


def confirm_profile(*, actor: User, profile: ApplicantProfile) -> ApplicantProfile:
    """The home institution's coordinator confirms the person studies there (once)."""
    if profile.home_institution_id not in permissions.coordinated_ids(actor):
        raise PermissionDenied(_("Only the home institution's coordinators confirm its students."))
    now = timezone.now()
    with transaction.atomic():
        changed = ApplicantProfile.objects.filter(pk=profile.pk, confirmed_at__isnull=True).update(
            confirmed_at=now, confirmed_by=actor
        )
        if changed:
            notify(
                [profile.user],
                "talent_profile_confirmed",
                url=reverse("talent_exchanges:applications"),
                params={"institution": profile.home_institution.name},
                exclude=actor,
            )
    profile.refresh_from_db()
    return profile
