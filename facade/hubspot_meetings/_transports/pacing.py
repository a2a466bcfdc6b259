"""Client-side pacing: hold requests back so HubSpot's rolling windows never overflow.

A sliding log per limit. A slot is taken when a request is sent and stays taken until
`interval` (plus a safety margin) after its response arrived: the server counted the request
somewhere between send and response, so measuring from the response never under-counts,
and requests in flight always count. Responses' X-HubSpot-RateLimit-* headers calibrate the
limit, the window, and usage by other clients of the same app.

`PacingTransport` and `AsyncPacingTransport` hold the request loop (claim a slot, wait for it,
send, book the outcome) once; their hooks take the slots from the process's `Pacer`.
shared_pacing.py overrides only the hooks, to take them from a store.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeAlias, TypeVar

import attrs
import httpx

from .._config import PacingConfig, is_search
from .._exceptions import parse_retry_after
from .._redact import describe_request, logger
from .._types import RateLimit, rate_limit_header
from .deadline import deadline_error, wait_fits
from .policy import SECONDLY_WAIT, WINDOW_FREES_IN, policy_name

__all__ = [
    "AsyncPacingTransport",
    "Pacer",
    "PacingTransport",
    "WindowLimiter",
    "before_pacing_wait",
]


# HubSpot's largest window is 250 requests per 10 s (docs/hubspot-behaviour.md). The window
# keeps one entry per request it counts, and a 429 fills it: a limit of 10**9 (a setting meaning
# "unlimited", or a misbehaving gateway's header) would fill memory, and a shared store's log.
# Limits above this one are taken as this one (1,000 requests a second over a 10 s window).
MAX_BELIEVED_LIMIT = 10_000
# HubSpot's windows are 10 s and 1 s. An interval header far outside them (a gateway's) would
# stretch the window until every call waits out its deadline; it is ignored.
_BELIEVED_INTERVAL_MS = (100, 60_000)


class WindowLimiter:
    """At most `limit` requests in any `interval` seconds. Not thread-safe: Pacer locks it."""

    def __init__(self, limit: int, interval: float, safety: float) -> None:
        self.limit = min(limit, MAX_BELIEVED_LIMIT)
        self.interval = interval
        self._safety = safety
        self._done: deque[float] = deque()  # response times, ascending
        self._in_flight = 0

    @property
    def span(self) -> float:
        return self.interval * (1.0 + self._safety)

    def _prune(self, now: float) -> None:
        horizon = now - self.span
        while self._done and self._done[0] <= horizon:
            self._done.popleft()

    def used(self, now: float) -> int:
        self._prune(now)
        return len(self._done) + self._in_flight

    def try_acquire(self, now: float) -> float:
        """Take a slot and return 0, or return the seconds until one may free up."""
        if self.used(now) < self.limit:
            self._in_flight += 1
            return 0.0
        if self._done:
            return max(self._done[0] + self.span - now, 1e-6)
        # Every slot is in flight: check again after one slot's share of the window.
        return self.span / self.limit

    def release(self, now: float) -> None:
        self._in_flight = max(0, self._in_flight - 1)
        self._done.append(now)

    def observe(self, now: float, headers: httpx.Headers, *, count_usage: bool = True) -> bool:
        """Calibrate from a response's rate-limit headers; True when it carried them."""
        limit = rate_limit_header(headers, "x-hubspot-ratelimit-max")
        interval_ms = rate_limit_header(headers, "x-hubspot-ratelimit-interval-milliseconds")
        remaining = rate_limit_header(headers, "x-hubspot-ratelimit-remaining")
        if limit is not None and limit >= 1:
            self.limit = min(limit, MAX_BELIEVED_LIMIT)
        low, high = _BELIEVED_INTERVAL_MS
        if interval_ms is not None and low <= interval_ms <= high:
            self.interval = interval_ms / 1000.0
        if remaining is not None and count_usage:
            # The server counts more than we sent: other clients share the app's window.
            foreign = (self.limit - remaining) - self.used(now)
            if foreign > 0:
                self._done.extend([now] * foreign)
        return limit is not None

    def fill(self, now: float, hold: float | None = None) -> float:
        """A 429 says the window is full: believe it for `hold` seconds (default: a whole
        window); return seconds until a slot frees."""
        hold = self.span if hold is None else min(max(hold, 0.0), self.span)
        first = max(self._done[0] + self.span - now, 0.0) if self._done else hold
        missing = self.limit - self.used(now)
        if missing <= 0:
            return first
        if hold >= self.span:
            self._done.extend([now] * missing)
        else:
            # Entries that leave the log `hold` seconds from now: older than the newest ones,
            # so the log is re-sorted (rare: only on a 429).
            expires = (now + hold) - self.span
            self._done = deque(sorted([*self._done, *[expires] * missing]))
        return min(first, hold)


class Pacer:
    """The per-client pacing state shared by every thread and task using the client."""

    def __init__(self, config: PacingConfig, *, clock: Callable[[], float] = time.monotonic):
        self.config = config
        self._clock = clock
        self._lock = threading.Lock()
        self.window = WindowLimiter(config.default_max, config.default_interval, config.safety)
        self.search = WindowLimiter(config.search_per_second, 1.0, config.safety)
        # The last rate-limit headers that calibrated the window, and when: read (parsed) only
        # when someone asks for `snapshot()`, so a response costs one lookup.
        self._seen: httpx.Headers | None = None
        self._seen_at: float | None = None

    def limiter_for(self, request: httpx.Request) -> WindowLimiter | None:
        if not self.config.enabled or request.url.path.startswith("/oauth/"):
            return None  # token endpoints have their own limits
        return self.search if is_search(request) else self.window

    def try_acquire(self, limiter: WindowLimiter) -> float:
        with self._lock:
            return limiter.try_acquire(self._clock())

    def finish(self, limiter: WindowLimiter, response: httpx.Response | None) -> None:
        with self._lock:
            now = self._clock()
            limiter.release(now)
            if response is None:
                return
            limited = response.status_code == 429
            # On a 429 the fill below, bounded by the policy and Retry-After, stands in for
            # the "none remaining" the headers report.
            if (
                self.config.use_headers
                and limiter is self.window
                and limiter.observe(now, response.headers, count_usage=not limited)
            ):
                self._seen, self._seen_at = response.headers, now
            if limited:
                policy = policy_name(response)
                if policy == "DAILY":
                    return  # no window to wait for: the retry layer gives up
                hold = self.fill_hold(limiter, policy, response.headers)
                response.extensions[WINDOW_FREES_IN] = limiter.fill(now, hold)

    def snapshot(self) -> RateLimit:
        """The rolling window as this pacer believes it now (its own sends counted), with the
        daily figures of the last headers it read."""
        with self._lock:
            window = self.window
            seen = RateLimit() if self._seen is None else RateLimit.from_headers(self._seen)
            return attrs.evolve(
                seen,
                limit=window.limit,
                remaining=max(0, window.limit - window.used(self._clock())),
                interval=window.interval,
                updated_at=self._seen_at,
            )

    def fill_hold(
        self, limiter: WindowLimiter, policy: str | None, headers: httpx.Headers
    ) -> float | None:
        """How long a 429 keeps `limiter` full: a whole window (None) unless the policy is the
        one-second one, and never longer than the server's Retry-After."""
        hold = SECONDLY_WAIT * (1.0 + self.config.safety) if policy == "SECONDLY" else None
        retry_after = parse_retry_after(headers)
        if retry_after is not None:
            hold = retry_after if hold is None else min(hold, retry_after)
        return hold


def before_pacing_wait(request: httpx.Request, wait: float, now: float) -> None:
    """Log a pacing wait, or raise when it would outlast the call's deadline: the request
    has not been sent, so giving up now is safe and beats sleeping only to fail."""
    if not wait_fits(request, now, wait):
        raise deadline_error(request, "pacing", f"{wait:.2f} s")
    logger.debug("pacing %s: wait %.3fs", describe_request(request), wait)


PacerT = TypeVar("PacerT", bound=Pacer)

# A ticket, a request's claim on a window, is opaque to the request loop: `_ticket` makes it and
# `_take` and `_done` read it, so a subclass that keeps its windows elsewhere brings its own kind.
Ticket: TypeAlias = Any


class PacingTransport(httpx.BaseTransport, Generic[PacerT]):
    """Sends each request once its window has room, and books the slot as finished when the
    response (or the failure) arrives. The hooks `_ticket`, `_take` and `_done` are where the
    windows live: here in the process's `Pacer`."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        pacer: PacerT,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self.pacer = pacer
        self._sleep = sleep
        self._clock = clock

    def _ticket(self, request: httpx.Request) -> Ticket | None:
        """The request's claim on a window; None when the request is not paced."""
        return self.pacer.limiter_for(request)

    def _take(self, ticket: Ticket) -> float:
        """0 once a slot is taken, else the seconds to wait before trying again."""
        return self.pacer.try_acquire(ticket)

    def _done(self, ticket: Ticket, response: httpx.Response | None) -> None:
        """Book the slot as finished: by `response`, or by nothing when the request failed."""
        self.pacer.finish(ticket, response)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        ticket = self._ticket(request)
        if ticket is None:
            return self._inner.handle_request(request)
        while (wait := self._take(ticket)) > 0:
            before_pacing_wait(request, wait, self._clock())
            self._sleep(wait)
        try:
            response = self._inner.handle_request(request)
            if response.status_code == 429:
                response.read()  # its policyName says how long the window stays full
        except BaseException:
            self._done(ticket, None)
            raise
        self._done(ticket, response)
        return response

    def close(self) -> None:
        self._inner.close()


class AsyncPacingTransport(httpx.AsyncBaseTransport, Generic[PacerT]):
    """`PacingTransport` for async clients; `_take` and `_done` are coroutines so that a
    subclass may await its store in them."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        pacer: PacerT,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self.pacer = pacer
        self._sleep = sleep
        self._clock = clock

    def _ticket(self, request: httpx.Request) -> Ticket | None:
        return self.pacer.limiter_for(request)

    async def _take(self, ticket: Ticket) -> float:
        return self.pacer.try_acquire(ticket)

    async def _done(self, ticket: Ticket, response: httpx.Response | None) -> None:
        self.pacer.finish(ticket, response)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        ticket = self._ticket(request)
        if ticket is None:
            return await self._inner.handle_async_request(request)
        while (wait := await self._take(ticket)) > 0:
            before_pacing_wait(request, wait, self._clock())
            await self._sleep(wait)
        try:
            response = await self._inner.handle_async_request(request)
            if response.status_code == 429:
                await response.aread()  # its policyName says how long the window stays full
        except BaseException:
            await self._done(ticket, None)
            raise
        await self._done(ticket, response)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
