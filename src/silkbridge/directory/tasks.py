"""Background tasks of the directory (found by the worker as `<app>.tasks`)."""

from huey.contrib.djhuey import db_task


@db_task()
def run_import(batch_id: int, attempt: int) -> str:
    """Commit an import batch: staged in chunks, published at once (see importing.staging)."""
    from silkbridge.directory.importing.staging import run_batch

    return run_batch(batch_id, attempt)
