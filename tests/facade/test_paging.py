"""list_all / iter_pages through the client against the emulator, sync and async."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    HubSpotMeetings,
    RequestValidationError,
)

TOKEN = "pat-emulator-token"
COUNT = 2_500


@pytest.fixture(scope="module")
def emu() -> Emulator:
    emu = Emulator(EmulatorConfig(rate_limits_enabled=False))
    emu.seed(
        "meetings",
        (
            {"hs_meeting_title": f"Meeting {i}", "hs_timestamp": "2026-03-01T08:00:00.000Z"}
            for i in range(COUNT)
        ),
    )
    return emu


@pytest.fixture
def client(emu: Emulator) -> Iterator[HubSpotMeetings]:
    emu.requests.clear()
    with HubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport(), pacing=None) as c:
        yield c


def list_requests(emu: Emulator) -> list[str]:
    return [r.path for r in emu.requests if r.operation == "list"]


def test_list_all_yields_every_meeting_once_one_request_per_page(
    client: HubSpotMeetings, emu: Emulator
) -> None:
    titles: list[str | None] = []
    ids: list[str] = []
    for meeting in client.list_all(properties=["hs_meeting_title"]):
        ids.append(meeting.id)
        titles.append(meeting.properties.get("hs_meeting_title"))
    assert len(ids) == COUNT
    assert len(set(ids)) == COUNT
    assert sorted(titles, key=lambda t: int(str(t).split()[1])) == [
        f"Meeting {i}" for i in range(COUNT)
    ]
    assert len(list_requests(emu)) == math.ceil(COUNT / 100)


def test_list_all_is_lazy(client: HubSpotMeetings, emu: Emulator) -> None:
    it = client.list_all(page_size=10)
    assert emu.requests == []  # nothing sent before the first item is asked for
    first = [next(it) for _ in range(15)]
    assert len({m.id for m in first}) == 15
    assert len(list_requests(emu)) == 2


def test_iter_pages_resumes_from_a_saved_cursor(client: HubSpotMeetings, emu: Emulator) -> None:
    pages = client.iter_pages(page_size=100)
    first_three = [next(pages) for _ in range(3)]
    saved = first_three[-1].next_after
    assert saved is not None
    seen = [m.id for p in first_three for m in p.results]

    # A later run (a new client, nothing shared) picks up where the saved cursor points.
    with HubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport(), pacing=None) as other:
        rest = [m.id for p in other.iter_pages(page_size=100, after=saved) for m in p.results]
    assert len(seen) + len(rest) == COUNT
    assert set(seen).isdisjoint(rest)
    assert len(set(seen) | set(rest)) == COUNT


def test_last_page_has_no_cursor(client: HubSpotMeetings) -> None:
    pages = list(client.iter_pages(page_size=100))
    assert [p.next_after is None for p in pages] == [False] * 24 + [True]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"page_size": 0}, "between 1 and 100"),
        ({"page_size": 101}, "between 1 and 100"),
        ({"page_size": 100, "properties_with_history": ["hs_meeting_title"]}, "between 1 and 50"),
    ],
)
def test_bad_page_size_is_refused_before_any_request(
    client: HubSpotMeetings, emu: Emulator, kwargs: dict[str, object], match: str
) -> None:
    with pytest.raises(RequestValidationError, match=match) as info:
        client.list_all(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == "page_size"
    assert emu.requests == []


def test_a_generator_of_properties_serves_every_page(client: HubSpotMeetings) -> None:
    props = (p for p in ["hs_meeting_title"])
    got = list(client.list_all(properties=props))
    assert len(got) == COUNT
    assert all(m.properties.get("hs_meeting_title") for m in got)


@pytest.mark.anyio
async def test_async_list_all_yields_every_meeting_once(emu: Emulator) -> None:
    emu.requests.clear()
    async with AsyncHubSpotMeetings(
        auth=BearerToken(TOKEN), transport=emu.transport(), pacing=None
    ) as client:
        ids = [m.id async for m in client.list_all()]
        assert len(ids) == COUNT
        assert len(set(ids)) == COUNT
        assert len(list_requests(emu)) == math.ceil(COUNT / 100)

        pages = client.iter_pages(page_size=100)
        first = await anext(pages)
        resumed = [m.id async for p in client.iter_pages(after=first.next_after) for m in p.results]
        assert len(resumed) == COUNT - 100
        assert {m.id for m in first.results}.isdisjoint(resumed)
