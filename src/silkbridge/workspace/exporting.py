"""CSV export of action items, streamed row by row; cells that a spreadsheet would run as a
formula are defused with a leading apostrophe."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from silkbridge.core import csvsafe
from silkbridge.workspace.models import ActionItem

COLUMNS = [
    "id",
    "group",
    "title",
    "status",
    "owner",
    "owner_organisation",
    "due_on",
    "overdue",
    "meeting",
    "decision",
    "completed_at",
]


class _Echo:
    def write(self, value: str) -> str:
        return value


def action_row(item: ActionItem, today) -> list[object]:
    decision = item.decision
    return [
        item.pk,
        item.group.name,
        item.title,
        item.status,
        item.owner_user.email if item.owner_user else "",
        item.owner_organisation.name if item.owner_organisation else "",
        item.due_on.isoformat(),
        "yes" if item.is_overdue(today) else "no",
        decision.meeting.title if decision else "",
        decision.text if decision else "",
        item.completed_at.isoformat() if item.completed_at else "",
    ]


def iter_csv(items: QuerySet[ActionItem]) -> Iterator[str]:
    """Header first, with a byte-order mark so spreadsheets read UTF-8."""
    writer = csvsafe.writer(_Echo())
    today = timezone.localdate()
    yield "\ufeff" + writer.writerow(COLUMNS)
    for item in items.iterator(chunk_size=1000):
        yield writer.writerow(action_row(item, today))


def export_filename() -> str:
    return f"silkbridge-action-items-{timezone.localdate().isoformat()}.csv"
