"""Paging never hands the caller's credentials to the host a ``paging.next.link`` names.

HubSpot's links are absolute (https://api.hubapi.com/..., https://developers.hubspot.com/docs/
api-reference/latest/crm/using-object-apis), and so are the emulator's: a client that followed
them would send a local emulator's token to HubSpot. Here the emulator's links name a second
loopback server (a trap): every page must come from the first, by ``after``, and the trap must
see no request at all, on the wire.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import httpx
import pytest

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_meetings import AsyncHubSpotMeetings, BearerToken, HubSpotMeetings
from hubspot_meetings.__main__ import main

TOKEN = "pat-emulator-token"
COUNT = 250  # three list pages of 100


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, Emulator, Emulator]]:
    """(url of the served emulator, that emulator, the trap its links point at)."""
    trap = Emulator()
    with trap.serve() as trap_server:
        # The trap logs whatever reaches it, token or not.
        httpx.get(f"{trap_server.url}/crm/v3/objects/meetings")
        assert len(trap.requests) == 1
        emu = Emulator(EmulatorConfig(base_url=trap_server.url, rate_limits_enabled=False))
        emu.seed("meetings", ({"hs_meeting_title": f"Meeting {i}"} for i in range(COUNT)))
        with emu.serve() as server:
            yield server.url, emu, trap


@pytest.fixture
def served(servers: tuple[str, Emulator, Emulator]) -> Iterator[tuple[str, Emulator, Emulator]]:
    _url, emu, trap = servers
    emu.requests.clear()
    trap.requests.clear()
    yield servers
    # The trap is reachable (its links are real), yet nothing ever went there.
    assert trap.requests == []


def client(url: str) -> HubSpotMeetings:
    return HubSpotMeetings(auth=BearerToken(TOKEN), base_url=url, pacing=None, http_version="1.1")


def list_calls(emu: Emulator) -> int:
    return sum(1 for r in emu.requests if r.operation == "list")


def test_the_links_really_point_at_the_trap(served: tuple[str, Emulator, Emulator]) -> None:
    """So a client that followed links would be caught by the trap."""
    url, _emu, _trap = served
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = httpx.get(f"{url}/crm/v3/objects/meetings", headers=auth).json()
    link = httpx.URL(body["paging"]["next"]["link"])
    assert link.host == "127.0.0.1" and link.port != httpx.URL(url).port


def test_list_all_and_iter_pages_page_by_after_on_the_first_host(
    served: tuple[str, Emulator, Emulator],
) -> None:
    url, emu, _trap = served
    with client(url) as c:
        ids = [m.id for m in c.list_all()]
        pages = list(c.iter_pages())
    assert len(set(ids)) == COUNT
    assert sum(len(p.results) for p in pages) == COUNT
    assert list_calls(emu) == 6


def test_search_all_stays_on_the_first_host(served: tuple[str, Emulator, Emulator]) -> None:
    url, emu, _trap = served
    with client(url) as c:
        found = list(c.search_all(properties=["hs_meeting_title"]))
    assert len(found) == COUNT
    assert all(r.operation == "search" for r in emu.requests)


@pytest.mark.anyio
async def test_async_list_all_stays_on_the_first_host(
    served: tuple[str, Emulator, Emulator],
) -> None:
    url, emu, _trap = served
    async with AsyncHubSpotMeetings(
        auth=BearerToken(TOKEN), base_url=url, pacing=None, http_version="1.1"
    ) as c:
        ids = [m.id async for m in c.list_all()]
    assert len(ids) == COUNT
    assert list_calls(emu) == 3


def test_cli_export_stays_on_the_first_host(served: tuple[str, Emulator, Emulator]) -> None:
    url, emu, _trap = served
    out, err = io.StringIO(), io.StringIO()
    with client(url) as c:
        assert main(["export"], client=c, stdout=out, stderr=err) == 0
    assert len(out.getvalue().splitlines()) == COUNT
    assert list_calls(emu) == 3
