"""Review findings on pacing after a 429, and on dated API versions behind a base path prefix."""

from __future__ import annotations

import httpx
import pytest

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import AsyncHubSpotMeetings, BearerToken, HubSpotMeetings
from hubspot_meetings._transports.pacing import WindowLimiter
from hubspot_meetings._transports.versioning import versioned_url

TOKEN = "pat-emulator-token"


def rate_limited_once(
    policy: str, *, retry_after: float | None = None
) -> tuple[Emulator, FakeClock]:
    clock = FakeClock()
    emu = Emulator(EmulatorConfig(retry_after_seconds=retry_after), clock=clock)
    emu.faults.script(Fault.rate_limit(policy), match=FaultMatch(method="GET"), times=1)
    return emu, clock


def sync_client(emu: Emulator, clock: FakeClock) -> HubSpotMeetings:
    return HubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport(), _clock=clock)


def test_a_secondly_429_on_a_read_holds_requests_for_about_a_second() -> None:
    emu, clock = rate_limited_once("SECONDLY")
    client = sync_client(emu, clock)
    client.list(limit=1)
    assert sum(clock.sleeps) == pytest.approx(1.02)
    client.list(limit=1)  # the window was not filled for 10 s: the next read goes straight out
    assert sum(clock.sleeps) == pytest.approx(1.02)
    assert [r.status for r in emu.requests] == [429, 200, 200]


def test_retry_after_caps_how_long_a_ten_secondly_429_holds_the_window() -> None:
    emu, clock = rate_limited_once("TEN_SECONDLY_ROLLING", retry_after=2)
    sync_client(emu, clock).list(limit=1)
    assert clock.sleeps == [2.0]


def test_retry_after_shorter_than_a_second_caps_a_secondly_429() -> None:
    emu, clock = rate_limited_once("SECONDLY", retry_after=0.5)
    sync_client(emu, clock).list(limit=1)
    assert clock.sleeps == [0.5]


def test_a_ten_secondly_429_without_retry_after_still_waits_out_the_window() -> None:
    emu, clock = rate_limited_once("TEN_SECONDLY_ROLLING")
    sync_client(emu, clock).list(limit=1)
    assert sum(clock.sleeps) == pytest.approx(10.2)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_async_client_holds_a_secondly_429_for_about_a_second() -> None:
    emu, clock = rate_limited_once("SECONDLY")
    async with AsyncHubSpotMeetings(
        auth=BearerToken(TOKEN),
        transport=emu.transport(),
        _clock=clock,
    ) as client:
        await client.list(limit=1)
        await client.list(limit=1)
    assert sum(clock.sleeps) == pytest.approx(1.02)


def test_a_short_fill_frees_its_slots_after_hold_and_keeps_older_entries() -> None:
    limiter = WindowLimiter(limit=3, interval=10.0, safety=0.0)
    assert limiter.try_acquire(100.0) == 0.0
    limiter.release(100.0)  # a real request, counted until 110
    assert limiter.fill(105.0, hold=1.0) == 1.0
    assert limiter.used(105.5) == 3
    assert limiter.used(106.0) == 1  # the filled slots are free again; the real one is not
    assert limiter.try_acquire(106.0) == 0.0
    assert limiter.try_acquire(106.0) == 0.0
    assert limiter.try_acquire(106.0) == pytest.approx(4.0)  # until the real one leaves


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://gw.example.com/hubspot/crm/v3/objects/meetings?limit=1",
            "https://gw.example.com/hubspot/crm/objects/2026-03/meetings?limit=1",
        ),
        (
            "https://gw/a/b/crm/v3/objects/meetings/1%2F2/crm/v3/objects/x",
            "https://gw/a/b/crm/objects/2026-03/meetings/1%2F2/crm/v3/objects/x",
        ),
        # Not CRM object paths, prefixed or not: untouched.
        (
            "https://gw/hubspot/crm/v3/properties/meetings",
            "https://gw/hubspot/crm/v3/properties/meetings",
        ),
        ("https://gw/hubspotcrm/v3/objects/meetings", "https://gw/hubspotcrm/v3/objects/meetings"),
        (
            "https://gw/p?next=/crm/v3/objects/meetings",
            "https://gw/p?next=/crm/v3/objects/meetings",
        ),
    ],
)
def test_versioned_url_keeps_a_base_path_prefix(url: str, expected: str) -> None:
    assert str(versioned_url(httpx.URL(url), "2026-03")) == expected


def test_api_version_applies_behind_a_gateway_base_url() -> None:
    seen: list[str] = []

    def gateway(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(200, json={"results": []})

    client = HubSpotMeetings(
        auth=BearerToken("pat-x-123456789"),
        base_url="https://gw.example.com/hubspot",
        api_version="2026-03",
        transport=httpx.MockTransport(gateway),
    )
    client.list(limit=1)
    assert seen == ["/hubspot/crm/objects/2026-03/meetings"]
