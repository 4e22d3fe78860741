"""Helpers for notification tests: rows with a chosen time, without the e-mail machinery."""

import pytest


@pytest.fixture
def make_notification(db):
    from silkbridge.notifications.models import Notification

    def make(recipient, kind: str = "opportunity_approved", *, url: str = "", **fields):
        params = fields.pop("params", {"title": "Cloud migration for a regional bank"})
        return Notification.objects.create(
            recipient=recipient, kind=kind, url=url, params=params, **fields
        )

    return make
