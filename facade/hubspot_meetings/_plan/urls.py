"""Where a planned request goes: its path joined to the client's base URL; no I/O.

Joined as httpx joins a relative URL to a client's `base_url` (the base's path prefix kept,
the path's leading slashes dropped), but parsed once per path rather than twice per request:
httpx parses the relative URL, then the joined one, about 30 µs a request, which is more than
any layer of the stack costs. The client hands httpx the joined, absolute URL, which httpx
then leaves as it is.

Where the join could differ from httpx's, the relative path goes to httpx as it is: a base
URL with a query or fragment, a path httpx would read as a host (`//...`) or with a fragment
(which httpx's join drops), a long path (httpx
bounds a path's length by itself, after percent-encoding, not with the base), and anything
that does not parse. Only short paths are remembered, so the memory is bounded.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import httpx

__all__ = ["UrlJoiner", "url_joiner"]

# Paths that carry a record id are seen once each; the fixed ones (search, batch endpoints,
# list pages) stay among the most recent. Ids are at most 512 characters, so every path an
# operation builds is short; `client.request` may be given a long one.
_KEPT = 512
_LONGEST_JOINED = 2048

UrlJoiner = Callable[[httpx.URL, str], "httpx.URL | str"]


def _prefix(base: httpx.URL) -> str:
    """`base` as text up to the end of its path, which httpx keeps ending in "/" (`str(base)`
    drops a lone "/")."""
    userinfo = base.userinfo.decode("ascii")
    at = f"{userinfo}@" if userinfo else ""
    return f"{base.scheme}://{at}{base.netloc.decode('ascii')}{base.raw_path.decode('ascii')}"


def _join(prefix: str, path: str) -> httpx.URL | str:
    try:
        return httpx.URL(prefix + path.lstrip("/"))
    except httpx.InvalidURL:
        return path  # httpx reports it as it would have


def url_joiner() -> UrlJoiner:
    """A joiner with its own memory of recent paths (one per client, so nothing of one client's
    base URL, which may carry credentials, outlives it)."""
    joined = functools.lru_cache(maxsize=_KEPT)(_join)
    # The base URL last joined to and its prefix (None: httpx joins), replaced as one pair: a
    # caller's client may be given another base URL while other threads send.
    last: list[tuple[httpx.URL, str | None]] = [(httpx.URL(), None)]

    def join(base: httpx.URL, path: str) -> httpx.URL | str:
        if (
            len(path) > _LONGEST_JOINED
            or not path.startswith("/")
            or path.startswith("//")
            or "#" in path  # httpx's join drops a path's fragment
        ):
            return path
        seen, prefix = last[0]
        if base is not seen and base != seen:
            plain = base.is_absolute_url and b"?" not in base.raw_path and not base.fragment
            prefix = _prefix(base) if plain else None
            last[0] = (base, prefix)
        return path if prefix is None else joined(prefix, path)

    return join
