"""Retry rules against the emulator's injected faults, with waits recorded on a fake clock."""

from __future__ import annotations

import logging

import httpx
import pytest
from resilience_support import CREATE_BODY, MEETINGS, settings_for

from hubspot_emulator import Emulator, Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings._auth import ApiKey
from hubspot_meetings._config import RetryConfig
from hubspot_meetings._exceptions import (
    RateLimitError,
    ServerError,
    TransportError,
    UnknownOutcomeError,
    raise_for_response,
)
from hubspot_meetings._transports.stack import build_async_client, build_sync_client

GET = FaultMatch(method="GET")
CREATE = FaultMatch(method="POST", path=MEETINGS)


def seeded(emu: Emulator) -> str:
    return emu.seed("meetings", [{"hs_meeting_title": "seeded"}])[0]


def statuses(emu: Emulator) -> list[int | None]:
    return [r.status for r in emu.requests]


@pytest.mark.parametrize("pacing", [True, False])
def test_ten_secondly_429_waits_for_the_window(
    emu: Emulator, clock: FakeClock, pacing: bool
) -> None:
    meeting = seeded(emu)
    emu.faults.script(Fault.rate_limit("TEN_SECONDLY_ROLLING"), GET, times=1)
    settings = settings_for(emu, clock, **({} if pacing else {"pacing": None}))
    with build_sync_client(settings) as client:
        response = client.get(f"{MEETINGS}/{meeting}")
    assert response.status_code == 200
    assert statuses(emu) == [429, 200]
    # Without pacing: the interval header (10 s). With pacing: the window it computed, which
    # here is also a full window because the 429 claims it is full right now.
    assert clock.sleeps[-1] == pytest.approx(10.0 if not pacing else 10.2)


def test_secondly_429_waits_about_a_second(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.rate_limit("SECONDLY"), FaultMatch(path="/search"), times=1)
    with build_sync_client(settings_for(emu, clock, pacing=None)) as client:
        response = client.post(f"{MEETINGS}/search", json={})
    assert response.status_code == 200
    assert clock.sleeps == [1.0]


def test_daily_429_is_not_retried(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.rate_limit("DAILY"), GET, times=None)
    with build_sync_client(settings_for(emu, clock)) as client:
        response = client.get(MEETINGS)
    assert statuses(emu) == [429]
    assert clock.sleeps == []
    with pytest.raises(RateLimitError) as info:
        raise_for_response(response)
    assert info.value.policy_name == "DAILY"


def test_retry_after_is_honoured(make_emulator: type[Emulator], clock: FakeClock) -> None:
    emu = make_emulator(retry_after_seconds=7)
    emu.faults.script(Fault.rate_limit("TEN_SECONDLY_ROLLING"), GET, times=1)
    with build_sync_client(settings_for(emu, clock, pacing=None)) as client:
        assert client.get(MEETINGS).status_code == 200
    assert clock.sleeps == [7.0]


def test_retry_after_beyond_max_wait_gives_up(
    make_emulator: type[Emulator], clock: FakeClock
) -> None:
    emu = make_emulator(retry_after_seconds=120)
    emu.faults.script(Fault.rate_limit("TEN_SECONDLY_ROLLING"), GET, times=1)
    with build_sync_client(settings_for(emu, clock, pacing=None)) as client:
        response = client.get(MEETINGS)
    assert response.status_code == 429
    assert clock.sleeps == []
    with pytest.raises(RateLimitError) as info:
        raise_for_response(response)
    assert info.value.retry_after == 120.0


def test_5xx_on_idempotent_read_is_retried_with_backoff(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.status(503), GET, times=2)
    with build_sync_client(settings_for(emu, clock)) as client:
        response = client.get(MEETINGS)
    assert response.status_code == 200
    assert statuses(emu) == [503, 503, 200]
    assert clock.sleeps == [0.5, 1.0]


def test_retries_are_logged_without_secrets(
    make_emulator: type[Emulator], clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    key = "dev-api-key-0123456789abcdef"
    emu = make_emulator(api_keys={key})
    emu.faults.script(Fault.status(503), GET, times=1)
    caplog.set_level(logging.DEBUG)
    with build_sync_client(settings_for(emu, clock, auth=ApiKey(key))) as client:
        assert client.get(MEETINGS, params={"limit": 5}).status_code == 200
    retry_lines = [r.getMessage() for r in caplog.records if r.name == "hubspot_meetings"]
    assert (
        "retrying GET /crm/v3/objects/meetings?limit=5&hapikey=**** after 503 "
        "(attempt 2/4, wait 0.50s)"
    ) in retry_lines
    assert key not in caplog.text


def test_backoff_is_capped_and_jittered(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.status(502), GET, times=None)
    retry = RetryConfig(count=5, interval=1.0, max_wait=5.0, jitter=0.5, random=lambda: 1.0)
    with build_sync_client(settings_for(emu, clock, retry=retry)) as client:
        response = client.get(MEETINGS)
    assert response.status_code == 502  # exhausted: handed back for raise_for_response
    assert len(emu.requests) == 6
    assert clock.sleeps == [1.5, 3.0, 5.0, 5.0, 5.0]


def test_exhausted_retries_leave_a_typed_server_error(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.status(502, html=True), GET, times=None)
    with build_sync_client(settings_for(emu, clock)) as client:
        response = client.get(MEETINGS)
    assert len(emu.requests) == 4
    with pytest.raises(ServerError) as info:
        raise_for_response(response)
    assert info.value.status == 502


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize("path", [MEETINGS, f"{MEETINGS}/batch/create"])
def test_5xx_on_create_is_an_unknown_outcome(
    emu: Emulator, clock: FakeClock, status: int, path: str
) -> None:
    emu.faults.script(Fault.status(status), FaultMatch(method="POST"), times=1)
    body = CREATE_BODY if path == MEETINGS else {"inputs": [CREATE_BODY]}
    with (
        build_sync_client(settings_for(emu, clock)) as client,
        pytest.raises(UnknownOutcomeError) as info,
    ):
        client.post(path, json=body)
    assert len(emu.requests) == 1  # not resent: it might duplicate the meeting
    assert clock.sleeps == []
    err = info.value
    assert err.status == status
    assert err.request_method == "POST"
    assert isinstance(err.__cause__, ServerError)
    assert err.__cause__.correlation_id
    assert err.__cause__.correlation_id in str(err)  # what HubSpot support asks for


def test_5xx_on_batch_read_is_retried(emu: Emulator, clock: FakeClock) -> None:
    meeting = seeded(emu)
    emu.faults.script(Fault.status(500), FaultMatch(path="/batch/read"), times=1)
    with build_sync_client(settings_for(emu, clock)) as client:
        response = client.post(f"{MEETINGS}/batch/read", json={"inputs": [{"id": meeting}]})
    assert response.status_code == 200
    assert statuses(emu) == [500, 200]


def test_ambiguous_create_raises_unknown_outcome_and_was_applied(
    emu: Emulator, clock: FakeClock
) -> None:
    emu.faults.script(Fault.ambiguous(), CREATE, times=1)
    with (
        build_sync_client(settings_for(emu, clock)) as client,
        pytest.raises(UnknownOutcomeError) as info,
    ):
        client.post(MEETINGS, json=CREATE_BODY)
    assert isinstance(info.value.__cause__, httpx.RemoteProtocolError)
    assert emu.store("meetings").count() == 1  # exactly why it must not be resent
    assert len(emu.requests) == 1


def test_dropped_connection_on_update_is_retried(emu: Emulator, clock: FakeClock) -> None:
    meeting = seeded(emu)
    emu.faults.script(Fault.ambiguous(), FaultMatch(method="PATCH"), times=1)
    with build_sync_client(settings_for(emu, clock)) as client:
        response = client.patch(
            f"{MEETINGS}/{meeting}", json={"properties": {"hs_meeting_title": "new"}}
        )
    assert response.status_code == 200
    assert len(emu.requests) == 2


class RefuseConnections(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The first `times` requests fail to connect (never reach the emulator)."""

    def __init__(self, inner: httpx.BaseTransport, times: int) -> None:
        self.inner = inner
        self.times = times
        self.refused = 0

    def _refuse(self, request: httpx.Request) -> None:
        if self.refused < self.times:
            self.refused += 1
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._refuse(request)
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._refuse(request)
        inner = self.inner
        assert isinstance(inner, httpx.AsyncBaseTransport)
        return await inner.handle_async_request(request)


def test_connect_error_on_create_is_retried(emu: Emulator, clock: FakeClock) -> None:
    transport = RefuseConnections(emu.transport(), times=2)
    with build_sync_client(settings_for(emu, clock, transport=transport)) as client:
        response = client.post(MEETINGS, json=CREATE_BODY)
    assert response.status_code == 201
    assert transport.refused == 2
    assert emu.store("meetings").count() == 1
    assert clock.sleeps == [0.5, 1.0]


def test_connect_errors_exhausted_raise_transport_error(emu: Emulator, clock: FakeClock) -> None:
    transport = RefuseConnections(emu.transport(), times=99)
    with (
        build_sync_client(settings_for(emu, clock, transport=transport)) as client,
        pytest.raises(TransportError) as info,
    ):
        client.post(MEETINGS, json=CREATE_BODY)
    assert not isinstance(info.value, UnknownOutcomeError)  # never sent: nothing was created
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert transport.refused == 4
    assert "Connection refused" in str(info.value)


def test_retry_disabled_sends_once(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.status(503), GET, times=1)
    settings = settings_for(emu, clock, retry=RetryConfig.disabled())
    with build_sync_client(settings) as client:
        assert client.get(MEETINGS).status_code == 503
    assert len(emu.requests) == 1


def test_custom_idempotency_classifier(emu: Emulator, clock: FakeClock) -> None:
    # A caller whose creates carry their own dedupe key may declare them safe to resend.
    emu.faults.script(Fault.status(503), CREATE, times=1)
    retry = RetryConfig(jitter=0.0, is_idempotent=lambda request: True)
    with build_sync_client(settings_for(emu, clock, retry=retry)) as client:
        assert client.post(MEETINGS, json=CREATE_BODY).status_code == 201
    assert statuses(emu) == [503, 201]


@pytest.mark.anyio
async def test_async_retries_and_unknown_outcome(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.status(504), GET, times=1)
    emu.faults.script(Fault.rate_limit("TEN_SECONDLY_ROLLING"), GET, times=1, after=1)
    emu.faults.script(Fault.ambiguous(), CREATE, times=1)
    async with build_async_client(settings_for(emu, clock, pacing=None)) as client:
        response = await client.get(MEETINGS)
        assert response.status_code == 200
        with pytest.raises(UnknownOutcomeError):
            await client.post(MEETINGS, json=CREATE_BODY)
    assert statuses(emu) == [504, 429, 200, None]
    assert clock.sleeps == [0.5, 10.0]


@pytest.mark.anyio
async def test_async_connect_error_retried(emu: Emulator, clock: FakeClock) -> None:
    transport = RefuseConnections(emu.transport(), times=1)
    async with build_async_client(settings_for(emu, clock, transport=transport)) as client:
        response = await client.post(MEETINGS, json=CREATE_BODY)
    assert response.status_code == 201
    assert clock.sleeps == [0.5]
