"""search_all, list_all and iter_pages while the caller changes what it is given.

The promise: every record that matched when the iteration began comes back exactly once, even
when the caller archives each yielded record, or updates it so it no longer matches; where the
order itself can move under the caller (its own sort on another property), the iteration stops
with a typed SearchShiftedError instead of silently skipping records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    CrmObject,
    HubSpotMeetings,
    SearchShiftedError,
)

TS = "2026-03-01T08:00:00.000Z"
COUNT = 250
PAGE = 100
MATCHING = [
    {"filters": [{"propertyName": "hs_meeting_outcome", "operator": "EQ", "value": "SCHEDULED"}]}
]
Change = Callable[[Any, CrmObject], Any]


@pytest.fixture
def emu() -> Emulator:
    emu = Emulator(EmulatorConfig(rate_limits_enabled=False))
    emu.seed(
        "meetings",
        (
            {
                "hs_timestamp": TS,
                # Titles in reverse id order, so a title sort differs from id order.
                "hs_meeting_title": f"title-{COUNT - i:04d}",
                "hs_meeting_outcome": "SCHEDULED",
            }
            for i in range(COUNT)
        ),
    )
    emu.requests.clear()
    return emu


def client_for(emu: Emulator) -> HubSpotMeetings:
    return HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport(), pacing=None)


def async_client_for(emu: Emulator) -> AsyncHubSpotMeetings:
    return AsyncHubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport(), pacing=None)


def archive(client: Any, record: CrmObject) -> Any:
    return client.archive(record.id)


def unmatch(client: Any, record: CrmObject) -> Any:
    return client.update(record.id, {"hs_meeting_outcome": "COMPLETED"})


def retitle_to_the_end(client: Any, record: CrmObject) -> Any:
    # Moves the record behind every unseen one in a title sort, and changes its sort value.
    return client.update(record.id, {"hs_meeting_title": f"zz-{record.id}"})


def touch_other_property(client: Any, record: CrmObject) -> Any:
    return client.update(record.id, {"hs_meeting_body": "seen"})


def seeded_ids(emu: Emulator) -> set[str]:
    return {r["id"] for r in emu.store("meetings").all(include_archived=True)}


def assert_each_once(emu: Emulator, yielded: list[str]) -> None:
    repeated = sorted(i for i, n in Counter(yielded).items() if n > 1)
    assert not repeated, f"yielded twice: {repeated[:5]}"
    missing = seeded_ids(emu) - set(yielded)
    assert not missing, f"{len(missing)} of {COUNT} records never yielded"


# --- search_all: keyset order, whatever the caller does ----------------------------------------


@pytest.mark.parametrize("change", [archive, unmatch, retitle_to_the_end], ids=lambda f: f.__name__)
@pytest.mark.parametrize("sorts", [None, ["hs_object_id"], ["-hs_object_id"]], ids=str)
def test_search_all_yields_every_match_once_while_the_caller_changes_them(
    emu: Emulator, change: Change, sorts: list[str] | None
) -> None:
    yielded: list[str] = []
    with client_for(emu) as client:
        for record in client.search_all(filter_groups=MATCHING, sorts=sorts, page_size=PAGE):
            yielded.append(record.id)
            change(client, record)
    assert_each_once(emu, yielded)
    ids = [int(i) for i in yielded]
    assert ids == sorted(ids, reverse=sorts == ["-hs_object_id"])


def test_keyset_paging_costs_no_extra_request(emu: Emulator) -> None:
    with client_for(emu) as client:
        assert len(list(client.search_all(filter_groups=MATCHING))) == COUNT
        # 200 + 50: the last page holds the whole remaining total, so it ends the search.
        assert sum(1 for r in emu.requests if r.operation == "search") == 2
        emu.requests.clear()
        assert len(list(client.search_all(filter_groups=MATCHING, page_size=50))) == COUNT
        assert sum(1 for r in emu.requests if r.operation == "search") == 5


@pytest.mark.anyio
@pytest.mark.parametrize("change", [archive, unmatch], ids=lambda f: f.__name__)
async def test_async_search_all_yields_every_match_once_while_the_caller_changes_them(
    emu: Emulator, change: Change
) -> None:
    yielded: list[str] = []
    async with async_client_for(emu) as client:
        async for record in client.search_all(filter_groups=MATCHING, page_size=PAGE):
            yielded.append(record.id)
            await change(client, record)
    assert_each_once(emu, yielded)


# --- search_all with the caller's own sort: stop, typed, never skip silently -------------------


@pytest.mark.parametrize("change", [archive, unmatch, retitle_to_the_end], ids=lambda f: f.__name__)
def test_a_caller_sort_that_shifts_under_the_caller_raises_instead_of_skipping(
    emu: Emulator, change: Change
) -> None:
    yielded: list[str] = []
    with client_for(emu) as client:
        found = client.search_all(
            filter_groups=MATCHING, sorts=["hs_meeting_title"], page_size=PAGE
        )
        with pytest.raises(SearchShiftedError) as info:
            for record in found:
                yielded.append(record.id)
                change(client, record)
    # It stopped at the first page boundary, after yielding each record of page one once.
    assert len(yielded) == len(set(yielded)) == PAGE
    assert info.value.position == PAGE
    assert "hs_meeting_title" in str(info.value) and "hs_object_id" in str(info.value)


@pytest.mark.anyio
async def test_async_caller_sort_that_shifts_raises(emu: Emulator) -> None:
    async with async_client_for(emu) as client:
        with pytest.raises(SearchShiftedError):
            async for record in client.search_all(
                filter_groups=MATCHING, sorts=["-hs_meeting_title"], page_size=PAGE
            ):
                await client.archive(record.id)


def test_a_caller_sort_is_undisturbed_by_changes_that_do_not_move_the_order(
    emu: Emulator,
) -> None:
    titles: list[str | None] = []
    with client_for(emu) as client:
        found = client.search_all(
            filter_groups=MATCHING, sorts=["hs_meeting_title"], page_size=PAGE
        )
        for record in found:
            titles.append(record.properties.get("hs_meeting_title"))
            touch_other_property(client, record)
    assert len(titles) == len(set(titles)) == COUNT
    assert titles == sorted(titles)  # the sort property is read even though not asked for


# --- list_all and iter_pages: HubSpot's list cursor is an id, not an offset ------------------


def test_list_all_yields_every_record_once_while_the_caller_archives_them(emu: Emulator) -> None:
    yielded: list[str] = []
    with client_for(emu) as client:
        for record in client.list_all(page_size=100):
            yielded.append(record.id)
            client.archive(record.id)
    assert_each_once(emu, yielded)
    assert emu.store("meetings").count() == 0


def test_iter_pages_yields_every_record_once_while_the_caller_archives_each_page(
    emu: Emulator,
) -> None:
    yielded: list[str] = []
    with client_for(emu) as client:
        for page in client.iter_pages(page_size=50):
            yielded.extend(r.id for r in page.results)
            client.batch_archive([r.id for r in page.results])
    assert_each_once(emu, yielded)


@pytest.mark.anyio
async def test_async_list_all_yields_every_record_once_while_the_caller_archives_them(
    emu: Emulator,
) -> None:
    yielded: list[str] = []
    async with async_client_for(emu) as client:
        records: AsyncIterator[CrmObject] = client.list_all(page_size=100)
        async for record in records:
            yielded.append(record.id)
            await client.archive(record.id)
    assert_each_once(emu, yielded)
