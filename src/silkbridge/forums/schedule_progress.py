"""A scheduler run the organiser can watch: started in the background, its progress (the
current total weight and the best proven bound) kept in the shared cache, and read by the
schedule page every second.

The cache is the one every server process and the worker share (Redis, or files on one
machine), so the page sees a run going on in another process. One run per event at a time:
`cache.add` takes the event's slot and the run gives it back when it ends, or when it is
sure to have ended (its budget three times over).

Without a broker (huey in immediate mode) a task would run inside the request and the page
would wait for the whole run: there the run goes on in a thread of the web process instead
(SCHEDULE_IN_THREAD), as imports do. With SCHEDULE_IN_THREAD off (the test settings) the run
finishes before `start` returns.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.forums import permissions, scheduling
from silkbridge.forums.models import Event

logger = logging.getLogger(__name__)

RUNNING, DONE, FAILED = "running", "done", "failed"
# Progress is written at most this often (seconds): the page reads it once a second.
WRITE_EVERY = 0.25


@dataclass
class Progress:
    state: str
    started: float
    time_limit: float
    weight: float = 0.0
    bound: float | None = None
    run_id: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        """The weight as a share of the bound, for the bar; None before the bound is known."""
        if not self.bound:
            return None
        return min(1.0, self.weight / self.bound)

    @property
    def elapsed(self) -> float:
        return max(0.0, time.time() - self.started)


def _key(event_id: int) -> str:
    return f"forums:schedule-progress:{event_id}"


def _lock_key(event_id: int) -> str:
    return f"forums:schedule-running:{event_id}"


def _keep_for(time_limit: float) -> int:
    # Long enough for the page to read the outcome of a run; a run that died without a word is
    # given up after three times its budget.
    return int(3 * time_limit) + 600


def read(event: Event) -> Progress | None:
    """The latest run's progress, or None when no run was started recently."""
    found = cache.get(_key(event.pk))
    return Progress(**found) if found else None


def _write(event_id: int, progress: Progress) -> None:
    cache.set(_key(event_id), asdict(progress), _keep_for(progress.time_limit))


def start(
    *, actor: User, event: Event, allow_moves: bool = False, time_limit: float | None = None
) -> Progress:
    """Start a run of the scheduler for the organiser; refuses while another is going on."""
    if not permissions.can_organise(actor, event):
        raise PermissionDenied(_("Only the forum's organisers can do this."))
    limit = settings.SCHEDULE_TIME_LIMIT if time_limit is None else float(time_limit)
    if not 1 <= limit <= settings.SCHEDULE_MAX_TIME_LIMIT:
        raise ValidationError(
            _("The time budget must be between 1 and %(most)d seconds.")
            % {"most": settings.SCHEDULE_MAX_TIME_LIMIT},
            code="time_limit",
        )
    if not cache.add(_lock_key(event.pk), actor.pk, _keep_for(limit)):
        raise ValidationError(
            _("The scheduler is already running for this forum; wait for it to finish."),
            code="running",
        )
    progress = Progress(state=RUNNING, started=time.time(), time_limit=limit)
    _write(event.pk, progress)
    args = (event.pk, actor.pk, allow_moves, limit)
    if settings.HUEY.get("immediate") and settings.SCHEDULE_IN_THREAD:
        threading.Thread(target=_in_thread, args=args, name=f"schedule-{event.pk}").start()
    else:
        from silkbridge.forums.tasks import run_schedule_in_background

        run_schedule_in_background(*args)
    return read(event) or progress


def _in_thread(*args) -> None:
    try:
        run(*args)
    finally:
        connection.close()


def run(event_id: int, actor_id: int, allow_moves: bool, time_limit: float) -> None:
    """The run itself, in the worker or a thread: progress as the engine reports it, then the
    outcome (the stored run, or why it could not run)."""
    progress = Progress(state=RUNNING, started=time.time(), time_limit=time_limit)
    last = 0.0

    def heard(weight: float, bound: float) -> None:
        nonlocal last
        progress.weight, progress.bound = weight, bound
        now = time.monotonic()
        if now - last >= WRITE_EVERY:
            last = now
            _write(event_id, progress)

    actor = User.objects.filter(pk=actor_id).first()
    # The page shows the run's messages as they were written: in the organiser's language.
    language = actor.language if actor else settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            stored = scheduling.run_schedule(
                actor=actor,
                event=Event.objects.get(pk=event_id),
                allow_moves=allow_moves,
                time_limit=time_limit,
                progress=heard,
            )
    except (ValidationError, PermissionDenied) as error:
        messages = getattr(error, "messages", None) or [str(error)]
        progress.state, progress.errors = FAILED, [str(m) for m in messages]
    except Exception:
        logger.exception("scheduler run for event %s stopped", event_id)
        progress.state = FAILED
        with translation.override(language):
            progress.errors = [_("The scheduler stopped with an error; the schedule is unchanged.")]
    else:
        progress.state, progress.run_id = DONE, stored.pk
        progress.weight = stored.report.get("total_weight", progress.weight)
        progress.bound = stored.report.get("upper_bound", progress.bound)
    finally:
        _write(event_id, progress)
        cache.delete(_lock_key(event_id))
