"""Per-call options: extra headers, a timeout and a deadline, checked and merged; no I/O.

A call's options are one `RequestOptions`, built once per call from the client's defaults
(`with_options`) under the call's own arguments, and applied to every request the call sends
(each chunk of a batch; every retry, since retries resend the same request) through
`send_kwargs`, httpx's own request arguments:

- `headers` go over the client's default headers (never its credentials: `Authorization` and
  the API key are refused, since a header would silently replace `auth`);
- `timeout` replaces the client's timeout for each request;
- `deadline` (seconds for the whole call) travels as an absolute time on the client's clock in
  `request.extensions["hubspot_meetings.deadline"]`, where the transport layers that wait
  (retry backoff, pacing) read it.

Header values never appear in a repr or an error message: a caller's extra header may well be
a gateway's credential.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import httpx

from .._config import seconds_problem
from .._exceptions import RequestValidationError

__all__ = [
    "DEADLINE_EXTENSION",
    "NO_OPTIONS",
    "RequestOptions",
    "check_deadline",
    "check_headers",
    "check_timeout",
    "merged_kwargs",
]

DEADLINE_EXTENSION = "hubspot_meetings.deadline"
# Headers that carry credentials: `auth` sets them, and a header must not replace it.
AUTH_HEADERS = frozenset({"authorization"})
# How the request is framed and addressed is httpx's to set: a caller's value would break it.
_FRAMING_HEADERS = frozenset({"host", "content-length", "transfer-encoding", "connection"})
# RFC 9110 token characters: anything else in a name is refused before httpx echoes it back.
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
# CR, LF and NUL would split or end the header; httpx's error would quote the whole value.
_BAD_VALUE = re.compile(r"[\r\n\x00]")
# HTTP\'s field value (RFC 9110, 5.5): visible ASCII, with spaces or tabs only inside it.
_FIELD_VALUE = re.compile(r"(?:[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?)?\Z")

HeaderPairs = tuple[tuple[str, str], ...]


def _names_only(headers: HeaderPairs) -> str:
    return repr([name for name, _ in headers])


def check_headers(value: object, path: str, refused: Iterable[str] = AUTH_HEADERS) -> HeaderPairs:
    """Extra request headers as (name, value) pairs, one per name (the last of a name wins,
    case-insensitively); credential headers (`refused`, lower case) are refused."""
    if not isinstance(value, Mapping):
        raise RequestValidationError(
            path, f"expected a dict of headers, got {type(value).__name__}"
        )
    refused = frozenset(refused)
    by_name: dict[str, tuple[str, str]] = {}
    for name, text in value.items():
        if not isinstance(name, str) or not _TOKEN.match(name):
            raise RequestValidationError(path, f"{name!r} is not a header name")
        where = f"{path}[{name!r}]"
        if name.lower() in _FRAMING_HEADERS:
            raise RequestValidationError(where, "the client sets how a request is framed")
        if name.lower() in refused:
            raise RequestValidationError(
                where, "credentials come from the client's auth and cannot be replaced by a header"
            )
        # The value is never quoted back: it may be a credential.
        if not isinstance(text, str):
            raise RequestValidationError(where, f"expected a string, got {type(text).__name__}")
        if _BAD_VALUE.search(text):
            raise RequestValidationError(where, "line breaks and NUL are not allowed in a header")
        if not _FIELD_VALUE.match(text):
            # Refused here: httpx's own error would quote the value back, and it may be secret.
            raise RequestValidationError(
                where, "a header value must be printable ASCII without leading or trailing spaces"
            )
        by_name[name.lower()] = (name, text)
    return tuple(by_name.values())


def check_timeout(value: object, path: str) -> httpx.Timeout:
    if problem := seconds_problem(value, timeout=True):
        raise RequestValidationError(path, problem)
    return value if isinstance(value, httpx.Timeout) else httpx.Timeout(float(value))  # type: ignore[arg-type]


def check_deadline(value: object, path: str) -> float:
    if problem := seconds_problem(value, timeout=False):
        raise RequestValidationError(path, problem)
    return float(value)  # type: ignore[arg-type]


@attrs.frozen
class RequestOptions:
    """The options of one call (or a client's defaults for its calls), already checked."""

    headers: HeaderPairs = attrs.field(default=(), repr=_names_only)
    timeout: httpx.Timeout | None = None
    deadline: float | None = None

    def over(
        self,
        *,
        headers: object = None,
        timeout: object = None,
        deadline: object = None,
        refused: Iterable[str] = AUTH_HEADERS,
    ) -> RequestOptions:
        """These options with the given ones on top (None keeps what is here), checked."""
        if headers is None and timeout is None and deadline is None:
            return self
        merged = self.headers
        if headers is not None:
            extra = check_headers(headers, "headers", refused)
            names = {name.lower() for name, _ in extra}
            merged = (*((n, v) for n, v in self.headers if n.lower() not in names), *extra)
        return RequestOptions(
            merged,
            self.timeout if timeout is None else check_timeout(timeout, "timeout"),
            self.deadline if deadline is None else check_deadline(deadline, "deadline"),
        )

    def send_kwargs(self, now: float) -> dict[str, Any] | None:
        """httpx request arguments for one call starting at `now` (the client's clock), or
        None when there is nothing to add."""
        extra: dict[str, Any] = {}
        if self.headers:
            extra["headers"] = self.headers
        if self.timeout is not None:
            extra["timeout"] = self.timeout
        if self.deadline is not None:
            extra["extensions"] = {DEADLINE_EXTENSION: now + self.deadline}
        return extra or None


NO_OPTIONS = RequestOptions()


def merged_kwargs(kwargs: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """A planned request's httpx arguments with a call's options applied; the call's extra
    headers replace planned ones of the same name (case-insensitively)."""
    merged = {**kwargs, **extra}
    headers = extra.get("headers")
    planned = kwargs.get("headers")
    if headers is not None and planned:
        combined = httpx.Headers(planned)
        combined.update(httpx.Headers(list(headers)))
        merged["headers"] = combined
    elif headers is not None:
        merged["headers"] = list(headers)
    return merged
