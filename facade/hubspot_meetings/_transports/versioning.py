"""Target HubSpot's date-versioned CRM paths with one setting.

HubSpot publishes the same object API under `/crm/v3/objects/<type>/...` and under dated
versions `/crm/objects/<YYYY-MM>/<type>/...` (2026-03 keeps every request and response schema
of v3; see docs/spec-history.md). The generated client and the facade speak v3 paths; this
layer, placed just above the base transport, moves each CRM object request to the chosen
version so nothing above it (generated code, retries, pacing, errors) needs to know.
Other paths (OAuth, associations v4, properties) pass through untouched.
"""

from __future__ import annotations

import re

import httpx

from .._exceptions import ConfigurationError

__all__ = [
    "AsyncDatedVersionTransport",
    "DatedVersionTransport",
    "check_api_version",
    "versioned_url",
]

_API_VERSION = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-beta)?$")
# Matched on the raw (still percent-encoded) path so record ids are never re-encoded. The
# lazy prefix lets a base_url carry a path (a gateway's "/hubspot"): the first
# /crm/v3/objects/<type> after whole segments of it is moved, nothing else.
_V3_OBJECTS = re.compile(rb"^((?:/[^/?]+)*?)/crm/v3/objects/(?=[^/?]+(?:[/?]|$))")


def check_api_version(value: object, *, where: str = "api_version") -> str:
    """`value` if it names a dated HubSpot API version ("2026-03", "2026-09-beta")."""
    if not isinstance(value, str) or not _API_VERSION.match(value):
        raise ConfigurationError(
            where, f"must be a dated API version like '2026-03' (YYYY-MM), got {value!r}"
        )
    return value


def versioned_url(url: httpx.URL, api_version: str) -> httpx.URL:
    """`url` moved from [<prefix>]/crm/v3/objects/<type>... to
    [<prefix>]/crm/objects/<api_version>/<type>..., or `url` itself when it is not a v3 CRM
    object path."""
    raw = url.raw_path
    dated = f"/crm/objects/{api_version}/".encode("ascii")
    moved = _V3_OBJECTS.sub(lambda m: m.group(1) + dated, raw, count=1)
    return url if moved == raw else url.copy_with(raw_path=moved)


def _moved(request: httpx.Request, api_version: str) -> httpx.Request:
    url = versioned_url(request.url, api_version)
    if url is request.url:
        return request
    # A new request rather than mutating the caller's: retries above us resend the original.
    return httpx.Request(
        request.method,
        url,
        headers=request.headers,
        stream=request.stream,
        extensions=request.extensions,
    )


class DatedVersionTransport(httpx.BaseTransport):
    """Sends v3 CRM object requests to `api_version`'s dated paths (sync)."""

    def __init__(self, inner: httpx.BaseTransport, api_version: str) -> None:
        self._inner = inner
        self.api_version = check_api_version(api_version)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._inner.handle_request(_moved(request, self.api_version))

    def close(self) -> None:
        self._inner.close()


class AsyncDatedVersionTransport(httpx.AsyncBaseTransport):
    """Sends v3 CRM object requests to `api_version`'s dated paths (async)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, api_version: str) -> None:
        self._inner = inner
        self.api_version = check_api_version(api_version)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(_moved(request, self.api_version))

    async def aclose(self) -> None:
        await self._inner.aclose()
