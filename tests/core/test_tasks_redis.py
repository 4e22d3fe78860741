"""The production task queue: an e-mail task enqueued on Redis is taken by a worker and sent.

Needs a real Redis server named by REDIS_TEST_URL (`scripts/test` starts a throwaway one). Under
CI the variable must be set: there the test fails rather than skip.
"""

import os
import uuid
from collections.abc import Iterator

import pytest
import redis
from huey import RedisHuey

from silkbridge.core import tasks


@pytest.fixture
def redis_huey() -> Iterator[RedisHuey]:
    """A Redis-backed queue of its own, so concurrent runs on one server never share messages."""
    url = os.environ.get("REDIS_TEST_URL", "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail(
                "Under CI, REDIS_TEST_URL must name a Redis server (scripts/test starts one)"
            )
        pytest.skip("REDIS_TEST_URL is not set; `make test` starts a Redis server and sets it")
    huey = RedisHuey(name=f"silkbridge-test-{uuid.uuid4().hex}", url=url)
    yield huey
    huey.storage.flush_all()


def test_email_task_travels_through_redis_and_is_sent_by_the_worker(redis_huey, mailoutbox):
    # given the application's e-mail task, registered on a Redis queue as a worker process has it
    send_email = redis_huey.task(retries=3, retry_delay=60)(tasks.send_email.func)
    broker = redis.Redis.from_url(os.environ["REDIS_TEST_URL"])

    # when the web process enqueues it
    result = send_email("Introduction accepted", "Both sides said yes.", ["admin@qfl.example.kz"])

    # then the message waits in Redis and nothing has been sent yet
    assert broker.llen(redis_huey.storage.queue_key) == 1
    assert mailoutbox == []

    # when a worker takes the message off the queue and runs it
    message = redis_huey.dequeue()
    redis_huey.execute(message)

    # then the queue is empty, the e-mail is sent, and the result came back through Redis
    assert broker.llen(redis_huey.storage.queue_key) == 0
    assert [(m.subject, m.to) for m in mailoutbox] == [
        ("Introduction accepted", ["admin@qfl.example.kz"])
    ]
    assert result.get(blocking=True, timeout=5) == 1
