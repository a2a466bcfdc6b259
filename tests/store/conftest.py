"""Fixtures for the shared-store tests: one real Redis for the session, fresh keys per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from redis_support import RedisServer

from hubspot_meetings import LocalStore, RedisStore, Store


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_db(redis_server: RedisServer) -> Iterator[redis.Redis]:
    client = redis_server.client()
    client.flushall()
    yield client
    client.close()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis of the test's own, to stop and start mid-run."""
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture(params=["redis", "local"])
def stores(request: pytest.FixtureRequest) -> Iterator[tuple[Store, Store]]:
    """Two handles on one store, as two processes (Redis) or two clients (in-process) have."""
    if request.param == "local":
        local = LocalStore()
        yield local, local
        return
    server: RedisServer = request.getfixturevalue("redis_server")
    request.getfixturevalue("redis_db")
    a, b = RedisStore(server.url), RedisStore(server.url)
    yield a, b
    a.close()
    b.close()
