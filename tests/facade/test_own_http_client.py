"""A caller's own httpx client built on `build_transport` / `build_async_transport` keeps
retry, pacing, the circuit breaker and typed errors; its event hooks see each call once."""

from __future__ import annotations

import httpx
import pytest
from control_support import TS, emulator

from hubspot_emulator import Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    CircuitBreakerConfig,
    CircuitOpenError,
    ConfigurationError,
    HubSpotMeetings,
    NotFoundError,
    PacingConfig,
    RetryConfig,
    ServerError,
    UnknownOutcomeError,
    build_async_transport,
    build_transport,
)

PACING = PacingConfig(default_max=3, use_headers=False, safety=0)


def test_an_own_client_keeps_retry_pacing_and_typed_errors() -> None:
    clock = FakeClock()
    emu, ids = emulator(clock=clock, ten_second_limit=1000)
    seen: list[str] = []
    own = httpx.Client(
        base_url="https://api.hubapi.com",
        auth=BearerToken(emu.token),
        event_hooks={"response": [lambda r: seen.append(f"{r.request.method} {r.status_code}")]},
        transport=build_transport(
            retry=RetryConfig(count=2, interval=1.0, jitter=0),
            pacing=PACING,
            transport=emu.transport(),
            _clock=clock,
        ),
    )
    with own, HubSpotMeetings(http_client=own) as client:
        emu.faults.script(Fault.status(503), FaultMatch(method="GET"), times=2)
        assert client.get(ids[0]).id == ids[0]
        assert clock.sleeps == [1.0, 2.0]  # retried inside the transport
        assert seen == ["GET 200"]  # the hook sees the call once, with its final answer
        with pytest.raises(NotFoundError):
            client.get("404404")  # pacing: the fifth request in the window waits
        assert clock.slept > 3.0
        emu.faults.script(Fault.status(503), FaultMatch(method="POST"), times=1)
        with pytest.raises(UnknownOutcomeError):
            client.create({"hs_timestamp": TS})  # a create in doubt is never resent
        assert client.rate_limit is None
    creates = [
        r for r in emu.requests if (r.method, r.path) == ("POST", "/crm/v3/objects/meetings")
    ]
    assert [r.status for r in creates] == [503]


def test_an_own_client_keeps_the_breaker() -> None:
    emu, ids = emulator()
    emu.faults.script(Fault.status(500), FaultMatch(method="GET"), times=None)
    transport = build_transport(
        retry=None,
        circuit_breaker=CircuitBreakerConfig(min_requests=2, failure_threshold=1.0),
        transport=emu.transport(),
        _clock=FakeClock(),
    )
    with (
        httpx.Client(
            base_url="https://api.hubapi.com", auth=BearerToken(emu.token), transport=transport
        ) as own,
        HubSpotMeetings(http_client=own) as client,
    ):
        for _ in range(2):
            with pytest.raises(ServerError):
                client.get(ids[0])
        with pytest.raises(CircuitOpenError):
            client.get(ids[0])


def test_build_transport_checks_its_settings() -> None:
    with pytest.raises(ConfigurationError) as info:
        build_transport(retry="3")  # type: ignore[arg-type]
    assert info.value.setting == "HttpSettings.retry"
    with pytest.raises(ConfigurationError):
        build_async_transport(http_version="3")  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_an_own_async_client_keeps_retry_and_pacing() -> None:
    clock = FakeClock()
    emu, ids = emulator(clock=clock, ten_second_limit=1000)
    seen: list[int] = []

    async def hook(response: httpx.Response) -> None:
        seen.append(response.status_code)

    own = httpx.AsyncClient(
        base_url="https://api.hubapi.com",
        auth=BearerToken(emu.token),
        event_hooks={"response": [hook]},
        transport=build_async_transport(
            retry=RetryConfig(count=1, interval=0.5, jitter=0),
            pacing=PACING,
            transport=emu.transport(),
            _clock=clock,
        ),
    )
    async with own, AsyncHubSpotMeetings(http_client=own) as client:
        emu.faults.script(Fault.status(503), FaultMatch(method="GET"), times=1)
        assert (await client.get(ids[0])).id == ids[0]
        for _ in range(2):
            await client.list()
        assert clock.sleeps[0] == 0.5 and clock.slept > 9.0
        with pytest.raises(NotFoundError):
            await client.get("404404")
    assert seen == [200, 200, 200, 404]
