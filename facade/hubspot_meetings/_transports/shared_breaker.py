"""A circuit breaker shared by every worker: one closed/open/half-open state in a `Store`.

With `CircuitBreakerConfig(store=)`, outcomes from all workers count toward opening the circuit,
an open circuit stops every worker at once, and after `reset_time` exactly one trial request
is let through across all of them (a trial whose worker dies frees its turn after
`TRIAL_LEASE`). Timing is the store's clock. When the store is unavailable and
`on_unavailable="local"`, each worker falls back to its own breaker (the base class); outcomes
that arrive while the store fails are booked there.

The transports are breaker.py's request loop with hooks that talk to the store;
`SharedBreakerState` builds the store's operations and reads their replies.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import attrs
import httpx

from .._config import CircuitBreakerConfig
from .._exceptions import CircuitOpenError, StoreUnavailableError
from .._redact import logger
from .._store import Op, Store, fingerprint
from .breaker import (
    AsyncCircuitBreakerTransport,
    BreakerState,
    CircuitBreakerTransport,
    State,
)

__all__ = [
    "AsyncSharedCircuitBreakerTransport",
    "SharedBreakerState",
    "SharedCircuitBreakerTransport",
    "async_breaker_transport",
    "sync_breaker_transport",
]

TRIAL_LEASE = 60.0


@attrs.frozen
class _Pass:
    trial: bool
    shared: bool


class SharedBreakerState(BreakerState):
    """The breaker's state in `store`; the inherited state is this process's fallback."""

    def __init__(
        self,
        config: CircuitBreakerConfig,
        store: Store,
        identity: str,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(config, clock=clock)
        self.store = store
        base = f"breaker:{{{identity}}}"
        self._keys = (f"{base}:state", f"{base}:outcomes", f"{base}:failures", f"{base}:seq")

    @property
    def state(self) -> State:
        try:
            reply = self.store.execute(
                Op("breaker_state", self._keys[:1], (repr(self.config.reset_time),))
            )
        except StoreUnavailableError:
            return super().state
        value = reply[0]
        return value if value in ("open", "half_open") else "closed"  # type: ignore[return-value]

    def before_op(self) -> Op:
        return Op(
            "breaker_before", self._keys[:1], (repr(self.config.reset_time), repr(TRIAL_LEASE))
        )

    def admitted(self, reply: list[str]) -> _Pass:
        verdict, retry_in, became_half_open = reply[0], float(reply[1]), reply[2] == "1"
        if became_half_open:
            logger.info("circuit half-open: sending one trial request")
        if verdict == "closed":
            return _Pass(trial=False, shared=True)
        if verdict == "trial":
            return _Pass(trial=True, shared=True)
        raise CircuitOpenError(
            f"circuit open, request not sent; next trial in {retry_in:.1f}s", retry_in=retry_in
        )

    def fall_back(self, error: StoreUnavailableError) -> _Pass:
        if self.store.on_unavailable == "raise":
            raise error
        return _Pass(trial=self.before_request(), shared=False)

    def record_op(self, ticket: _Pass, *, failed: bool) -> Op | None:
        if not ticket.shared:
            self.record(failed=failed, trial=ticket.trial)
            return None
        c = self.config
        ttl_ms = int((c.reset_time + 3600) * 1000)  # an open state outlives its reset_time
        args = (
            "1" if failed else "0",
            "1" if ticket.trial else "0",
            repr(c.rolling_window),
            str(c.min_requests),
            repr(c.failure_threshold),
            str(ttl_ms),
        )
        return Op("breaker_record", self._keys, args)

    def recorded(self, reply: list[str]) -> None:
        if reply and reply[0] == "opened":
            logger.warning("circuit opened: failing fast for %.1fs", self.config.reset_time)
        elif reply and reply[0] == "closed":
            logger.info("circuit closed: trial request succeeded")

    def record_locally(self, *, failed: bool) -> None:
        """The store failed while booking an outcome: book it in the fallback instead."""
        self.record(failed=failed, trial=False)

    def abandon_op(self, ticket: _Pass) -> Op | None:
        if not ticket.shared:
            self.abandon(trial=ticket.trial)
            return None
        return Op("breaker_abandon", self._keys[:1]) if ticket.trial else None


class SharedCircuitBreakerTransport(CircuitBreakerTransport[SharedBreakerState]):
    """`CircuitBreakerTransport` with its state in the store: only the hooks differ."""

    def _pass(self) -> _Pass:
        try:
            return self.state.admitted(self.state.store.execute(self.state.before_op()))
        except StoreUnavailableError as exc:
            return self.state.fall_back(exc)

    def _record(self, ticket: _Pass, failed: bool) -> None:
        op = self.state.record_op(ticket, failed=failed)
        if op is None:
            return
        try:
            self.state.recorded(self.state.store.execute(op))
        except StoreUnavailableError:
            self.state.record_locally(failed=failed)

    def _abandon(self, ticket: _Pass) -> None:
        op = self.state.abandon_op(ticket)
        if op is not None:
            with contextlib.suppress(StoreUnavailableError):  # the trial's lease frees it
                self.state.store.execute(op)


class AsyncSharedCircuitBreakerTransport(AsyncCircuitBreakerTransport[SharedBreakerState]):
    """`AsyncCircuitBreakerTransport` with its state in the store: only the hooks differ."""

    async def _pass(self) -> _Pass:
        try:
            return self.state.admitted(await self.state.store.aexecute(self.state.before_op()))
        except StoreUnavailableError as exc:
            return self.state.fall_back(exc)

    async def _record(self, ticket: _Pass, failed: bool) -> None:
        op = self.state.record_op(ticket, failed=failed)
        if op is None:
            return
        try:
            self.state.recorded(await self.state.store.aexecute(op))
        except StoreUnavailableError:
            self.state.record_locally(failed=failed)

    async def _abandon(self, ticket: _Pass) -> None:
        op = self.state.abandon_op(ticket)
        if op is not None:
            with contextlib.suppress(StoreUnavailableError):  # the trial's lease frees it
                await self.state.store.aexecute(op)


def breaker_state(
    config: CircuitBreakerConfig, base_url: str, clock: Callable[[], float]
) -> BreakerState:
    """The breaker's state: this process's own, or shared through `config.store`."""
    store: Store | None = config.store
    if store is None:
        return BreakerState(config, clock=clock)
    # One breaker per HubSpot host unless named: workers of different apps see the same outage.
    identity = fingerprint("breaker", config.store_key or httpx.URL(base_url).host)
    return SharedBreakerState(config, store, identity, clock=clock)


def sync_breaker_transport(inner: httpx.BaseTransport, state: BreakerState) -> httpx.BaseTransport:
    if isinstance(state, SharedBreakerState):
        return SharedCircuitBreakerTransport(inner, state)
    return CircuitBreakerTransport(inner, state)


def async_breaker_transport(
    inner: httpx.AsyncBaseTransport, state: BreakerState
) -> httpx.AsyncBaseTransport:
    if isinstance(state, SharedBreakerState):
        return AsyncSharedCircuitBreakerTransport(inner, state)
    return AsyncCircuitBreakerTransport(inner, state)
