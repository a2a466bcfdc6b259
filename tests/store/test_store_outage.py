"""When Redis fails mid-run (stopped, frozen): pacing falls back per process with a warning, or
fails before sending with a typed error; either way every write lands exactly once."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from redis_support import RedisServer

from hubspot_emulator import Emulator
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    HubSpotMeetings,
    PacingConfig,
    RedisStore,
    StoreUnavailableError,
)

TOKEN = "pat-emulator-token"


def props(title: str) -> dict[str, Any]:
    return {"hs_timestamp": "2026-01-01T00:00:00Z", "hs_meeting_title": title}


def options(transport: Any, store: RedisStore) -> dict[str, Any]:
    return {"transport": transport, "auth": BearerToken(TOKEN), "pacing": PacingConfig(store=store)}


def titles(emu: Emulator) -> list[str]:
    return sorted(m["properties"]["hs_meeting_title"] for m in emu.store("meetings").all())


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_redis_stopped_mid_run_pacing_carries_on_per_process_then_shares_again(
    own_redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    emu = Emulator()
    store = RedisStore(own_redis.url, retry_interval=0)
    sent = [f"m{i}" for i in range(9)]
    with (
        caplog.at_level(logging.WARNING, logger="hubspot_meetings"),
        HubSpotMeetings(**options(emu.transport(), store)) as client,
    ):
        for title in sent[:3]:
            client.create(props(title))
        own_redis.stop()
        for title in sent[3:6]:
            client.create(props(title))
        own_redis.start()
        own_redis.client().flushall()
        for title in sent[6:]:
            client.create(props(title))
    assert titles(emu) == sent
    assert own_redis.client().keys("hubspot-meetings:pace:*"), "pacing did not resume in Redis"
    logged = warnings(caplog)
    assert len(logged) == 2  # one when it went away, one when it came back
    assert "unavailable" in logged[0] and "answers again" in logged[1]
    assert TOKEN not in caplog.text
    store.close()


@pytest.mark.anyio
async def test_async_client_falls_back_when_redis_stops(own_redis: RedisServer) -> None:
    emu = Emulator()
    store = RedisStore(own_redis.url)
    async with AsyncHubSpotMeetings(**options(emu.transport(), store)) as client:
        await client.create(props("before"))
        own_redis.stop()
        await client.create(props("during"))
    assert titles(emu) == ["before", "during"]


def test_a_frozen_redis_is_unavailable_after_socket_timeout(own_redis: RedisServer) -> None:
    emu = Emulator()
    store = RedisStore(own_redis.url, socket_timeout=0.2, on_unavailable="raise")
    with HubSpotMeetings(**options(emu.transport(), store)) as client:
        client.create(props("answered"))
        own_redis.freeze()
        try:
            with pytest.raises(StoreUnavailableError):
                client.create(props("not sent"))
        finally:
            own_redis.thaw()
    assert titles(emu) == ["answered"]


class StopRedisWhenSent(httpx.BaseTransport):
    """The network between client and HubSpot: Redis dies while the create is on the wire."""

    def __init__(self, inner: httpx.BaseTransport, redis_server: RedisServer) -> None:
        self.inner = inner
        self.redis_server = redis_server

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.redis_server.stop()
        return self.inner.handle_request(request)


def test_redis_dying_after_a_write_was_sent_never_loses_its_answer(
    own_redis: RedisServer,
) -> None:
    emu = Emulator()
    store = RedisStore(own_redis.url, on_unavailable="raise")
    transport = StopRedisWhenSent(emu.transport(), own_redis)
    with HubSpotMeetings(**options(transport, store)) as client:
        created = client.create(props("sent"))  # returned although Redis died meanwhile
        with pytest.raises(StoreUnavailableError):
            client.create(props("not sent: Redis is down before it left"))
    assert titles(emu) == ["sent"]
    assert emu.store("meetings").get(created.id) is not None
