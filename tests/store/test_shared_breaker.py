"""One circuit breaker for all workers: failures seen by one open it for every one, and a
half-open circuit lets exactly one trial through across them."""

from __future__ import annotations

from typing import Any

import attrs
import httpx
import pytest

from hubspot_emulator import Emulator, Fault, FaultMatch
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    CircuitBreakerConfig,
    CircuitOpenError,
    HubSpotMeetings,
    RetryConfig,
    ServerError,
    Store,
)


def options(transport: Any, breaker: CircuitBreakerConfig) -> dict[str, Any]:
    return {
        "transport": transport,
        "auth": BearerToken("pat-emulator-token"),
        "retry": RetryConfig.disabled(),
        "pacing": None,
        "circuit_breaker": breaker,
    }


def failing(times: int) -> Emulator:
    emu = Emulator()
    emu.seed("meetings", [{"hs_meeting_title": "seeded"}])
    emu.faults.script(Fault.status(503), FaultMatch(method="GET"), times=times)
    return emu


@pytest.mark.anyio
async def test_a_circuit_opened_by_one_worker_stops_the_others_before_sending(
    stores: tuple[Store, Store],
) -> None:
    store_a, store_b = stores
    breaker = CircuitBreakerConfig(min_requests=3, reset_time=60.0)
    sick, healthy = failing(times=3), Emulator()
    with HubSpotMeetings(**options(sick.transport(), attrs.evolve(breaker, store=store_a))) as a:
        for _ in range(3):
            with pytest.raises(ServerError):
                a.get("1")
    b_options = options(healthy.transport(), attrs.evolve(breaker, store=store_b))
    async with AsyncHubSpotMeetings(**b_options) as b:
        with pytest.raises(CircuitOpenError) as refused:
            await b.get("1")
    assert 55.0 < refused.value.retry_in <= 60.0
    assert healthy.requests == []  # b never sent it


class DuringTrial(httpx.BaseTransport):
    """While worker a's trial request is on the wire, worker b tries to send too."""

    def __init__(self, inner: httpx.BaseTransport, other_id: str) -> None:
        self.inner = inner
        self.other_id = other_id
        self.requests = 0
        self.other: HubSpotMeetings | None = None
        self.other_saw: BaseException | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.requests == 4 and self.other is not None:
            try:
                self.other.get(self.other_id)
            except BaseException as exc:
                self.other_saw = exc
        return self.inner.handle_request(request)


def test_half_open_lets_one_trial_through_across_workers(stores: tuple[Store, Store]) -> None:
    store_a, store_b = stores
    breaker = CircuitBreakerConfig(min_requests=3, reset_time=0.0)  # half-open at once
    sick, healthy = failing(times=3), Emulator()
    seeded = sick.store("meetings").all()[0]["id"]
    (other_id,) = healthy.seed("meetings", [{"hs_meeting_title": "b's"}])
    transport = DuringTrial(sick.transport(), other_id)
    a = HubSpotMeetings(**options(transport, attrs.evolve(breaker, store=store_a)))
    b = HubSpotMeetings(**options(healthy.transport(), attrs.evolve(breaker, store=store_b)))
    transport.other = b
    with a, b:
        for _ in range(3):
            with pytest.raises(ServerError):
                a.get(seeded)
        assert a.get(seeded).id == seeded  # the trial: it succeeds and closes the circuit
        assert isinstance(transport.other_saw, CircuitOpenError)  # b was held during it
        b.get(other_id)  # closed for everyone now
    assert [r.status for r in healthy.requests] == [200]
