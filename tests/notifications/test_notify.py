"""Creating notifications and e-mailing each event to the people who asked for it."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import formats, translation

from silkbridge.notifications import services, tasks
from silkbridge.notifications.models import Notification


def test_notify_records_one_notification_per_person_and_never_for_the_actor(make_user):
    # given three people, one of them listed twice, and the person who caused the event
    actor, alice, bob = make_user(), make_user(), make_user()

    # when they are notified
    created = services.notify(
        [alice, bob, alice, actor],
        "opportunity_approved",
        url="/opportunities/1/",
        params={"title": "Payment gateway for e-commerce"},
        exclude=actor,
    )

    # then each is told once, the actor not at all
    assert len(created) == 2
    rows = Notification.objects.order_by("recipient_id")
    assert [(n.recipient_id, n.kind, n.url) for n in rows] == [
        (alice.pk, "opportunity_approved", "/opportunities/1/"),
        (bob.pk, "opportunity_approved", "/opportunities/1/"),
    ]
    assert rows[0].text == "“Payment gateway for e-commerce” is published"


def test_an_unknown_kind_is_refused_and_nothing_is_recorded(make_user):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        services.notify([make_user()], "something_happened", params={})

    assert not Notification.objects.exists()


def test_the_email_for_each_event_goes_out_only_after_the_commit(
    make_user, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://silkbridge.example.org"
    reader = make_user("reader@example.org", full_name="Aigerim Sarsenova")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(
            [reader],
            "interest_received",
            url="/opportunities/7/",
            params={"organisation": "Lahore Software House", "title": "Open banking APIs"},
        )
        # nothing is sent while the transaction is open
        assert mailoutbox == []

    # when the transaction commits
    for callback in callbacks:
        callback()

    # then one e-mail, plain text and HTML, with an absolute link
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["reader@example.org"]
    assert message.subject == "Lahore Software House is interested in “Open banking APIs”"
    assert "Hello Aigerim," in message.body
    assert "https://silkbridge.example.org/opportunities/7/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://silkbridge.example.org/opportunities/7/"' in html
    assert Notification.objects.get().emailed_at is not None


def test_a_rolled_back_event_tells_nobody(
    make_user, mailoutbox, django_capture_on_commit_callbacks
):
    reader = make_user()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.notify([reader], "opportunity_approved", params={"title": "X"})
        raise RuntimeError("the surrounding change failed")

    assert callbacks == []
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_the_email_is_written_in_the_readers_language_and_time_zone(
    make_user, make_notification, mailoutbox
):
    # given a Russian-speaking reader in Karachi and an event at 03:30 UTC
    reader = make_user(language="ru", time_zone="Asia/Karachi")
    created = datetime(2026, 3, 10, 3, 30, tzinfo=UTC)
    notification = make_notification(
        reader,
        "opportunity_expiring",
        params={"title": "ERP rollout", "date": "2026-12-05"},
        created_at=created,
    )

    # when it is e-mailed from a request in English
    with translation.override("en"):
        assert services.send_notification_emails([notification.pk]) == 1

    # then dates are in Russian (Django's own month names) and the time is Karachi's (UTC+5)
    body = mailoutbox[0].body
    assert "5 декабря 2026" in body
    with translation.override("ru"):
        local = formats.date_format(created.astimezone(ZoneInfo("Asia/Karachi")), "DATETIME_FORMAT")
    assert local in body
    assert "Asia/Karachi" in body
    assert "декабря" in mailoutbox[0].alternatives[0][0]


def test_a_retry_or_a_second_worker_never_sends_twice(make_user, make_notification, mailoutbox):
    reader = make_user()
    ids = [make_notification(reader).pk, make_notification(reader).pk]

    assert services.send_notification_emails(ids) == 2
    assert tasks.email_notifications.call_local(ids) == 0
    assert services.send_notification_emails(ids) == 0

    assert len(mailoutbox) == 2


def test_a_failed_send_releases_the_notification_for_the_retry(
    make_user, make_notification, mailoutbox, monkeypatch
):
    reader = make_user()
    notification = make_notification(reader)

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        with pytest.raises(ConnectionRefusedError):
            services.send_notification_emails([notification.pk])
    notification.refresh_from_db()
    assert notification.emailed_at is None

    # the retry sends it
    assert services.send_notification_emails([notification.pk]) == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("preference", "active"), [("daily", True), ("none", True), ("each", False)]
)
def test_people_who_no_longer_want_each_email_are_skipped(
    make_user, make_notification, mailoutbox, preference, active
):
    # given a notification queued while the reader wanted each e-mail
    reader = make_user()
    notification = make_notification(reader)
    # when the reader changes the preference or the account is disabled before it goes out
    reader.email_notifications = preference
    reader.is_active = active
    reader.save()

    assert services.send_notification_emails([notification.pk]) == 0

    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_people_who_chose_a_digest_or_none_get_no_email_for_the_event(
    make_user, mailoutbox, django_capture_on_commit_callbacks
):
    daily = make_user(email_notifications="daily")
    silent = make_user(email_notifications="none")

    with django_capture_on_commit_callbacks(execute=True):
        services.notify([daily, silent], "opportunity_approved", params={"title": "X"})

    assert mailoutbox == []
    assert Notification.objects.count() == 2


def test_a_notification_without_a_link_points_to_the_inbox(
    make_user, make_notification, mailoutbox, settings
):
    settings.SITE_URL = "https://silkbridge.example.org/"
    notification = make_notification(make_user(), url="")

    services.send_notification_emails([notification.pk])

    assert "https://silkbridge.example.org/notifications/" in mailoutbox[0].body
