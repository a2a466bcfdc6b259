"""Rate limits: rolling 10 s window, daily counter, search per-second limit, headers, 429 bodies."""

from __future__ import annotations

import httpx
import pytest
from emulator_support import MEETINGS, make_client

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_emulator.testing import FakeClock


def _emu(clock: FakeClock, **cfg: object) -> Emulator:
    return Emulator(EmulatorConfig(**cfg), clock=clock)  # type: ignore[arg-type]


def test_headers_count_down_within_the_window(emu: Emulator, client: httpx.Client) -> None:
    r1 = client.get(MEETINGS)
    r2 = client.get(MEETINGS)
    assert r1.headers["X-HubSpot-RateLimit-Max"] == "100"
    assert r1.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "10000"
    assert r1.headers["X-HubSpot-RateLimit-Remaining"] == "99"
    assert r2.headers["X-HubSpot-RateLimit-Remaining"] == "98"
    assert r1.headers["X-HubSpot-RateLimit-Daily"] == "250000"
    assert r2.headers["X-HubSpot-RateLimit-Daily-Remaining"] == "249998"


def test_ten_secondly_rolling_limit_429_and_recovery(clock: FakeClock) -> None:
    emu = _emu(clock, ten_second_limit=3)
    with make_client(emu) as c:
        for _ in range(3):
            assert c.get(MEETINGS).status_code == 200
            clock.advance(1)
        r = c.get(MEETINGS)
        assert r.status_code == 429
        body = r.json()
        assert body["status"] == "error"
        assert body["message"] == "You have reached your ten_secondly_rolling limit."
        assert body["errorType"] == "RATE_LIMIT"
        assert body["policyName"] == "TEN_SECONDLY_ROLLING"
        assert body["groupName"].startswith("publicapi:private_app-api-calls-ten-secondly:")
        assert body["correlationId"] == r.headers["X-HubSpot-Correlation-Id"]
        assert r.headers["X-HubSpot-RateLimit-Remaining"] == "0"
        assert "Retry-After" not in r.headers
        # The first request leaves the window 10 s after it was made (t=0 -> t=10).
        clock.advance(7)
        assert c.get(MEETINGS).status_code == 200
    assert [rec.policy for rec in emu.requests].count("TEN_SECONDLY_ROLLING") == 1


def test_rejected_requests_do_not_consume_the_window(clock: FakeClock) -> None:
    emu = _emu(clock, ten_second_limit=1)
    with make_client(emu) as c:
        assert c.get(MEETINGS).status_code == 200
        for _ in range(5):
            assert c.get(MEETINGS).status_code == 429
        clock.advance(10)
        assert c.get(MEETINGS).status_code == 200


def test_windows_are_per_token(clock: FakeClock) -> None:
    emu = _emu(clock, ten_second_limit=1, private_app_tokens={"pat-a", "pat-b"})
    with make_client(emu, token="pat-a") as a, make_client(emu, token="pat-b") as b:
        assert a.get(MEETINGS).status_code == 200
        assert b.get(MEETINGS).status_code == 200
        assert a.get(MEETINGS).status_code == 429


def test_retry_after_is_configurable(clock: FakeClock) -> None:
    emu = _emu(clock, ten_second_limit=1, retry_after_seconds=2.5)
    with make_client(emu) as c:
        c.get(MEETINGS)
        assert c.get(MEETINGS).headers["Retry-After"] == "2.5"


def test_daily_limit(clock: FakeClock) -> None:
    emu = _emu(clock, daily_limit=2)
    with make_client(emu) as c:
        assert c.get(MEETINGS).status_code == 200
        last = c.get(MEETINGS)
        assert last.headers["X-HubSpot-RateLimit-Daily-Remaining"] == "0"
        r = c.get(MEETINGS)
        assert r.status_code == 429
        assert r.json()["policyName"] == "DAILY"
        assert r.json()["message"] == "You have reached your daily limit."
        clock.advance(24 * 3600)
        assert c.get(MEETINGS).status_code == 200


def test_oauth_tokens_have_no_daily_limit(clock: FakeClock) -> None:
    emu = _emu(clock, daily_limit=1)
    token = emu.issue_access_token()
    with make_client(emu, token=token) as c:
        for _ in range(3):
            clock.advance(5)
            assert c.get(MEETINGS).status_code == 200


def test_oauth_burst_limit_can_differ(clock: FakeClock) -> None:
    emu = _emu(clock, oauth_ten_second_limit=110)
    with make_client(emu, token=emu.issue_access_token()) as c:
        assert c.get(MEETINGS).headers["X-HubSpot-RateLimit-Max"] == "110"


def test_search_has_its_own_secondly_limit_and_no_headers(clock: FakeClock) -> None:
    emu = _emu(clock, ten_second_limit=2, search_per_second_limit=5)
    with make_client(emu) as c:
        for _ in range(5):
            r = c.post(f"{MEETINGS}/search", json={})
            assert r.status_code == 200
            assert not any(h.lower().startswith("x-hubspot-ratelimit") for h in r.headers)
        limited = c.post(f"{MEETINGS}/search", json={})
        assert limited.status_code == 429
        assert limited.json()["policyName"] == "SECONDLY"
        assert limited.json()["message"] == "You have reached your secondly limit."
        assert not any(h.lower().startswith("x-hubspot-ratelimit") for h in limited.headers)
        # Search did not use the 10-second budget.
        assert c.get(MEETINGS).headers["X-HubSpot-RateLimit-Remaining"] == "1"
        clock.advance(1)
        assert c.post(f"{MEETINGS}/search", json={}).status_code == 200


def test_rate_limits_can_be_disabled(clock: FakeClock) -> None:
    emu = _emu(clock, ten_second_limit=1, rate_limits_enabled=False)
    with make_client(emu) as c:
        for _ in range(5):
            assert c.get(MEETINGS).status_code == 200


@pytest.mark.parametrize("bad", [{"ten_second_limit": 0}, {"retry_after_seconds": -1}])
def test_invalid_limits_are_rejected_at_construction(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        EmulatorConfig(**bad)  # type: ignore[arg-type]
