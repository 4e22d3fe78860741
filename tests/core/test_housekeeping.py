"""Housekeeping: the periodic jobs run in order, each on its own, from the task queue, the
command line and the in-process thread of `silkbridge serve`."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from silkbridge import cli
from silkbridge.core import housekeeping, tasks
from silkbridge.introductions.models import Introduction, IntroductionStatus, Origin
from silkbridge.notifications.models import Notification
from silkbridge.opportunities.models import Opportunity, Status

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def expired_opportunity(organisation):
    return Opportunity.objects.create(
        organisation=organisation,
        type="technology",
        direction="request",
        title="Fraud detection for card payments",
        summary="A bank seeks a partner for real-time fraud scoring.",
        target_country="PK",
        status=Status.PUBLISHED,
        published_at=NOW - timedelta(days=90),
        expires_on=date(2026, 3, 9),
    )


@pytest.fixture
def overdue_introduction(organisation, other_organisation):
    return Introduction.objects.create(
        org_a=organisation,
        org_b=other_organisation,
        origin=Origin.PROFILE,
        expires_at=NOW - timedelta(hours=1),
    )


def test_housekeeping_expires_what_is_due_and_sends_the_digest_about_it(
    make_user, organisation, expired_opportunity, overdue_introduction, mailoutbox
):
    # given an owner who wants a daily digest, and an opportunity and introduction past due
    owner = make_user(
        organisation=organisation, email_notifications="daily", time_zone="Asia/Karachi"
    )

    # when housekeeping runs after 08:00 in Karachi
    counts = housekeeping.run(now=NOW)

    # then both expired, the owner was told, and the digest carried both notifications
    assert counts == {
        "opportunities.expire_due": 1,
        "opportunities.remind_expiring": 0,
        "introductions.expire_due": 1,
        "introductions.remind_pending": 0,
        "forums.expire_requests": 0,
        "forums.remind_requests": 0,
        "workspace.remind_meetings": 0,
        "workspace.remind_overdue_actions": 0,
        "ventures.remind_stale": 0,
        "directory.recover_imports": 0,
        "talent.erase_personal_data": 0,
        "notifications.send_digests": 1,
    }
    expired_opportunity.refresh_from_db()
    overdue_introduction.refresh_from_db()
    assert expired_opportunity.status == Status.EXPIRED
    assert overdue_introduction.status == IntroductionStatus.EXPIRED
    kinds = set(Notification.objects.filter(recipient=owner).values_list("kind", flat=True))
    assert kinds == {"opportunity_expired", "introduction_expired"}
    assert [m.to for m in mailoutbox] == [[owner.email]]
    assert "Fraud detection for card payments" in mailoutbox[0].body


def test_running_again_changes_nothing(
    make_user, organisation, expired_opportunity, overdue_introduction, mailoutbox
):
    make_user(organisation=organisation, email_notifications="daily")
    housekeeping.run(now=NOW)
    notifications = Notification.objects.count()

    counts = housekeeping.run(now=NOW + timedelta(minutes=15))

    assert set(counts.values()) == {0}
    assert Notification.objects.count() == notifications
    assert len(mailoutbox) == 1


def test_a_failing_job_is_logged_and_the_others_still_run(
    make_user, organisation, expired_opportunity, overdue_introduction, monkeypatch, caplog
):
    def broken(now=None):
        raise RuntimeError("opportunity store unavailable")

    monkeypatch.setattr("silkbridge.opportunities.services.expire_due", broken)

    counts = housekeeping.run(now=NOW)

    assert "opportunities.expire_due" not in counts
    assert counts["introductions.expire_due"] == 1
    assert "Housekeeping job opportunities.expire_due failed" in caplog.text
    overdue_introduction.refresh_from_db()
    assert overdue_introduction.status == IntroductionStatus.EXPIRED


def test_links_are_ready_before_any_job_opens_a_transaction(db, monkeypatch):
    """The first reverse() of a process imports every view: seconds that, inside a job's
    transaction, held SQLite's write lock and failed people's writes after a fresh start."""
    from django.urls import clear_url_caches, get_resolver

    seen = []

    def first_job(now=None):
        seen.append(get_resolver()._populated)
        return 0

    clear_url_caches()  # as in a process that has not linked to a page yet
    monkeypatch.setattr("silkbridge.opportunities.services.expire_due", first_job)

    housekeeping.run(now=NOW)

    assert seen == [True]


def test_the_command_prints_each_jobs_count(expired_opportunity, capsys):
    cli.main(["housekeeping"])

    out = capsys.readouterr().out
    assert "opportunities.expire_due: 1" in out
    assert "notifications.send_digests: 0" in out


def test_the_command_fails_loudly_when_a_job_failed(db, monkeypatch, capsys):
    monkeypatch.setattr(
        "silkbridge.introductions.services.remind_pending",
        lambda now=None: 1 / 0,
    )

    with pytest.raises(CommandError, match="1 housekeeping job"):
        call_command("housekeeping")
    assert "introductions.remind_pending: failed" in capsys.readouterr().out


def test_the_worker_schedules_housekeeping_every_quarter_of_an_hour():
    due = [
        minute
        for minute in range(60)
        if tasks.run_housekeeping.task_class().validate_datetime(datetime(2026, 3, 10, 9, minute))
    ]

    assert due == [0, 15, 30, 45]


def test_the_task_runs_housekeeping(expired_opportunity):
    counts = tasks.run_housekeeping.call_local()

    assert counts["opportunities.expire_due"] == 1


def test_the_serve_thread_runs_housekeeping_repeatedly_and_releases_connections(monkeypatch):
    runs = []
    closed = []
    done = threading.Event()

    def fake_run(now=None):
        runs.append(now)
        if len(runs) == 2:
            done.set()
        return {}

    # The thread's own database work is covered above; here only its timing loop.
    monkeypatch.setattr(housekeeping, "run", fake_run)
    monkeypatch.setattr(housekeeping, "close_old_connections", lambda: closed.append(1))

    thread, stop = housekeeping.start_thread(interval=0.01, delay=0.01)
    assert done.wait(5)
    stop.set()
    thread.join(5)

    assert thread.daemon and not thread.is_alive()
    assert len(runs) >= 2
    assert len(closed) >= 2 * 2


def test_a_failure_inside_the_thread_does_not_stop_it(monkeypatch):
    calls = []
    done = threading.Event()

    def flaky(now=None):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        done.set()
        return {}

    monkeypatch.setattr(housekeeping, "run", flaky)
    monkeypatch.setattr(housekeeping, "close_old_connections", lambda: None)

    thread, stop = housekeeping.start_thread(interval=0.01, delay=0)
    assert done.wait(5)
    stop.set()
    thread.join(5)
    assert len(calls) >= 2
