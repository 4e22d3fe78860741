"""Fixtures for announcements: a factory that writes them straight to the database (the
services have their own tests), published unless told otherwise."""

import pytest
from django.utils import timezone


@pytest.fixture
def make_announcement(db):
    from silkbridge.announcements.models import Announcement

    def make(*, published: bool = True, **fields):
        values = {
            "kind": "news",
            "title_en": "Call for fintech pilots",
            "body_en": "The working group invites proposals.\n\nApply by June.",
            **fields,
        }
        if published:
            values.setdefault("published_at", timezone.now())
        return Announcement.objects.create(**values)

    return make


@pytest.fixture
def make_forum(db):
    import datetime

    from silkbridge.forums.models import Event

    def make(name: str = "Almaty IT Forum", *, status: str = "registration", days: int = 30):
        start = timezone.localdate() + datetime.timedelta(days=days)
        slug = name.lower().replace(" ", "-")
        return Event.objects.create(
            name=name, slug=slug, starts_on=start, ends_on=start, status=status
        )

    return make


ANNOUNCEMENT_FORM = {
    "kind": "news",
    "forum": "",
    "expires_on": "",
    "title_en": "Fintech call",
    "body_en": "First paragraph.\n\nSecond paragraph.",
    "title_ru": "",
    "body_ru": "",
    "title_kk": "",
    "body_kk": "",
    "title_ur": "",
    "body_ur": "",
}
