"""Background tasks of the forums (found by the worker as `<app>.tasks`)."""

from huey.contrib.djhuey import db_task


@db_task()
def run_schedule_in_background(
    event_id: int, actor_id: int, allow_moves: bool, time_limit: float
) -> None:
    """A scheduler run the organiser watches (forums/schedule_progress.py)."""
    from silkbridge.forums.schedule_progress import run

    run(event_id, actor_id, allow_moves, time_limit)
