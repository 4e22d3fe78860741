"""Periodic housekeeping: expire what is due, send reminders and daily digests.

Every job is idempotent and returns a count, so running housekeeping twice, late, or from two
processes at once does no harm. It runs every 15 minutes: from huey's scheduler in
`silkbridge worker` (with REDIS_URL), from a thread inside `silkbridge serve` (without it), or
by hand or cron with `silkbridge housekeeping`.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from importlib import import_module

from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone

logger = logging.getLogger(__name__)

INTERVAL_SECONDS = 15 * 60

# In order: expire first, so nobody is reminded about something that has just expired; the
# digest last, so it carries the notifications the other jobs created.
JOBS: tuple[tuple[str, str, str], ...] = (
    ("opportunities.expire_due", "silkbridge.opportunities.services", "expire_due"),
    ("opportunities.remind_expiring", "silkbridge.opportunities.services", "remind_expiring"),
    ("introductions.expire_due", "silkbridge.introductions.services", "expire_due"),
    ("introductions.remind_pending", "silkbridge.introductions.services", "remind_pending"),
    ("forums.expire_requests", "silkbridge.forums.meeting_requests", "expire_requests"),
    ("forums.remind_requests", "silkbridge.forums.meeting_requests", "remind_requests"),
    ("workspace.remind_meetings", "silkbridge.workspace.services", "remind_meetings"),
    ("workspace.remind_overdue_actions", "silkbridge.workspace.services", "remind_overdue_actions"),
    ("ventures.remind_stale", "silkbridge.ventures.services", "remind_stale"),
    ("directory.recover_imports", "silkbridge.directory.importing", "recover_stalled_imports"),
    (
        "talent.erase_personal_data",
        "silkbridge.talent.exchanges.services.privacy",
        "erase_personal_data",
    ),
    ("notifications.send_digests", "silkbridge.notifications.services", "send_digests"),
)


def run(now: datetime | None = None) -> dict[str, int]:
    """Run every job once; returns each job's count. A job that fails is logged and left out
    of the result, and the others still run."""
    now = now or timezone.now()
    # Jobs link to pages, and the first reverse() of a process imports every view (seconds on a
    # busy machine). Done inside a job's transaction, that would hold SQLite's write lock and
    # make people's writes fail; done here, it holds nothing.
    reverse("core:home")
    counts: dict[str, int] = {}
    for name, module, function in JOBS:
        try:
            job = getattr(import_module(module), function)
            counts[name] = int(job(now=now) or 0)
        except Exception:
            logger.exception("Housekeeping job %s failed", name)
    return counts


def _loop(stop: threading.Event, interval: float, delay: float) -> None:
    if stop.wait(delay):
        return
    while True:
        close_old_connections()
        try:
            counts = run()
            logger.info("Housekeeping: %s", counts)
        except Exception:
            logger.exception("Housekeeping failed")
        finally:
            # This thread is no request: release its database connection like a request would.
            close_old_connections()
        if stop.wait(interval):
            return


def start_thread(
    *, interval: float = INTERVAL_SECONDS, delay: float = 30.0
) -> tuple[threading.Thread, threading.Event]:
    """Run housekeeping every `interval` seconds in a daemon thread, first after `delay`.

    For `silkbridge serve` without a task queue; set the returned event to stop the thread.
    """
    stop = threading.Event()
    thread = threading.Thread(
        target=_loop, args=(stop, interval, delay), name="silkbridge-housekeeping", daemon=True
    )
    thread.start()
    return thread, stop
