"""Pacing shared by every worker of an app: the sliding-window logs live in a `Store`.

HubSpot counts one rolling 10-second window per app (per app and account for OAuth) and one
per-second search window per account, however many processes send. With `PacingConfig(store=)`
each request takes its slot from the store's log for that budget (atomically, on the store's
clock) and gives it back as finished when its response arrives, so N workers together stay
under the limit instead of each spending it alone. Keys are named by a hash of the identity.

The per-process `Pacer` is kept beside the store: responses' rate-limit headers calibrate its
limit and window (sent to the store with each operation) and its log mirrors the server's count,
so when the store is unavailable and `on_unavailable="local"`, pacing carries on per process
from where the server said the window stands. A store failure after a response arrived is
logged and ignored: the request was sent, and its response is returned.

The transports are pacing.py's request loop with hooks that talk to the store; what to ask the
store and what its replies mean are `SharedPacer`'s, which does no I/O.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import attrs
import httpx

from .._auth import store_identity
from .._config import PacingConfig, is_search
from .._exceptions import ConfigurationError, StoreUnavailableError
from .._store import Op, Store, fingerprint
from .._types import rate_limit_header
from .pacing import AsyncPacingTransport, Pacer, PacingTransport, WindowLimiter
from .policy import WINDOW_FREES_IN, policy_name

__all__ = [
    "AsyncSharedPacingTransport",
    "SharedPacer",
    "SharedPacingTransport",
    "async_pacing_transport",
    "pacing_identity",
    "sync_pacing_transport",
]

# How long a slot taken by a request that never reports back (its worker died) keeps counting:
# longer than any request's timeout, short enough that a crash costs one slot for a minute.
IN_FLIGHT_LEASE = 60.0


def pacing_identity(config: PacingConfig, auth: httpx.Auth | None) -> str:
    """The hashed name of the budget this client spends: `store_key` if given, else the
    credential's identity (a hash of the token or key; client id and account for OAuth)."""
    if config.store_key is not None:
        return fingerprint("budget", config.store_key)
    identity = store_identity(auth)
    if identity is None:
        raise ConfigurationError(
            "PacingConfig.store_key",
            "required with store= unless auth is a BearerToken, an ApiKey, or an "
            "OAuth2RefreshToken given store_key (it names the app and account whose limits "
            "the workers share)",
        )
    return identity


@attrs.define
class _Ticket:
    """One request's claim on a window: a slot in the store, or (after a fallback) locally."""

    limiter: WindowLimiter
    log: str
    seq: str
    slot: str | None = None


class SharedPacer(Pacer):
    """A `Pacer` whose windows live in `store`; its own windows are the per-process fallback."""

    def __init__(
        self,
        config: PacingConfig,
        store: Store,
        identity: str,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(config, clock=clock)
        self.store = store
        self.identity = identity

    def ticket(self, request: httpx.Request) -> _Ticket | None:
        limiter = self.limiter_for(request)
        if limiter is None:
            return None
        which = "search" if is_search(request) else "window"
        base = f"pace:{{{self.identity}}}"
        return _Ticket(limiter, f"{base}:{which}", f"{base}:seq")

    def acquire_op(self, ticket: _Ticket) -> Op:
        limiter = ticket.limiter
        args = (str(limiter.limit), repr(limiter.span), repr(IN_FLIGHT_LEASE))
        return Op("pace_acquire", (ticket.log, ticket.seq), args)

    def acquired(self, ticket: _Ticket, reply: list[str]) -> float:
        """0 once the store gave a slot, else the seconds to wait before asking again."""
        slot, wait = reply[0], float(reply[1])
        if slot:
            ticket.slot = slot
            return 0.0
        return wait

    def fall_back(self, ticket: _Ticket, error: StoreUnavailableError) -> float:
        if self.store.on_unavailable == "raise":
            raise error
        return self.try_acquire(ticket.limiter)

    def finish_op(self, ticket: _Ticket, response: httpx.Response | None) -> Op | None:
        """Book the outcome locally; the operation that books it in the store, if it has a slot
        there."""
        limiter = ticket.limiter
        if ticket.slot is None:
            self.finish(limiter, response)  # a per-process slot, taken while the store was out
            return None
        remaining = hold = ""
        with self._lock:
            now = self._clock()
            limited = response is not None and response.status_code == 429
            if response is not None and self.config.use_headers and limiter is self.window:
                # Calibrates the limit sent to the store, and keeps the local log at the
                # server's count (every worker's requests look foreign here) for a fallback.
                limiter.observe(now, response.headers, count_usage=not limited)
                value = rate_limit_header(response.headers, "x-hubspot-ratelimit-remaining")
                if value is not None and not limited:
                    remaining = str(value)
            if response is not None and limited:
                policy = policy_name(response)
                if policy != "DAILY":
                    seconds = self.fill_hold(limiter, policy, response.headers)
                    seconds = limiter.span if seconds is None else min(seconds, limiter.span)
                    response.extensions[WINDOW_FREES_IN] = limiter.fill(now, seconds)
                    hold = repr(max(seconds, 0.0))
            args = (ticket.slot, str(limiter.limit), repr(limiter.span), remaining, hold)
        return Op("pace_finish", (ticket.log, ticket.seq), args)

    @staticmethod
    def finished(response: httpx.Response | None, reply: list[str]) -> None:
        if response is not None and reply and reply[0]:
            # The shared log knows every worker's requests: its estimate beats the local one.
            response.extensions[WINDOW_FREES_IN] = float(reply[0])


class SharedPacingTransport(PacingTransport[SharedPacer]):
    """`PacingTransport` taking its slots from the store: only the hooks differ."""

    def _ticket(self, request: httpx.Request) -> _Ticket | None:
        return self.pacer.ticket(request)

    def _take(self, ticket: _Ticket) -> float:
        try:
            reply = self.pacer.store.execute(self.pacer.acquire_op(ticket))
        except StoreUnavailableError as exc:
            return self.pacer.fall_back(ticket, exc)
        return self.pacer.acquired(ticket, reply)

    def _done(self, ticket: _Ticket, response: httpx.Response | None) -> None:
        op = self.pacer.finish_op(ticket, response)
        if op is None:
            return
        try:
            reply = self.pacer.store.execute(op)
        except StoreUnavailableError:
            return  # sent is sent: the response goes back whatever the store says
        self.pacer.finished(response, reply)


class AsyncSharedPacingTransport(AsyncPacingTransport[SharedPacer]):
    """`AsyncPacingTransport` taking its slots from the store: only the hooks differ."""

    def _ticket(self, request: httpx.Request) -> _Ticket | None:
        return self.pacer.ticket(request)

    async def _take(self, ticket: _Ticket) -> float:
        try:
            reply = await self.pacer.store.aexecute(self.pacer.acquire_op(ticket))
        except StoreUnavailableError as exc:
            return self.pacer.fall_back(ticket, exc)
        return self.pacer.acquired(ticket, reply)

    async def _done(self, ticket: _Ticket, response: httpx.Response | None) -> None:
        op = self.pacer.finish_op(ticket, response)
        if op is None:
            return
        try:
            reply = await self.pacer.store.aexecute(op)
        except StoreUnavailableError:
            return  # sent is sent: the response goes back whatever the store says
        self.pacer.finished(response, reply)


def make_pacer(
    config: PacingConfig | None, auth: httpx.Auth | None, clock: Callable[[], float]
) -> Pacer | None:
    """The pacer a client built from these settings uses: shared when `config.store` is set."""
    if config is None or not config.enabled:
        return None
    store: Store | None = config.store
    if store is None:
        return Pacer(config, clock=clock)
    return SharedPacer(config, store, pacing_identity(config, auth), clock=clock)


def sync_pacing_transport(
    inner: httpx.BaseTransport,
    pacer: Pacer,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
) -> httpx.BaseTransport:
    if isinstance(pacer, SharedPacer):
        return SharedPacingTransport(inner, pacer, sleep=sleep, clock=clock)
    return PacingTransport(inner, pacer, sleep=sleep, clock=clock)


def async_pacing_transport(
    inner: httpx.AsyncBaseTransport,
    pacer: Pacer,
    sleep: Callable[[float], Awaitable[None]],
    clock: Callable[[], float],
) -> httpx.AsyncBaseTransport:
    if isinstance(pacer, SharedPacer):
        return AsyncSharedPacingTransport(inner, pacer, sleep=sleep, clock=clock)
    return AsyncPacingTransport(inner, pacer, sleep=sleep, clock=clock)
