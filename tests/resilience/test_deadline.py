"""One deadline bounds a whole call: every attempt, the backoff between them, pacing waits.

Waits run on fake time (FakeClock); an attempt in flight is cut over a real socket, where the
emulator's slow fault holds the answer back, so the per-attempt timeouts really fire. The
error says the deadline was hit, and follows the outcome rules: a create in flight when it hit
is an unknown outcome; one never sent is not.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    DeadlineExceededError,
    DeadlineUnknownOutcomeError,
    HubSpotMeetings,
    OAuth2RefreshToken,
    PacingConfig,
    RetryConfig,
    UnknownOutcomeError,
)
from hubspot_meetings._transports.deadline import DEADLINE

TS = "2024-01-01T00:00:00Z"
RETRY = RetryConfig(jitter=0.0)  # waits of 0.5, 1, 2 s
GET = FaultMatch(method="GET")
CREATE = FaultMatch(method="POST", path="/crm/v3/objects/meetings")


def fake(emu: Emulator, clock: FakeClock, **kw: Any) -> HubSpotMeetings:
    return HubSpotMeetings(
        auth=BearerToken(emu.token), transport=emu.transport(), _clock=clock, retry=RETRY, **kw
    )


def test_backoff_stops_at_the_deadline(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.status(503), GET, times=None)
    start = clock()
    with fake(emu, clock, deadline=2.0) as client, pytest.raises(DeadlineExceededError) as info:
        client.get("1")
    # Sent at 0, 0.5 and 1.5 s; the next retry would start at 3.5 s: given up at once.
    assert clock.sleeps == [0.5, 1.0]
    assert clock() - start == 1.5
    assert len(emu.requests) == 3
    err = info.value
    assert (err.phase, err.deadline) == ("backoff", 2.0)
    assert isinstance(err, TimeoutError) and not isinstance(err, UnknownOutcomeError)
    assert "deadline (2 s" in str(err) and "503" in str(err)


def test_a_wait_for_pacing_room_that_outlasts_the_deadline_sends_nothing(
    emu: Emulator, clock: FakeClock
) -> None:
    pacing = PacingConfig(default_max=2, default_interval=10.0, use_headers=False)
    with fake(emu, clock, pacing=pacing, deadline=5.0) as client:
        client.create({"hs_timestamp": TS})
        client.create({"hs_timestamp": TS})
        # The window is full for 10 s: the third create would wait past its deadline.
        with pytest.raises(DeadlineExceededError) as info:
            client.create({"hs_timestamp": TS})
    assert info.value.phase == "pacing"
    # Never sent, so nothing is in doubt (a create in doubt would be UnknownOutcomeError).
    assert not isinstance(info.value, UnknownOutcomeError)
    assert emu.store("meetings").count() == 2 and len(emu.requests) == 2
    assert clock.sleeps == []


def test_an_update_cut_in_flight_is_in_doubt_not_failed(emu: Emulator, clock: FakeClock) -> None:
    ids = emu.seed("meetings", [{"hs_timestamp": TS, "hs_meeting_title": "old"}] * 3)
    emu.faults.script(Fault.slow(60.0), FaultMatch(path="/batch/update"))
    inputs = [{"id": i, "properties": {"hs_meeting_title": "new"}} for i in ids]
    with fake(emu, clock, timeout=30.0, deadline=5.0) as client:
        # The attempt's read timeout is cut to the 5 s left: the answer never comes in time.
        result = client.batch_update(inputs)
    assert result.results == [] and result.errors == []
    assert result.unknown == inputs
    error = result.unknown_errors[0].error
    assert isinstance(error, DeadlineUnknownOutcomeError) and "sending it again is safe" in str(
        error
    )
    # Reported in doubt rather than failed: it was applied.
    assert {emu.store("meetings").get(i)["properties"]["hs_meeting_title"] for i in ids} == {"new"}


def test_a_deadline_given_per_call_wins_and_is_named_as_such(
    emu: Emulator, clock: FakeClock
) -> None:
    emu.faults.script(Fault.status(503), GET, times=None)
    with fake(emu, clock, deadline=300.0) as client, pytest.raises(DeadlineExceededError) as info:
        client.http_client.get("/crm/v3/objects/meetings/1", extensions={DEADLINE: clock() + 1.0})
    assert clock.sleeps == [0.5]
    assert info.value.deadline is None and "the call's deadline" in str(info.value)


def test_a_token_refresh_counts_against_the_call_that_needed_it(clock: FakeClock) -> None:
    emu = Emulator(clock=clock)
    emu.faults.script(Fault.status(503), FaultMatch(path="/oauth/"), times=None)
    auth = OAuth2RefreshToken(
        "emulator-client-id", "emulator-client-secret", emu.issue_refresh_token(), clock=clock
    )
    with (
        HubSpotMeetings(
            auth=auth, transport=emu.transport(), _clock=clock, retry=RETRY, deadline=1.0
        ) as client,
        pytest.raises(DeadlineExceededError) as info,
    ):
        client.list()
    assert clock.sleeps == [0.5]  # the refresh's second retry would end past the deadline
    assert "/oauth/v1/token" in str(info.value)
    assert not any(r.path.startswith("/crm/") for r in emu.requests)


def test_no_deadline_leaves_the_retry_settings_in_charge(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.script(Fault.status(503), GET, times=None)
    with fake(emu, clock, deadline=None) as client, pytest.raises(Exception) as info:
        client.get("1")
    assert not isinstance(info.value, DeadlineExceededError)
    assert clock.sleeps == [0.5, 1.0, 2.0]


# --- over a real socket: the attempt in flight is cut ------------------------------------


@pytest.fixture(scope="module")
def served(tls_files: dict[str, str]) -> Iterator[tuple[Emulator, str, str]]:
    """(emulator, its plain HTTP/1.1 url, its TLS url offering HTTP/2)."""
    emu = Emulator(EmulatorConfig(ten_second_limit=10_000))
    with (
        emu.serve() as plain,
        emu.serve(certfile=tls_files["cert"], keyfile=tls_files["key"]) as secure,
    ):
        yield emu, plain.url, secure.url


def test_a_server_that_never_answers_is_cut_off_at_the_deadline(
    served: tuple[Emulator, str, str],
) -> None:
    emu, url, _ = served
    emu.faults.clear()
    emu.faults.script(Fault.slow(1.0), GET, times=None)
    start = time.monotonic()
    with (
        HubSpotMeetings(
            auth=BearerToken(emu.token), base_url=url, timeout=0.5, deadline=1.3, retry=RETRY
        ) as client,
        pytest.raises(DeadlineExceededError) as info,
    ):
        client.get("1")
    elapsed = time.monotonic() - start
    # Attempt 1 times out at 0.5 s, the retry starts at 1.0 s with 0.3 s left, and its read
    # timeout is cut to that: 1.3 s in all, where four 0.5 s attempts would take 3.5 s.
    assert 1.25 <= elapsed < 2.5
    assert info.value.phase == "attempt" and not isinstance(info.value, UnknownOutcomeError)
    assert "ReadTimeout" in str(info.value)


def test_a_create_in_flight_at_the_deadline_is_an_unknown_outcome(
    served: tuple[Emulator, str, str],
) -> None:
    emu, url, _ = served
    emu.faults.clear()
    emu.faults.script(Fault.slow(1.0), CREATE)
    sent = {"hs_timestamp": TS, "hs_meeting_title": "in flight"}
    before = emu.store("meetings").count()
    start = time.monotonic()
    with (
        HubSpotMeetings(auth=BearerToken(emu.token), base_url=url, deadline=0.4) as client,
        pytest.raises(DeadlineUnknownOutcomeError) as info,
    ):
        client.create(sent)
    assert time.monotonic() - start < 1.5
    # Applied, but the answer was cut off: the caller gets what was sent, to check by hand.
    assert emu.store("meetings").count() == before + 1
    assert info.value.inputs == {"properties": sent}
    assert isinstance(info.value, DeadlineExceededError) and info.value.deadline == 0.4


@pytest.mark.anyio
async def test_async_http2_attempt_is_cut_at_the_deadline(
    served: tuple[Emulator, str, str], tls_files: dict[str, str]
) -> None:
    emu, _, url = served
    emu.faults.clear()
    emu.faults.script(Fault.slow(1.0), GET, times=None)
    start = time.monotonic()
    async with AsyncHubSpotMeetings(
        auth=BearerToken(emu.token), base_url=url, verify=tls_files["ca"], timeout=5.0, deadline=0.6
    ) as client:
        with pytest.raises(DeadlineExceededError) as info:
            await client.get("1")
    assert 0.55 <= time.monotonic() - start < 2.0
    assert info.value.phase == "attempt"
