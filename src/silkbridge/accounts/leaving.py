"""Leaving Silkbridge: a person's own data as JSON, and deleting their account.

Deleting removes the user row. The database then clears every reference to it (all are
SET_NULL) and removes what was only theirs (CASCADE: notifications, API tokens, e-mail
addresses, authenticators, single sign-on links, saved searches, forum representations, group
memberships). What others still rely on stays, without the person: messages they wrote show
"Former member"; introductions, ventures and audit entries keep their rows with nobody named;
exchange applications keep their status for the outcomes but lose the motivation and documents.
The stored files of rows that go with the account (a claim's evidence) are deleted after commit.
Memberships (directory people) are deleted, since nothing else points at them and a nameless
member would only confuse the organisation's page. Finally every text column of the database is
searched for the person's e-mail address and each copy replaced, so no record (an invitation, an
audit entry's old values, a failed sign-in) still names them.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from silkbridge.accounts.models import APIToken, Invitation, User
from silkbridge.directory.models import Organisation, Person, PersonRole

# What an erased copy of the e-mail address, or a personal value in the audit log, becomes.
REMOVED = "[removed]"
# Fields of the user and of their memberships whose old values the audit log must not keep.
PERSONAL_FIELDS = frozenset({"email", "full_name", "phone", "job_title"})
EXPORT_FORMAT = "silkbridge-personal-data/1"
logger = logging.getLogger(__name__)


@dataclass
class Departure:
    """What deleting an account changed that others need to hear of."""

    organisations_without_admin: list[Organisation] = field(default_factory=list)
    copies_erased: int = 0


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything Silkbridge holds about this person, and nothing about anyone else."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from silkbridge.conversations.models import Message
    from silkbridge.forums.models import Representative
    from silkbridge.introductions.models import Interest, Introduction
    from silkbridge.joining.models import Claim
    from silkbridge.notifications.kinds import render
    from silkbridge.notifications.models import Notification
    from silkbridge.opportunities.models import SavedSearch
    from silkbridge.talent.exchanges.models import Application
    from silkbridge.workspace.models import GroupMembership

    account = {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "time_zone": user.time_zone,
        "email_notifications": user.email_notifications,
        "platform_role": user.platform_role,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
    }
    for optional in ("terms_accepted_at", "privacy_accepted_at"):
        if hasattr(user, optional):
            account[optional] = _iso(getattr(user, optional))
    roles = {
        "proposed_by": "proposed",
        "a_responded_by": "answered",
        "b_responded_by": "answered",
        "closed_by": "closed",
        "broker": "brokered",
    }
    introductions = []
    took_part = Q()
    for name in roles:
        took_part |= Q(**{name: user})
    for intro in Introduction.objects.filter(took_part).select_related("org_a", "org_b"):
        parts = sorted(
            {role for name, role in roles.items() if getattr(intro, f"{name}_id") == user.pk}
        )
        introductions.append(
            {
                "id": intro.pk,
                "organisations": [intro.org_a.name, intro.org_b.name],
                "status": intro.status,
                "your_part": parts,
                "message": intro.message if intro.proposed_by_id == user.pk else "",
                "created_at": _iso(intro.created_at),
            }
        )
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "account": account,
        "email_addresses": [
            {"email": row.email, "verified": row.verified, "primary": row.primary}
            for row in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "two_factor": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "memberships": [
            {
                "organisation": person.organisation.name,
                "role": person.role,
                "full_name": person.full_name,
                "job_title": person.job_title,
                "email": person.email,
                "phone": person.phone,
                "since": _iso(person.created_at),
            }
            for person in Person.objects.filter(user=user).select_related("organisation")
        ],
        "expressions_of_interest": [
            {
                "opportunity": interest.opportunity.title,
                "organisation": interest.organisation.name,
                "message": interest.message,
                "status": interest.status,
                "created_at": _iso(interest.created_at),
            }
            for interest in Interest.objects.filter(created_by=user).select_related(
                "opportunity", "organisation"
            )
        ],
        "introductions": introductions,
        "messages_written": [
            {
                "conversation": message.conversation.subject,
                "body": message.body,
                "created_at": _iso(message.created_at),
            }
            for message in Message.objects.filter(author=user).select_related("conversation")
        ],
        "forum_registrations": [
            {
                "forum": rep.participant.event.name,
                "organisation": rep.participant.organisation.name,
                "status": rep.participant.status,
            }
            for rep in Representative.objects.filter(user=user).select_related(
                "participant__event", "participant__organisation"
            )
        ],
        "exchange_applications": [
            {
                "call": application.call.title,
                "status": application.status,
                "motivation": application.motivation,
                "submitted_at": _iso(application.submitted_at),
            }
            for application in Application.objects.filter(applicant__user=user).select_related(
                "call"
            )
        ],
        "organisation_claims": [
            {
                "organisation": claim.organisation.name,
                "status": claim.status,
                "evidence": claim.evidence_text,
                "evidence_file": claim.evidence_file_name,
                "submitted_at": _iso(claim.created_at),
            }
            for claim in Claim.objects.filter(claimant=user).select_related("organisation")
        ],
        "working_groups": [
            {"group": row.group.name, "role": row.role, "since": _iso(row.created_at)}
            for row in GroupMembership.objects.filter(user=user).select_related("group")
        ],
        "saved_searches": [
            {"name": row.name, "query": row.query, "notify": row.notify}
            for row in SavedSearch.objects.filter(user=user)
        ],
        "notifications": [
            {
                "text": render(row.kind, row.params),
                "url": row.url,
                "created_at": _iso(row.created_at),
                "read_at": _iso(row.read_at),
            }
            for row in Notification.objects.filter(recipient=user)
        ],
        "api_tokens": [
            {
                "name": token.name,
                "created_at": _iso(token.created_at),
                "expires_at": _iso(token.expires_at),
                "revoked_at": _iso(token.revoked_at),
                "last_used_at": _iso(token.last_used_at),
            }
            for token in APIToken.objects.filter(user=user)
        ],
    }


def check_identity(user: User, *, password: str = "", email: str = "") -> None:
    """The password again, or, for an account that signs in only through single sign-on, the
    e-mail address typed out: a left-open session alone cannot delete an account."""
    if user.has_usable_password():
        if not password or not user.check_password(password):
            raise ValidationError({"password": _("The password is not correct.")})
    elif email.strip().lower() != user.email.lower():
        raise ValidationError({"email": _("Type the e-mail address of this account.")})


def _left_without_admin(user: User) -> list[Organisation]:
    """Organisations where this person is the last admin with an account."""
    led = Organisation.objects.filter(people__user=user, people__role=PersonRole.ADMIN).distinct()
    others = Person.objects.filter(
        role=PersonRole.ADMIN, user__isnull=False, user__is_active=True
    ).exclude(user=user)
    return [org for org in led if not others.filter(organisation=org).exists()]


def _scrub_audit_log(user: User, person_ids: list[int]) -> None:
    """Audit entries stay, without who the person was: their own record's personal values are
    removed, and entries they made keep the change but not the actor."""
    LogEntry.objects.filter(actor=user).update(actor=None, actor_email="", remote_addr=None)
    about = Q(content_type=ContentType.objects.get_for_model(User), object_pk=str(user.pk))
    if person_ids:
        about |= Q(
            content_type=ContentType.objects.get_for_model(Person),
            object_pk__in=[str(pk) for pk in person_ids],
        )
    for entry in LogEntry.objects.filter(about):
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        for name in PERSONAL_FIELDS & set(changes):
            changes[name] = [REMOVED if value else value for value in changes[name]]
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=REMOVED, changes=changes, changes_text="", serialized_data=None
        )


# Notification parameters that name the person who caused the event, kept as plain text.
NAME_PARAMETERS = ("author", "person")


def _scrub_name_in_notifications(full_name: str) -> None:
    """Others' notifications ("New message from …") stop naming the person."""
    from silkbridge.notifications.models import Notification

    if len(full_name.strip()) < 3:
        return
    for row in Notification.objects.filter(params__icontains=full_name).only("pk", "params"):
        params = dict(row.params)
        for key in NAME_PARAMETERS:
            if isinstance(params.get(key), str):
                params[key] = _erase(params[key], full_name)
        Notification.objects.filter(pk=row.pk).update(params=params)


def _erase_applications(user: User) -> None:
    """Exchange applications keep their status (the outcomes count mobilities) but lose the
    motivation, the documents and the link to the person, as housekeeping would later."""
    from silkbridge.talent.exchanges.models import Application, ApplicationDocument

    ids = list(Application.objects.filter(applicant__user=user).values_list("pk", flat=True))
    if not ids:
        return
    documents = list(ApplicationDocument.objects.filter(application_id__in=ids))
    ApplicationDocument.objects.filter(application_id__in=ids).delete()
    Application.objects.filter(pk__in=ids).update(
        applicant=None, motivation="", anonymised_at=timezone.now()
    )

    def delete_files() -> None:
        for document in documents:
            try:
                document.file.delete(save=False)
            except OSError:
                logger.warning("Could not delete the file of document %s", document.pk)

    # Files go once the rows are gone for good: a rollback must not leave rows without files.
    transaction.on_commit(delete_files)


def _files_deleted_with(user: User) -> list[models.fields.files.FieldFile]:
    """The stored files of every row that deleting the user removes with it (a claim's
    evidence, for instance): the database forgets the rows, the storage must forget the files."""
    from django.db.models.deletion import Collector

    collector = Collector(using=User.objects.db)
    collector.collect([user])
    batches = [list(instances) for instances in collector.data.values()]
    batches += [list(queryset) for queryset in collector.fast_deletes]
    files = []
    for instances in batches:
        if not instances:
            continue
        fields = [
            model_field
            for model_field in instances[0]._meta.concrete_fields
            if isinstance(model_field, models.FileField)
        ]
        for instance in instances:
            files += [getattr(instance, f.name) for f in fields if getattr(instance, f.name)]
    return files


def _delete_files_after_commit(files: list) -> None:
    def delete() -> None:
        for stored in files:
            try:
                stored.storage.delete(stored.name)
            except OSError:
                logger.warning("Could not delete the file %s", stored.name)

    transaction.on_commit(delete)


def _text_fields(model: type[models.Model]) -> tuple[list[models.Field], list[models.Field]]:
    texts, documents = [], []
    for model_field in model._meta.concrete_fields:
        if isinstance(model_field, models.JSONField):
            documents.append(model_field)
        elif isinstance(model_field, models.CharField | models.TextField) and not (
            model_field.choices or model_field.primary_key
        ):
            texts.append(model_field)
    return texts, documents


def _erase(text: str, address: str) -> str:
    return re.sub(re.escape(address), REMOVED, text, flags=re.IGNORECASE)


def erase_address_everywhere(address: str) -> int:
    """Replace every copy of an e-mail address in every text column; returns the rows changed.

    A whole-database search, acceptable for the rare deletion of an account, and the only way
    to be sure no table (an invitation, an old audit value, a failed sign-in) still holds it.
    """
    changed = 0
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        texts, documents = _text_fields(model)
        if not texts and not documents:
            continue
        holds = Q()
        for model_field in texts + documents:
            holds |= Q(**{f"{model_field.attname}__icontains": address})
        manager = model._base_manager
        for row in manager.filter(holds).only(
            "pk", *[model_field.attname for model_field in texts + documents]
        ):
            updates: dict[str, Any] = {}
            for model_field in texts:
                value = getattr(row, model_field.attname)
                if isinstance(value, str) and address.lower() in value.lower():
                    if isinstance(model_field, models.EmailField):
                        erased = ""
                    else:
                        erased = _erase(value, address)[: model_field.max_length]
                    updates[model_field.attname] = erased
            for model_field in documents:
                value = getattr(row, model_field.attname)
                serialised = json.dumps(value)
                if address.lower() in serialised.lower():
                    updates[model_field.attname] = json.loads(_erase(serialised, address))
            if updates:
                manager.filter(pk=row.pk).update(**updates)
                changed += 1
    return changed


@transaction.atomic
def delete_account(*, user: User, password: str = "", email: str = "") -> Departure:
    """Delete the account after the person confirmed who they are; see the module docstring."""
    from silkbridge.notifications.services import notify, secretariat

    check_identity(user, password=password, email=email)
    if user.is_secretariat and not (
        User.objects.filter(is_active=True)
        .filter(Q(platform_role="secretariat") | Q(is_superuser=True))
        .exclude(pk=user.pk)
        .exists()
    ):
        raise ValidationError(
            _(
                "You are the only member of the secretariat: appoint another before you leave, "
                "so that someone can still run the platform."
            ),
            code="last_secretariat",
        )
    # Locked so two deletions (two tabs) cannot run at once; the second finds no row.
    user = User.objects.select_for_update().get(pk=user.pk)
    address, full_name = user.email, user.full_name
    departure = Departure(organisations_without_admin=_left_without_admin(user))
    person_ids = list(Person.objects.filter(user=user).values_list("pk", flat=True))
    with disable_auditlog():
        _scrub_audit_log(user, person_ids)
        Person.objects.filter(pk__in=person_ids).delete()
        APIToken.objects.filter(user=user).delete()
        _erase_applications(user)
        Invitation.objects.filter(email__iexact=address).delete()
        _delete_files_after_commit(_files_deleted_with(user))
        user_id = user.pk
        user.delete()
        # The audit log records that an account went, not whose. bulk_create sends no
        # pre_save signal, through which auditlog would name the deleted user as the actor.
        LogEntry.objects.bulk_create(
            [
                LogEntry(
                    content_type=ContentType.objects.get_for_model(User),
                    object_pk=str(user_id),
                    object_id=user_id,
                    object_repr=REMOVED,
                    action=LogEntry.Action.DELETE,
                    changes={},
                )
            ]
        )
        _scrub_name_in_notifications(full_name)
        departure.copies_erased = erase_address_everywhere(address)
    for organisation in departure.organisations_without_admin:
        notify(
            secretariat(),
            "organisation_without_admin",
            url=organisation.get_absolute_url(),
            params={"organisation": organisation.name},
        )
    return departure
