"""Readiness checks for the operator: may this process take real traffic?

Each check is a plain function returning a `Check`; none of them builds or changes anything
(the matching index is reported, never built here, because a build can take minutes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from silkbridge.matching import services as matching

REDIS_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return Check("database", False, f"{type(error).__name__}: {error}")
    return Check("database", True, connection.vendor)


def check_migrations() -> Check:
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return Check("migrations", False, f"{type(error).__name__}: {error}")
    if pending:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in pending[:5])
        return Check("migrations", False, f"{len(pending)} not applied: {names}")
    return Check("migrations", True, "all applied")


def check_redis() -> Check:
    """Ping the task queue's broker; without REDIS_URL tasks run in-process and need none."""
    if not settings.REDIS_URL:
        return Check("redis", True, "not configured: tasks run in-process")
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except redis.RedisError as error:
        return Check("redis", False, f"{type(error).__name__}: {error}")
    finally:
        client.close()
    return Check("redis", True, "ping answered")


def check_matching_index() -> Check:
    try:
        state = matching.index_state()
    except DatabaseError as error:
        return Check("matching_index", False, f"{type(error).__name__}: {error}")
    return Check("matching_index", state != matching.IndexState.NOT_BUILT, state.value)


CHECKS: tuple[Callable[[], Check], ...] = (
    check_database,
    check_migrations,
    check_redis,
    check_matching_index,
)


def run_checks() -> list[Check]:
    """Every check, in order; a failing database still lets the others report."""
    return [check() for check in CHECKS]
