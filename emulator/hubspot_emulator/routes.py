"""The routing table: which (method, path) is which emulated HubSpot operation.

Paths are matched as HubSpot serves them: `/crm/v3/objects/{type}/...`, the date-versioned
`/crm/objects/{YYYY-MM}/{type}/...` and the OAuth token endpoints. A path that matches no
operation, or a method the path does not allow, is routed with the 404/405 it earns; the app
reports that error only after authentication, as HubSpot does.
"""

from __future__ import annotations

import re

import attrs

from .errors import ErrorReply, error_body, not_found

__all__ = ["Route", "route_request"]

# DOTALL: a percent-encoded newline in an id must not make the id vanish from the route.
_V3 = re.compile(r"^/crm/v3/objects/(?P<type>[^/]+)(?:/(?P<rest>.*))?$", re.DOTALL)
_DATED = re.compile(
    r"^/crm/objects/(?P<version>\d{4}-\d{2}(?:-beta)?)/(?P<type>[^/]+)(?:/(?P<rest>.*))?$",
    re.DOTALL,
)
_OAUTH = re.compile(r"^/oauth/(?P<version>v1|v3|\d{4}-\d{2}(?:-beta)?)/token/?$")
_BATCH_OPS = ("create", "read", "update", "archive", "upsert")


@attrs.frozen
class Route:
    kind: str  # "object" | "oauth" | "unknown"
    version: str = ""
    type_token: str = ""
    operation: str = ""  # list, create, get, update, archive, batch_<op>, search
    record_id: str = ""
    error: ErrorReply | None = None  # 404/405 found while routing, reported after auth


def _method_not_allowed(allowed: str) -> ErrorReply:
    return ErrorReply(
        405,
        error_body("HTTP 405 Method Not Allowed", "METHOD_NOT_ALLOWED"),
        {"Allow": allowed},
    )


def route_request(method: str, path: str) -> Route:
    m = _OAUTH.match(path)
    if m:
        err = None if method == "POST" else _method_not_allowed("POST")
        return Route("oauth", version=m["version"], error=err)
    m = _V3.match(path) or _DATED.match(path)
    if m is None:
        return Route("unknown", error=not_found())
    version = m.groupdict().get("version") or "v3"
    token = m["type"]
    parts = [p for p in (m["rest"] or "").split("/") if p]

    def route(op: str, allowed: str, record_id: str = "") -> Route:
        err = None if method in allowed.split(", ") else _method_not_allowed(allowed)
        return Route("object", version, token, op, record_id, err)

    if not parts:
        return route("list" if method == "GET" else "create", "GET, POST")
    if parts == ["search"]:
        return route("search", "POST")
    if len(parts) == 2 and parts[0] == "batch":
        if parts[1] not in _BATCH_OPS:
            return Route("object", version, token, error=not_found())
        return route(f"batch_{parts[1]}", "POST")
    if len(parts) == 1:
        op = {"GET": "get", "PATCH": "update", "DELETE": "archive"}.get(method, "get")
        return route(op, "GET, PATCH, DELETE", parts[0])
    return Route("object", version, token, error=not_found())
