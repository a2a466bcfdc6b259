"""List paging: limits, opaque cursors, next links, archived filtering, large stores."""

from __future__ import annotations

import httpx
import pytest
from emulator_support import MEETINGS, make_client

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_emulator.testing import FakeClock


def _walk(client: httpx.Client, **params: str) -> list[str]:
    ids: list[str] = []
    after: str | None = None
    while True:
        query = dict(params)
        if after is not None:
            query["after"] = after
        r = client.get(MEETINGS, params=query)
        assert r.status_code == 200
        ids.extend(x["id"] for x in r.json()["results"])
        nxt = r.json().get("paging", {}).get("next")
        if nxt is None:
            return ids
        after = nxt["after"]


def test_default_page_is_10_with_next_cursor_and_absolute_link(
    emu: Emulator, client: httpx.Client
) -> None:
    ids = emu.seed("meetings", [{"hs_meeting_title": str(i)} for i in range(25)])
    r = client.get(MEETINGS, params={"properties": "hs_meeting_title"})
    body = r.json()
    assert [x["id"] for x in body["results"]] == ids[:10]
    nxt = body["paging"]["next"]
    assert isinstance(nxt["after"], str)
    assert nxt["link"].startswith("https://api.hubapi.com/crm/v3/objects/meetings?")
    link = httpx.URL(nxt["link"])
    assert link.params["after"] == nxt["after"]
    assert link.params["properties"] == "hs_meeting_title"
    # Following the link verbatim gives the next page.
    follow = client.get(nxt["link"])
    assert [x["id"] for x in follow.json()["results"]] == ids[10:20]


def test_walking_all_pages_returns_every_record_once_in_creation_order(
    emu: Emulator, client: httpx.Client
) -> None:
    ids = emu.seed("meetings", [{} for _ in range(237)])
    assert _walk(client, limit="100") == ids


def test_last_page_has_no_paging(emu: Emulator, client: httpx.Client) -> None:
    emu.seed("meetings", [{} for _ in range(5)])
    body = client.get(MEETINGS, params={"limit": "5"}).json()
    assert len(body["results"]) == 5
    assert "paging" not in body


@pytest.mark.parametrize("limit", ["0", "101", "-1", "ten"])
def test_out_of_range_limit_is_400(client: httpx.Client, limit: str) -> None:
    r = client.get(MEETINGS, params={"limit": limit})
    assert r.status_code == 400
    assert r.json()["category"] == "VALIDATION_ERROR"
    assert "limit" in r.json()["message"]


def test_max_list_limit_is_configurable(clock: FakeClock) -> None:
    emu = Emulator(EmulatorConfig(max_list_limit=500), clock=clock)
    emu.seed("meetings", [{} for _ in range(300)])
    with make_client(emu) as c:
        assert len(c.get(MEETINGS, params={"limit": "300"}).json()["results"]) == 300


def test_bad_cursor_is_400(client: httpx.Client) -> None:
    r = client.get(MEETINGS, params={"after": "not-a-cursor"})
    assert r.status_code == 400
    assert "after" in r.json()["message"]


def test_archived_records_are_listed_only_with_archived_true(
    emu: Emulator, client: httpx.Client
) -> None:
    ids = emu.seed("meetings", [{} for _ in range(30)])
    client.post(f"{MEETINGS}/batch/archive", json={"inputs": [{"id": i} for i in ids[::3]]})
    live = _walk(client, limit="7")
    archived = _walk(client, limit="7", archived="true")
    assert archived == ids[::3]
    assert live == [i for i in ids if i not in set(ids[::3])]


def test_list_can_include_history_and_associations(emu: Emulator, client: httpx.Client) -> None:
    [company] = emu.seed("companies", [{"name": "Analytical Engines"}])
    body = {
        "properties": {"hs_timestamp": "0", "hs_meeting_body": "x"},
        "associations": [
            {
                "to": {"id": company},
                "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 188}],
            }
        ],
    }
    client.post(MEETINGS, json=body)
    r = client.get(
        MEETINGS, params={"propertiesWithHistory": "hs_meeting_body", "associations": "company"}
    )
    rec = r.json()["results"][0]
    assert rec["propertiesWithHistory"]["hs_meeting_body"][0]["value"] == "x"
    assert rec["associations"]["companies"]["results"] == [
        {"id": company, "type": "meeting_to_company"}
    ]


def test_large_store_pages_from_the_end(emu: Emulator, client: httpx.Client) -> None:
    ids = emu.seed("meetings", [{} for _ in range(12_000)])
    # The cursor is the id of the next record, so a page deep into the store is direct.
    r = client.get(MEETINGS, params={"limit": "100", "after": ids[11_950]})
    body = r.json()
    assert [x["id"] for x in body["results"]] == ids[11_950:]
    assert "paging" not in body
