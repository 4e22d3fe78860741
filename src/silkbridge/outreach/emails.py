"""The invitation e-mails, each in the campaign's language, sent through one connection."""

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from silkbridge.accounts.emails import absolute_url
from silkbridge.outreach.models import Contact


def invitation_message(*, contact: Contact, token: str, reminder: bool) -> EmailMessage:
    """The e-mail with the contact's personal link, in the campaign's language."""
    with translation.override(contact.campaign.language):
        context = {
            "contact": contact,
            "organisation": contact.organisation,
            "reminder": reminder,
            "link": absolute_url(reverse("outreach:link", args=[token])),
        }
        subject = render_to_string("outreach/email/invitation_subject.txt", context)
        body = render_to_string("outreach/email/invitation_body.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[contact.email])


def send_messages(messages: list[EmailMessage]) -> int:
    """Send a batch of e-mails over one connection to the mail server."""
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
