"""Background tasks of outreach (found by the worker as `<app>.tasks`)."""

from huey.contrib.djhuey import db_task


@db_task(retries=2, retry_delay=60)
def send_invitation_emails(contact_ids: list[int], reminder: bool) -> int:
    """E-mail a chunk of a campaign's contacts; safe to retry (see services.send_emails)."""
    from silkbridge.outreach.services import send_emails

    return send_emails(contact_ids, reminder=reminder)
