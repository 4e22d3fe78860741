"""E-mails about accounts, rendered from templates and sent only after the transaction commits."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from silkbridge.accounts.models import Invitation
from silkbridge.core.tasks import send_email_on_commit
from silkbridge.directory.models import PersonRole


def absolute_url(path: str) -> str:
    """A link for an e-mail: e-mails have no request, so the host comes from SITE_URL."""
    return settings.SITE_URL.rstrip("/") + path


def send_rendered(
    *, subject_template: str, body_template: str, context: dict, recipients: list[str]
) -> None:
    """Render a subject and a plain-text body and queue the e-mail for after the commit."""
    # A subject must be one line; templates end with a newline.
    subject = "".join(render_to_string(subject_template, context).splitlines())
    body = render_to_string(body_template, context)
    send_email_on_commit(subject=subject.strip(), body=body, recipients=recipients)


def send_invitation(*, invitation: Invitation, token: str) -> None:
    """Tell the invitee who invited them, to what and with which role, and give the link."""
    send_rendered(
        subject_template="accounts/email/invitation_subject.txt",
        body_template="accounts/email/invitation_body.txt",
        context={
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": invitation.invited_by,
            "role": PersonRole(invitation.role).label,
            "accept_url": absolute_url(reverse("accounts:accept-invitation", args=[token])),
        },
        recipients=[invitation.email],
    )
