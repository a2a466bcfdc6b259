"""Planning of `client.request`: one request to any HubSpot path; no I/O.

The path is joined to the client's base URL (a gateway's prefix kept), so the request goes
where every other request goes, with the same credentials: an absolute URL, which could
carry them to another host, is refused, as are query parameters named like the API key
(they would replace `auth`). What the answer means is decided by the same `Call` as for
every operation: error statuses become typed errors, a 5xx to a POST that may have been
applied is an unknown outcome, and a write's unreadable 2xx body is one too.
"""

from __future__ import annotations

import json as _json
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from .._exceptions import RequestValidationError
from .calls import Call, read_json

__all__ = ["API_KEY_PARAMS", "METHODS", "plan_request"]

METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
_READS = frozenset({"GET"})
# HubSpot's legacy developer key travels as this query parameter (see `ApiKey`).
API_KEY_PARAMS = frozenset({"hapikey"})


def _check_path(path: object) -> str:
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
        raise RequestValidationError(
            "path", f"expected a path such as '/crm/v3/owners', got {path!r}"
        )
    if "?" in path or "#" in path:
        raise RequestValidationError("path", "give query parameters as params=, not in the path")
    try:
        url = httpx.URL(path)
    except httpx.InvalidURL as exc:
        raise RequestValidationError("path", f"not a valid path: {exc}") from exc
    if url.is_absolute_url:
        raise RequestValidationError("path", "a path on HubSpot's API, not a URL")
    # "." and ".." would climb out of a gateway's path prefix (with the same credentials); so
    # would "..;" (a path parameter, which Java servers drop before resolving) and a backslash
    # (which some gateways read as "/").
    decoded = urllib.parse.unquote(path)
    if "\\" in decoded:
        raise RequestValidationError("path", "a backslash is not allowed in a path")
    if any(segment.split(";")[0] in (".", "..") for segment in decoded.split("/")):
        raise RequestValidationError("path", "'.' and '..' segments are not allowed in a path")
    return path


def _json_body(response: httpx.Response) -> Any:
    return read_json(response) if response.content else None


def plan_request(
    method: object,
    path: object,
    *,
    params: Mapping[str, Any] | None = None,
    json: Any = None,
    refused_params: Iterable[str] = API_KEY_PARAMS,
) -> Call[Any]:
    """The `Call` for one request; its answer is the decoded JSON body (None when empty)."""
    verb = method.upper() if isinstance(method, str) else None
    if verb not in METHODS:
        raise RequestValidationError("method", f"expected one of {sorted(METHODS)}, got {method!r}")
    kwargs: dict[str, Any] = {"method": verb, "url": _check_path(path)}
    if params is not None:
        if not isinstance(params, Mapping):
            raise RequestValidationError(
                "params", f"expected a dict of query parameters, got {type(params).__name__}"
            )
        refused = {p.lower() for p in refused_params}
        for name in params:
            if not isinstance(name, str):
                raise RequestValidationError("params", f"{name!r} is not a parameter name")
            if name.lower() in refused:
                raise RequestValidationError(
                    f"params[{name!r}]",
                    "credentials come from the client's auth and cannot be passed as a parameter",
                )
        kwargs["params"] = dict(params)
    if json is not None:
        try:
            # Checked now, not when httpx encodes it: nothing half-sent, and no NaN (not JSON).
            _json.dumps(json, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise RequestValidationError("json", f"cannot be sent as JSON: {exc}") from None
        kwargs["json"] = json
    return Call(kwargs, _json_body, inputs=json, writes=verb not in _READS)
