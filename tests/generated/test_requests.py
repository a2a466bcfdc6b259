"""The requests the generated client builds, checked against HubSpot's documented wire form."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from wire_support import assert_request

from hubspot_meetings_api import AuthenticatedClient
from hubspot_meetings_api.api.basic import archive, create, get_by_id, get_page, update
from hubspot_meetings_api.api.batch import archive as batch_archive
from hubspot_meetings_api.api.batch import create as batch_create
from hubspot_meetings_api.api.batch import read as batch_read
from hubspot_meetings_api.api.batch import update as batch_update
from hubspot_meetings_api.api.batch import upsert as batch_upsert
from hubspot_meetings_api.api.search import do_search
from hubspot_meetings_api.models import (
    BatchInputSimplePublicObjectBatchInput,
    BatchInputSimplePublicObjectBatchInputForCreate,
    BatchInputSimplePublicObjectBatchInputUpsert,
    BatchInputSimplePublicObjectId,
    BatchReadInputSimplePublicObjectId,
    PublicObjectSearchRequest,
    SimplePublicObjectInput,
    SimplePublicObjectInputForCreate,
)

TOKEN = "pat-na1-test-token"
BASE = "/crm/v3/objects/meetings"
OBJECT = {
    "id": "1",
    "properties": {},
    "createdAt": "2026-03-15T08:00:00.000Z",
    "updatedAt": "2026-03-15T08:00:00.000Z",
    "archived": False,
}
BATCH = {"status": "COMPLETE", "results": [OBJECT], "startedAt": OBJECT["createdAt"]}


@pytest.fixture
def wire() -> Iterator[tuple[AuthenticatedClient, list[httpx.Request]]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "DELETE" or request.url.path.endswith("/batch/archive"):
            return httpx.Response(204)
        if request.url.path.endswith("/search"):
            return httpx.Response(200, json={"total": 1, "results": [OBJECT]})
        if request.method == "GET" and request.url.path == BASE:
            return httpx.Response(200, json={"results": [OBJECT]})
        if "/batch/" in request.url.path:
            return httpx.Response(201 if request.url.path.endswith("create") else 200, json=BATCH)
        return httpx.Response(201 if request.method == "POST" else 200, json=OBJECT)

    client = AuthenticatedClient(
        base_url="https://api.hubapi.com",
        token=TOKEN,
        httpx_args={"transport": httpx.MockTransport(handler)},
    )
    with client:
        yield client, seen


CREATE = {
    "properties": {"hs_timestamp": "2026-03-20T10:00:00.000Z", "hs_meeting_title": "Kickoff"},
    "associations": [
        {
            "to": {"id": "101"},
            "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200}],
        }
    ],
}

# (call, method, path, query, json body): the documented form of each of the 11 operations.
Case = tuple[str, Callable[[AuthenticatedClient], Any], str, str, dict[str, list[str]], Any]
CASES: list[Case] = [
    (
        "list",
        lambda c: get_page.sync_detailed(
            client=c, limit=10, properties=["hs_meeting_title", "hs_meeting_start_time"]
        ),
        "GET",
        BASE,
        {"limit": ["10"], "properties": ["hs_meeting_title", "hs_meeting_start_time"]},
        None,
    ),
    (
        "create",
        lambda c: create.sync_detailed(
            client=c, body=SimplePublicObjectInputForCreate.from_dict(CREATE)
        ),
        "POST",
        BASE,
        {},
        CREATE,
    ),
    (
        "get",
        lambda c: get_by_id.sync_detailed(
            "512", client=c, properties=["hs_meeting_title"], associations=["contacts"]
        ),
        "GET",
        f"{BASE}/512",
        {"properties": ["hs_meeting_title"], "associations": ["contacts"]},
        None,
    ),
    (
        "update",
        lambda c: update.sync_detailed(
            "512",
            client=c,
            body=SimplePublicObjectInput.from_dict({"properties": {"hs_meeting_location": "Zoom"}}),
        ),
        "PATCH",
        f"{BASE}/512",
        {},
        {"properties": {"hs_meeting_location": "Zoom"}},
    ),
    (
        "archive",
        lambda c: archive.sync_detailed("512", client=c),
        "DELETE",
        f"{BASE}/512",
        {},
        None,
    ),
    (
        "batch_create",
        lambda c: batch_create.sync_detailed(
            client=c,
            body=BatchInputSimplePublicObjectBatchInputForCreate.from_dict({"inputs": [CREATE]}),
        ),
        "POST",
        f"{BASE}/batch/create",
        {},
        {"inputs": [CREATE]},
    ),
    (
        "batch_read",
        lambda c: batch_read.sync_detailed(
            client=c,
            body=BatchReadInputSimplePublicObjectId.from_dict(
                {"inputs": [{"id": "1"}, {"id": "2"}], "properties": ["hs_meeting_title"]}
            ),
        ),
        "POST",
        f"{BASE}/batch/read",
        {},
        {"inputs": [{"id": "1"}, {"id": "2"}], "properties": ["hs_meeting_title"]},
    ),
    (
        "batch_update",
        lambda c: batch_update.sync_detailed(
            client=c,
            body=BatchInputSimplePublicObjectBatchInput.from_dict(
                {"inputs": [{"id": "1", "properties": {"hs_meeting_outcome": "COMPLETED"}}]}
            ),
        ),
        "POST",
        f"{BASE}/batch/update",
        {},
        {"inputs": [{"id": "1", "properties": {"hs_meeting_outcome": "COMPLETED"}}]},
    ),
    (
        "batch_archive",
        lambda c: batch_archive.sync_detailed(
            client=c, body=BatchInputSimplePublicObjectId.from_dict({"inputs": [{"id": "1"}]})
        ),
        "POST",
        f"{BASE}/batch/archive",
        {},
        {"inputs": [{"id": "1"}]},
    ),
    (
        "batch_upsert",
        lambda c: batch_upsert.sync_detailed(
            client=c,
            body=BatchInputSimplePublicObjectBatchInputUpsert.from_dict(
                {"inputs": [{"id": "k-1", "idProperty": "my_key", "properties": {"a": "b"}}]}
            ),
        ),
        "POST",
        f"{BASE}/batch/upsert",
        {},
        {"inputs": [{"id": "k-1", "idProperty": "my_key", "properties": {"a": "b"}}]},
    ),
    (
        "search",
        lambda c: do_search.sync_detailed(
            client=c,
            body=PublicObjectSearchRequest.from_dict(
                {
                    "filterGroups": [
                        {
                            "filters": [
                                {
                                    "propertyName": "hs_meeting_title",
                                    "operator": "CONTAINS_TOKEN",
                                    "value": "Kickoff",
                                }
                            ]
                        }
                    ],
                    "properties": ["hs_meeting_title"],
                    "limit": 5,
                }
            ),
        ),
        "POST",
        f"{BASE}/search",
        {},
        {
            "filterGroups": [
                {
                    "filters": [
                        {
                            "propertyName": "hs_meeting_title",
                            "operator": "CONTAINS_TOKEN",
                            "value": "Kickoff",
                        }
                    ]
                }
            ],
            "properties": ["hs_meeting_title"],
            "limit": 5,
        },
    ),
]


@pytest.mark.parametrize(
    ("name", "call", "method", "path", "query", "expected_body"), CASES, ids=[c[0] for c in CASES]
)
def test_operation_builds_documented_request(
    wire: tuple[AuthenticatedClient, list[httpx.Request]],
    name: str,
    call: Callable[[AuthenticatedClient], Any],
    method: str,
    path: str,
    query: dict[str, list[str]],
    expected_body: Any,
) -> None:
    client, seen = wire
    response = call(client)
    assert response.status_code < 300, name
    (request,) = seen
    assert_request(request, method, path, query, expected_body, TOKEN)


def test_all_eleven_operations_covered() -> None:
    assert len(CASES) == 11
