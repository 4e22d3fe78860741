"""The home page's cached copy: once it is older than a minute visitors keep getting it while one
refresh runs in a thread, so no visitor waits for the database; only one request starts that
refresh; a change of an announcement voids every copy, even one a refresh writes late."""

import threading
import time

import pytest
from django.core.cache import cache

from silkbridge.announcements import front_page as front_page_module
from silkbridge.announcements.front_page import (
    forget_front_page,
    front_page,
    front_page_key,
    refresh_lock_key,
)

pytestmark = pytest.mark.django_db(transaction=True)


def titles(data: dict) -> list[str]:
    return [item["title"] for item in data["announcements"]]


def make_stale(language: str) -> None:
    """Age the cached copy past its minute, as time would."""
    entry = cache.get(front_page_key(language))
    cache.set(front_page_key(language), {**entry, "fresh_until": time.time() - 1}, None)


def join_refresh(language: str) -> None:
    for thread in threading.enumerate():
        if thread.name == f"front-page-refresh-{language}":
            thread.join(timeout=30)
            assert not thread.is_alive()


def wait_for_reads(reads: list[str], count: int) -> None:
    deadline = time.monotonic() + 30
    while len(reads) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(reads) == count


@pytest.fixture
def held_refresh(monkeypatch):
    """Each read of the page's data, once done, waits for `go_ahead` before it is cached;
    `reads` lists the languages read, one entry per read."""
    go_ahead = threading.Event()
    reads: list[str] = []
    read = front_page_module._read

    def held_back(language: str) -> dict:
        data = read(language)
        reads.append(language)
        go_ahead.wait(timeout=10)
        return data

    monkeypatch.setattr(front_page_module, "_read", held_back)
    return go_ahead, reads


def test_a_stale_copy_is_served_while_one_thread_refreshes_it(make_announcement, held_refresh):
    go_ahead, reads = held_refresh
    go_ahead.set()  # the first copy is read at once: there is nothing to serve yet
    make_announcement(title_en="Old news")
    assert titles(front_page("en")) == ["Old news"]
    make_announcement(title_en="Fresh news")
    make_stale("en")
    go_ahead.clear()

    # Three visitors while the refresh is held back: all get the stale copy, none waits.
    served = [front_page("en") for _ in range(3)]

    assert [titles(data) for data in served] == [["Old news"]] * 3
    wait_for_reads(reads, 2)  # the first copy, then one refresh for the three visitors
    assert cache.get(refresh_lock_key("en")) is not None
    go_ahead.set()
    join_refresh("en")
    assert cache.get(refresh_lock_key("en")) is None
    assert titles(front_page("en")) == ["Fresh news", "Old news"]
    assert reads == ["en", "en"]  # the new copy is fresh: no further refresh


def test_a_fresh_copy_is_served_without_reading_the_database(make_announcement, held_refresh):
    go_ahead, reads = held_refresh
    go_ahead.set()
    make_announcement(title_en="Old news")
    front_page("en")
    make_announcement(title_en="Fresh news")

    assert titles(front_page("en")) == ["Old news"]
    assert reads == ["en"]


def test_no_refresh_starts_while_another_holds_the_lock(make_announcement, held_refresh):
    go_ahead, reads = held_refresh
    go_ahead.set()
    make_announcement(title_en="Old news")
    front_page("en")
    make_stale("en")
    cache.add(refresh_lock_key("en"), True, 30)  # another app server is refreshing

    assert titles(front_page("en")) == ["Old news"]
    join_refresh("en")
    assert reads == ["en"]


def test_each_language_has_its_own_copy_and_refresh(make_announcement, held_refresh):
    go_ahead, reads = held_refresh
    go_ahead.set()
    make_announcement(title_en="News", title_ru="Новости", body_ru="Текст.")
    front_page("en")
    front_page("ru")
    make_stale("ru")

    assert titles(front_page("ru")) == ["Новости"]
    join_refresh("ru")
    assert titles(front_page("en")) == ["News"]
    assert reads == ["en", "ru", "ru"]


def test_a_refresh_that_began_before_an_announcement_changed_is_not_served(
    make_announcement, held_refresh
):
    go_ahead, reads = held_refresh
    go_ahead.set()
    withdrawn = make_announcement(title_en="Withdrawn text")
    front_page("en")
    make_stale("en")
    go_ahead.clear()
    front_page("en")  # starts a refresh, held back after it has read
    wait_for_reads(reads, 2)

    withdrawn.published_at = None
    withdrawn.save()
    forget_front_page()
    go_ahead.set()
    join_refresh("en")  # it may write the copy it read before the change

    assert titles(front_page("en")) == []


@pytest.mark.parametrize("past_date", [1, 70])
def test_the_latest_opportunities_are_the_newest_open_ones(
    make_organisation, make_opportunity, past_date
):
    """Newest first; a published one past its expiry date (not yet closed by housekeeping) is
    left out, whether a few of the newest are (skipped) or most of them (the database asked)."""
    import datetime

    from django.utils import timezone

    from silkbridge.announcements.front_page import LATEST_OPPORTUNITIES, latest_opportunities

    owner = make_organisation("Indus Code Works", country="PK")
    now, today = timezone.now(), timezone.localdate()
    open_titles = [f"Open {n}" for n in range(LATEST_OPPORTUNITIES + 2)]
    for n, title in enumerate(open_titles):
        make_opportunity(owner, title=title, published_at=now - datetime.timedelta(days=n + 1))
    for n in range(past_date):  # the newest of all, but past their date
        make_opportunity(
            owner,
            title=f"Past {n}",
            published_at=now - datetime.timedelta(minutes=n + 1),
            expires_on=today - datetime.timedelta(days=1),
        )
    make_opportunity(owner, title="Draft", status="draft")

    titles = [row["title"] for row in latest_opportunities(today)]

    assert titles == open_titles[:LATEST_OPPORTUNITIES]
