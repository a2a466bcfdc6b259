"""The data and the requests every client sends: one definition, so the comparison is fair."""

from __future__ import annotations

from typing import Any

TOKEN = "pat-emulator-token"
OBJECT_PATH = "/crm/v3/objects/meetings"
# Properties asked for on reads; the same list for every client and operation.
READ_PROPS = ["hs_meeting_title", "hs_meeting_body", "hs_timestamp", "hs_meeting_outcome"]
SEARCH_PAGE = 100  # one search page in the per-call benchmark
SEARCH_BULK_PAGE = 200  # HubSpot's maximum search page, used by every bulk search
LIST_PAGE = 100  # HubSpot's maximum list page
BATCH = 100  # HubSpot's batch input cap
LINKED = 1_000  # meetings linked to the one deal of the meetings_for benchmark
LINK_PAGE = 500  # HubSpot's maximum page of one record's associations (v4)
DEAL_PATH = "/crm/v4/objects/deals"
SEARCH_WINDOW = 10_000  # HubSpot refuses to page a search past this many results

# Seeded meetings: bulk search matches SCHEDULED (large) or COMPLETED (small).
LARGE_OUTCOME = "SCHEDULED"
SMALL_OUTCOME = "COMPLETED"
CREATED_OUTCOME = "CANCELED"  # meetings made during the run never match the bulk searches


def meeting_props(i: int, outcome: str) -> dict[str, str]:
    ts = 1_767_225_600_000 + i * 60_000  # 2026-01-01 plus i minutes, epoch ms
    return {
        "hs_timestamp": str(ts),
        "hs_meeting_title": f"Bench meeting {i}",
        "hs_meeting_body": f"Agenda {i}: quarterly review of the pipeline, risks and next steps.",
        "hs_meeting_outcome": outcome,
        "hs_meeting_start_time": str(ts),
        "hs_meeting_end_time": str(ts + 1_800_000),
        "hs_internal_meeting_notes": "Notes kept short so every client moves the same bytes.",
    }


def create_props(i: int) -> dict[str, str]:
    return meeting_props(i, CREATED_OUTCOME)


def search_body(
    outcome: str, limit: int, after: str | None = None, gt_id: str | None = None
) -> dict[str, Any]:
    """Search in id order; `gt_id` restarts past the 10,000-result window (keyset paging)."""
    filters: list[dict[str, Any]] = [
        {"propertyName": "hs_meeting_outcome", "operator": "EQ", "value": outcome}
    ]
    if gt_id is not None:
        filters.append({"propertyName": "hs_object_id", "operator": "GT", "value": gt_id})
    body: dict[str, Any] = {
        "filterGroups": [{"filters": filters}],
        # Both official SDKs type sorts as strings; the emulator, like HubSpot, takes either.
        "sorts": ["hs_object_id"],
        "properties": READ_PROPS,
        "limit": limit,
    }
    if after is not None:
        body["after"] = after
    return body


def keyset_pages(fetch: Any) -> Any:
    """Page a search past HubSpot's 10,000-result window, as a user of a plain client must.

    `fetch(after, gt_id)` returns (results, last_id, next_after); yields each page's results.
    Sorted by id, so once a search has served its 10,000 results (HubSpot offers no cursor
    past them) it restarts with `hs_object_id GT <last id>`.
    """
    after: str | None = None
    gt_id: str | None = None
    served = 0  # results served by the current search body
    while True:
        results, last_id, nxt = fetch(after, gt_id)
        yield results
        served += len(results)
        if nxt is not None and int(nxt) < SEARCH_WINDOW:
            after = nxt
        elif served >= SEARCH_WINDOW and results:
            after, gt_id, served = None, last_id, 0
        else:
            return
