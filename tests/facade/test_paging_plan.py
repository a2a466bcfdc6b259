"""search_all's decisions (SearchAllPlan, ListCursor) against the emulator's search engine.

The window is lowered from 10,000 so continuation past it is exercised on a few hundred records;
the end-to-end tests in test_search_all.py use the real cap through the client.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import pytest

from hubspot_emulator.search import run_search
from hubspot_meetings import SearchWindowError
from hubspot_meetings._client import iter_items, iter_pages, search_all
from hubspot_meetings._exceptions import RequestValidationError, ResponseValidationError
from hubspot_meetings._plan.pages import ListCursor
from hubspot_meetings._plan.search_all import SearchAllPlan, SearchRequest

DEFAULTS = ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"]


def record(rid: int, title: str, outcome: str) -> dict[str, Any]:
    stamp = "2026-03-01T08:00:00.000Z"
    return {
        "id": str(rid),
        "properties": {"hs_meeting_title": title, "hs_meeting_outcome": outcome},
        "createdAt": stamp,
        "updatedAt": stamp,
        "archived": False,
    }


# Ids deliberately not in creation order, so id order differs from the default order.
RECORDS = [
    record(1000 + (i * 7919) % 600, f"Sync {i}", "COMPLETED" if i % 3 else "SCHEDULED")
    for i in range(600)
]
# Emulator search also has HubSpot's own cap: keep the engine's window, shrink the plan's.
WINDOW = 100


@attrs.frozen
class Page:
    results: Sequence[Any]
    next_after: str | None


@attrs.frozen
class SearchPage:
    results: Sequence[dict[str, Any]]
    total: int
    next_after: str | None


class Engine:
    """The emulator's search engine, called with the plan's request; logs every body."""

    def __init__(
        self, records: list[dict[str, Any]], window: int = WINDOW, cursor_at_end: bool = False
    ) -> None:
        self.records = records
        self.window = window
        # Whether the last page of a window still carries a cursor (one HubSpot would refuse).
        self.cursor_at_end = cursor_at_end
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, req: SearchRequest) -> SearchPage:
        body: dict[str, Any] = {
            "filterGroups": req.filter_groups,
            "sorts": req.sorts,
            "limit": req.limit,
        }
        if req.query is not None:
            body["query"] = req.query
        if req.after is not None:
            body["after"] = req.after
        if req.properties is not None:
            body["properties"] = req.properties
        # Enforce the lowered window the way HubSpot enforces 10,000.
        assert int(req.after or 0) + req.limit <= self.window, "paged past the window"
        self.bodies.append(body)
        out = run_search(self.records, body, default_properties=DEFAULTS)
        nxt = out.get("paging", {}).get("next", {}).get("after")
        if nxt is not None and int(nxt) >= self.window and not self.cursor_at_end:
            nxt = None
        return SearchPage(out["results"], out["total"], nxt)


def ids(results: list[dict[str, Any]]) -> list[int]:
    return [int(r["id"]) for r in results]


def test_past_the_window_every_match_once_in_id_order() -> None:
    engine = Engine(RECORDS)
    plan = SearchAllPlan(page_size=30, window=WINDOW)
    got = ids(list(search_all(engine, plan)))
    assert got == sorted(int(r["id"]) for r in RECORDS)
    # Keyset paging from the first page: no offsets, so the window never comes into it, and
    # the last page (its total is all that is left) ends the search: 20 requests for 600.
    assert [b["limit"] for b in engine.bodies] == [30] * 20
    assert all("after" not in b for b in engine.bodies)
    assert engine.bodies[0]["filterGroups"] == []
    assert all(b["filterGroups"] for b in engine.bodies[1:]), "a page without the keyset bound"


@pytest.mark.parametrize("cursor_at_end", [False, True])
@pytest.mark.parametrize("sorts", [None, ["hs_meeting_title"]])
def test_exactly_a_window_of_matches_ends_cleanly(
    cursor_at_end: bool, sorts: list[str] | None
) -> None:
    # The total decides, so a cursor on the last page neither loops, errors nor over-fetches.
    engine = Engine(RECORDS[:WINDOW], cursor_at_end=cursor_at_end)
    got = list(search_all(engine, SearchAllPlan(sorts=sorts, page_size=50, window=WINDOW)))
    assert len({r["id"] for r in got}) == WINDOW
    assert len(engine.bodies) == 2


def test_keyset_filter_is_anded_into_every_group() -> None:
    groups = [
        {
            "filters": [
                {"propertyName": "hs_meeting_outcome", "operator": "EQ", "value": "COMPLETED"}
            ]
        },
        {
            "filters": [
                {"propertyName": "hs_meeting_title", "operator": "CONTAINS_TOKEN", "value": "5"}
            ]
        },
    ]
    engine = Engine(RECORDS)
    got = ids(
        list(search_all(engine, SearchAllPlan(filter_groups=groups, page_size=40, window=WINDOW)))
    )
    expected = sorted(
        int(r["id"])
        for r in RECORDS
        if r["properties"]["hs_meeting_outcome"] == "COMPLETED"
        or r["properties"]["hs_meeting_title"].split()[1] == "5"
    )
    assert got == expected
    continued = [b for b in engine.bodies if "after" not in b][1:]
    assert continued
    for body in continued:
        for group in body["filterGroups"]:
            assert group["filters"][-1]["propertyName"] == "hs_object_id"
            assert group["filters"][-1]["operator"] == "GT"


def test_descending_id_sort_continues_with_lt() -> None:
    engine = Engine(RECORDS)
    plan = SearchAllPlan(sorts=["-hs_object_id"], page_size=50, window=WINDOW)
    got = ids(list(search_all(engine, plan)))
    assert got == sorted((int(r["id"]) for r in RECORDS), reverse=True)
    assert any(
        f["operator"] == "LT"
        for b in engine.bodies
        for g in b["filterGroups"]
        for f in g["filters"]
    )


def test_query_only_search_gets_its_own_keyset_group() -> None:
    engine = Engine(RECORDS)
    got = ids(list(search_all(engine, SearchAllPlan(query="sync", page_size=25, window=WINDOW))))
    assert len(got) == len(set(got)) == 600


def test_other_sort_past_the_window_refuses_before_yielding() -> None:
    engine = Engine(RECORDS)
    plan = SearchAllPlan(
        sorts=[{"propertyName": "hs_meeting_title", "direction": "ASCENDING"}],
        page_size=50,
        window=WINDOW,
    )
    it = search_all(engine, plan)
    with pytest.raises(SearchWindowError, match="600 records") as info:
        next(it)
    assert "hs_object_id" in str(info.value)


def test_other_sort_within_the_window_pages_by_offset() -> None:
    small = RECORDS[:90]
    engine = Engine(small)
    plan = SearchAllPlan(
        sorts=["-hs_meeting_title"], properties=["hs_meeting_title"], page_size=40, window=WINDOW
    )
    got = list(search_all(engine, plan))
    titles = [r["properties"].get("hs_meeting_title") for r in got]
    assert len(got) == 90
    # Each later page starts on the last row yielded (39, 79), to see that nothing moved.
    assert [b.get("after") for b in engine.bodies] == [None, "39", "79"]
    assert [b["limit"] for b in engine.bodies] == [40, 41, 21]  # the window (100) ends at 100
    assert titles == sorted(titles, reverse=True)
    assert len(set(titles)) == 90


def test_no_room_for_the_keyset_filter_is_refused_up_front() -> None:
    flt = {"propertyName": "hs_meeting_outcome", "operator": "EQ", "value": "COMPLETED"}
    with pytest.raises(RequestValidationError) as info:
        SearchAllPlan(filter_groups=[{"filters": [flt] * 6}])
    assert info.value.field == "filter_groups[0].filters"
    with pytest.raises(RequestValidationError, match="18 in all"):
        SearchAllPlan(filter_groups=[{"filters": [flt] * 5}] * 3 + [{"filters": [flt] * 2}])
    # 5 + 5 + 5 + 1 = 16 filters, 4 groups: 20 with the keyset filter, over 18.
    with pytest.raises(RequestValidationError):
        SearchAllPlan(filter_groups=[{"filters": [flt] * 5}] * 3 + [{"filters": [flt]}])
    # 3 groups of 5 = 15, +3 = 18: allowed.
    SearchAllPlan(filter_groups=[{"filters": [flt] * 5}] * 3)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"page_size": 0}, "page_size"),
        ({"page_size": 201}, "page_size"),
        ({"sorts": ["a", "b"]}, "sorts"),
        ({"sorts": [{"propertyName": "a", "direction": "UP"}]}, "sorts[0].direction"),
        ({"filter_groups": [{"filters": "x"}]}, "filter_groups[0].filters"),
        ({"filter_groups": [7]}, "filter_groups[0]"),
        ({"properties": "hs_meeting_title"}, "properties"),
    ],
)
def test_bad_arguments_name_the_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(RequestValidationError) as info:
        SearchAllPlan(**kwargs)
    assert info.value.field == field


def test_results_out_of_id_order_are_never_yielded_twice() -> None:
    # A server that repeats its last page on continuation: the plan skips the repeats.
    rows = [{"id": str(i)} for i in range(1, 8)]
    pages = [
        SearchPage(rows[0:3], 7, None),  # window end (window 3): cursor omitted
        SearchPage(rows[1:6], 7, None),  # overlap: 2, 3 already seen
        SearchPage(rows[5:7], 2, None),
    ]
    calls = iter(pages)
    got = ids(list(search_all(lambda _req: next(calls), SearchAllPlan(page_size=3, window=3))))
    assert got == [1, 2, 3, 4, 5, 6, 7]


def test_a_cursor_that_does_not_advance_is_an_error() -> None:
    cursor = ListCursor("abc")
    with pytest.raises(ResponseValidationError, match="did not advance"):
        cursor.advance(Page(results=[1], next_after="abc"))


def test_iter_pages_resumes_from_a_cursor() -> None:
    data = list(range(10))

    def fetch(after: str | None) -> Page:
        start = int(after or 0)
        nxt = start + 4
        return Page(data[start:nxt], str(nxt) if nxt < len(data) else None)

    first = next(iter_pages(fetch))
    assert list(iter_items(iter_pages(fetch, after=first.next_after))) == data[4:]
