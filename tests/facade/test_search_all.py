"""search_all past HubSpot's 10,000-result cap, through the client against the emulator.

The emulator enforces the cap (400 past 10,000) and search's 5/s limit; the client paces itself
on a fake clock shared with the emulator, so the 60-odd searches need no real waiting, and any
request the pacing let through too early would come back as a 429 (retries are off).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    HubSpotMeetings,
    RequestValidationError,
    RetryConfig,
    SearchWindowError,
)

TOKEN = "pat-emulator-token"
MATCHES = 12_000
OTHERS = 300
TS = "2026-03-01T08:00:00.000Z"
OR_GROUPS = [
    {"filters": [{"propertyName": "hs_meeting_outcome", "operator": "EQ", "value": outcome}]}
    for outcome in ("COMPLETED", "SCHEDULED")
]


@pytest.fixture(scope="module")
def seeded() -> tuple[Emulator, FakeClock]:
    clock = FakeClock()
    emu = Emulator(EmulatorConfig(), clock=clock)

    def rows() -> Iterator[dict[str, str]]:
        for i in range(MATCHES + OTHERS):
            if i % 41 == 0 and i // 41 < OTHERS:
                # Interleaved non-matches, so matches are not one contiguous id range.
                yield {"hs_meeting_title": f"Lunch {i}", "hs_timestamp": TS}
            else:
                outcome = "COMPLETED" if i % 2 else "SCHEDULED"
                yield {
                    "hs_meeting_title": f"Weekly sync {i}",
                    "hs_meeting_outcome": outcome,
                    "hs_timestamp": TS,
                }

    emu.seed("meetings", rows())
    return emu, clock


def client_for(emu: Emulator, clock: FakeClock) -> HubSpotMeetings:
    # Each test's client starts with fresh pacing; let the previous test's searches age out of
    # the emulator's per-second window, as they would between two runs.
    clock.now += 2.0
    return HubSpotMeetings(
        auth=BearerToken(TOKEN),
        transport=emu.transport(),
        retry=RetryConfig.disabled(),
        _clock=clock,
    )


def searches(emu: Emulator) -> list[int | None]:
    return [r.status for r in emu.requests if r.operation == "search"]


def test_search_all_returns_every_match_past_the_cap(seeded: tuple[Emulator, FakeClock]) -> None:
    emu, clock = seeded
    emu.requests.clear()
    with client_for(emu, clock) as client:
        total = client.search(query="sync", limit=1).total
        assert total == MATCHES
        found = client.search_all(query="sync", properties=["hs_meeting_title"])
        got = [(m.id, m.properties.get("hs_meeting_title")) for m in found]
    ids = [int(i) for i, _ in got]
    assert len(ids) == MATCHES
    assert len(set(ids)) == MATCHES
    assert ids == sorted(ids)  # hs_object_id order, so keyset continuation is exact
    assert all(title is not None and "sync" in title for _, title in got)
    statuses = searches(emu)
    assert statuses and set(statuses) == {200}  # no 400 past the cap, no 429 from pacing
    # One request per 200 results: 50 to the cap, 10 after it (plus the total check above).
    assert len(statuses) == 1 + MATCHES // 200
    assert clock.slept > 0  # the pacing layer did the waiting, on the fake clock


def test_a_caller_sort_past_the_cap_is_refused_with_an_explanation(
    seeded: tuple[Emulator, FakeClock],
) -> None:
    emu, clock = seeded
    with client_for(emu, clock) as client:
        it = client.search_all(query="sync", sorts=["-hs_meeting_title"])
        with pytest.raises(SearchWindowError, match="12,000") as info:
            next(it)
    assert "hs_object_id" in str(info.value)


def test_a_caller_sort_within_the_cap_is_honoured(seeded: tuple[Emulator, FakeClock]) -> None:
    emu, clock = seeded
    with client_for(emu, clock) as client:
        got = list(
            client.search_all(
                query="lunch",
                sorts=[{"propertyName": "hs_meeting_title", "direction": "DESCENDING"}],
                properties=["hs_meeting_title"],
                page_size=100,
            )
        )
    titles = [m.properties["hs_meeting_title"] for m in got]
    assert len(titles) == OTHERS
    assert titles == sorted(titles, key=str.casefold, reverse=True)


def test_a_group_with_no_room_for_the_keyset_filter_fails_up_front(
    seeded: tuple[Emulator, FakeClock],
) -> None:
    emu, clock = seeded
    emu.requests.clear()
    flt = {"propertyName": "hs_meeting_outcome", "operator": "EQ", "value": "COMPLETED"}
    with client_for(emu, clock) as client, pytest.raises(RequestValidationError) as info:
        client.search_all(filter_groups=[{"filters": [flt] * 6}])
    assert info.value.field == "filter_groups[0].filters"
    assert "room for one more" in str(info.value)
    assert emu.requests == []


@pytest.mark.anyio
async def test_async_search_all_returns_every_match_past_the_cap(
    seeded: tuple[Emulator, FakeClock],
) -> None:
    emu, clock = seeded
    emu.requests.clear()
    clock.now += 2.0
    async with AsyncHubSpotMeetings(
        auth=BearerToken(TOKEN),
        transport=emu.transport(),
        retry=RetryConfig.disabled(),
        _clock=clock,
    ) as client:
        found = client.search_all(filter_groups=OR_GROUPS, properties=["hs_meeting_outcome"])
        got = [(int(m.id), m.properties.get("hs_meeting_outcome")) async for m in found]
    ids = [i for i, _ in got]
    assert len(ids) == MATCHES
    assert len(set(ids)) == MATCHES
    assert ids == sorted(ids)
    assert {outcome for _, outcome in got} == {"COMPLETED", "SCHEDULED"}
    assert set(searches(emu)) == {200}
    # The keyset bound was ANDed into both OR-ed groups once the cap was reached.
    assert len(searches(emu)) == MATCHES // 200
