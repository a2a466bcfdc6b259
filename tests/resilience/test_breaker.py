"""Circuit breaker: closed -> open -> half-open -> closed/open, with a fake clock."""

from __future__ import annotations

import httpx
import pytest
from resilience_support import MEETINGS, settings_for
from test_retry import RefuseConnections

from hubspot_emulator import Emulator, Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings._config import CircuitBreakerConfig, RetryConfig
from hubspot_meetings._exceptions import CircuitOpenError, TransportError
from hubspot_meetings._transports.breaker import BreakerState
from hubspot_meetings._transports.stack import build_async_client, build_sync_client

BREAKER = CircuitBreakerConfig(
    rolling_window=10.0, min_requests=4, failure_threshold=0.5, reset_time=30.0
)
GET = FaultMatch(method="GET")


def client_for(emu: Emulator, clock: FakeClock, **kw: object) -> httpx.Client:
    return build_sync_client(
        settings_for(
            emu, clock, retry=RetryConfig.disabled(), circuit_breaker=BREAKER, pacing=None, **kw
        )
    )


def test_opens_fails_fast_then_recovers_through_one_trial(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.status(503), GET, times=4)
    with client_for(emu, clock) as client:
        for _ in range(4):
            assert client.get(MEETINGS).status_code == 503
        with pytest.raises(CircuitOpenError) as info:
            client.get(MEETINGS)
        assert info.value.retry_in == pytest.approx(30.0)
        assert len(emu.requests) == 4  # failing fast never touched the network
        clock.advance(29.0)
        with pytest.raises(CircuitOpenError):
            client.get(MEETINGS)
        clock.advance(1.0)
        assert client.get(MEETINGS).status_code == 200  # the half-open trial succeeds
        for _ in range(3):
            assert client.get(MEETINGS).status_code == 200  # closed again
    assert len(emu.requests) == 8


def test_failed_trial_reopens(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.status(500), GET, times=5)
    with client_for(emu, clock) as client:
        for _ in range(4):
            client.get(MEETINGS)
        clock.advance(30.0)
        assert client.get(MEETINGS).status_code == 500  # trial fails
        with pytest.raises(CircuitOpenError):
            client.get(MEETINGS)
        clock.advance(30.0)
        assert client.get(MEETINGS).status_code == 200
    assert len(emu.requests) == 6


def test_below_threshold_stays_closed(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.status(503), GET, times=1)
    emu.faults.script(Fault.status(503), GET, times=1, after=4)
    with client_for(emu, clock) as client:
        codes = [client.get(MEETINGS).status_code for _ in range(6)]
    assert codes == [503, 200, 200, 200, 503, 200]  # at most 40% failed: all sent
    assert len(emu.requests) == 6


def test_old_failures_leave_the_rolling_window(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.status(503), GET, times=3)
    with client_for(emu, clock) as client:
        for _ in range(3):
            client.get(MEETINGS)
        clock.advance(11.0)  # those three failures are now outside the 10 s window
        for _ in range(4):
            assert client.get(MEETINGS).status_code == 200


def test_client_errors_and_429_are_not_failures(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.rate_limit(), GET, times=3)
    with client_for(emu, clock) as client:
        for _ in range(3):
            assert client.get(MEETINGS).status_code == 429
        for _ in range(3):
            assert client.get(f"{MEETINGS}/999").status_code == 404
        assert client.get(MEETINGS).status_code == 200


def test_transport_errors_count_as_failures(emu: Emulator, clock: FakeClock) -> None:
    transport = RefuseConnections(emu.transport(), times=4)
    with client_for(emu, clock, transport=transport) as client:
        for _ in range(4):
            with pytest.raises(TransportError):
                client.get(MEETINGS)
        with pytest.raises(CircuitOpenError):
            client.get(MEETINGS)
    assert transport.refused == 4


def test_half_open_admits_exactly_one_trial(clock: FakeClock) -> None:
    state = BreakerState(BREAKER, clock=clock)
    for _ in range(4):
        assert state.before_request() is False
        state.record(failed=True, trial=False)
    assert state.state == "open"
    clock.advance(30.0)
    assert state.state == "half_open"
    assert state.before_request() is True
    with pytest.raises(CircuitOpenError):
        state.before_request()  # a second caller while the trial is in flight
    state.abandon(trial=True)  # trial cancelled: the next caller may try
    assert state.before_request() is True
    state.record(failed=False, trial=True)
    assert state.state == "closed"


@pytest.mark.anyio
async def test_async_breaker(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.status(502), GET, times=4)
    settings = settings_for(
        emu, clock, retry=RetryConfig.disabled(), circuit_breaker=BREAKER, pacing=None
    )
    async with build_async_client(settings) as client:
        for _ in range(4):
            await client.get(MEETINGS)
        with pytest.raises(CircuitOpenError):
            await client.get(MEETINGS)
        clock.advance(30.0)
        assert (await client.get(MEETINGS)).status_code == 200
    assert len(emu.requests) == 5


def test_half_open_tells_waiting_callers_a_trial_is_in_flight(clock: FakeClock) -> None:
    state = BreakerState(BREAKER, clock=clock)
    for _ in range(4):
        state.before_request()
        state.record(failed=True, trial=False)
    with pytest.raises(CircuitOpenError, match=r"next trial in 30\.0s"):
        state.before_request()  # open: the countdown is true
    clock.advance(45.0)
    assert state.before_request() is True  # the trial leaves
    with pytest.raises(CircuitOpenError) as info:
        state.before_request()
    # Not "next trial in 0.0s" (it already left, and "now" would only be refused again).
    assert "trial request is in flight" in str(info.value)
    assert "next trial in" not in str(info.value)
