"""Daily digests: once a day per person, at the digest hour of the person's own time zone."""

from datetime import UTC, datetime, timedelta

import pytest

from silkbridge.notifications import services
from silkbridge.notifications.models import Notification

# 02:30 UTC is 07:30 in Karachi (UTC+5) and 11:30 in Tokyo (UTC+9). (Almaty has kept the same
# offset as Karachi since March 2024, so it would not tell the two apart.)
EARLY = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)
KARACHI_EIGHT = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


@pytest.fixture
def daily_reader(make_user, make_notification):
    def make(time_zone: str, count: int = 2, **kw):
        user = make_user(email_notifications="daily", time_zone=time_zone, **kw)
        for n in range(count):
            make_notification(
                user,
                params={"title": f"Opportunity {n}"},
                created_at=EARLY - timedelta(hours=5, minutes=n),
            )
        return user

    return make


def test_each_person_gets_the_digest_at_their_own_local_hour(daily_reader, mailoutbox, settings):
    settings.SILKBRIDGE_DIGEST_HOUR = 8
    karachi = daily_reader("Asia/Karachi")
    tokyo = daily_reader("Asia/Tokyo")

    # at 07:30 in Karachi only Tokyo (11:30) is due
    assert services.send_digests(now=EARLY) == 1
    assert [m.to for m in mailoutbox] == [[tokyo.email]]

    # at 08:00 in Karachi its reader gets one too
    assert services.send_digests(now=KARACHI_EIGHT) == 1
    assert [m.to for m in mailoutbox][1:] == [[karachi.email]]
    karachi.refresh_from_db()
    assert karachi.last_digest_at == KARACHI_EIGHT
    assert not Notification.objects.filter(recipient=karachi, emailed_at__isnull=True).exists()


def test_running_twice_sends_once_and_the_next_day_sends_again(
    daily_reader, make_notification, mailoutbox
):
    reader = daily_reader("Asia/Karachi")

    assert services.send_digests(now=KARACHI_EIGHT) == 1
    assert services.send_digests(now=KARACHI_EIGHT + timedelta(minutes=15)) == 0
    # a notification later that day waits for tomorrow's digest
    make_notification(reader, created_at=KARACHI_EIGHT + timedelta(hours=2))
    assert services.send_digests(now=KARACHI_EIGHT + timedelta(hours=3)) == 0
    assert len(mailoutbox) == 1

    assert services.send_digests(now=KARACHI_EIGHT + timedelta(days=1)) == 1
    assert len(mailoutbox) == 2
    assert "1 new notification" in mailoutbox[1].subject


def test_the_digest_lists_the_notifications_in_the_readers_language_and_time_zone(
    make_user, make_notification, mailoutbox, settings
):
    settings.SITE_URL = "https://silkbridge.example.org"
    reader = make_user(email_notifications="daily", time_zone="Asia/Karachi", language="ru")
    make_notification(
        reader,
        "opportunity_expiring",
        url="/opportunities/4/",
        params={"title": "ERP rollout", "date": "2026-12-05"},
        created_at=datetime(2026, 3, 9, 20, 0, tzinfo=UTC),  # 01:00 on 10 March in Karachi
    )
    make_notification(reader, created_at=datetime(2026, 3, 9, 21, 0, tzinfo=UTC))

    assert services.send_digests(now=KARACHI_EIGHT) == 1

    message = mailoutbox[0]
    assert message.to == [reader.email]
    assert "5 декабря 2026" in message.body  # Django's Russian month name: Russian was active
    assert "10 марта 2026" in message.body  # the event's date in Karachi, not UTC (9 March)
    assert "https://silkbridge.example.org/opportunities/4/" in message.body
    assert "ERP rollout" in message.alternatives[0][0]


def test_already_emailed_notifications_are_not_repeated(
    daily_reader, make_notification, mailoutbox
):
    reader = daily_reader("UTC", count=1)
    make_notification(
        reader,
        params={"title": "Sent long ago"},
        created_at=EARLY - timedelta(days=3),
        emailed_at=EARLY - timedelta(days=3),
    )

    assert services.send_digests(now=datetime(2026, 3, 10, 9, 0, tzinfo=UTC)) == 1

    assert "Sent long ago" not in mailoutbox[0].body
    assert "Opportunity 0" in mailoutbox[0].body


@pytest.mark.parametrize("preference", ["none", "each"])
def test_people_without_the_daily_choice_get_no_digest(
    make_user, make_notification, mailoutbox, preference
):
    reader = make_user(email_notifications=preference)
    make_notification(reader, created_at=EARLY - timedelta(hours=1))

    assert services.send_digests(now=KARACHI_EIGHT + timedelta(hours=10)) == 0

    assert mailoutbox == []


def test_nothing_pending_means_no_digest(make_user, mailoutbox):
    make_user(email_notifications="daily")

    assert services.send_digests(now=KARACHI_EIGHT + timedelta(hours=10)) == 0
    assert mailoutbox == []


def test_one_failing_digest_does_not_hold_back_the_others_and_is_retried(
    daily_reader, mailoutbox, monkeypatch
):
    first = daily_reader("UTC")
    second = daily_reader("UTC")
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send

    def send(self, fail_silently=False):
        if self.to == [first.email]:
            raise ConnectionRefusedError("mailbox unavailable")
        return real_send(self, fail_silently)

    with monkeypatch.context() as patch:
        patch.setattr(EmailMultiAlternatives, "send", send)
        assert services.send_digests(now=now) == 1
    assert [m.to for m in mailoutbox] == [[second.email]]
    first.refresh_from_db()
    assert first.last_digest_at is None
    assert Notification.objects.filter(recipient=first, emailed_at__isnull=True).count() == 2

    # the next run sends the one that failed
    assert services.send_digests(now=now + timedelta(minutes=15)) == 1
    assert [m.to for m in mailoutbox][1:] == [[first.email]]


def test_the_digest_query_reads_only_people_with_something_to_send(
    make_user, daily_reader, django_assert_max_num_queries
):
    for _ in range(20):
        make_user(email_notifications="daily")  # nothing pending
    daily_reader("UTC")
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

    # one query for the candidates, then a fixed handful for the one digest
    with django_assert_max_num_queries(8):
        assert services.send_digests(now=now) == 1
