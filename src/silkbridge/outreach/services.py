"""Writes for invitation campaigns: upload, confirm, send, remind, open, claim.

The rules, once:

* An uploaded list is only kept as a file until the secretariat confirms it; confirming checks
  it again against the directory as it is then and creates every ready contact in one
  transaction, or none.
* Every e-mail (the first and each reminder) carries a fresh token; only its SHA-256 is kept,
  so only the newest link works. E-mails leave after the commit, through the task queue for
  long lists.
* A reminder goes to a contact who has not joined, at most once every REMINDER_DAYS days.
* Reaching the link marks the contact "opened". Once the person has an account whose verified
  e-mail is the invited address, the link lets them claim the record: the secretariat vouched
  for them by inviting, so they become its admin when it has none. A record with admins is
  never taken over: the link submits an ordinary joining claim, which says the secretariat
  invited this person through the campaign, and the admins (or the secretariat) decide it in
  the joining app like any other. The contact has joined once that claim is approved.
"""

import logging
import secrets
import threading
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import F, Min
from django.db.models.functions import Coalesce
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from silkbridge.accounts.models import Invitation, User
from silkbridge.directory import permissions as directory_permissions
from silkbridge.directory.models import Organisation, Person, PersonRole
from silkbridge.directory.services import acting_as
from silkbridge.joining import services as joining_services
from silkbridge.joining.models import Claim, ClaimStatus
from silkbridge.outreach import contact_lists, emails, permissions
from silkbridge.outreach.models import Campaign, CampaignStatus, Contact, ContactStatus

# Lists longer than this are e-mailed by the task queue, in chunks of SEND_CHUNK.
SEND_INLINE_LIMIT = 50
SEND_CHUNK = 200
NOT_JOINED = (ContactStatus.INVITED, ContactStatus.OPENED)
logger = logging.getLogger(__name__)


def reminder_days() -> int:
    return getattr(settings, "OUTREACH_REMINDER_DAYS", 7)


def _require_sender(actor: User) -> None:
    if not permissions.can_send(actor):
        raise PermissionDenied(_("Only the secretariat can send invitations."))


def upload_list(*, actor: User, name: str, language: str, upload: UploadedFile) -> Campaign:
    """Keep an uploaded contact list for its preview; nothing is sent or created from it yet."""
    _require_sender(actor)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the campaign a name, for example the association it reaches.")]
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Choose one of the interface languages.")]
    content = upload.read(settings.IMPORT_MAX_BYTES + 1)
    try:
        contact_lists.read_rows(content, upload.name or "")
    except ValidationError as error:
        errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    return Campaign.objects.create(
        name=name.strip()[:200],
        language=language,
        filename=(upload.name or "")[:255],
        content=content,
        created_by=actor,
    )


def discard_campaign(*, actor: User, campaign: Campaign) -> Campaign:
    """Drop a list that was not confirmed, with its file."""
    _require_sender(actor)
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status != CampaignStatus.DRAFT:
            raise ValidationError(_("This list was already sent or discarded."))
        locked.status = CampaignStatus.DISCARDED
        locked.content = b""
        locked.save(update_fields=["status", "content"])
    return locked


def confirm_campaign(*, actor: User, campaign: Campaign) -> Campaign:
    """Create a contact for every ready row at once and queue their e-mails after the commit.

    The list is checked again, so a person who became a member since the preview is skipped.
    A second confirmation (even a concurrent one) is refused.
    """
    _require_sender(actor)
    with transaction.atomic(), acting_as(actor):
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status != CampaignStatus.DRAFT:
            raise ValidationError(_("This list was already sent or discarded."))
        report = contact_lists.report_for(bytes(locked.content), locked.filename)
        ready = report.ready
        if not ready:
            raise ValidationError(_("No row of this list is ready to invite; nothing was sent."))
        Contact.objects.bulk_create(
            [
                Contact(
                    campaign=locked,
                    row_number=row.row_number,
                    email=row.email,
                    full_name=row.full_name,
                    organisation_id=row.organisation_id,
                )
                for row in ready
            ],
            batch_size=500,
        )
        locked.status = CampaignStatus.SENT
        locked.sent_at = timezone.now()
        locked.content = b""
        locked.report = {"invited": len(ready), "skipped": len(report.with_problems)}
        locked.save(update_fields=["status", "sent_at", "content", "report"])
        ids = list(locked.contacts.order_by("pk").values_list("pk", flat=True))
        transaction.on_commit(lambda: queue_emails(ids, reminder=False))
    return locked


def queue_emails(contact_ids: list[int], *, reminder: bool) -> None:
    """Send now for a short list; hand a long one to the task queue, a chunk per task.

    Without a broker (huey in immediate mode) the tasks would run inside the request, so there
    a long list is sent from a thread of the web process instead (IMPORT_IN_THREAD), as the
    directory's import does.
    """
    if len(contact_ids) <= SEND_INLINE_LIMIT:
        send_emails(contact_ids, reminder=reminder)
        return
    chunks = [
        contact_ids[start : start + SEND_CHUNK] for start in range(0, len(contact_ids), SEND_CHUNK)
    ]
    if settings.HUEY.get("immediate") and settings.IMPORT_IN_THREAD:
        threading.Thread(target=_send_in_thread, args=(chunks, reminder), daemon=True).start()
        return
    from silkbridge.outreach.tasks import send_invitation_emails

    for chunk in chunks:
        send_invitation_emails(chunk, reminder)


def _send_in_thread(chunks: list[list[int]], reminder: bool) -> None:
    try:
        for chunk in chunks:
            send_emails(chunk, reminder=reminder)
    except Exception:
        # Contacts left unsent show "being sent" on the campaign page; the log says why.
        logger.exception("outreach e-mails stopped")
    finally:
        connection.close()


def send_emails(contact_ids: list[int], *, reminder: bool) -> int:
    """E-mail each contact who still needs it a fresh personal link; returns how many.

    Idempotent: a first e-mail goes only to contacts never e-mailed, a reminder only to
    contacts who have not joined, so a retried task does not send the same invitation twice.
    """
    contacts = Contact.objects.filter(pk__in=contact_ids, status__in=NOT_JOINED).select_related(
        "campaign", "organisation"
    )
    if not reminder:
        contacts = contacts.filter(sent_at__isnull=True)
    now = timezone.now()
    messages, changed = [], []
    for contact in contacts.order_by("pk"):
        token = secrets.token_urlsafe(32)
        contact.token_hash = Invitation.hash(token)
        if not reminder:
            contact.sent_at = now
        messages.append(emails.invitation_message(contact=contact, token=token, reminder=reminder))
        changed.append(contact)
    with transaction.atomic():
        Contact.objects.bulk_update(changed, ["token_hash", "sent_at"], batch_size=500)
    return emails.send_messages(messages)


def remind(*, actor: User, campaign: Campaign) -> int:
    """Re-send the link to everyone on the list who has not joined and was last e-mailed at
    least REMINDER_DAYS days ago; refuses, saying when, if that is nobody yet."""
    _require_sender(actor)
    days = reminder_days()
    now = timezone.now()
    with transaction.atomic(), acting_as(actor):
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status != CampaignStatus.SENT:
            raise ValidationError(_("Confirm the list before sending reminders."))
        waiting = locked.contacts.filter(status__in=NOT_JOINED).annotate(
            last_emailed=Coalesce("reminded_at", "sent_at")
        )
        if not waiting.exists():
            if locked.contacts.filter(status=ContactStatus.CLAIMED).exists():
                raise ValidationError(
                    _(
                        "Nobody to remind: everyone on this list has joined or has a claim "
                        "waiting for a decision."
                    )
                )
            raise ValidationError(_("Everyone on this list has joined: nobody to remind."))
        ids = list(
            waiting.filter(last_emailed__lte=now - timedelta(days=days))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not ids:
            last = waiting.aggregate(first=Min("last_emailed"))["first"]
            if last is None:
                raise ValidationError(_("The invitations are still being sent; try again later."))
            raise ValidationError(
                _(
                    "Reminders go at most once every %(days)d days: the next can be sent "
                    "on %(date)s."
                )
                % {
                    "days": days,
                    "date": formats.date_format(
                        timezone.localtime(last + timedelta(days=days)), "DATETIME_FORMAT"
                    ),
                }
            )
        Contact.objects.filter(pk__in=ids).update(reminded_at=now, reminders=F("reminders") + 1)
        transaction.on_commit(lambda: queue_emails(ids, reminder=True))
    return len(ids)


def find_contact(token: str) -> Contact | None:
    """The contact behind a link's token, or None (also for a link replaced by a newer one)."""
    if not token:
        return None
    return (
        Contact.objects.select_related("organisation", "campaign", "organisation__merged_into")
        .filter(token_hash=Invitation.hash(token), campaign__status=CampaignStatus.SENT)
        .first()
    )


def mark_opened(contact: Contact) -> Contact:
    """Note that the link was reached; only the first visit counts, and only before joining."""
    now = timezone.now()
    updated = Contact.objects.filter(pk=contact.pk, status=ContactStatus.INVITED).update(
        status=ContactStatus.OPENED, opened_at=now
    )
    if updated:
        contact.status, contact.opened_at = ContactStatus.OPENED, now
    return contact


def target_organisation(contact: Contact) -> Organisation:
    """The record to claim: the one the contact was invited to, or what it was merged into."""
    organisation = contact.organisation
    seen = set()
    while organisation.merged_into_id and organisation.pk not in seen:
        seen.add(organisation.pk)
        organisation = Organisation.objects.get(pk=organisation.merged_into_id)
    return organisation


def has_verified_email(user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def claim_problem(contact: Contact | None, user: User) -> str | None:
    """Why this person cannot claim through this link, in words for them, or None."""
    if contact is None:
        return _(
            "This link is not valid, or a newer e-mail replaced it. Use the link in the latest "
            "e-mail from the secretariat."
        )
    if contact.status in (ContactStatus.JOINED, ContactStatus.CLAIMED):
        return _("This invitation has already been used.")
    if not user.is_authenticated:
        return None
    if not has_verified_email(user, contact.email):
        return _(
            "This invitation is for %(email)s. Sign in with that address, or add and verify it "
            "in your account, to claim the organisation."
        ) % {"email": contact.email}
    return None


def claim(*, contact: Contact, user: User) -> Contact:
    """Make the invited person the organisation's admin when it has none, else submit a
    joining claim for its admins (or the secretariat) to decide.

    The organisation row is locked, so two invitees claiming at once cannot both become the
    first admin; the contact is updated on its old status, so a link is used once. A claim
    that cannot be submitted (too many open claims, a closed record) leaves everything as it was.
    """
    problem = claim_problem(contact, user)
    if problem or not user.is_authenticated:
        raise ValidationError(problem or _("Sign in to claim the organisation."))
    with transaction.atomic(), acting_as(user):
        organisation = Organisation.objects.select_for_update().get(
            pk=target_organisation(contact).pk
        )
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.status not in NOT_JOINED:
            raise ValidationError(_("This invitation has already been used."))
        existing = Person.objects.filter(organisation=organisation, user=user).first()
        has_admin = Person.objects.filter(
            organisation=organisation,
            role=PersonRole.ADMIN,
            user__isnull=False,
            user__is_active=True,
        ).exists()
        # A claim the person already has open on this record is the one the invitation follows.
        open_claim = Claim.objects.filter(
            claimant=user, organisation=organisation, status=ClaimStatus.PENDING
        ).first()
        now = timezone.now()
        contact.user = user
        if open_claim is not None:
            contact.claim, contact.status = open_claim, ContactStatus.CLAIMED
        elif existing is not None:
            contact.status, contact.joined_at = ContactStatus.JOINED, now
        elif not has_admin:
            _membership(organisation, user, contact, PersonRole.ADMIN)
            contact.status, contact.joined_at = ContactStatus.JOINED, now
        else:
            contact.claim = joining_services.submit_claim(
                claimant=user, organisation=organisation, evidence_text=invitation_evidence(contact)
            )
            contact.status = ContactStatus.CLAIMED
        contact.save(update_fields=["user", "status", "joined_at", "claim"])
    directory_permissions.forget_roles(user)
    return contact


def invitation_evidence(contact: Contact) -> str:
    """The claim's evidence, in the campaign's language: who invited this person, and how."""
    with translation.override(contact.campaign.language):
        return _(
            "The secretariat invited this person (%(email)s) to claim the organisation through "
            "the invitation campaign “%(campaign)s”; they signed in with that verified address."
        ) % {"email": contact.email, "campaign": contact.campaign.name}


def _membership(organisation: Organisation, user: User, contact: Contact, role: str) -> Person:
    # A contact record with the same address and no account becomes the membership.
    person = (
        Person.objects.select_for_update()
        .filter(organisation=organisation, user=None, email__iexact=user.email)
        .order_by("pk")
        .first()
    ) or Person(organisation=organisation)
    person.user = user
    person.role = role
    person.full_name = person.full_name or user.full_name or contact.full_name or user.email
    person.email = user.email
    person.full_clean()
    person.save()
    return person
