"""Regression tests for review findings on credentials, errors, logging and date checks:
a failing `on_refresh_token` loses no rotated token, pickled errors carry no credential,
unprintable secrets are refused up front, epoch seconds are refused, short-lived tokens are
not refreshed on every request, and the package logger stays silent unless configured."""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import textwrap
from typing import Any

import httpx
import pytest

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import AsyncHubSpotMeetings, HubSpotMeetings
from hubspot_meetings._auth import ApiKey, BearerToken, OAuth2RefreshToken
from hubspot_meetings._exceptions import (
    ConfigurationError,
    ForbiddenError,
    HubSpotError,
    RequestValidationError,
    TokenPersistenceError,
    UnknownOutcomeError,
    error_for_response,
)

CLIENT_ID = "emulator-client-id"
CLIENT_SECRET = "emulator-client-secret"
PAT = "pat-emulator-token"
WHEN = "2026-03-20T10:00:00Z"


class FlakyStore:
    """Persists refresh tokens, but the first `failures` writes fail quoting the token."""

    def __init__(self, failures: int = 1) -> None:
        self.failures = failures
        self.offered: list[str] = []
        self.saved: list[str] = []

    def __call__(self, token: str) -> None:
        self.offered.append(token)
        if len(self.offered) <= self.failures:
            raise OSError(f"disk full while writing {token}")
        self.saved.append(token)


def rotating(clock: FakeClock, **kw: Any) -> Emulator:
    return Emulator(EmulatorConfig(oauth_rotate_refresh_tokens=True, **kw), clock=clock)


def oauth(emu: Emulator, clock: FakeClock, **kw: Any) -> OAuth2RefreshToken:
    return OAuth2RefreshToken(
        CLIENT_ID,
        CLIENT_SECRET,
        emu.issue_refresh_token(),
        refresh_url="/oauth/v1/token",
        clock=clock,
        **kw,
    )


def token_calls(emu: Emulator) -> int:
    return sum(1 for r in emu.requests if r.operation == "oauth_token")


# ------------------------------------------------------------ on_refresh_token failures
def test_failed_persistence_keeps_the_rotated_token_and_offers_it_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = FakeClock(1_700_000_000.0)
    emu = rotating(clock)
    store = FlakyStore()
    auth = oauth(emu, clock, on_refresh_token=store)
    caplog.set_level(logging.WARNING, logger="hubspot_meetings")
    with HubSpotMeetings(auth=auth, transport=emu.transport(), _clock=clock) as client:
        # The access token is valid, so the request itself goes through.
        client.create({"hs_timestamp": WHEN, "hs_meeting_title": "first"})
        assert emu.store("meetings").count() == 1
        assert len(store.offered) == 1 and store.saved == []
        rotated = store.offered[0]
        assert not auth.refresh_token_persisted
        error = auth.persistence_error
        assert isinstance(error, TokenPersistenceError) and isinstance(error, HubSpotError)
        assert "FlakyStore" in str(error) and "OSError" in str(error)
        assert "FlakyStore" in caplog.text

        client.list(limit=1)  # no refresh needed: the pending token is offered again
        assert store.saved == [rotated]
        assert auth.refresh_token_persisted and auth.persistence_error is None
        client.list(limit=1)
        assert store.offered == [rotated, rotated]  # not offered again once saved

        clock.now += 1800  # the next refresh must use the rotated token HubSpot now expects
        client.list(limit=1)
        assert auth.refresh_count == 2
        assert len(store.saved) == 2 and store.saved[1] != rotated
    for text in (str(error), repr(error), caplog.text, repr(auth)):
        for token in store.offered:
            assert token not in text
    assert pickle.loads(pickle.dumps(error)).callback == error.callback


@pytest.mark.anyio
async def test_failed_persistence_is_retried_in_async_clients() -> None:
    clock = FakeClock(1_700_000_000.0)
    emu = rotating(clock)
    store = FlakyStore(failures=2)
    auth = oauth(emu, clock, on_refresh_token=store)
    async with AsyncHubSpotMeetings(auth=auth, transport=emu.transport()) as client:
        await client.create({"hs_timestamp": WHEN})
        await client.list(limit=1)
        assert store.saved == [] and not auth.refresh_token_persisted
        await client.list(limit=1)
    assert len(set(store.offered)) == 1 and store.saved == store.offered[:1]
    assert auth.refresh_token_persisted and token_calls(emu) == 1


# ------------------------------------------------------------ short-lived tokens
def test_token_shorter_than_the_margin_is_refreshed_at_half_its_life() -> None:
    clock = FakeClock(1_700_000_000.0)
    emu = Emulator(EmulatorConfig(oauth_access_token_ttl=30), clock=clock)
    auth = oauth(emu, clock)  # refresh_margin stays at its 60 s default
    with HubSpotMeetings(auth=auth, transport=emu.transport()) as client:
        for _ in range(5):
            client.list(limit=1)
        assert auth.refresh_count == 1
        clock.now += 14
        client.list(limit=1)
        assert auth.refresh_count == 1
        clock.now += 2  # past half of the 30 s lifetime, still before HubSpot's expiry
        client.list(limit=1)
        assert auth.refresh_count == 2
    assert token_calls(emu) == 2


# ------------------------------------------------------------ pickled errors
def _unknown_outcome(client: HubSpotMeetings, emu: Emulator) -> UnknownOutcomeError:
    emu.faults.script(Fault.status(502), match=FaultMatch(method="POST"), times=1)
    with pytest.raises(UnknownOutcomeError) as info:
        client.create({"hs_timestamp": WHEN})
    return info.value


def test_pickled_unknown_outcome_error_has_no_bearer_token() -> None:
    emu = Emulator(EmulatorConfig())
    with HubSpotMeetings(auth=BearerToken(PAT), transport=emu.transport()) as client:
        err = _unknown_outcome(client, emu)
    assert err.response is not None
    data = pickle.dumps(err)
    assert PAT.encode() not in data
    back = pickle.loads(data)
    assert isinstance(back, UnknownOutcomeError)
    assert back.status == 502 and str(back) == str(err)
    assert back.response.json() == err.response.json()
    assert back.response.request.method == "POST"
    assert back.response.request.url.path == err.response.request.url.path
    assert "authorization" not in back.response.request.headers


def test_pickled_unknown_outcome_error_has_no_api_key() -> None:
    key = "dev-api-key-0123456789abcdef"
    emu = Emulator(EmulatorConfig(api_keys=frozenset({key})))
    with HubSpotMeetings(auth=ApiKey(key), transport=emu.transport()) as client:
        err = _unknown_outcome(client, emu)
    data = pickle.dumps(err)
    assert key.encode() not in data
    back = pickle.loads(data)
    assert back.response.request.url.params["hapikey"] == "****"
    assert back.status == 502


def test_pickled_api_error_drops_cookies_but_keeps_other_headers() -> None:
    request = httpx.Request("GET", "https://api.hubapi.com/crm/v3/objects/meetings")
    response = httpx.Response(
        403,
        json={"status": "error", "message": "no", "category": "MISSING_SCOPES"},
        headers={"Set-Cookie": "__cf_bm=session-cookie-value", "X-HubSpot-RateLimit-Max": "100"},
        request=request,
    )
    err = error_for_response(response)
    data = pickle.dumps(err)
    assert b"session-cookie-value" not in data
    back = pickle.loads(data)
    assert isinstance(back, ForbiddenError) and back.category == "MISSING_SCOPES"
    assert back.headers["x-hubspot-ratelimit-max"] == "100"
    assert "set-cookie" not in back.headers


# ------------------------------------------------------------ secrets' characters
@pytest.mark.parametrize("bad", ["\x0b", "\x7f", "\x1f", "\t", " ", "é", "…"])
def test_secrets_with_unprintable_characters_are_refused_without_echo(bad: str) -> None:
    secret = f"pat-na1-SECRET{bad}VALUE-1234567890"
    makers: list[tuple[str, Any]] = [
        ("BearerToken.token", lambda: BearerToken(secret)),
        ("ApiKey.key", lambda: ApiKey(secret)),
        ("OAuth2RefreshToken.client_secret", lambda: OAuth2RefreshToken("id", secret, "na1-x")),
        ("OAuth2RefreshToken.refresh_token", lambda: OAuth2RefreshToken("id", "s", secret)),
    ]
    for setting, make in makers:
        with pytest.raises(ConfigurationError) as info:
            make()
        assert info.value.setting == setting
        assert "SECRET" not in str(info.value) and "SECRET" not in repr(info.value)


# ------------------------------------------------------------ epoch seconds
@pytest.mark.parametrize("value", [1710928800, "1710928800", "2026", 0, "-5"])
def test_epoch_seconds_and_tiny_numbers_are_refused_before_sending(value: object) -> None:
    emu = Emulator(EmulatorConfig())
    with HubSpotMeetings(auth=BearerToken(PAT), transport=emu.transport()) as client:
        with pytest.raises(RequestValidationError) as info:
            client.create({"hs_timestamp": value})
        assert info.value.field == "properties.hs_timestamp"
        assert "epoch seconds" in str(info.value) and "milliseconds" in str(info.value)
        with pytest.raises(RequestValidationError) as batch:
            client.batch_create([{"properties": {"hs_timestamp": value}}])
        assert batch.value.field == "inputs[0].properties.hs_timestamp"
    assert emu.requests == [] or all(r.operation == "oauth_token" for r in emu.requests)
    assert emu.store("meetings").count() == 0


def test_epoch_milliseconds_still_accepted() -> None:
    emu = Emulator(EmulatorConfig())
    with HubSpotMeetings(auth=BearerToken(PAT), transport=emu.transport()) as client:
        made = client.create({"hs_timestamp": 1710928800000})
        got = client.get(made.id, properties=["hs_timestamp"])
    # HubSpot prints whole seconds without a fraction (docs/hubspot-behaviour.md).
    assert got.properties["hs_timestamp"] == "2024-03-20T10:00:00Z"


# ------------------------------------------------------------ logging
def test_package_logger_has_a_null_handler() -> None:
    logger = logging.getLogger("hubspot_meetings")
    assert any(isinstance(h, logging.NullHandler) for h in logger.handlers)


def test_warnings_do_not_reach_stderr_when_the_app_never_configured_logging() -> None:
    # A fresh interpreter: pytest's own log capture would hide Python's last-resort handler.
    script = textwrap.dedent(
        """
        from hubspot_meetings import HubSpotMeetings, OAuth2RefreshToken
        from hubspot_emulator import Emulator, EmulatorConfig

        def save(token):
            raise OSError("disk full")

        emu = Emulator(EmulatorConfig(oauth_rotate_refresh_tokens=True))
        auth = OAuth2RefreshToken(
            "emulator-client-id", "emulator-client-secret", emu.issue_refresh_token(),
            refresh_url="/oauth/v1/token", on_refresh_token=save,
        )
        with HubSpotMeetings(auth=auth, transport=emu.transport()) as client:
            client.list(limit=1)
        assert auth.persistence_error is not None  # the warning was logged
        print("done")
        """
    )
    # The child imports exactly what this process imported.
    env = {"PYTHONPATH": os.pathsep.join(p for p in sys.path if p), "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "done"
    assert done.stderr == ""


def test_oauth_from_env_refreshes_behind_a_gateway_prefix() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path.endswith("/oauth/v1/token"):
            return httpx.Response(
                200,
                json={"access_token": "at-1", "refresh_token": "rt-1", "expires_in": 1800},
            )
        return httpx.Response(200, json={"results": []})

    env = {
        "HUBSPOT_CLIENT_ID": "cid",
        "HUBSPOT_CLIENT_SECRET": "secret",
        "HUBSPOT_REFRESH_TOKEN": "rt-0",
        "HUBSPOT_BASE_URL": "https://gw.example.com/hubspot",
    }
    with HubSpotMeetings.from_env(env, transport=httpx.MockTransport(answer)) as client:
        client.list()
    assert seen == [
        "https://gw.example.com/hubspot/oauth/v1/token",
        "https://gw.example.com/hubspot/crm/v3/objects/meetings",
    ]
