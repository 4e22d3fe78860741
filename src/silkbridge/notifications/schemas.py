"""JSON shapes of the notification inbox."""

from datetime import datetime

from ninja import Field, Schema


class NotificationOut(Schema):
    id: int
    kind: str
    text: str = Field(description="The sentence, in your account's language.")
    url: str = Field(description="Where the notification points, or empty.")
    created_at: datetime
    read: bool


class NotificationPage(Schema):
    """Newest first. Follow `next` for older notifications, `previous` for newer ones."""

    next: str | None
    previous: str | None
    items: list[NotificationOut]


class InboxFilters(Schema):
    before: int | None = Field(
        None, ge=1, description="A notification id: the page of notifications just older."
    )
    after: int | None = Field(
        None, ge=1, description="A notification id: the page of notifications just newer."
    )
    page_size: int = Field(20, ge=1, le=100)


class UnreadCountOut(Schema):
    unread: int = Field(description="Unread notifications, counted up to `limit`.")
    limit: int
    more: bool = Field(description="True when there are more than `limit` unread.")


class ReadAllOut(Schema):
    marked: int = Field(description="How many notifications were marked read.")
