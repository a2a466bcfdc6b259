"""The routing table: which (method, path) is which emulated HubSpot operation.

Paths are matched as HubSpot serves them: `/crm/v3/objects/{type}/...`, the date-versioned
`/crm/objects/{YYYY-MM}/{type}/...`, the OAuth token endpoints, and the associations API: record
associations under `/crm/v4/objects/{type}/{id}/associations/...` (and the dated object paths),
batches under `/crm/v4/associations/{from}/{to}/batch/...` (and `/crm/associations/{YYYY-MM}/`).
A path that matches no operation, or a method the path does not allow, is routed with the
404/405 it earns; the app reports that error only after authentication, as HubSpot does.
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
_V4_OBJECTS = re.compile(r"^/crm/v4/objects/(?P<type>[^/]+)(?:/(?P<rest>.*))?$", re.DOTALL)
_ASSOCIATION_BATCH = re.compile(
    r"^/crm/(?:v4/associations|associations/(?P<version>\d{4}-\d{2}(?:-beta)?))"
    r"/(?P<type>[^/]+)/(?P<to>[^/]+)/batch/(?P<op>.+)$",
    re.DOTALL,
)
_ASSOCIATION_BATCH_OPS = {
    "associate/default": "batch_associate_default",
    "create": "batch_create",
    "archive": "batch_archive",
    "labels/archive": "batch_labels_archive",
    "read": "batch_read",
}
_OAUTH = re.compile(r"^/oauth/(?P<version>v1|v3|\d{4}-\d{2}(?:-beta)?)/token/?$")
_BATCH_OPS = ("create", "read", "update", "archive", "upsert")


@attrs.frozen
class Route:
    kind: str  # "object" | "association" | "oauth" | "unknown"
    version: str = ""
    type_token: str = ""
    # objects: list, create, get, update, archive, batch_<op>, search; associations:
    # put_default, put_labels, delete_pair, list_targets, batch_<op>
    operation: str = ""
    record_id: str = ""
    error: ErrorReply | None = None  # 404/405 found while routing, reported after auth
    to_type_token: str = ""
    to_id: str = ""


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
    m = _ASSOCIATION_BATCH.match(path)
    if m is not None:
        op = _ASSOCIATION_BATCH_OPS.get(m["op"].strip("/"))
        version = m["version"] or "v4"
        if op is None:
            return Route("association", version, m["type"], error=not_found())
        err = None if method == "POST" else _method_not_allowed("POST")
        return Route("association", version, m["type"], op, error=err, to_type_token=m["to"])
    m = _V4_OBJECTS.match(path) or _V3.match(path) or _DATED.match(path)
    if m is None:
        return Route("unknown", error=not_found())
    version = m.groupdict().get("version") or ("v4" if m.re is _V4_OBJECTS else "v3")
    token = m["type"]
    parts = [p for p in (m["rest"] or "").split("/") if p]
    if version != "v3" and len(parts) >= 2 and parts[1] == "associations":
        return _association_route(method, version, token, parts[0], parts[2:])
    if version == "v4":
        return Route("object", version, token, error=not_found())

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


def _association_route(
    method: str, version: str, token: str, record_id: str, tail: list[str]
) -> Route:
    """``{id}/associations/`` + ``default/{to}/{toId}`` (PUT), ``{to}/{toId}`` (PUT, DELETE) or
    ``{to}`` (GET)."""

    def route(op: str, allowed: str, to_type: str, to_id: str = "") -> Route:
        err = None if method in allowed.split(", ") else _method_not_allowed(allowed)
        return Route("association", version, token, op, record_id, err, to_type, to_id)

    if len(tail) == 3 and tail[0] == "default":
        return route("put_default", "PUT", tail[1], tail[2])
    if len(tail) == 2:
        return route("delete_pair" if method == "DELETE" else "put_labels", "PUT, DELETE", *tail)
    if len(tail) == 1:
        return route("list_targets", "GET", tail[0])
    return Route("association", version, token, error=not_found())
