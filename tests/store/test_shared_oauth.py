"""OAuth tokens shared through a store: one refresh for all clients, rotation-safe.

The emulator rotates refresh tokens (each refresh retires the one it was given), as HubSpot
apps configured that way do: two processes refreshing alone lock each other out.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
import redis
from redis_support import RedisServer

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    ConfigurationError,
    HubSpotMeetings,
    OAuth2RefreshToken,
    OAuthRefreshError,
    RedisStore,
    Store,
    StoreUnavailableError,
)

CLIENT_ID, CLIENT_SECRET = "emulator-client-id", "emulator-client-secret"
ACCOUNT = "hub-12345678"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def props(title: str) -> dict[str, Any]:
    return {"hs_timestamp": "2026-01-01T00:00:00Z", "hs_meeting_title": title}


def rotating(clock: Clock | None = None) -> Emulator:
    return Emulator(EmulatorConfig(oauth_rotate_refresh_tokens=True), clock=clock)


def oauth(refresh: str, store: Store | None, **kwargs: Any) -> OAuth2RefreshToken:
    return OAuth2RefreshToken(
        CLIENT_ID,
        CLIENT_SECRET,
        refresh,
        refresh_url="/oauth/v1/token",
        store=store,
        store_key=ACCOUNT if store is not None else None,
        **kwargs,
    )


def client(emu: Emulator, auth: OAuth2RefreshToken) -> HubSpotMeetings:
    return HubSpotMeetings(transport=emu.transport(), auth=auth, pacing=None)


def token_statuses(emu: Emulator) -> list[int | None]:
    return [r.status for r in emu.requests if r.path.startswith("/oauth/")]


def test_without_a_store_two_processes_rotating_one_token_lock_each_other_out() -> None:
    emu = rotating()
    first = emu.issue_refresh_token()
    with client(emu, oauth(first, None)) as a:
        a.create(props("a"))
    with client(emu, oauth(first, None)) as b, pytest.raises(OAuthRefreshError) as refused:
        b.create(props("b"))
    assert refused.value.category == "BAD_REFRESH_TOKEN"


@pytest.mark.anyio
async def test_with_a_store_one_refresh_serves_a_sync_and_an_async_client(
    stores: tuple[Store, Store],
) -> None:
    emu = rotating()
    first = emu.issue_refresh_token()
    persisted_a: list[str] = []
    persisted_b: list[str] = []
    store_a, store_b = stores
    auth_a = oauth(first, store_a, on_refresh_token=persisted_a.append)
    auth_b = oauth(first, store_b, on_refresh_token=persisted_b.append)
    with client(emu, auth_a) as a:
        a.create(props("a"))
    async with AsyncHubSpotMeetings(transport=emu.transport(), auth=auth_b, pacing=None) as b:
        await b.create(props("b"))
    assert token_statuses(emu) == [200]
    assert (auth_a.refresh_count, auth_b.refresh_count) == (1, 0)
    # Only the refresher hands the rotated token to its callback; b holds it all the same.
    assert len(persisted_a) == 1 and persisted_a[0] != first and persisted_b == []
    assert [r.status for r in emu.requests if r.path.startswith("/crm/")] == [201, 201]


def test_evicted_tokens_are_refreshed_once_with_the_newest_refresh_token(
    redis_server: RedisServer, redis_db: redis.Redis
) -> None:
    emu = rotating()
    first = emu.issue_refresh_token()
    clock_a, clock_b = Clock(), Clock()
    auth_a = oauth(first, RedisStore(redis_server.url), clock=clock_a)
    auth_b = oauth(first, RedisStore(redis_server.url), clock=clock_b)
    with client(emu, auth_a) as a, client(emu, auth_b) as b:
        a.create(props("a1"))  # refreshes: `first` is retired
        b.create(props("b1"))  # reads a's tokens
        redis_db.flushall()  # Redis evicted everything
        clock_a.now = clock_b.now = 1_000.0 + 1_800  # both tokens are due
        b.create(props("b2"))  # refreshes with the token a got, which b read from the store
        a.create(props("a2"))  # reads b's tokens
    assert token_statuses(emu) == [200, 200]
    assert (auth_a.refresh_count, auth_b.refresh_count) == (1, 1)
    assert [r.status for r in emu.requests if r.path.startswith("/crm/")] == [201] * 4


def test_a_token_hubspot_calls_expired_is_refreshed_once_for_everyone(
    stores: tuple[Store, Store],
) -> None:
    clock = Clock()
    emu = rotating(clock)  # the emulator's clock: tokens expire when the test says
    first = emu.issue_refresh_token()
    store_a, store_b = stores
    auth_a, auth_b = oauth(first, store_a), oauth(first, store_b)
    with client(emu, auth_a) as a, client(emu, auth_b) as b:
        a.create(props("a1"))
        b.create(props("b1"))
        clock.now += 1_800  # HubSpot says the token expired; the clients' clocks disagree
        a.create(props("a2"))  # 401 EXPIRED_AUTHENTICATION, refresh, resend
        b.create(props("b2"))  # 401, finds a's new token in the store, resends
    assert token_statuses(emu) == [200, 200]
    assert auth_a.refresh_count + auth_b.refresh_count == 2
    crm = [r.status for r in emu.requests if r.path.startswith("/crm/")]
    assert crm == [201, 201, 401, 201, 401, 201]


def test_redis_down_refreshes_alone_with_one_warning_and_no_secret(
    own_redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    emu = rotating()
    first = emu.issue_refresh_token()
    auth = oauth(first, RedisStore(own_redis.url, socket_timeout=0.2))
    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="hubspot_meetings"), client(emu, auth) as a:
        a.create(props("a1"))
        a.create(props("a2"))
    assert token_statuses(emu) == [200]
    assert [r.status for r in emu.requests if r.path.startswith("/crm/")] == [201, 201]
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "unavailable" in warnings[0]
    for secret in (first, CLIENT_SECRET, auth._state.refresh_token, auth._state.access_token):
        assert secret is not None and secret not in caplog.text


def test_redis_down_with_raise_fails_before_anything_is_sent(own_redis: RedisServer) -> None:
    emu = rotating()
    auth = oauth(emu.issue_refresh_token(), RedisStore(own_redis.url, on_unavailable="raise"))
    own_redis.stop()
    with client(emu, auth) as a, pytest.raises(StoreUnavailableError):
        a.create(props("never sent"))
    assert emu.requests == []
    own_redis.start()
    with client(emu, oauth(emu.issue_refresh_token(), RedisStore(own_redis.url))) as a:
        a.create(props("sent once Redis is back"))
    assert [r.status for r in emu.requests] == [200, 201]


def test_a_store_needs_a_store_key_naming_the_account() -> None:
    with pytest.raises(ConfigurationError, match=r"OAuth2RefreshToken\.store_key"):
        OAuth2RefreshToken(CLIENT_ID, CLIENT_SECRET, "na1-refresh", store=RedisStore())


def test_token_keys_name_no_credential_and_expire(
    redis_server: RedisServer, redis_db: redis.Redis
) -> None:
    emu = rotating()
    first = emu.issue_refresh_token()
    auth = oauth(first, RedisStore(redis_server.url, prefix="acme"))
    with client(emu, auth) as a:
        a.create(props("a"))
    secrets = (first, CLIENT_ID, CLIENT_SECRET, auth._state.refresh_token, auth._state.access_token)
    keys = sorted(redis_db.keys("*"))
    assert [k.rsplit(":", 1)[1] for k in keys] == ["access", "refresh"]  # the lock is released
    for key in keys:
        assert key.startswith("acme:oauth:{")
        assert not any(s is not None and s in key for s in secrets)
    # The access token leaves Redis when its refresh is due (30 min - 60 s margin); the refresh
    # token 30 days after the last refresh.
    assert 0 < redis_db.pttl(keys[0]) <= (1800 - 60) * 1000
    assert 0 < redis_db.pttl(keys[1]) <= 30 * 24 * 3600 * 1000
