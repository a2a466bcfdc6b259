"""A call's deadline: one bound on the whole call, retries, backoff and pacing waits included.

The deadline is an absolute time on the client's clock in `request.extensions[DEADLINE]`:
given per call, or stamped when the call starts from the client's `deadline` setting
(`stamp`, called by the client before its auth flow, so a token refresh counts against the
call it serves). The retry and pacing layers ask `wait_fits` before they wait and give up at
once when the wait would outlast the deadline; `DeadlineTransport`, just above the
connection, refuses to send once it has passed and shrinks each attempt's timeouts to what is
left, so an attempt in flight ends when the deadline does. `deadline_error` follows the
outcome rules: a write that must not be resent blindly and was in flight is an unknown
outcome; anything else is not.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from .._exceptions import (
    DeadlineExceededError,
    DeadlinePhase,
    DeadlineUnknownOutcomeError,
)
from .._redact import describe_request
from .policy import exception_outcome

__all__ = [
    "DEADLINE",
    "DEADLINE_KEYS",
    "DEADLINE_SETTING",
    "AsyncDeadlineTransport",
    "DeadlineTransport",
    "attempt_timeouts",
    "deadline_error",
    "deadline_of",
    "leaves_doubt",
    "stamp",
    "wait_fits",
]

DEADLINE = "hubspot_meetings.deadline"
# The seconds the client's `deadline` setting allowed, beside a deadline stamped from it: the
# error then names the setting rather than a per-call deadline.
DEADLINE_SETTING = "hubspot_meetings.deadline_setting"
DEADLINE_KEYS = (DEADLINE, DEADLINE_SETTING)

IsIdempotent = Callable[[httpx.Request], bool]

# Which of httpx's timeouts each timeout exception reports.
_TIMEOUT_KIND: tuple[tuple[type[httpx.TimeoutException], str], ...] = (
    (httpx.ConnectTimeout, "connect"),
    (httpx.ReadTimeout, "read"),
    (httpx.WriteTimeout, "write"),
    (httpx.PoolTimeout, "pool"),
)


def stamp(request: httpx.Request, seconds: float | None, now: float) -> None:
    """Start the call's deadline from the client's setting, unless the call brought its own."""
    if seconds is None or DEADLINE in request.extensions:
        return
    request.extensions[DEADLINE] = now + seconds
    request.extensions[DEADLINE_SETTING] = seconds


def deadline_of(request: httpx.Request) -> float | None:
    value = request.extensions.get(DEADLINE)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def wait_fits(request: httpx.Request, now: float, wait: float) -> bool:
    """Whether waiting `wait` seconds from `now` still leaves time to send before the deadline
    (a wait that ends at the deadline leaves none)."""
    deadline = deadline_of(request)
    return deadline is None or now + wait < deadline


_TIMEOUT_NAMES = ("connect", "read", "write", "pool")


def attempt_timeouts(
    timeouts: Mapping[str, float | None], left: float
) -> tuple[dict[str, float | None], frozenset[str]]:
    """Each of httpx's timeouts cut to `left` seconds, and the names of those that were cut (a
    timeout of those firing means the deadline did)."""
    cut = frozenset(
        name for name in _TIMEOUT_NAMES if (value := timeouts.get(name)) is None or value > left
    )
    if not cut:
        return dict(timeouts), cut
    return {**timeouts, **dict.fromkeys(cut, left)}, cut


def _bound(request: httpx.Request) -> tuple[str, float | None]:
    setting = request.extensions.get(DEADLINE_SETTING)
    if isinstance(setting, int | float) and not isinstance(setting, bool):
        return f"the client's deadline ({float(setting):g} s, setting `deadline`)", float(setting)
    return "the call's deadline", None


_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_READ_POST_SUFFIXES = ("/search", "/batch/read")


def leaves_doubt(request: httpx.Request) -> bool:
    """Whether cutting `request` in flight leaves the caller in doubt: a write may have been
    applied. Not a read, nor a token refresh (the OAuth flow resolves that doubt itself)."""
    method = request.method.upper()
    if method in _READ_METHODS:
        return False
    path = request.url.path.rstrip("/")
    if method == "POST" and path.endswith(_READ_POST_SUFFIXES):
        return False
    return not (path.startswith("/oauth/") and path.endswith("/token"))


def deadline_error(
    request: httpx.Request,
    phase: DeadlinePhase,
    detail: str,
    *,
    in_flight: bool = False,
    is_idempotent: IsIdempotent | None = None,
) -> DeadlineExceededError:
    """The error for a deadline that ran out in `phase`; `detail` says what was going on. A
    write cut in flight is an unknown outcome, even one that may be resent (its batch inputs
    are then in doubt, not failed)."""
    bound, seconds = _bound(request)
    where = describe_request(request)
    url = str(request.url)
    if in_flight and leaves_doubt(request):
        resend = (
            "sending it again is safe"
            if is_idempotent is not None and is_idempotent(request)
            else "so it was not retried"
        )
        return DeadlineUnknownOutcomeError(
            f"{where}: {bound} passed while the request was in flight ({detail}); the write "
            f"may or may not have been applied, {resend}",
            deadline=seconds,
            request_method=request.method,
            request_url=url,
        )
    what = {
        "pacing": f"{bound} would pass while waiting {detail} for room under HubSpot's rate "
        "limits; the request was not sent",
        "backoff": f"{bound} would pass before the next retry ({detail})",
        "attempt": f"{bound} passed ({detail})",
    }[phase]
    return DeadlineExceededError(
        f"{where}: {what}",
        phase=phase,
        deadline=seconds,
        request_method=request.method,
        request_url=url,
    )


def _timeout_kind(exc: httpx.TimeoutException) -> str | None:
    for kind, name in _TIMEOUT_KIND:
        if isinstance(exc, kind):
            return name
    return None


class _Attempts:
    """What the sync and async shells share: the attempt to send, and what its timeout means."""

    def __init__(self, clock: Callable[[], float], is_idempotent: IsIdempotent) -> None:
        self._clock = clock
        self._is_idempotent = is_idempotent

    def attempt(self, request: httpx.Request) -> tuple[httpx.Request, frozenset[str]]:
        """The request to send now (with its timeouts cut to the time left), or raise when the
        deadline has already passed."""
        deadline = deadline_of(request)
        if deadline is None:
            return request, frozenset()
        left = deadline - self._clock()
        if left <= 0:
            raise deadline_error(request, "attempt", "before the request could be sent")
        timeouts: Mapping[str, Any] = request.extensions.get("timeout") or {}
        shrunk, cut = attempt_timeouts(timeouts, left)
        if not cut:
            return request, cut
        # A copy: the request above is resent by the retry layer with its own timeouts.
        extensions = {**request.extensions, "timeout": shrunk}
        sent = httpx.Request(
            request.method,
            request.url,
            headers=request.headers,
            stream=request.stream,
            extensions=extensions,
        )
        return sent, cut

    def timed_out(
        self, request: httpx.Request, exc: httpx.TimeoutException, cut: frozenset[str]
    ) -> DeadlineExceededError | None:
        """The deadline error when `exc` fired at a timeout the deadline had cut, else None
        (the per-attempt timeout fired: the retry layer decides)."""
        kind = _timeout_kind(exc)
        if kind is None or kind not in cut:
            return None
        in_flight = exception_outcome(exc) == "unknown"
        detail = f"{type(exc).__name__} during the attempt"
        return deadline_error(
            request, "attempt", detail, in_flight=in_flight, is_idempotent=self._is_idempotent
        )


class DeadlineTransport(httpx.BaseTransport):
    def __init__(
        self,
        inner: httpx.BaseTransport,
        *,
        is_idempotent: IsIdempotent,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._attempts = _Attempts(clock, is_idempotent)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        sent, cut = self._attempts.attempt(request)
        try:
            return self._inner.handle_request(sent)
        except httpx.TimeoutException as exc:
            error = self._attempts.timed_out(request, exc, cut)
            if error is None:
                raise
            raise error from exc

    def close(self) -> None:
        self._inner.close()


class AsyncDeadlineTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        is_idempotent: IsIdempotent,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._attempts = _Attempts(clock, is_idempotent)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        sent, cut = self._attempts.attempt(request)
        try:
            return await self._inner.handle_async_request(sent)
        except httpx.TimeoutException as exc:
            error = self._attempts.timed_out(request, exc, cut)
            if error is None:
                raise
            raise error from exc

    async def aclose(self) -> None:
        await self._inner.aclose()
