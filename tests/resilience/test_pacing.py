"""Pacing keeps bulk work under HubSpot's windows (zero 429s) while running close to the limit."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from resilience_support import CREATE_BODY, MEETINGS, settings_for

from hubspot_emulator import Emulator
from hubspot_emulator.testing import FakeClock
from hubspot_meetings._config import PacingConfig, RetryConfig
from hubspot_meetings._transports.pacing import WindowLimiter
from hubspot_meetings._transports.stack import build_async_client, build_sync_client

NO_RETRY = RetryConfig.disabled()  # a 429 must show, not be retried away


def rate_limited(emu: Emulator) -> int:
    return sum(1 for r in emu.requests if r.status == 429)


def test_sequential_bulk_runs_near_the_limit(emu: Emulator, clock: FakeClock) -> None:
    start = clock()
    with build_sync_client(settings_for(emu, clock, retry=NO_RETRY)) as client:
        for _ in range(300):
            assert client.post(MEETINGS, json=CREATE_BODY).status_code == 201
    elapsed = clock() - start
    assert rate_limited(emu) == 0
    assert emu.store("meetings").count() == 300
    # 300 requests under 100 per rolling 10 s need at least 20 s; >= 90% of that rate.
    assert 20.0 <= elapsed <= 20.0 / 0.9


def test_threads_share_one_limiter(emu: Emulator, clock: FakeClock) -> None:
    with build_sync_client(settings_for(emu, clock, retry=NO_RETRY)) as client:

        def create(_: int) -> int:
            return client.post(MEETINGS, json=CREATE_BODY).status_code

        with ThreadPoolExecutor(max_workers=12) as pool:
            codes = list(pool.map(create, range(300)))
    assert codes == [201] * 300
    assert rate_limited(emu) == 0


@pytest.mark.anyio
async def test_tasks_share_one_limiter(emu: Emulator, clock: FakeClock) -> None:
    async with build_async_client(settings_for(emu, clock, retry=NO_RETRY)) as client:
        sem = asyncio.Semaphore(20)

        async def create() -> int:
            async with sem:
                return (await client.post(MEETINGS, json=CREATE_BODY)).status_code

        codes = await asyncio.gather(*(create() for _ in range(300)))
    assert list(codes) == [201] * 300
    assert rate_limited(emu) == 0


def test_without_pacing_the_same_burst_hits_429(emu: Emulator, clock: FakeClock) -> None:
    # The control experiment: proves the emulator enforces the window the pacer respects.
    with build_sync_client(settings_for(emu, clock, retry=NO_RETRY, pacing=None)) as client:
        for _ in range(150):
            client.post(MEETINGS, json=CREATE_BODY)
    assert rate_limited(emu) == 50


def test_limit_is_calibrated_from_headers(make_emulator: type[Emulator], clock: FakeClock) -> None:
    emu = make_emulator(ten_second_limit=40)  # the client still assumes 100 by default
    with build_sync_client(settings_for(emu, clock, retry=NO_RETRY)) as client:
        for _ in range(120):
            client.get(MEETINGS)
    assert rate_limited(emu) == 0


def test_usage_by_other_clients_is_respected(emu: Emulator, clock: FakeClock) -> None:
    other = settings_for(emu, clock, retry=NO_RETRY, pacing=None)
    ours = settings_for(emu, clock, retry=NO_RETRY)
    with build_sync_client(other) as a, build_sync_client(ours) as b:
        for _ in range(70):
            a.get(MEETINGS)  # the same app's token: the same 10 s window
        for _ in range(100):
            assert b.get(MEETINGS).status_code == 200
    assert rate_limited(emu) == 0


def test_searches_have_their_own_per_second_limit(emu: Emulator, clock: FakeClock) -> None:
    start = clock()
    with build_sync_client(settings_for(emu, clock, retry=NO_RETRY)) as client:
        for _ in range(25):
            assert client.post(f"{MEETINGS}/search", json={}).status_code == 200
        for _ in range(100):  # searches did not use up the 10 s window
            assert client.get(MEETINGS).status_code == 200
    assert rate_limited(emu) == 0
    elapsed = clock() - start
    assert 4.0 <= elapsed <= 4.0 / 0.9  # 25 searches at 5/s need at least 4 s


def test_pacing_can_be_disabled(emu: Emulator, clock: FakeClock) -> None:
    settings = settings_for(emu, clock, retry=NO_RETRY, pacing=PacingConfig(enabled=False))
    with build_sync_client(settings) as client:
        for _ in range(101):
            client.get(MEETINGS)
    assert rate_limited(emu) == 1
    assert clock.sleeps == []


def test_window_limiter_counts_in_flight_requests() -> None:
    limiter = WindowLimiter(limit=2, interval=10.0, safety=0.0)
    assert limiter.try_acquire(0.0) == 0.0
    assert limiter.try_acquire(0.0) == 0.0
    # Both still in flight: no slot, and no response time to compute when one frees.
    assert limiter.try_acquire(1.0) > 0
    limiter.release(3.0)
    assert limiter.try_acquire(5.0) == pytest.approx(8.0)  # 10 s after the response at t=3
    assert limiter.try_acquire(13.0) == 0.0


def test_window_limiter_trusts_remaining_header() -> None:
    limiter = WindowLimiter(limit=100, interval=10.0, safety=0.0)
    assert limiter.try_acquire(0.0) == 0.0
    limiter.release(0.0)
    limiter.observe(
        0.0,
        httpx.Headers(
            {
                "X-HubSpot-RateLimit-Max": "10",
                "X-HubSpot-RateLimit-Remaining": "2",
                "X-HubSpot-RateLimit-Interval-Milliseconds": "5000",
            }
        ),
    )
    assert (limiter.limit, limiter.interval) == (10, 5.0)
    assert limiter.used(0.0) == 8
    assert limiter.try_acquire(0.0) == 0.0
    assert limiter.try_acquire(0.0) == 0.0
    assert limiter.try_acquire(0.0) == pytest.approx(5.0)
