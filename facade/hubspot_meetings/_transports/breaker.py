"""Circuit breaker: stop sending while HubSpot is failing, then probe with one trial request.

`BreakerState` decides, without I/O. `CircuitBreakerTransport` and its async twin hold the
request loop (admit, send, book the outcome or abandon the request) once; their hooks ask the
process's `BreakerState`. shared_breaker.py overrides only the hooks, to ask a store.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Generic, Literal, TypeAlias, TypeVar

import httpx

from .._config import CircuitBreakerConfig
from .._exceptions import CircuitOpenError
from .._redact import logger

__all__ = ["AsyncCircuitBreakerTransport", "BreakerState", "CircuitBreakerTransport"]

State = Literal["closed", "open", "half_open"]


class BreakerState:
    """closed -> open when the failure share over the rolling window reaches the threshold;
    open -> half_open after reset_time; half_open lets exactly one trial through, whose
    success closes the circuit and whose failure reopens it. Thread-safe, no I/O."""

    def __init__(
        self, config: CircuitBreakerConfig, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.config = config
        self._clock = clock
        self._lock = threading.Lock()
        self._outcomes: deque[tuple[float, bool]] = deque()  # (time, failed)
        self._state: State = "closed"
        self._opened_at = 0.0
        self._trial_in_flight = False

    @property
    def state(self) -> State:
        with self._lock:
            if self._state == "open" and self._clock() - self._opened_at >= self.config.reset_time:
                return "half_open"
            return self._state

    def before_request(self) -> bool:
        """Admit a request (True: it is the half-open trial) or raise CircuitOpenError."""
        with self._lock:
            now = self._clock()
            if self._state == "open" and now - self._opened_at >= self.config.reset_time:
                self._state = "half_open"
                logger.info("circuit half-open: sending one trial request")
            if self._state == "closed":
                return False
            if self._state == "half_open" and not self._trial_in_flight:
                self._trial_in_flight = True
                return True
            if self._state == "half_open":
                # The wait is up and the trial has left: when it answers is not known, so no
                # countdown ("next trial in 0.0s" read as "send now", which fails again).
                raise CircuitOpenError(
                    "circuit half-open, request not sent: a trial request is in flight; the "
                    "circuit closes if it succeeds and stays open if it fails",
                    retry_in=0.0,
                )
            retry_in = max(0.0, self._opened_at + self.config.reset_time - now)
            raise CircuitOpenError(
                f"circuit open, request not sent; next trial in {retry_in:.1f}s",
                retry_in=retry_in,
            )

    def record(self, *, failed: bool, trial: bool) -> None:
        with self._lock:
            now = self._clock()
            if trial:
                self._trial_in_flight = False
                if failed:
                    self._open(now)
                else:
                    self._state = "closed"
                    self._outcomes.clear()
                    logger.info("circuit closed: trial request succeeded")
                return
            if self._state != "closed":
                return  # a straggler sent before the circuit opened
            self._outcomes.append((now, failed))
            horizon = now - self.config.rolling_window
            while self._outcomes and self._outcomes[0][0] <= horizon:
                self._outcomes.popleft()
            total = len(self._outcomes)
            failures = sum(1 for _, f in self._outcomes if f)
            if (
                total >= self.config.min_requests
                and failures / total >= self.config.failure_threshold
            ):
                self._open(now)

    def abandon(self, *, trial: bool) -> None:
        """The request ended without an outcome (e.g. cancelled): free the trial slot."""
        if trial:
            with self._lock:
                self._trial_in_flight = False

    def _open(self, now: float) -> None:
        self._state = "open"
        self._opened_at = now
        self._outcomes.clear()
        logger.warning("circuit opened: failing fast for %.1fs", self.config.reset_time)

    def is_failure(self, response: httpx.Response) -> bool:
        return response.status_code in self.config.status_codes


StateT = TypeVar("StateT", bound=BreakerState)

# A ticket, what admitting a request returns, is opaque to the request loop: `_pass` makes it and
# `_record` and `_abandon` read it, so a subclass that keeps the state elsewhere brings its own.
Ticket: TypeAlias = Any


class CircuitBreakerTransport(httpx.BaseTransport, Generic[StateT]):
    """Refuses requests while the circuit is open and books each outcome. The hooks `_pass`,
    `_record` and `_abandon` are where the state lives: here in the process's `BreakerState`."""

    def __init__(self, inner: httpx.BaseTransport, state: StateT) -> None:
        self._inner = inner
        self.state = state

    def _pass(self) -> Ticket:
        """Admit the request or raise CircuitOpenError."""
        return self.state.before_request()

    def _record(self, ticket: Ticket, failed: bool) -> None:
        self.state.record(failed=failed, trial=ticket)

    def _abandon(self, ticket: Ticket) -> None:
        """The request ended without an outcome (e.g. cancelled)."""
        self.state.abandon(trial=ticket)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        ticket = self._pass()
        try:
            response = self._inner.handle_request(request)
        except httpx.TransportError:
            self._record(ticket, True)
            raise
        except BaseException:
            self._abandon(ticket)
            raise
        self._record(ticket, self.state.is_failure(response))
        return response

    def close(self) -> None:
        self._inner.close()


class AsyncCircuitBreakerTransport(httpx.AsyncBaseTransport, Generic[StateT]):
    """`CircuitBreakerTransport` for async clients; its hooks are coroutines so that a subclass
    may await its store in them."""

    def __init__(self, inner: httpx.AsyncBaseTransport, state: StateT) -> None:
        self._inner = inner
        self.state = state

    async def _pass(self) -> Ticket:
        return self.state.before_request()

    async def _record(self, ticket: Ticket, failed: bool) -> None:
        self.state.record(failed=failed, trial=ticket)

    async def _abandon(self, ticket: Ticket) -> None:
        self.state.abandon(trial=ticket)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        ticket = await self._pass()
        try:
            response = await self._inner.handle_async_request(request)
        except httpx.TransportError:
            await self._record(ticket, True)
            raise
        except BaseException:
            await self._abandon(ticket)
            raise
        await self._record(ticket, self.state.is_failure(response))
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
