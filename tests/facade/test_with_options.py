"""`client.with_options(...)`: a copy with other defaults that shares the original's pool,
pacer, circuit breaker and credentials; only the original closes the pool."""

from __future__ import annotations

import httpx
import pytest
from control_support import Tap, emulator

from hubspot_emulator import Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BadRequestError,
    BearerToken,
    CircuitBreakerConfig,
    CircuitOpenError,
    ConfigurationError,
    HubSpotMeetings,
    OAuth2RefreshToken,
    PacingConfig,
    RequestValidationError,
    RetryConfig,
    ServerError,
    TransportError,
)
from hubspot_meetings._config import DEFAULT_DEADLINE

DEADLINE = "hubspot_meetings.deadline"


def test_a_copy_overrides_defaults_and_leaves_the_original_alone() -> None:
    clock = FakeClock()
    emu, ids = emulator()
    tap = Tap(emu)
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=tap, _clock=clock) as client:
        tagged = client.with_options(
            headers={"X-Team": "sales"}, timeout=4.0, deadline=20.0, max_concurrency=1
        )
        nested = tagged.with_options(headers={"X-Job": "nightly"})
        tagged.get(ids[0])
        nested.get(ids[0], headers={"X-Team": "support"})
        client.get(ids[0])
    first, second, plain = tap.sent
    assert first.headers["x-team"] == "sales" and first.extensions["timeout"]["read"] == 4.0
    assert first.extensions[DEADLINE] == clock.now + 20.0
    # The copy of a copy keeps its parent's options; a call's own header wins.
    assert second.headers["x-team"] == "support" and second.headers["x-job"] == "nightly"
    assert second.extensions["timeout"]["read"] == 4.0
    # The original keeps its own deadline (the default), not the copy's.
    assert (
        "x-team" not in plain.headers and plain.extensions[DEADLINE] == clock.now + DEFAULT_DEADLINE
    )
    assert plain.extensions["timeout"]["read"] == 30.0
    assert (tagged.max_concurrency, client.max_concurrency) == (1, 4)


def test_validation_can_be_switched_off_in_a_copy() -> None:
    emu, _ = emulator()
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client:
        with pytest.raises(RequestValidationError):
            client.create({"hs_timestamp": "yesterday"})
        # Unchecked, the same input reaches HubSpot, which refuses it in its own words.
        loose = client.with_options(validation=False)
        with pytest.raises(BadRequestError):
            loose.create({"hs_timestamp": "yesterday"})


def test_retry_and_api_version_are_overridden_over_the_same_pool() -> None:
    clock = FakeClock()
    emu, ids = emulator()
    tap = Tap(emu)
    with HubSpotMeetings(
        auth=BearerToken(emu.token), transport=tap, retry=RetryConfig.disabled(), _clock=clock
    ) as client:
        patient = client.with_options(retry=RetryConfig(count=2, interval=1.0, jitter=0))
        emu.faults.script(Fault.status(503), FaultMatch(method="GET"), times=2)
        assert patient.get(ids[0]).id == ids[0]
        assert clock.sleeps == [1.0, 2.0]
        emu.faults.script(Fault.status(503), FaultMatch(method="GET"), times=1)
        with pytest.raises(ServerError):
            client.get(ids[0])  # the original still does not retry
        dated = client.with_options(api_version="2026-03")
        assert dated.get(ids[0]).id == ids[0]
        client.get(ids[0])
    paths = [r.url.path for r in tap.sent]
    assert paths[-2:] == [
        f"/crm/objects/2026-03/meetings/{ids[0]}",
        f"/crm/v3/objects/meetings/{ids[0]}",
    ]
    assert len(tap.sent) == 6  # three tries by the copy, one each after: one pool


def test_copies_and_the_original_count_against_one_rate_budget() -> None:
    clock = FakeClock()
    emu, ids = emulator(clock=clock, ten_second_limit=1000)
    pacing = PacingConfig(default_max=3, default_interval=10.0, use_headers=False, safety=0)
    with HubSpotMeetings(
        auth=BearerToken(emu.token), transport=emu.transport(), pacing=pacing, _clock=clock
    ) as client:
        copy = client.with_options(retry=RetryConfig(count=1), headers={"X-Team": "a"})
        client.get(ids[0])
        copy.get(ids[0])
        client.with_options(timeout=5.0).get(ids[0])
        assert clock.sleeps == []
        copy.get(ids[0])  # the fourth request in the window waits, whoever sends it
        assert clock.slept == pytest.approx(10.0)
        assert client.rate_limit == copy.rate_limit


def test_copies_and_the_original_share_one_circuit_breaker() -> None:
    emu, ids = emulator()
    emu.faults.script(Fault.status(503), FaultMatch(method="GET"), times=None)
    with HubSpotMeetings(
        auth=BearerToken(emu.token),
        transport=emu.transport(),
        retry=RetryConfig.disabled(),
        circuit_breaker=CircuitBreakerConfig(min_requests=2, failure_threshold=0.5),
        _clock=FakeClock(),
    ) as client:
        copy = client.with_options(retry=RetryConfig(count=0, interval=0), headers={"X": "y"})
        for c in (client, copy):
            with pytest.raises(ServerError):
                c.get(ids[0])
        sent = len(emu.requests)
        for c in (client, copy, client.with_options(api_version="2026-03")):
            with pytest.raises(CircuitOpenError):
                c.get(ids[0])
        assert len(emu.requests) == sent


def test_copies_share_the_oauth_token() -> None:
    emu, ids = emulator()
    auth = OAuth2RefreshToken(
        "emulator-client-id", "emulator-client-secret", emu.issue_refresh_token()
    )
    with HubSpotMeetings(auth=auth, transport=emu.transport()) as client:
        client.get(ids[0])
        client.with_options(retry=RetryConfig(count=1)).get(ids[0])
        client.with_options(headers={"X-Team": "a"}).get(ids[0])
    assert emu.token_requests == 1


def test_closing_a_copy_leaves_the_pool_open_closing_the_original_closes_it() -> None:
    emu, ids = emulator()
    tap = Tap(emu)
    client = HubSpotMeetings(auth=BearerToken(emu.token), transport=tap)
    for copy in (client.with_options(timeout=3.0), client.with_options(retry=RetryConfig())):
        with copy:
            copy.get(ids[0])
        assert tap.closed == 0
    client.get(ids[0])
    client.close()
    assert tap.closed == 1


def test_a_copy_is_refused_what_it_cannot_take() -> None:
    emu, _ = emulator()
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client:
        with pytest.raises(ConfigurationError) as info:
            client.with_options(headers={"Authorization": "Bearer pat-other-secret"})
        assert info.value.setting == "headers['Authorization']"
        assert "pat-other-secret" not in str(info.value)
        for bad in (
            {"timeout": -1},
            {"deadline": 0},
            {"max_concurrency": 0},
            {"validation": "no"},
            {"api_version": "v4"},
        ):
            with pytest.raises(ConfigurationError):
                client.with_options(**bad)  # type: ignore[arg-type]
    with httpx.Client(base_url="https://api.hubapi.com", transport=emu.transport()) as own:
        mine = HubSpotMeetings(http_client=own)
        with pytest.raises(ConfigurationError, match="build_transport"):
            mine.with_options(retry=RetryConfig())
        assert mine.with_options(timeout=2.0).http_client is own


def test_a_copy_repr_shows_no_header_value() -> None:
    emu, _ = emulator()
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client:
        copy = client.with_options(headers={"X-Gateway-Token": "gw-secret-value"})
        assert "gw-secret-value" not in repr(copy)
        assert "gw-secret-value" not in repr(copy._options)


@pytest.mark.anyio
async def test_async_copies_share_the_budget_and_override_retry() -> None:
    clock = FakeClock()
    emu, ids = emulator(clock=clock, ten_second_limit=1000)
    pacing = PacingConfig(default_max=2, default_interval=10.0, use_headers=False, safety=0)
    tap = Tap(emu)
    async with AsyncHubSpotMeetings(
        auth=BearerToken(emu.token),
        transport=tap,
        pacing=pacing,
        retry=RetryConfig.disabled(),
        _clock=clock,
    ) as client:
        patient = client.with_options(
            retry=RetryConfig(count=1, interval=0.5, jitter=0), headers={"X-Team": "a"}
        )
        emu.faults.script(Fault.status(503), FaultMatch(method="POST"), times=1)
        read = await patient.batch_read(ids[:1])
        assert read.ok  # the copy retries the 503 (a read may be resent); the original would not
        assert clock.sleeps == [0.5]
        await client.get(ids[0])  # third request in the window: waits
        assert clock.slept == pytest.approx(10.0)
        async with patient:
            pass
        assert tap.closed == 0
    assert tap.closed == 1
    assert {r.headers.get("x-team") for r in tap.sent} == {"a", None}


@pytest.mark.anyio
async def test_async_copy_timeout() -> None:
    emu, ids = emulator()
    emu.faults.script(Fault.slow(5.0), FaultMatch(method="GET"), times=None)
    async with AsyncHubSpotMeetings(
        auth=BearerToken(emu.token), transport=emu.transport(), retry=RetryConfig.disabled()
    ) as client:
        with pytest.raises(TransportError, match="Timeout"):
            await client.with_options(timeout=1.0).get(ids[0])
        assert (await client.get(ids[0])).id == ids[0]
