"""Background work of the opportunities app (queued after the transaction commits)."""

from huey.contrib.djhuey import db_task


@db_task(retries=2, retry_delay=60)
def match_saved_searches(opportunity_id: int) -> int:
    """Tell the owners of matching saved searches about a newly published opportunity."""
    from silkbridge.opportunities.saved_searches import notify_saved_search_matches

    return notify_saved_search_matches(opportunity_id)
