"""What every generated client's request must look like on the wire, checked in one place."""

from __future__ import annotations

import json
from typing import Any

import httpx

HOST = "api.hubapi.com"


def assert_request(
    request: httpx.Request,
    method: str,
    path: str,
    query: dict[str, list[str]],
    body: Any,
    token: str,
) -> None:
    """`request` went to `method` `path` with exactly `query` (repeated keys as lists) and the
    JSON `body` (None: no body), authenticated with `token`."""
    assert (request.method, request.url.host, request.url.path) == (method, HOST, path)
    got_query: dict[str, list[str]] = {}
    for key, value in request.url.params.multi_items():
        got_query.setdefault(key, []).append(value)
    # Defaults (archived=false, limit=10 or 500) are not sent unless asked for: HubSpot
    # applies them.
    assert got_query == query
    assert (json.loads(request.content) if request.content else None) == body
    assert request.headers["authorization"] == f"Bearer {token}"
    if body is not None:
        assert request.headers["content-type"] == "application/json"
