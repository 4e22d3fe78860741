"""Background e-mail for notifications. Queued by `services.notify` after the commit."""

from huey.contrib.djhuey import db_task

from silkbridge.notifications import services


@db_task(retries=3, retry_delay=60)
def email_notifications(ids: list[int]) -> int:
    """Send the per-event e-mails; safe to retry, each notification goes out at most once."""
    return services.send_notification_emails(ids)
