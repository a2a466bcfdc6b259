"""Auth flows against the emulator's token endpoint: refresh timing, exactly-once refresh under
concurrency, 401 recovery, rotation, typed refusal, and no secret in any text or log line."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_emulator.testing import FakeClock
from hubspot_meetings._auth import ApiKey, BearerToken, OAuth2RefreshToken
from hubspot_meetings._exceptions import (
    AuthenticationError,
    ConfigurationError,
    NotFoundError,
    OAuthRefreshError,
    ResponseValidationError,
    raise_for_response,
)
from hubspot_meetings._transports.stack import HttpSettings, build_async_client, build_sync_client

MEETINGS = "/crm/v3/objects/meetings"
CLIENT_ID = "emulator-client-id"
CLIENT_SECRET = "emulator-client-secret"


def settings(emu: Emulator, auth: httpx.Auth, **kw: Any) -> HttpSettings:
    kw.setdefault("transport", emu.transport())
    return HttpSettings(auth=auth, pacing=None, **kw)


def oauth(refresh_token: str, clock: Callable[[], float], **kw: Any) -> OAuth2RefreshToken:
    return OAuth2RefreshToken(CLIENT_ID, CLIENT_SECRET, refresh_token, clock=clock, **kw)


def token_calls(emu: Emulator) -> int:
    return sum(1 for r in emu.requests if r.operation == "oauth_token")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(1_700_000_000.0)


@pytest.fixture
def emu(clock: FakeClock) -> Emulator:
    return Emulator(EmulatorConfig(), clock=clock)


# ------------------------------------------------------------------ static credentials
def test_bearer_token_header_and_masked_repr(emu: Emulator) -> None:
    auth = BearerToken("pat-emulator-token")
    with build_sync_client(settings(emu, auth)) as client:
        assert client.get(MEETINGS).status_code == 200
    assert repr(auth) == "BearerToken(token='pat-…****')"
    assert "pat-emulator-token" not in repr(settings(emu, auth))


def test_api_key_goes_in_the_query_and_never_shows(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    key = "dev-api-key-0123456789abcdef"
    emu = Emulator(EmulatorConfig(api_keys={key}), clock=clock)
    auth = ApiKey(key)
    caplog.set_level(logging.DEBUG)
    with build_sync_client(settings(emu, auth)) as client:
        assert client.get(MEETINGS).status_code == 200
        missing = client.get(f"{MEETINGS}/404404")
    with pytest.raises(NotFoundError) as info:
        raise_for_response(missing)
    assert "hapikey=****" in str(info.value)
    assert "hapikey=" in caplog.text  # httpx's request line is there, redacted
    for text in (str(info.value), repr(info.value), repr(auth), caplog.text):
        assert key not in text


@pytest.mark.parametrize("bad", ["", "   ", "pat-abc\r\nX-Injected: 1", " pat-x", 42])
def test_bad_tokens_are_refused_with_the_setting_named(bad: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        BearerToken(bad)
    assert info.value.setting == "BearerToken.token"
    assert str(bad).strip() == "" or str(bad) not in str(info.value)


def test_bad_oauth_settings_are_named() -> None:
    with pytest.raises(ConfigurationError, match=r"OAuth2RefreshToken\.client_secret"):
        OAuth2RefreshToken("id", "", "na1-token")
    with pytest.raises(ConfigurationError, match=r"OAuth2RefreshToken\.refresh_margin"):
        OAuth2RefreshToken("id", "secret", "na1-token", refresh_margin=-1)


# ------------------------------------------------------------------ OAuth refresh
def test_refreshes_before_expiry_not_after(emu: Emulator, clock: FakeClock) -> None:
    auth = oauth(emu.issue_refresh_token(), clock, refresh_margin=60.0)
    with build_sync_client(settings(emu, auth)) as client:
        assert client.get(MEETINGS).status_code == 200
        assert token_calls(emu) == 1
        assert auth.expires_at == clock.now + 1800
        clock.now += 1800 - 61
        assert client.get(MEETINGS).status_code == 200
        assert token_calls(emu) == 1  # still outside the margin
        clock.now += 2
        assert client.get(MEETINGS).status_code == 200
        assert token_calls(emu) == 2  # refreshed inside the margin, before HubSpot refused it
    assert [r.status for r in emu.requests] == [200, 200, 200, 200, 200]


class WaitForCallers:
    """A clock that counts distinct callers, and a transport that holds the token request
    until `expected` callers are queued behind it: the refresh is provably contended."""

    def __init__(self, clock: FakeClock, expected: int) -> None:
        self.clock = clock
        self.expected = expected
        self.callers: set[object] = set()
        self.lock = threading.Lock()
        self.all_waiting = threading.Event()

    def __call__(self) -> float:
        try:
            who: object = asyncio.current_task()
        except RuntimeError:
            who = None
        who = who or threading.get_ident()
        with self.lock:
            self.callers.add(who)
            if len(self.callers) >= self.expected:
                self.all_waiting.set()
        return self.clock()


class HoldTokenRequest(httpx.BaseTransport, httpx.AsyncBaseTransport):
    def __init__(self, emu: Emulator, gate: WaitForCallers) -> None:
        self.inner = emu.transport()
        self.gate = gate

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/oauth/"):
            assert self.gate.all_waiting.wait(timeout=10), "callers never queued up"
        response: httpx.Response = self.inner.handle_request(request)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/oauth/"):
            for _ in range(100_000):
                if self.gate.all_waiting.is_set():
                    break
                await asyncio.sleep(0)
            assert self.gate.all_waiting.is_set(), "callers never queued up"
        response: httpx.Response = await self.inner.handle_async_request(request)
        return response


def expired_auth(emu: Emulator, gate: WaitForCallers) -> OAuth2RefreshToken:
    # A stale token whose expiry makes every caller consult the clock before the lock.
    return oauth(
        emu.issue_refresh_token(),
        gate,
        access_token="stale-access-token-000000",
        expires_at=gate.clock() - 1,
    )


def run_threads(client: httpx.Client, n: int) -> list[int]:
    codes: list[int] = []
    lock = threading.Lock()

    def call() -> None:
        code = client.get(MEETINGS).status_code
        with lock:
            codes.append(code)

    threads = [threading.Thread(target=call) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return codes


def test_twenty_threads_one_refresh(emu: Emulator, clock: FakeClock) -> None:
    gate = WaitForCallers(clock, expected=20)
    auth = expired_auth(emu, gate)
    with build_sync_client(settings(emu, auth, transport=HoldTokenRequest(emu, gate))) as c:
        codes = run_threads(c, 20)
    assert codes == [200] * 20
    assert token_calls(emu) == 1
    assert auth.refresh_count == 1


@pytest.mark.anyio
async def test_twenty_tasks_one_refresh(emu: Emulator, clock: FakeClock) -> None:
    gate = WaitForCallers(clock, expected=20)
    auth = expired_auth(emu, gate)
    async with build_async_client(
        settings(emu, auth, transport=HoldTokenRequest(emu, gate))
    ) as client:
        responses = await asyncio.gather(*(client.get(MEETINGS) for _ in range(20)))
    assert [r.status_code for r in responses] == [200] * 20
    assert token_calls(emu) == 1


@pytest.mark.anyio
async def test_threads_and_tasks_together_one_refresh(emu: Emulator, clock: FakeClock) -> None:
    gate = WaitForCallers(clock, expected=40)
    auth = expired_auth(emu, gate)
    transport = HoldTokenRequest(emu, gate)
    with build_sync_client(settings(emu, auth, transport=transport)) as sync_client:
        async with build_async_client(settings(emu, auth, transport=transport)) as client:
            codes: list[int] = []
            threads = [
                threading.Thread(target=lambda: codes.append(sync_client.get(MEETINGS).status_code))
                for _ in range(20)
            ]
            for t in threads:
                t.start()
            responses = await asyncio.gather(*(client.get(MEETINGS) for _ in range(20)))
            await asyncio.to_thread(lambda: [t.join() for t in threads])
    assert codes + [r.status_code for r in responses] == [200] * 40
    assert token_calls(emu) == 1


def test_expired_401_refreshes_once_and_retries_once(clock: FakeClock) -> None:
    emu_clock = FakeClock(clock.now)  # HubSpot's clock runs ahead of ours
    emu = Emulator(EmulatorConfig(), clock=emu_clock)
    auth = oauth(emu.issue_refresh_token(), clock)
    with build_sync_client(settings(emu, auth)) as client:
        assert client.get(MEETINGS).status_code == 200
        emu_clock.now += 1801  # our token still looks fresh to us; HubSpot says expired
        response = client.get(MEETINGS)
    assert response.status_code == 200
    assert [(r.operation, r.status) for r in emu.requests] == [
        ("oauth_token", 200),
        ("list", 200),
        ("list", 401),
        ("oauth_token", 200),
        ("list", 200),
    ]


class AgeTokens(httpx.BaseTransport):
    """Moves HubSpot's clock past every new token's expiry: the retry fails too."""

    def __init__(self, emu: Emulator, emu_clock: FakeClock) -> None:
        self.inner = emu.transport()
        self.emu_clock = emu_clock

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response: httpx.Response = self.inner.handle_request(request)
        if request.url.path.startswith("/oauth/"):
            self.emu_clock.now += 3600
        return response


def test_second_401_is_returned_not_looped(clock: FakeClock) -> None:
    emu_clock = FakeClock(clock.now)
    emu = Emulator(EmulatorConfig(), clock=emu_clock)
    auth = oauth(emu.issue_refresh_token(), clock)
    with build_sync_client(settings(emu, auth, transport=AgeTokens(emu, emu_clock))) as client:
        response = client.get(MEETINGS)
    assert response.status_code == 401
    with pytest.raises(AuthenticationError) as info:
        raise_for_response(response)
    assert info.value.category == "EXPIRED_AUTHENTICATION"
    assert [(r.operation, r.status) for r in emu.requests] == [
        ("oauth_token", 200),
        ("list", 401),
        ("oauth_token", 200),  # one refresh for the 401...
        ("list", 401),  # ...and one retry, whose 401 goes back to the caller
    ]


def test_rotated_refresh_token_is_kept_and_reported(clock: FakeClock) -> None:
    emu = Emulator(EmulatorConfig(oauth_rotate_refresh_tokens=True), clock=clock)
    original = emu.issue_refresh_token()
    seen: list[str] = []
    auth = oauth(original, clock, on_refresh_token=seen.append)
    with build_sync_client(settings(emu, auth)) as client:
        assert client.get(MEETINGS).status_code == 200
        clock.now += 1800
        # The original token was consumed by the first refresh; only the rotated one works.
        assert client.get(MEETINGS).status_code == 200
    assert len(seen) == 2
    assert len({original, *seen}) == 3
    assert token_calls(emu) == 2


def test_rejected_refresh_token_is_a_typed_error_without_secrets(
    emu: Emulator, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    refresh = emu.issue_refresh_token()
    emu.revoke_refresh_token(refresh)
    auth = oauth(refresh, clock)
    caplog.set_level(logging.DEBUG)
    with build_sync_client(settings(emu, auth)) as client, pytest.raises(OAuthRefreshError) as info:
        client.get(MEETINGS)
    err = info.value
    assert isinstance(err, AuthenticationError)
    assert err.status == 400
    assert err.category == "BAD_REFRESH_TOKEN"
    assert err.oauth_error == "invalid_grant"
    assert [r.operation for r in emu.requests] == ["oauth_token"]  # the call itself never went
    for text in (str(err), repr(err), repr(auth), repr(err.body), caplog.text):
        assert refresh not in text
        assert CLIENT_SECRET not in text


def test_token_response_without_access_token_is_rejected(clock: FakeClock) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/v1/token":
            return httpx.Response(200, json={"refresh_token": "na1-x", "expires_in": 1800})
        return httpx.Response(200, json={})

    auth = oauth("na1-refresh-token-0000", clock)
    settings_ = HttpSettings(transport=httpx.MockTransport(handler), auth=auth, pacing=None)
    with build_sync_client(settings_) as client, pytest.raises(ResponseValidationError) as info:
        client.get(MEETINGS)
    assert info.value.field == "access_token"


def test_relative_refresh_url_uses_the_api_host(emu: Emulator, clock: FakeClock) -> None:
    auth = oauth(emu.issue_refresh_token(), clock, refresh_url="/oauth/v3/token")
    s = HttpSettings(
        base_url="http://emulator.local:8080", transport=emu.transport(), auth=auth, pacing=None
    )
    with build_sync_client(s) as client:
        assert client.get(MEETINGS).status_code == 200
    assert emu.requests[0].path == "/oauth/v3/token"


def test_no_secret_in_any_log_line_or_repr(
    emu: Emulator, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    refresh = emu.issue_refresh_token()
    auth = oauth(refresh, clock)
    caplog.set_level(logging.DEBUG)
    with build_sync_client(settings(emu, auth)) as client:
        client.get(MEETINGS)
        client.get(f"{MEETINGS}/1")
        clock.now += 1800
        client.get(MEETINGS)
    assert caplog.records, "expected some log output to check"
    for text in (caplog.text, repr(auth)):
        assert refresh not in text
        assert CLIENT_SECRET not in text
        assert "emu-oauth-" not in text  # the emulator's access-token prefix
        assert "Bearer" not in text
