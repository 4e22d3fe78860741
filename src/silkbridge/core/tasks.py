"""Background tasks. In-process by default; with REDIS_URL set they go to Redis for workers
(`silkbridge worker`). Queue them after the transaction commits so a rollback sends nothing."""

from django.core.mail import send_mail
from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from silkbridge.core import housekeeping


@db_task(retries=3, retry_delay=60)
def send_email(subject: str, body: str, recipients: list[str], html: str | None = None) -> int:
    return send_mail(subject, body, None, recipients, html_message=html)


def send_email_on_commit(
    *, subject: str, body: str, recipients: list[str], html: str | None = None
):
    """Queue an e-mail once the current transaction has committed."""
    transaction.on_commit(lambda: send_email(subject, body, list(recipients), html))


@db_periodic_task(crontab(minute="*/15"))
def run_housekeeping() -> dict[str, int]:
    """Expiries, reminders and daily digests every 15 minutes (scheduled by the worker)."""
    return housekeeping.run()
