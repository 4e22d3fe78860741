"""Background work of the matching app: keep the index current after a change commits."""

from huey.contrib.djhuey import db_task


@db_task(retries=2, retry_delay=30)
def index_changed(target_kind: str, target_id: int) -> int:
    """Journal a changed organisation or opportunity and apply it to this process's index."""
    from silkbridge.matching.services import record_change

    return record_change(target_kind, target_id)
