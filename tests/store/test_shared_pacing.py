"""Pacing shared through a store: clients of one app spend one HubSpot budget together.

Each test's sleep raises instead of sleeping: the assertion is on how long pacing asked to wait,
which the store computed from its own clock (the clients' clocks are set to disagree wildly).
"""

from __future__ import annotations

from typing import Any

import pytest
import redis
from redis_support import RedisServer

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    HubSpotMeetings,
    PacingConfig,
    RateLimitError,
    RedisStore,
    RetryConfig,
    Store,
)

TOKEN = "pat-emulator-token"
OTHER_APP = "pat-another-app-token"
SPAN = 10.0 * 1.02  # the window plus PacingConfig's default safety margin


class Held(Exception):
    """Pacing asked to wait `args[0]` seconds."""


class HoldingClock:
    """A clock stopped at `now` whose every wait raises `Held`: a test sees how long the client
    would have waited, at the moment it would have started waiting."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        raise Held(seconds)

    async def async_sleep(self, seconds: float) -> None:
        raise Held(seconds)


def props(title: str) -> dict[str, Any]:
    return {"hs_timestamp": "2026-01-01T00:00:00Z", "hs_meeting_title": title}


def options(emu: Emulator, store: Store, token: str = TOKEN, clock: float = 0.0) -> dict[str, Any]:
    return {
        "transport": emu.transport(),
        "auth": BearerToken(token),
        "pacing": PacingConfig(default_max=5, store=store),
        "retry": RetryConfig.disabled(),
        "_clock": HoldingClock(clock),
    }


def emulator(limit: int = 5) -> Emulator:
    return Emulator(EmulatorConfig(ten_second_limit=limit, private_app_tokens={TOKEN, OTHER_APP}))


@pytest.mark.anyio
async def test_a_sync_and_an_async_client_of_one_app_share_its_ten_second_window(
    stores: tuple[Store, Store],
) -> None:
    emu = emulator(limit=5)
    store_a, store_b = stores
    with HubSpotMeetings(**options(emu, store_a, clock=0.0)) as a:
        for i in range(4):
            a.create(props(f"a{i}"))
    async with AsyncHubSpotMeetings(**options(emu, store_b, clock=1e9)) as b:
        await b.create(props("b0"))
        # b has never seen a response that told it a's usage: only the store knows.
        with pytest.raises(Held) as held:
            await b.create(props("b-too-many"))
    # Five sent between them: the sixth waits until the first leaves the window.
    assert SPAN - 2.0 < held.value.args[0] <= SPAN
    statuses = [r.status for r in emu.requests]
    assert statuses == [201] * 5
    # Another app's budget is its own: it sends at once.
    with HubSpotMeetings(**options(emu, store_a, token=OTHER_APP)) as c:
        c.create(props("other app"))
    assert [r.status for r in emu.requests] == [201] * 6


def test_searches_share_the_per_second_search_window(stores: tuple[Store, Store]) -> None:
    emu = emulator(limit=100)
    store_a, store_b = stores
    with (
        HubSpotMeetings(**options(emu, store_a)) as a,
        HubSpotMeetings(**options(emu, store_b)) as b,
    ):
        for _ in range(3):
            a.search(limit=1)
        for _ in range(2):
            b.search(limit=1)
        with pytest.raises(Held) as held:
            a.search(limit=1)
        b.create(props("creates have their own window"))
    assert 0.5 < held.value.args[0] <= 1.02
    assert [r.status for r in emu.requests] == [200] * 5 + [201]


def test_a_429_seen_by_one_client_holds_back_the_others(stores: tuple[Store, Store]) -> None:
    emu = emulator(limit=100)
    store_a, store_b = stores
    emu.faults.script(Fault.rate_limit(), FaultMatch(method="POST"))
    with (
        HubSpotMeetings(**options(emu, store_a)) as a,
        HubSpotMeetings(**options(emu, store_b)) as b,
    ):
        with pytest.raises(RateLimitError):
            a.create(props("refused"))
        with pytest.raises(Held) as held:
            b.create(props("must wait"))
    # The 429 said the app's window is full: b waits a whole window, not sent meanwhile.
    assert SPAN - 1.0 < held.value.args[0] <= SPAN
    assert [r.status for r in emu.requests] == [429]


def test_redis_keys_name_no_credential_and_all_expire(
    redis_server: RedisServer, redis_db: redis.Redis
) -> None:
    emu = emulator(limit=100)
    store = RedisStore(redis_server.url, prefix="acme")
    with HubSpotMeetings(**options(emu, store)) as client:
        client.create(props("one"))
        client.search(limit=1)
    store.close()
    keys = sorted(redis_db.keys("*"))
    assert keys, "pacing wrote nothing to Redis"
    for key in keys:
        assert key.startswith("acme:pace:{")
        assert TOKEN not in key and "pat-" not in key
        assert redis_db.pttl(key) > 0, f"{key} never expires"
    for key in (k for k in keys if redis_db.type(k) == "zset"):
        assert not any(TOKEN in member for member in redis_db.zrange(key, 0, -1))
